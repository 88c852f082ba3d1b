// Everything the extension asks Microsoft Graph about one tenant.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Organization } from '@microsoft/microsoft-graph-types';
import { ApplicationsApi } from './applications';
import { listManagedIdentities, type ManagedIdentity } from './managedIdentities';
import { getGraphPage } from './graphRequest';

export class GraphService {
  readonly applications: ApplicationsApi;

  constructor(
    readonly tenantId: string,
    /** Built on first use: the Graph SDK is not loaded at activation. */
    readonly client: () => Promise<Client>,
  ) {
    this.applications = new ApplicationsApi(client);
  }

  managedIdentities(signal?: AbortSignal): Promise<ManagedIdentity[]> {
    return this.client().then((client) => listManagedIdentities(client, signal));
  }

  /** The tenant's display name and default domain. */
  async organization(signal?: AbortSignal): Promise<{ displayName?: string; defaultDomain?: string }> {
    const page = await getGraphPage<Organization>(await this.client(), '/organization?$select=id,displayName,verifiedDomains', { signal });
    const org = page.value[0];
    const domain = org?.verifiedDomains?.find((d) => d.isDefault)?.name ?? undefined;
    return { displayName: org?.displayName ?? undefined, defaultDomain: domain };
  }
}

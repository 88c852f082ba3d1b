// Managed identities are service principals of type ManagedIdentity. Their object id (`id`) is
// what a federated credential's subject must hold; `appId` is the client id people confuse it
// with. `alternativeNames` tells user-assigned (isExplicit=True, a resource id) from system-assigned.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { ServicePrincipal } from '@microsoft/microsoft-graph-types';
import { graphCollect } from './graphRequest';

export interface ManagedIdentity {
  /** Object id: the FIC subject. */
  id: string;
  /** Client id: not the FIC subject. */
  appId: string;
  displayName: string;
  kind: 'userAssigned' | 'systemAssigned';
  /** The Azure resource id, when Graph lists it. */
  resourceId?: string;
}

const fields = 'id,appId,displayName,alternativeNames,servicePrincipalType';

export async function listManagedIdentities(client: Client, signal?: AbortSignal): Promise<ManagedIdentity[]> {
  const url = `/servicePrincipals?$filter=${encodeURIComponent("servicePrincipalType eq 'ManagedIdentity'")}&$select=${fields}&$top=999`;
  const identities = (await graphCollect<ServicePrincipal>(client, url, { signal })).map(toManagedIdentity);
  // User-assigned first: current docs support only those as FIC subjects.
  return identities.sort((a, b) => (a.kind === b.kind ? a.displayName.localeCompare(b.displayName) : a.kind === 'userAssigned' ? -1 : 1));
}

export function toManagedIdentity(sp: ServicePrincipal): ManagedIdentity {
  const names = sp.alternativeNames ?? [];
  const explicit = names.find((n) => /^isExplicit=/i.test(n));
  const resourceId = names.find((n) => n.startsWith('/'));
  return {
    id: sp.id ?? '',
    appId: sp.appId ?? '',
    displayName: sp.displayName ?? sp.appId ?? '',
    kind: explicit?.toLowerCase() === 'isexplicit=true' ? 'userAssigned' : 'systemAssigned',
    resourceId,
  };
}

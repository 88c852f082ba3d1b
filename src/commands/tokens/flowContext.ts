// Builds what the inspector needs around the tokens of a flow: the app in context with its
// current credentials (for the doctor), the known managed identities and the authorities that
// count as Entra (the sandbox's).
import { diagnose, type Diagnosis } from '../../core/doctor';
import { AppNode } from '../../views/tree/appNode';
import { currentTrust } from '../../services/tokenFunction/trust';
import type { InspectorFlow } from '../../views/inspector';
import type { ExtensionServices } from '../services';
import { freshCredentials, selectedApp, type AppSelection } from './tokenContext';

/** The inspector flow's context fields for an app (credentials reloaded from Graph). */
export async function flowContext(services: ExtensionServices, app: AppSelection | undefined, signal?: AbortSignal): Promise<Pick<InspectorFlow, 'app' | 'managedIdentities' | 'knownAuthorities'>> {
  const knownAuthorities = knownAuthoritiesOf(services);
  if (!app) return knownAuthorities.length ? { knownAuthorities } : {};
  const credentials = await freshCredentials(services, app, signal);
  return {
    app: { appId: app.appId, ...(app.displayName ? { displayName: app.displayName } : {}), credentials },
    ...(app.knownIdentities.length ? { managedIdentities: app.knownIdentities } : {}),
    ...(knownAuthorities.length ? { knownAuthorities } : {}),
  };
}

/** Authorities (with scheme) that issue Entra tokens besides the national clouds. */
export function knownAuthoritiesOf(services: ExtensionServices): string[] {
  const authority = services.session.environment?.cloud.authority;
  const hosts = currentTrust(services.session, services.sandbox).knownAuthorities ?? [];
  return [...new Set([...(authority ? [authority] : []), ...hosts.map((h) => `https://${h}`)])];
}

/** The selected app, else an already loaded app with this client id (for the doctor). */
export async function appForClientId(services: ExtensionServices, clientId: string | undefined, node?: unknown): Promise<AppSelection | undefined> {
  const selected = selectedApp(services, node);
  if (selected && (!clientId || selected.appId.toLowerCase() === clientId.toLowerCase())) return selected;
  if (!clientId) return undefined;
  for (const tenant of services.views.apps.tenantNodes()) {
    for (const child of await tenant.getChildren()) {
      if (child instanceof AppNode && child.appId.toLowerCase() === clientId.toLowerCase()) return selectedApp(services, child);
    }
  }
  return undefined;
}

/** The doctor on the flow's first token (the managed identity's) against the app in context. */
export function diagnoseFlow(flow: InspectorFlow): Diagnosis | undefined {
  if (!flow.app || flow.tokens.length === 0) return undefined;
  return diagnose({
    assertion: flow.tokens[0].raw,
    credentials: flow.app.credentials,
    ...(flow.managedIdentities ? { managedIdentities: flow.managedIdentities } : {}),
    ...(flow.knownAuthorities ? { knownAuthorities: flow.knownAuthorities } : {}),
  });
}

// What a token can be for, and which version and `aud` Entra gives it. The resource decides the
// version, not the client: Microsoft Graph and the Azure management APIs take v1 tokens, the
// token-exchange app takes v2, an app registration takes what its
// api.requestedAccessTokenVersion says (null or 1: v1, 2: v2).
import type { Application, ServicePrincipal, Tenant } from '../directory';
import { EXCHANGE_AUDIENCE, EXCHANGE_AUDIENCE_APP_ID, GRAPH_APP_ID, GRAPH_RESOURCE, MICROSOFT_SERVICES_TENANT_ID } from '../ids';
import type { SandboxState } from '../state';
import { EntraError } from './errors';

/** A resource a token can be for: Graph, the exchange audience, an app registration, or another Microsoft API. */
export type Resource =
  | { kind: 'graph'; aud: string }
  | { kind: 'exchange'; uri: string }
  | { kind: 'app'; app: Application; uri: string }
  | { kind: 'microsoftApi'; sp: ServicePrincipal; aud: string };

/** Every spelling of Graph the sandbox accepts as a resource. */
export function graphAliases(state: SandboxState): string[] {
  return [GRAPH_RESOURCE, GRAPH_APP_ID, state.authority, state.graphBase];
}

const trimSlashes = (s: string) => s.replace(/\/+$/, '');

/** `raw` is the resource as the client named it (a scope without `/.default`, or `resource=`). */
export function resolveResource(state: SandboxState, raw: string, tenant: Tenant): Resource {
  const r = trimSlashes(raw);
  const lower = r.toLowerCase();
  if (graphAliases(state).some((g) => g.toLowerCase() === lower)) {
    // Entra echoes the form asked for: the app id GUID or the URI.
    return { kind: 'graph', aud: lower === GRAPH_APP_ID ? GRAPH_APP_ID : GRAPH_RESOURCE };
  }
  if (r === EXCHANGE_AUDIENCE || lower === EXCHANGE_AUDIENCE_APP_ID) return { kind: 'exchange', uri: EXCHANGE_AUDIENCE };
  const app = state.dir.findResourceApplication(r);
  if (app && state.dir.findServicePrincipalByAppId(tenant, app.appId)) return { kind: 'app', app, uri: r };
  const api = microsoftApi(tenant, lower);
  // v1 tokens carry the resource exactly as requested (`https://management.azure.com/` keeps its slash).
  if (api) return { kind: 'microsoftApi', sp: api, aud: lower === api.appId ? api.appId : raw };
  throw new EntraError(
    400,
    'invalid_resource',
    500011,
    `The resource principal named ${raw} was not found in the tenant named ${tenant.displayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  );
}

/** A Microsoft first-party principal of the tenant (Azure Service Management, ARM) by app id or name. */
function microsoftApi(tenant: Tenant, lower: string): ServicePrincipal | undefined {
  for (const sp of tenant.servicePrincipals.values()) {
    if (sp.appOwnerOrganizationId !== MICROSOFT_SERVICES_TENANT_ID) continue;
    if (sp.appId === lower || sp.servicePrincipalNames.some((n) => trimSlashes(n).toLowerCase() === lower)) return sp;
  }
  return undefined;
}

/** The token version the resource accepts. */
export function tokenVersion(res: Resource): '1.0' | '2.0' {
  if (res.kind === 'exchange') return '2.0';
  if (res.kind === 'app') return res.app.api.requestedAccessTokenVersion === 2 ? '2.0' : '1.0';
  return '1.0';
}

/**
 * The `aud` Entra puts in the token. A v2 token names the resource by its client id (the
 * exchange app's fb60f99c-… for api://AzureADTokenExchange); a v1 token by the URI asked for.
 * `uriForm` is a test control that keeps the URI in v2 tokens (the sandbox's behaviour before
 * it matched Entra).
 */
export function tokenAudience(res: Resource, uriForm: boolean): string {
  switch (res.kind) {
    case 'graph':
    case 'microsoftApi':
      return res.aud;
    case 'exchange':
      return uriForm ? res.uri : EXCHANGE_AUDIENCE_APP_ID;
    case 'app':
      return tokenVersion(res) === '1.0' || uriForm ? res.uri : res.app.appId;
  }
}

/** Splits `{resource}/{scope}`; a bare scope name (`User.Read`) belongs to Graph. */
export function splitScope(scope: string): { resource: string; name: string } {
  const i = scope.lastIndexOf('/');
  if (i < 0) return { resource: GRAPH_RESOURCE, name: scope };
  return { resource: scope.slice(0, i), name: scope.slice(i + 1) };
}

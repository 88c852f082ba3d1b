// OpenID discovery: /{tenant}/v2.0/.well-known/openid-configuration, the tenant's JWKS, and
// the instance-discovery document MSAL asks for when an authority is not known to it.
import type { Ctx } from '../http';
import { sendJson } from '../http';
import { toJwk } from '../jwt';
import type { SandboxState } from '../state';
import { EntraError, sendEntraError } from './errors';
import { resolveTenantSegment } from './tenants';
import { v1Issuer, v2Issuer } from './tokens';

export function handleOpenIdConfiguration(state: SandboxState, ctx: Ctx, segment: string, version: 'v1' | 'v2'): void {
  try {
    const seg = resolveTenantSegment(state, segment, 'invalid_tenant');
    const a = state.authority;
    const s = seg.kind === 'tenant' ? seg.tenant.id : seg.name;
    const issuerTenant = seg.kind === 'tenant' ? seg.tenant.id : '{tenantid}';
    const v2 = version === 'v2';
    const base = v2 ? `${a}/${s}/oauth2/v2.0` : `${a}/${s}/oauth2`;
    const host = new URL(a).host;
    sendJson(ctx.res, 200, {
      token_endpoint: `${base}/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: v2 ? `${a}/${s}/discovery/v2.0/keys` : `${a}/${s}/discovery/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: v2 ? v2Issuer(state, issuerTenant) : v1Issuer(issuerTenant),
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${state.graphBase}/oidc/userinfo`,
      authorization_endpoint: `${base}/authorize`,
      device_authorization_endpoint: `${base}/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
      kerberos_endpoint: `${a}/${s}/kerberos`,
      tenant_region_scope: 'EU',
      cloud_instance_name: host,
      cloud_graph_host_name: host,
      msgraph_host: host,
      rbac_url: a,
    }, { 'cache-control': 'max-age=86400, private' });
  } catch (e) {
    if (e instanceof EntraError) return sendEntraError(state, ctx, e);
    throw e;
  }
}

export function handleJwks(state: SandboxState, ctx: Ctx, segment: string): void {
  try {
    const seg = resolveTenantSegment(state, segment, 'invalid_tenant');
    const tenants = seg.kind === 'tenant' ? [seg.tenant] : [...state.dir.tenants.values()];
    sendJson(ctx.res, 200, { keys: tenants.map((t) => ({ ...toJwk(t.signingKey), issuer: v2Issuer(state, t.id) })) });
  } catch (e) {
    if (e instanceof EntraError) return sendEntraError(state, ctx, e);
    throw e;
  }
}

/** GET /common/discovery/instance: the sandbox host is its own (only) alias. */
export function handleInstanceDiscovery(state: SandboxState, ctx: Ctx): void {
  const host = new URL(state.authority).host;
  sendJson(ctx.res, 200, {
    tenant_discovery_endpoint: `${state.authority}/{tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

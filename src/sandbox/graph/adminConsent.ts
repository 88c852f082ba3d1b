// The v2 admin-consent page: `/{tenant}/v2.0/adminconsent?client_id=…&scope={resource}/.default`.
// GET shows what the app asks for; the sandbox's signed-in administrator approves with a POST
// (the page's form, or a test sending the same). Approval does what Entra's consent does: it
// provisions the app's service principal in that tenant if it has none, and grants the app roles
// the app declares on the resource named by `scope` (Microsoft Graph's, here) as app role
// assignments. With a `redirect_uri` the browser is sent back with `admin_consent=True&tenant=…`,
// or `error=access_denied` when the administrator declines.
import { isMultiTenant } from '../directory';
import { readForm } from '../entra/forms';
import { resolveTenantSegment } from '../entra/tenants';
import { type Ctx, parseQuery, send } from '../http';
import { GRAPH_APP_ID, GRAPH_RESOURCE, SANDBOX_USER } from '../ids';
import type { SandboxState } from '../state';
import { graphRoleById } from './appRoles';

const htmlHeaders = { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; form-action 'self'", 'cache-control': 'no-store' };

export async function handleAdminConsent(state: SandboxState, ctx: Ctx, tenantSegment: string): Promise<void> {
  const query = parseQuery(ctx.rawQuery);
  const form = ctx.method === 'POST' ? await readForm(ctx) : new Map<string, string>();
  const param = (name: string) => form.get(name) ?? query.get(name) ?? '';
  const clientId = param('client_id').toLowerCase();
  const scope = param('scope');
  const redirectUri = param('redirect_uri');
  const seg = resolveTenantSegment(state, tenantSegment);
  if (seg.kind !== 'tenant') return page(ctx, 400, 'Admin consent needs a tenant', '<p role="alert">AADSTS90130: admin consent is asked in one tenant: use its id or domain, not common or organizations.</p>');
  const tenant = seg.tenant;
  ctx.tenant = tenant.id;
  const app = clientId ? state.dir.findApplicationByAppId(clientId) : undefined;
  if (!app || (app.homeTenantId !== tenant.id && !isMultiTenant(app))) {
    return page(ctx, 400, 'Application not found', `<p role="alert">AADSTS700016: Application with identifier '${escapeHtml(clientId)}' was not found in the directory '${escapeHtml(tenant.displayName)}'. A single-tenant application cannot be consented to outside its home tenant.</p>`);
  }
  const resource = scope.replace(/\/\.default$/i, '').replace(/\/+$/, '');
  const onGraph = [GRAPH_RESOURCE, GRAPH_APP_ID, state.authority, state.graphBase].some((r) => r.replace(/\/+$/, '').toLowerCase() === resource.toLowerCase());
  if (!/\/\.default$/i.test(scope) || !onGraph) {
    return page(ctx, 400, 'Unsupported scope', `<p role="alert">AADSTS70011: The provided value for the input parameter 'scope' is not valid. The sandbox consents to '{Microsoft Graph}/.default'.</p>`);
  }
  const roles = (app.requiredResourceAccess ?? [])
    .filter((r) => r.resourceAppId.toLowerCase() === GRAPH_APP_ID)
    .flatMap((r) => r.resourceAccess.filter((a) => a.type === 'Role'))
    .map((a) => graphRoleById(a.id)?.value)
    .filter((v): v is string => typeof v === 'string');

  if (ctx.method === 'POST') {
    if (form.get('approve') !== 'yes') {
      if (redirectUri) return redirect(ctx, redirectUri, { error: 'access_denied', error_description: 'The administrator declined to consent.', state: param('state') });
      return page(ctx, 200, 'Consent declined', '<p role="status">Nothing was granted.</p>');
    }
    const sp = state.dir.findServicePrincipalByAppId(tenant, app.appId) ?? state.dir.provision(tenant, app);
    for (const role of roles) if (!sp.graphRoles.includes(role)) sp.graphRoles.push(role);
    if (redirectUri) return redirect(ctx, redirectUri, { admin_consent: 'True', tenant: tenant.id, scope, state: param('state') });
    return page(ctx, 200, 'Permissions granted', `<p role="status">${escapeHtml(app.displayName)} is now provisioned in ${escapeHtml(tenant.displayName)}${roles.length ? ` with ${escapeHtml(roles.join(', '))}` : ''}. You can close this window.</p>`);
  }
  const asked = roles.length ? `<ul>${roles.map((r) => `<li>Microsoft Graph: ${escapeHtml(r)} (application)</li>`).join('')}</ul>` : '<p>No application permissions: only a service principal is created.</p>';
  const hidden = [['client_id', clientId], ['scope', scope], ['redirect_uri', redirectUri], ['state', param('state')]]
    .filter(([, v]) => v)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`)
    .join('');
  return page(ctx, 200, 'Permissions requested', `<p>Signed in as ${escapeHtml(SANDBOX_USER.username)}, administrator of the sandbox tenants.</p>
<p><strong>${escapeHtml(app.displayName)}</strong> (${escapeHtml(app.appId)}) asks for these permissions in <strong>${escapeHtml(tenant.displayName)}</strong>:</p>${asked}
<form method="post">${hidden}<button type="submit" name="approve" value="yes">Accept</button> <button type="submit" name="approve" value="no">Cancel</button></form>`);
}

function page(ctx: Ctx, status: number, title: string, body: string): void {
  send(ctx.res, status, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox tenant: ${title}</title></head><body><h1>${title}</h1>${body}</body></html>`, htmlHeaders);
}

function redirect(ctx: Ctx, uri: string, params: Record<string, string>): void {
  let target: URL;
  try {
    target = new URL(uri);
  } catch {
    return page(ctx, 400, 'Invalid redirect', '<p role="alert">AADSTS50011: The redirect URI is not a valid URL.</p>');
  }
  for (const [k, v] of Object.entries(params)) if (v) target.searchParams.set(k, v);
  send(ctx.res, 302, '', { location: target.toString() });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

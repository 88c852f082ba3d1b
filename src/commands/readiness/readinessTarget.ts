// Which app and tenant a readiness command acts on: a tenant's row under an app's Tenants node
// (its id `tenant/<home>/app/<objectId>/readiness/<tenant>`), else an app node and a pick of
// the tenant, reading the verdict from the model (checking first when it has none).
import type { TenantReadiness } from '../../core/readiness';
import { appRef, resolveApp, type AppRef, type AppTarget } from '../appResolver';
import type { CommandContext } from '../commandContext';

export interface ReadinessRowRef {
  homeTenantId: string;
  objectId: string;
  tenantId: string;
}

const row = /^tenant\/([^/]+)\/app\/([^/]+)\/readiness\/([^/]+)$/;
const tenantsNode = /^tenant\/([^/]+)\/app\/([^/]+)\/readiness$/;

/** A readiness row, the Tenants node, or any node naming an app. */
export type ReadinessArg = { kind: 'row'; ref: ReadinessRowRef } | { kind: 'app'; ref: AppRef };

export function readinessArg(value: unknown): ReadinessArg | undefined {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  if (typeof id === 'string') {
    const r = row.exec(id);
    if (r) return { kind: 'row', ref: { homeTenantId: r[1], objectId: r[2], tenantId: r[3] } };
    const t = tenantsNode.exec(id);
    if (t) return { kind: 'app', ref: { kind: 'app', tenantId: t[1], objectId: t[2] } };
  }
  const app = appRef(value);
  return app ? { kind: 'app', ref: app } : undefined;
}

/** The app's verdicts in every tenant, checked now when the model has none yet. */
export async function verdictsOf(context: CommandContext, app: AppTarget, fresh = false): Promise<TenantReadiness[]> {
  const known = context.model.readiness.get(app.tenantId, app.objectId);
  if (fresh || !known || known.status === 'loading') {
    await context.progress(`Checking readiness of ${app.displayName}…`, () => context.model.readiness.check(app.tenantId, [app.objectId]));
  }
  return context.model.readiness.get(app.tenantId, app.objectId)?.tenants ?? [];
}

/** The app and one tenant's verdict: from the row, else a pick among the tenants that match. */
export async function resolveReadinessRow(
  context: CommandContext,
  arg: ReadinessArg | undefined,
  title: string,
  wanted: (v: TenantReadiness) => boolean,
): Promise<{ app: AppTarget; verdict: TenantReadiness }> {
  const app = await resolveApp(context, arg?.kind === 'row' ? { kind: 'app', tenantId: arg.ref.homeTenantId, objectId: arg.ref.objectId } : arg?.ref, title, { useSelection: true });
  const verdicts = await verdictsOf(context, app);
  if (arg?.kind === 'row') {
    const verdict = verdicts.find((v) => v.tenantId === arg.ref.tenantId);
    if (!verdict) throw new Error(`The tenant ${arg.ref.tenantId} is no longer in the session.`);
    return { app, verdict };
  }
  const candidates = verdicts.filter(wanted);
  if (candidates.length === 0) throw new Error(`${app.displayName} needs no provisioning in the tenants you added.`);
  const picked = await context.ui.pick(
    candidates.map((v) => ({ label: context.model.tenant(v.tenantId).displayName, description: v.summary, verdict: v })),
    { title, placeHolder: 'Which tenant?' },
  );
  return { app, verdict: picked.verdict };
}

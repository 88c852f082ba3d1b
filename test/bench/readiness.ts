// Readiness of 50 apps in 3 tenants through the model's Readiness (what the Tenants node and
// Check Readiness use): Graph requests counted in the sandbox's log, time at 40 ms latency. The
// sandbox holds two directories, Contoso and Fabrikam; the third tenant entry is Fabrikam named
// by its domain, which the extension treats as a tenant of its own (own token, own resource
// cache), so the request count is that of three tenants, on two distinct directories.
import { sandboxCloud } from '../../src/core/clouds';
import { Emitter } from '../../src/model/emitter';
import { Readiness } from '../../src/model/readiness';
import type { TenantChange } from '../../src/model/tenantCatalog';
import { startSandbox } from '../../src/sandbox';
import { FABRIKAM_DOMAIN } from '../../src/sandbox/ids';
import type { AppRegistration } from '../../src/services/graph/applications';
import { signedInGraph } from './graphFixture';

export interface ReadinessFigures {
  apps: number;
  tenants: number;
  distinctDirectories: number;
  requests: number;
  ms: number;
  ready: number;
}

export async function measureReadiness(appCount = 50): Promise<ReadinessFigures> {
  const sandbox = await startSandbox({ apps: 200, latencyMs: 40, tokenFunction: false });
  try {
    const tenantIds = [sandbox.tenants.home, sandbox.tenants.customer, FABRIKAM_DOMAIN];
    const graphs = await Promise.all(tenantIds.map((t) => signedInGraph(sandbox, t)));
    const page = await graphs[0].applications.listPage();
    const apps: AppRegistration[] = page.apps.slice(0, appCount);
    if (apps.length < appCount) throw new Error(`only ${apps.length} apps listed`);
    // Tokens for every tenant first: the figure is Graph's requests, not sign-in.
    await Promise.all(graphs.map((g) => g.organization()));
    const changes = new Emitter<TenantChange | { what: 'tenants' }>();
    const readiness = new Readiness(
      { tenants: () => tenantIds.map((id) => ({ id })), tenant: () => ({ app: (id: string) => apps.find((a) => a.id === id) }), onDidChange: changes.event },
      { tenants: () => tenantIds.map((id, i) => ({ id, home: i === 0 })), graph: (id) => graphs[tenantIds.indexOf(id)], environment: { cloud: sandboxCloud(sandbox.authority) } },
      () => undefined,
    );
    const before = sandbox.control.requests().length;
    const started = performance.now();
    await readiness.check(sandbox.tenants.home, apps.map((a) => a.id));
    const ms = performance.now() - started;
    const requests = sandbox.control.requests().slice(before).filter((r) => r.path.startsWith('/v1.0/') && !r.batch).length;
    const verdicts = apps.map((a) => readiness.get(sandbox.tenants.home, a.id));
    if (verdicts.some((v) => v?.status !== 'loaded' || v.tenants.length !== 3)) throw new Error('not every app got three verdicts');
    if (verdicts.some((v) => v!.tenants.some((t) => t.verdict === 'unreadable'))) throw new Error('a tenant was unreadable');
    const ready = verdicts.reduce((n, v) => n + v!.tenants.filter((t) => t.verdict === 'ready').length, 0);
    readiness.dispose();
    return { apps: apps.length, tenants: tenantIds.length, distinctDirectories: 2, requests, ms: Math.round(ms * 10) / 10, ready };
  } finally {
    await sandbox.close();
  }
}

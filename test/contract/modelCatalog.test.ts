// The model's tenant catalog against the sandbox tenant over real HTTPS, with the extension's
// own Graph service: loading settles by event, a write reaches the model and fires for that app
// alone, a refresh reads one app, and a credential change is remembered for the propagation note.
import * as assert from 'node:assert/strict';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { GraphError } from '../../src/core/errors';
import { Model, type ModelChange } from '../../src/model/catalog';
import { Emitter } from '../../src/model/emitter';
import { TokenFunctions, type TokenFunctionStorageModel } from '../../src/model/tokenFunctions';
import { SEEDED_APPS } from '../../src/sandbox/ids';
import type { GraphService } from '../../src/services/graph/graphService';
import type { TenantEntry } from '../../src/services/session';
import { signedInGraph } from '../bench/graphFixture';
import { useSandbox } from './support/sandbox';

/** The session as the model sees it: one signed-in tenant and its Graph service. */
function sessionOf(graph: GraphService, tenantId: string) {
  const changed = new Emitter<void>();
  const tenants: TenantEntry[] = [{ id: tenantId, home: true }];
  return {
    account: { username: 'megan' },
    tenants: () => tenants,
    graph: () => graph,
    rememberTenantName: async (_id: string, displayName: string) => {
      tenants[0] = { ...tenants[0], displayName };
      changed.fire();
    },
    onDidChange: (listener: () => void) => changed.event(listener),
  };
}

/** No token function in these tests: an empty store. */
const noFunctions: TokenFunctionStorageModel = {
  list: () => [],
  get: () => undefined,
  findByUrl: () => undefined,
  add: () => Promise.reject(new Error('not in this test')),
  update: async () => undefined,
  remove: async () => undefined,
  key: async () => undefined,
  setKey: async () => undefined,
  onDidChange: () => ({ dispose: () => undefined }),
};

describe('Model: the tenant catalog on the sandbox tenant', function () {
  this.timeout(60_000);
  const sandbox = useSandbox({ apps: 250, tokenFunction: false });
  let model: Model;
  let now = 1_000_000;
  let home: string;

  before(async () => {
    home = sandbox().tenants.home;
    const graph = await signedInGraph(sandbox(), home);
    model = new Model(sessionOf(graph, home), new TokenFunctions(noFunctions, () => ({})), () => now);
  });

  after(() => model?.dispose());

  it('settles every page of the load by event, and learns the tenant name on the way', async () => {
    const changes: ModelChange[] = [];
    const subscription = model.onDidChange((c) => changes.push(c));
    await model.whenLoaded(home);
    subscription.dispose();
    const catalog = model.tenant(home);
    assert.equal(catalog.appsState().status, 'complete');
    assert.ok(catalog.loadedApps().length >= 250, `only ${catalog.loadedApps().length} apps`);
    assert.ok(catalog.app(SEEDED_APPS.contosoSync.objectId), 'a seeded app is missing');
    assert.equal(catalog.appByClientId(SEEDED_APPS.contosoSync.appId.toUpperCase())?.id, SEEDED_APPS.contosoSync.objectId);
    assert.ok(changes.some((c) => c.what === 'apps'), 'no apps change fired');
    assert.equal(catalog.displayName, 'Contoso');
  });

  it('a write reaches the model and fires for that one app; the change is remembered for a few minutes', async () => {
    const catalog = model.tenant(home);
    const fic: FederatedIdentityCredential = { name: 'written-here', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/app:ref:refs/heads/main', audiences: ['api://AzureADTokenExchange'] };
    const fired = new Promise<ModelChange>((resolve) => {
      const subscription = model.onDidChange((c) => (subscription.dispose(), resolve(c)));
    });
    catalog.credentialsWritten(SEEDED_APPS.empty.objectId, [fic]);
    assert.deepEqual(await fired, { tenantId: home, what: 'app', objectId: SEEDED_APPS.empty.objectId });
    assert.deepEqual(catalog.app(SEEDED_APPS.empty.objectId)?.federatedIdentityCredentials.map((f) => f.name), ['written-here']);
    assert.deepEqual(model.recentCredentialChange(home, SEEDED_APPS.empty.objectId), { minutesAgo: 0 });
    now += 3 * 60_000;
    assert.deepEqual(model.recentCredentialChange(home, SEEDED_APPS.empty.objectId), { minutesAgo: 3 });
    now += 3 * 60_000;
    assert.equal(model.recentCredentialChange(home, SEEDED_APPS.empty.objectId), undefined, 'six minutes on, a failure is no longer blamed on propagation');
    assert.equal(model.recentCredentialChange(home, SEEDED_APPS.contosoSync.objectId), undefined, 'an app never written');
  });

  it('a refresh reads that one app again: Graph is the truth, not the last write', async () => {
    const before = sandbox().control.requests().length;
    await model.tenant(home).refreshApp(SEEDED_APPS.empty.objectId);
    const graphCalls = sandbox().control.requests().slice(before).filter((r) => r.path.startsWith('/v1.0/'));
    assert.ok(graphCalls.every((r) => r.path.includes(SEEDED_APPS.empty.objectId)), graphCalls.map((r) => r.path).join(', '));
    assert.deepEqual(model.tenant(home).app(SEEDED_APPS.empty.objectId)?.federatedIdentityCredentials, [], 'the written credential never reached Graph');
  });

  it('a failed load keeps what was loaded, says why, and a reload recovers', async () => {
    const catalog = model.tenant(home);
    const count = catalog.loadedApps().length;
    sandbox().control.denyGraph(home, 'read');
    try {
      catalog.reloadApps();
      await catalog.whenAppsLoaded();
      assert.equal(catalog.appsState().status, 'failed');
      const error = catalog.appsState().error;
      assert.ok(error instanceof GraphError && error.status === 403, `not Graph's 403: ${String(error)}`);
      assert.equal(catalog.loadedApps().length, count, 'the loaded apps were dropped');
    } finally {
      sandbox().control.denyGraph(home, false);
    }
    catalog.reloadApps();
    await catalog.whenAppsLoaded();
    assert.equal(catalog.appsState().status, 'complete');
    assert.equal(catalog.appsState().error, undefined);
  });
});

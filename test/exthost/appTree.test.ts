// The App Registrations and Managed Identities views against the sandbox tenant: sign-in, the
// seeded nodes, paging, filter, warnings, throttling, a 403, and the sandbox going away.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { credentialWarnings } from '../../src/core/credentials';
import { idOf } from '../../src/model';
import { SANDBOX_USER, SEEDED_APPS, USER_ASSIGNED_MI } from '../../src/sandbox/ids';
import { startSandbox } from '../../src/sandbox';
import type { TreeNode } from '../../src/views/tree/treeNode';
import { description, drawnApps, drawnIdentities, kindOf, label, labels, nodeOf, ofKind } from './support/modelNodes';
import { useSandboxSuite } from './support/sandboxSuite';

/** Apps in Contoso, seeded ones included: more than one load (1,000 apps) can show. */
const contosoApps = 1200;

describe('App Registrations tree on the sandbox tenant', function () {
  const suite = useSandboxSuite({ apps: contosoApps });
  const api = () => suite.api;
  const sandbox = () => suite.sandbox;

  const tenantHandle = (tenantId: string) => nodeOf({ kind: 'tenant', tenantId });

  /** The tenant's apps once every page of the current load is in, as the view draws them. */
  async function loadAll(tenantId: string): Promise<TreeNode[]> {
    await api().model.whenLoaded(tenantId);
    await drawnApps(api());
    return drawnApps(api(), tenantHandle(tenantId));
  }

  const appHandle = (objectId: string, tenantId = suite.home) => nodeOf({ kind: 'app', tenantId, objectId });

  async function drawnAppNode(objectId: string, tenantId = suite.home): Promise<TreeNode> {
    const node = (await loadAll(tenantId)).find((n) => n.id === appHandle(objectId, tenantId).id);
    assert.ok(node, `app ${objectId} is not drawn under ${tenantId}`);
    return node;
  }

  it('signs in through the sandbox device code, as the seeded user', () => {
    assert.equal(api().session.account?.username, SANDBOX_USER.username);
    assert.equal(api().session.account?.method, 'deviceCode');
    const paths = sandbox().control.requests().map((r) => `${r.method} ${r.path}`);
    assert.ok(paths.some((p) => /^POST \/organizations\/oauth2\/v2\.0\/devicecode/.test(p)), `no device code request in ${paths.join('\n')}`);
  });

  it('lists the home and the customer tenant, home first', async () => {
    const tenants = await drawnApps(api());
    assert.deepEqual(tenants.map((t) => t.id), [idOf({ kind: 'tenant', tenantId: suite.home }), idOf({ kind: 'tenant', tenantId: suite.customer })]);
    assert.match(await description(tenants[0]), /home/);
  });

  it('shows the seeded apps of Contoso with their credential counts', async () => {
    const sync = await drawnAppNode(SEEDED_APPS.contosoSync.objectId);
    assert.equal(await label(sync), 'Contoso Sync');
    assert.match(await description(sync), new RegExp(`^${SEEDED_APPS.contosoSync.appId} · multi-tenant · \\d+ credentials?$`));
    assert.equal(api().model.tenant(suite.home).app(SEEDED_APPS.contosoSync.objectId)?.appId, SEEDED_APPS.contosoSync.appId);
    const full = await drawnAppNode(SEEDED_APPS.full.objectId);
    assert.match(await description(full), /· 20 credentials$/);
    assert.equal((await ofKind(await drawnApps(api(), full), 'credential')).length, 20);
    const empty = await drawnAppNode(SEEDED_APPS.empty.objectId);
    assert.deepEqual(await labels(await drawnApps(api(), empty)), ['No federated credentials yet', 'Tenants']);
  });

  it("shows Fabrikam's own app under the customer tenant", async () => {
    const apps = (await ofKind(await loadAll(suite.customer), 'app')).map((a) => a.id);
    assert.ok(apps.includes(appHandle(SEEDED_APPS.fabrikamPortal.objectId, suite.customer).id), 'Fabrikam portal app missing');
    assert.ok(!apps.some((id) => id.endsWith(SEEDED_APPS.contosoSync.objectId)), 'a Contoso app is listed under Fabrikam');
  });

  it('loads 1,000 apps, then Load more brings the rest', async () => {
    const first = await loadAll(suite.home);
    assert.equal((await ofKind(first, 'app')).length, 1000);
    const more = first.at(-1);
    assert.ok(more && (await kindOf(more)) === 'loadMore', `last node is ${more && (await label(more))}`);
    await suite.run('miFederation.loadMore', more.getParent?.());
    const all = await loadAll(suite.home);
    const allApps = await ofKind(all, 'app');
    assert.equal(allApps.length, contosoApps);
    assert.equal(new Set(allApps.map((a) => a.id)).size, allApps.length, 'an app is listed twice');
    assert.equal((await ofKind(all, 'loadMore')).length, 0, 'Load more is still offered after the last page');
    assert.equal(api().model.tenant(suite.home).loadedApps().length, contosoApps);
  });

  it('filters by display name on the server, and clears the filter', async () => {
    const tenant = tenantHandle(suite.home);
    await suite.run('miFederation.filterApps', tenant, 'Contoso Sync');
    const filtered = await loadAll(suite.home);
    assert.ok((await labels(filtered)).includes('Contoso Sync'), `filtered: ${(await labels(filtered)).join(', ')}`);
    // Graph's $search matches every word of the term, in any order.
    for (const name of await labels(filtered)) assert.match(name, /^(?=.*\bContoso\b)(?=.*\bSync\b)/);
    assert.ok(sandbox().control.requests().some((r) => decodeURIComponent(r.url).includes('$search=')), 'the filter did not use $search');
    // The app found by search still has its credentials (loaded by $batch).
    // Its children: its credentials, then the Tenants (readiness) node.
    const found = await drawnApps(api(), filtered[0]);
    assert.ok(found.length > 1 && (await Promise.all(found.slice(0, -1).map(kindOf))).every((k) => k === 'credential'));
    assert.equal(await kindOf(found.at(-1)!), 'tenantsReadiness');
    await suite.run('miFederation.filterApps', tenant, 'no app has this name');
    assert.deepEqual(await labels(await loadAll(suite.home)), ['No app registration matches "no app has this name"']);
    await suite.run('miFederation.clearFilter', tenant);
    assert.ok((await ofKind(await loadAll(suite.home), 'app')).length >= 1000);
  });

  it('flags each broken credential with the reason it will fail', async () => {
    const broken = await drawnAppNode(SEEDED_APPS.broken.objectId);
    const fics = await ofKind(await drawnApps(api(), broken), 'credential');
    const catalog = api().model.tenant(suite.home);
    const authority = api().session.environment?.cloud.authority;
    const knownAuthorities = authority ? [authority] : [];
    const stored = catalog.app(SEEDED_APPS.broken.objectId)?.federatedIdentityCredentials ?? [];
    const codes = new Set(stored.flatMap((f) => credentialWarnings(f, { managedIdentities: catalog.knownIdentities(), knownAuthorities }).map((w) => w.code)));
    for (const code of ['issuer-trailing-slash', 'subject-is-client-id', 'audience-not-official'] as const) {
      assert.ok(codes.has(code), `no ${code} warning; warnings: ${[...codes].join(', ')}`);
    }
    for (const fic of fics) {
      const item = await fic.getTreeItem();
      assert.ok(item.resourceUri, `${String(item.label)} is not decorated`);
      assert.match(String((item.tooltip as vscode.MarkdownString).value), /\$\(warning\)/);
    }
    const sync = await drawnAppNode(SEEDED_APPS.contosoSync.objectId);
    const items = await Promise.all((await ofKind(await drawnApps(api(), sync), 'credential')).map((n) => n.getTreeItem()));
    const good = items.filter((i) => /\bmanagedIdentity\b/.test(i.contextValue ?? ''));
    assert.ok(good.length > 0 && good.every((i) => !/\bhasWarnings\b/.test(i.contextValue ?? '')), 'the correct credential got a warning');
  });

  it('rides out a storm of 429s and still shows every app', async () => {
    const catalog = api().model.tenant(suite.home);
    const loadEverything = async () => {
      await suite.run('miFederation.refresh', tenantHandle(suite.home));
      await catalog.whenAppsLoaded();
      await suite.run('miFederation.loadMore', tenantHandle(suite.home));
      await catalog.whenAppsLoaded();
      return (await ofKind(await loadAll(suite.home), 'app')).map((n) => n.id).sort();
    };
    const calm = await loadEverything();
    assert.equal(calm.length, contosoApps);
    sandbox().control.clearRequests();
    sandbox().control.setFaults({ throttleRate: 0.3, retryAfterSeconds: 1, seed: 3 });
    const stormy = await loadEverything();
    sandbox().control.clearFaults();
    const throttled = sandbox().control.requests().filter((r) => r.status === 429).length;
    assert.ok(throttled > 0, 'the sandbox sent no 429');
    assert.deepEqual(stormy, calm);
    assert.equal((await ofKind(await loadAll(suite.home), 'error')).length, 0);
  });

  it('names the missing permission when Graph answers 403 in a tenant', async () => {
    sandbox().control.denyGraph(suite.customer, 'read');
    try {
      await suite.run('miFederation.refresh', tenantHandle(suite.customer));
      const children = await loadAll(suite.customer);
      const [error] = await ofKind(children, 'error');
      assert.ok(error, `no error node: ${(await labels(children)).join(' | ')}`);
      assert.match(await label(error), /403/);
      assert.match(await label(error), /Application\.Read(Write)?\.All/);
      assert.equal(api().model.tenant(suite.customer).appsState().status, 'failed');
    } finally {
      sandbox().control.denyGraph(suite.customer, false);
    }
    await suite.run('miFederation.retry', tenantHandle(suite.customer));
    assert.ok((await ofKind(await loadAll(suite.customer), 'app')).length > 0);
  });

  it('lists the managed identities and the apps that trust them', async () => {
    const identities = await api().model.tenant(suite.home).whenIdentitiesLoaded();
    assert.ok(identities.some((i) => i.id === USER_ASSIGNED_MI.objectId), `identities: ${identities.map((i) => i.displayName).join(', ')}`);
    assert.equal(identities.find((i) => i.id === USER_ASSIGNED_MI.objectId)?.kind, 'userAssigned');
    assert.equal(identities[0].kind, 'userAssigned', 'user-assigned identities come first');
    assert.ok(identities.some((i) => i.kind === 'systemAssigned'));
    // The view draws them: the tenant, its identities, and under one the apps that trust it.
    await drawnIdentities(api());
    const drawn = await drawnIdentities(api(), nodeOf({ kind: 'identities', tenantId: suite.home }));
    const userAssigned = drawn.find((n) => n.id === idOf({ kind: 'identity', tenantId: suite.home, identityId: USER_ASSIGNED_MI.objectId }));
    assert.ok(userAssigned, `drawn: ${(await labels(drawn)).join(', ')}`);
    const names = await labels(await drawnIdentities(api(), userAssigned));
    assert.ok(names.includes('Contoso Sync'), `trusted by: ${names.join(', ')}`);
  });

  it('refreshes one app alone after it changed in Graph', async () => {
    const empty = await drawnAppNode(SEEDED_APPS.empty.objectId);
    const client = await api().session.graph(suite.home).client();
    const path = `/applications/${SEEDED_APPS.empty.objectId}/federatedIdentityCredentials`;
    await client.api(path).post({ name: 'added-elsewhere', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/app:ref:refs/heads/main', audiences: ['api://AzureADTokenExchange'] });
    try {
      sandbox().control.clearRequests();
      await suite.run('miFederation.refresh', empty);
      assert.deepEqual(await labels(await drawnApps(api(), empty)), ['added-elsewhere', 'Tenants']);
      assert.match(await description(empty), /· 1 credential$/);
      const graphCalls = sandbox().control.requests().filter((r) => r.path.startsWith('/v1.0/'));
      assert.ok(graphCalls.length <= 2 && graphCalls.every((r) => r.path.includes(SEEDED_APPS.empty.objectId)), `refresh asked for more than the app: ${graphCalls.map((r) => r.path).join(', ')}`);
    } finally {
      await client.api(`${path}/added-elsewhere`).delete();
      await api().model.tenant(suite.home).refreshApp(SEEDED_APPS.empty.objectId);
    }
  });

  it('adds a tenant by domain, refuses an unknown one before listing it, and removes it', async () => {
    const customer = suite.customer;
    await suite.run('miFederation.removeTenant', tenantHandle(customer));
    assert.ok(!api().session.tenants().some((t) => t.id === customer));

    sandbox().control.clearRequests();
    await suite.run('miFederation.addTenant', 'not a tenant');
    assert.match(suite.ui.messages('error').at(-1)?.text ?? '', /neither a tenant id/);
    assert.equal(sandbox().control.requests().length, 0, 'a malformed tenant was sent to the server');

    await suite.run('miFederation.addTenant', 'nowhere.onmicrosoft.com');
    assert.match(suite.ui.messages('error').at(-1)?.text ?? '', /AADSTS90002/);
    assert.deepEqual(api().session.tenants().map((t) => t.id), [suite.home]);

    const added = await suite.run('miFederation.addTenant', 'fabrikam.onmicrosoft.com');
    assert.equal(added, customer);
    assert.deepEqual(api().session.tenants().map((t) => t.id), [suite.home, customer]);
  });

  it('keeps the tree and offers Retry while the sandbox is down, and recovers after a restart', async () => {
    const tenant = tenantHandle(suite.home);
    await suite.run('miFederation.filterApps', tenant, 'Contoso');
    const before = (await ofKind(await loadAll(suite.home), 'app')).map((n) => n.id);
    assert.ok(before.length > 0);
    const { port } = sandbox();
    const stateDir = path.dirname(sandbox().caFile);
    await sandbox().close();
    await suite.run('miFederation.refresh', tenant);
    const during = await loadAll(suite.home);
    assert.deepEqual((await ofKind(during, 'app')).map((n) => n.id), before, 'the apps shown before were dropped');
    const [error] = await ofKind(during, 'error');
    assert.ok(error, `no error node: ${(await labels(during)).join(' | ')}`);
    assert.equal((await error.getTreeItem()).command?.command, 'miFederation.retry');

    const restarted = await startSandbox({ port, stateDir, apps: contosoApps, tokenFunction: false });
    restarted.control.setFicPropagationDelay(0);
    suite.replaceSandbox(restarted);
    await suite.run('miFederation.retry', tenant);
    const after = await loadAll(suite.home);
    assert.equal((await ofKind(after, 'error')).length, 0, `still failing: ${(await labels(after)).join(' | ')}`);
    assert.deepEqual((await ofKind(after, 'app')).map((n) => n.id), before);
    await suite.run('miFederation.clearFilter', tenant);
  });
});

// The App Registrations and Managed Identities views against the sandbox tenant: sign-in, the
// seeded nodes, paging, filter, warnings, throttling, a 403, and the sandbox going away.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionServices } from '../../src/commands/services';
import { SANDBOX_USER, SEEDED_APPS, USER_ASSIGNED_MI } from '../../src/sandbox/ids';
import type { RunningSandbox } from '../../src/sandbox/types';
import { startSandbox } from '../../src/sandbox';
import type { AppNode } from '../../src/views/tree/appNode';
import type { CredentialNode } from '../../src/views/tree/credentialNode';
import type { IdentityNode } from '../../src/views/tree/identityNodes';
import type { ErrorNode } from '../../src/views/tree/statusNodes';
import type { TenantAppsNode } from '../../src/views/tree/tenantAppsNode';
import type { TreeNode } from '../../src/views/tree/treeNode';
import { ScriptedUserInput } from './support/scriptedUserInput';
import { description, kindOf, label, labels, ofKind, signedInToSandbox } from './support/extensionUnderTest';

/** Apps in Contoso, seeded ones included: more than one load (1,000 apps) can show. */
const contosoApps = 1200;

describe('App Registrations tree on the sandbox tenant', function () {
  let services: ExtensionServices;
  let sandbox: RunningSandbox;
  let ui: ScriptedUserInput;

  before(async function () {
    ({ services, sandbox } = await signedInToSandbox({ apps: contosoApps }));
  });

  beforeEach(() => {
    ui = new ScriptedUserInput();
    services.ui = ui;
    sandbox.control.clearFaults();
  });

  after(async () => {
    await vscode.commands.executeCommand('miFederation.signOut');
    await sandbox?.close();
  });

  function tenantNode(id: string): TenantAppsNode {
    const node = services.views.apps.tenantNodes().find((t) => t.tenantId === id);
    assert.ok(node, `no tenant node for ${id}; tenants: ${services.views.apps.tenantNodes().map((t) => t.tenantId).join(', ')}`);
    return node;
  }

  async function loadAll(tenant: TenantAppsNode): Promise<TreeNode[]> {
    await tenant.getChildren();
    await tenant.settled();
    return tenant.getChildren();
  }

  async function appNamed(tenant: TenantAppsNode, name: string): Promise<AppNode> {
    const children = await loadAll(tenant);
    for (const node of ofKind<AppNode>(children, 'app')) if ((await label(node)) === name) return node;
    throw new Error(`no app "${name}" under ${tenant.tenantId}`);
  }

  it('signs in through the sandbox device code, as the seeded user', () => {
    assert.equal(services.session.account?.username, SANDBOX_USER.username);
    assert.equal(services.session.account?.method, 'deviceCode');
    const paths = sandbox.control.requests().map((r) => `${r.method} ${r.path}`);
    assert.ok(paths.some((p) => /^POST \/organizations\/oauth2\/v2\.0\/devicecode/.test(p)), `no device code request in ${paths.join('\n')}`);
  });

  it('lists the home and the customer tenant, home first', async () => {
    const tenants = services.views.apps.tenantNodes();
    assert.deepEqual(tenants.map((t) => t.tenantId), [sandbox.tenants.home, sandbox.tenants.customer]);
    assert.match(await description(tenants[0]), /home/);
  });

  it('shows the seeded apps of Contoso with their credential counts', async () => {
    const sync = await appNamed(tenantNode(sandbox.tenants.home), 'Contoso Sync');
    assert.equal(sync.appId, SEEDED_APPS.contosoSync.appId);
    assert.match(await description(sync), new RegExp(`^${SEEDED_APPS.contosoSync.appId} · multi-tenant · \\d+ credentials?$`));
    const full = ofKind<AppNode>(await loadAll(tenantNode(sandbox.tenants.home)), 'app').find((n) => n.appObjectId === SEEDED_APPS.full.objectId);
    assert.ok(full);
    assert.match(await description(full), /· 20 credentials$/);
    const fics = await full.getChildren();
    assert.equal(fics.length, 20);
    const empty = ofKind<AppNode>(await loadAll(tenantNode(sandbox.tenants.home)), 'app').find((n) => n.appObjectId === SEEDED_APPS.empty.objectId);
    assert.ok(empty);
    assert.deepEqual(await labels(await empty.getChildren()), ['No federated credentials yet']);
  });

  it("shows Fabrikam's own app under the customer tenant", async () => {
    const apps = ofKind<AppNode>(await loadAll(tenantNode(sandbox.tenants.customer)), 'app');
    assert.ok(apps.some((a) => a.appObjectId === SEEDED_APPS.fabrikamPortal.objectId), 'Fabrikam portal app missing');
    assert.ok(!apps.some((a) => a.appObjectId === SEEDED_APPS.contosoSync.objectId), 'a Contoso app is listed under Fabrikam');
  });

  it('loads 1,000 apps, then Load more brings the rest', async () => {
    const tenant = tenantNode(sandbox.tenants.home);
    const first = await loadAll(tenant);
    const apps = ofKind<AppNode>(first, 'app');
    assert.equal(apps.length, 1000);
    const more = first.at(-1);
    assert.ok(more && kindOf(more) === 'loadMore', `last node is ${more && (await label(more))}`);
    await vscode.commands.executeCommand('miFederation.loadMore', tenant);
    const all = await loadAll(tenant);
    const allApps = ofKind<AppNode>(all, 'app');
    assert.equal(allApps.length, contosoApps);
    assert.equal(new Set(allApps.map((a) => a.id)).size, allApps.length, 'an app is listed twice');
    assert.equal(ofKind(all, 'loadMore').length, 0, 'Load more is still offered after the last page');
  });

  it('filters by display name on the server, and clears the filter', async () => {
    const tenant = tenantNode(sandbox.tenants.home);
    await vscode.commands.executeCommand('miFederation.filterApps', tenant, 'Contoso Sync');
    const filtered = await loadAll(tenant);
    assert.ok((await labels(filtered)).includes('Contoso Sync'), `filtered: ${(await labels(filtered)).join(', ')}`);
    // Graph's $search matches every word of the term, in any order.
    for (const name of await labels(filtered)) assert.match(name, /^(?=.*\bContoso\b)(?=.*\bSync\b)/);
    assert.ok(sandbox.control.requests().some((r) => decodeURIComponent(r.url).includes('$search=')), 'the filter did not use $search');
    // The app found by search still has its credentials (loaded by $batch).
    const found = await (filtered[0] as AppNode).getChildren();
    assert.ok(found.length > 0 && found.every((n) => kindOf(n) === 'credential'));
    await vscode.commands.executeCommand('miFederation.filterApps', tenant, 'no app has this name');
    assert.deepEqual(await labels(await loadAll(tenant)), ['No app registration matches "no app has this name"']);
    await vscode.commands.executeCommand('miFederation.clearFilter', tenant);
    assert.ok(ofKind(await loadAll(tenant), 'app').length >= 1000);
  });

  it('flags each broken credential with the reason it will fail', async () => {
    const broken = ofKind<AppNode>(await loadAll(tenantNode(sandbox.tenants.home)), 'app').find((n) => n.appObjectId === SEEDED_APPS.broken.objectId);
    assert.ok(broken);
    const fics = ofKind<CredentialNode>(await broken.getChildren(), 'credential');
    const codes = new Set(fics.flatMap((f) => f.warnings.map((w) => w.code)));
    for (const code of ['issuer-trailing-slash', 'subject-is-client-id', 'audience-not-official'] as const) {
      assert.ok(codes.has(code), `no ${code} warning; warnings: ${[...codes].join(', ')}`);
    }
    for (const fic of fics) {
      const item = fic.getTreeItem();
      assert.ok(item.resourceUri, `${fic.name} is not decorated`);
      assert.match(String((item.tooltip as vscode.MarkdownString).value), /\$\(warning\)/);
    }
    const sync = await appNamed(tenantNode(sandbox.tenants.home), 'Contoso Sync');
    const good = ofKind<CredentialNode>(await sync.getChildren(), 'credential').filter((n) => n.kind === 'managedIdentity');
    assert.ok(good.length > 0 && good.every((f) => f.warnings.length === 0), 'the correct credential got a warning');
  });

  it('rides out a storm of 429s and still shows every app', async () => {
    const tenant = tenantNode(sandbox.tenants.home);
    const loadEverything = async () => {
      tenant.reload();
      await loadAll(tenant);
      await vscode.commands.executeCommand('miFederation.loadMore', tenant);
      return ofKind(await loadAll(tenant), 'app').map((n) => n.id).sort();
    };
    const calm = await loadEverything();
    assert.equal(calm.length, contosoApps);
    sandbox.control.clearRequests();
    sandbox.control.setFaults({ throttleRate: 0.3, retryAfterSeconds: 1 });
    const stormy = await loadEverything();
    sandbox.control.clearFaults();
    const throttled = sandbox.control.requests().filter((r) => r.status === 429).length;
    assert.ok(throttled > 0, 'the sandbox sent no 429');
    assert.deepEqual(stormy, calm);
    assert.equal(ofKind(await tenant.getChildren(), 'error').length, 0);
  });

  it('names the missing permission when Graph answers 403 in a tenant', async () => {
    const tenant = tenantNode(sandbox.tenants.customer);
    sandbox.control.denyGraph(sandbox.tenants.customer, 'read');
    try {
      tenant.reload();
      const children = await loadAll(tenant);
      const error = ofKind<ErrorNode>(children, 'error')[0];
      assert.ok(error, `no error node: ${(await labels(children)).join(' | ')}`);
      assert.match(error.message, /403/);
      assert.match(error.message, /Application\.Read(Write)?\.All/);
    } finally {
      sandbox.control.denyGraph(sandbox.tenants.customer, false);
    }
    tenant.reload();
    assert.ok(ofKind(await loadAll(tenant), 'app').length > 0);
  });

  it('lists the managed identities and the apps that trust them', async () => {
    const tenant = services.views.identities.tenantNodes().find((t) => t.tenantId === sandbox.tenants.home);
    assert.ok(tenant);
    const identities = ofKind<IdentityNode>(await tenant.getChildren(), 'identity');
    const userAssigned = identities.find((i) => i.identity.id === USER_ASSIGNED_MI.objectId);
    assert.ok(userAssigned, `identities: ${(await labels(identities)).join(', ')}`);
    assert.equal(userAssigned.identity.kind, 'userAssigned');
    assert.equal(identities[0].identity.kind, 'userAssigned', 'user-assigned identities come first');
    assert.ok(identities.some((i) => i.identity.kind === 'systemAssigned'));
    const trustedBy = await userAssigned.getChildren();
    const names = await labels(trustedBy);
    assert.ok(names.includes('Contoso Sync'), `trusted by: ${names.join(', ')}`);
  });

  it('refreshes one app alone after it changed in Graph', async () => {
    const tenant = tenantNode(sandbox.tenants.home);
    const empty = ofKind<AppNode>(await loadAll(tenant), 'app').find((n) => n.appObjectId === SEEDED_APPS.empty.objectId);
    assert.ok(empty);
    const client = await services.session.graph(sandbox.tenants.home).client();
    const path = `/applications/${SEEDED_APPS.empty.objectId}/federatedIdentityCredentials`;
    await client.api(path).post({ name: 'added-elsewhere', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/app:ref:refs/heads/main', audiences: ['api://AzureADTokenExchange'] });
    try {
      sandbox.control.clearRequests();
      await vscode.commands.executeCommand('miFederation.refresh', empty);
      assert.deepEqual(await labels(await empty.getChildren()), ['added-elsewhere']);
      assert.match(await description(empty), /· 1 credential$/);
      const graphCalls = sandbox.control.requests().filter((r) => r.path.startsWith('/v1.0/'));
      assert.ok(graphCalls.length <= 2 && graphCalls.every((r) => r.path.includes(SEEDED_APPS.empty.objectId)), `refresh asked for more than the app: ${graphCalls.map((r) => r.path).join(', ')}`);
    } finally {
      await client.api(`${path}/added-elsewhere`).delete();
    }
  });

  it('adds a tenant by domain, refuses an unknown one before listing it, and removes it', async () => {
    const customer = sandbox.tenants.customer;
    await vscode.commands.executeCommand('miFederation.removeTenant', { tenant: { id: customer } });
    assert.ok(!services.session.tenants().some((t) => t.id === customer));

    sandbox.control.clearRequests();
    await vscode.commands.executeCommand('miFederation.addTenant', 'not a tenant');
    assert.match(ui.messages('error').at(-1)?.text ?? '', /neither a tenant id/);
    assert.equal(sandbox.control.requests().length, 0, 'a malformed tenant was sent to the server');

    await vscode.commands.executeCommand('miFederation.addTenant', 'nowhere.onmicrosoft.com');
    assert.match(ui.messages('error').at(-1)?.text ?? '', /AADSTS90002/);
    assert.deepEqual(services.session.tenants().map((t) => t.id), [sandbox.tenants.home]);

    const added = await vscode.commands.executeCommand('miFederation.addTenant', 'fabrikam.onmicrosoft.com');
    assert.equal(added, customer);
    assert.deepEqual(services.session.tenants().map((t) => t.id), [sandbox.tenants.home, customer]);
  });

  it('keeps the tree and offers Retry while the sandbox is down, and recovers after a restart', async () => {
    const tenant = tenantNode(sandbox.tenants.home);
    tenant.setFilter('Contoso');
    const before = ofKind(await loadAll(tenant), 'app').map((n) => n.id);
    assert.ok(before.length > 0);
    const { port } = sandbox;
    const stateDir = path.dirname(sandbox.caFile);
    await sandbox.close();
    tenant.reload();
    const during = await loadAll(tenant);
    assert.deepEqual(ofKind(during, 'app').map((n) => n.id), before, 'the apps shown before were dropped');
    const error = ofKind<ErrorNode>(during, 'error')[0];
    assert.ok(error, `no error node: ${(await labels(during)).join(' | ')}`);
    assert.equal(error.getTreeItem().command?.command, 'miFederation.retry');

    sandbox = await startSandbox({ port, stateDir, apps: contosoApps, tokenFunction: false });
    await vscode.commands.executeCommand('miFederation.retry', tenant);
    const after = await loadAll(tenant);
    assert.equal(ofKind(after, 'error').length, 0, `still failing: ${(await labels(after)).join(' | ')}`);
    assert.deepEqual(ofKind(after, 'app').map((n) => n.id), before);
  });
});

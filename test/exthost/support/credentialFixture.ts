// What every credential test file needs: the extension signed in to a sandbox tenant started in
// this process, a scripted UserInput per test, an admin view of the sandbox, a fresh app per
// test, its node in the App Registrations tree, and the sandbox's request log.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import type { ExtensionServices } from '../../../src/commands/services';
import { startSandbox } from '../../../src/sandbox';
import type { LoggedRequest, RunningSandbox } from '../../../src/sandbox/types';
import type { AppRegistration } from '../../../src/services/graph/applications';
import type { TreeNode } from '../../../src/views/tree/treeNode';
import { SandboxAdmin } from './sandboxAdmin';
import { ScriptedUserInput } from './scriptedUserInput';

const extensionId = 'mi-federation.mi-federation';

/** An AppNode of the extension's bundle (duck-typed: `instanceof` differs across bundles). */
export interface AppNodeLike extends TreeNode {
  app: AppRegistration;
  readonly tenantId: string;
  readonly appObjectId: string;
}

export interface CredentialNodeLike extends TreeNode {
  readonly credential: FederatedIdentityCredential;
  readonly name: string;
}

export interface CredentialsFixture {
  readonly services: ExtensionServices;
  readonly sandbox: RunningSandbox;
  readonly admin: SandboxAdmin;
  readonly ui: ScriptedUserInput;
  readonly home: string;
}

/** Inside a describe(): one sandbox and sign-in for the file, a new ScriptedUserInput per test. */
export function useCredentialsFixture(): CredentialsFixture {
  let services: ExtensionServices | undefined;
  let sandbox: RunningSandbox | undefined;
  let admin: SandboxAdmin | undefined;
  let ui: ScriptedUserInput | undefined;

  before(async function () {
    const extension = vscode.extensions.getExtension<ExtensionServices>(extensionId);
    assert.ok(extension, `${extensionId} is not loaded in this extension host`);
    services = await extension.activate();
    sandbox = await startSandbox({ tokenFunction: false });
    await vscode.commands.executeCommand('miFederation.useSandbox', sandbox);
    assert.ok(services.session.account, 'signing in to the sandbox failed; see the MI Federation log');
    admin = new SandboxAdmin(sandbox);
    // The view is shown, as it is when a user runs a command from it: reveal needs a drawn tree.
    await vscode.commands.executeCommand('workbench.view.extension.miFederation');
  });

  beforeEach(() => {
    ui = new ScriptedUserInput();
    services!.ui = ui;
    sandbox!.control.clearFaults();
    sandbox!.control.denyGraph(sandbox!.tenants.home, false);
  });

  after(async () => {
    await vscode.commands.executeCommand('miFederation.signOut');
    await sandbox?.close();
  });

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready (did the before() hook fail?)`);
    return value;
  };
  return {
    get services() {
      return need(services, 'the extension');
    },
    get sandbox() {
      return need(sandbox, 'the sandbox');
    },
    get admin() {
      return need(admin, 'the sandbox admin');
    },
    get ui() {
      return need(ui, 'the scripted input');
    },
    get home() {
      return need(sandbox, 'the sandbox').tenants.home;
    },
  };
}

/** A fresh app in the tenant, loaded into the tree; returns its node. */
export async function freshAppNode(fixture: CredentialsFixture, displayName: string, tenantId = fixture.home): Promise<AppNodeLike> {
  const app = await fixture.admin.createApp(tenantId, `${displayName} ${Math.random().toString(36).slice(2, 8)}`);
  return appNode(fixture.services, tenantId, app.id);
}

/** The tree's node of an app, after reloading its tenant so apps made by tests appear. */
export async function appNode(services: ExtensionServices, tenantId: string, objectId: string): Promise<AppNodeLike> {
  const tenant = services.views.apps.tenantNodes().find((t) => t.tenantId === tenantId);
  assert.ok(tenant, `no tenant node for ${tenantId}`);
  let node = tenant.findApp(objectId) as unknown as AppNodeLike | undefined;
  if (!node) {
    tenant.reload();
    await tenant.getChildren();
    await tenant.settled();
    await tenant.getChildren();
    node = tenant.findApp(objectId) as unknown as AppNodeLike | undefined;
  }
  assert.ok(node, `app ${objectId} is not in the tree of ${tenantId}`);
  return node;
}

export async function credentialNode(app: AppNodeLike, name: string): Promise<CredentialNodeLike> {
  const children = ((await app.getChildren?.()) ?? []) as unknown as CredentialNodeLike[];
  const node = children.find((c) => c.credential?.name === name);
  assert.ok(node, `no credential "${name}" under ${app.app.displayName}; children: ${children.map((c) => c.id).join(', ')}`);
  return node;
}

/** Requests that change the directory (anything but GET), made after `since` (a log length). */
export function writes(sandbox: RunningSandbox, since = 0): LoggedRequest[] {
  return sandbox.control.requests().slice(since).filter((r) => r.method !== 'GET' && /^\/v1\.0\/(applications|servicePrincipals)/i.test(r.path));
}

export function requestCount(sandbox: RunningSandbox): number {
  return sandbox.control.requests().length;
}

/**
 * The ids selected in the App Registrations view once `expected` is selected, or after 5 s:
 * reveal resolves before the workbench reports the new selection back.
 */
export async function selectionOf(services: ExtensionServices, expected: string): Promise<string[]> {
  const ids = () => services.views.appsView.selection.map((n) => n.id);
  for (let waited = 0; waited < 5000 && !ids().includes(expected); waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return ids();
}

export function issuerOf(sandbox: RunningSandbox, tenantId: string): string {
  return `${sandbox.authority}/${tenantId}/v2.0`;
}

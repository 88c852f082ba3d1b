// What tests hand to commands and read back: a node is named by its reference (its id, as the
// tree builds it), and its data is read from the model, never from a tree node's fields. The
// drawn tree (labels, descriptions, context values) is read through the view's own provider.
import * as assert from 'node:assert/strict';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { idOf, type ModelRef } from '../../../src/model';
import type { AppRegistration } from '../../../src/services/graph/applications';
import type { ExtensionTestApi } from '../../../src/testApi';
import type { TreeNode } from '../../../src/views/tree/treeNode';

/** What VS Code passes a command run on a tree item, as far as the extension reads it. */
export interface NodeHandle {
  readonly id: string;
}

export interface AppHandle extends NodeHandle {
  readonly tenantId: string;
  readonly objectId: string;
  /** The app as the model held it when the handle was made. */
  readonly app: AppRegistration;
}

export interface CredentialHandle extends NodeHandle {
  readonly name: string;
  readonly credential: FederatedIdentityCredential;
}

export const nodeOf = (ref: ModelRef): NodeHandle => ({ id: idOf(ref) });

/** An app of the model, loading the tenant (again, if the app was made after the load). */
export async function appNode(api: ExtensionTestApi, tenantId: string, objectId: string): Promise<AppHandle> {
  const catalog = api.model.tenant(tenantId);
  await catalog.whenAppsLoaded();
  if (!catalog.app(objectId)) {
    catalog.reloadApps();
    await catalog.whenAppsLoaded();
  }
  const app = catalog.app(objectId);
  assert.ok(app, `app ${objectId} is not in the model of ${tenantId} (${catalog.appsState().status})`);
  return { id: idOf({ kind: 'app', tenantId, objectId }), tenantId, objectId, app };
}

/** A credential of an app, as the model holds it now. */
export function credentialNode(api: ExtensionTestApi, app: Pick<AppHandle, 'tenantId' | 'objectId'>, name: string): CredentialHandle {
  const credentials = api.model.tenant(app.tenantId).app(app.objectId)?.federatedIdentityCredentials ?? [];
  const credential = credentials.find((c) => c.name === name);
  assert.ok(credential, `no credential "${name}" on ${app.objectId} in the model; it holds: ${credentials.map((c) => c.name).join(', ')}`);
  return { id: idOf({ kind: 'credential', tenantId: app.tenantId, objectId: app.objectId, name }), name, credential };
}

/** The endpoint of the (only) token function, after its discovery. */
export async function endpointNode(api: ExtensionTestApi, endpoint: string): Promise<NodeHandle> {
  const [entry] = api.model.tokenFunctions.list();
  assert.ok(entry, 'no token function in the model');
  await api.model.tokenFunctions.discover(entry.id);
  const names = api.model.tokenFunctions.get(entry.id)?.discovery?.endpoints.map((e) => e.name) ?? [];
  assert.ok(names.includes(endpoint), `no endpoint ${endpoint} of ${entry.name}; it lists ${names.join(', ')}`);
  return nodeOf({ kind: 'endpoint', functionId: entry.id, endpoint });
}

export function functionNode(api: ExtensionTestApi): NodeHandle & { functionId: string } {
  const [entry] = api.model.tokenFunctions.list();
  assert.ok(entry, 'no token function in the model');
  return { ...nodeOf({ kind: 'tokenFunction', functionId: entry.id }), functionId: entry.id };
}

/** The drawn children of a node of the App Registrations view (the roots without one). */
export async function drawnApps(api: ExtensionTestApi, parent?: NodeHandle | TreeNode): Promise<TreeNode[]> {
  return api.views.apps.getChildren(parent && drawn(api, parent));
}

export async function drawnIdentities(api: ExtensionTestApi, parent?: NodeHandle | TreeNode): Promise<TreeNode[]> {
  return api.views.identities.getChildren(parent && drawn(api, parent));
}

export async function drawnTokenFunctions(api: ExtensionTestApi, parent?: NodeHandle | TreeNode): Promise<TreeNode[]> {
  return api.views.tokenFunctions.getChildren(parent && drawn(api, parent));
}

/** The view's own node: a drawn node as is, a handle by its id (its parent must have been listed). */
export function drawn(api: ExtensionTestApi, handle: NodeHandle | TreeNode): TreeNode {
  if ('getTreeItem' in handle) return handle;
  const node = api.views.node(handle.id);
  assert.ok(node, `${handle.id} was never drawn`);
  return node;
}

/** JWT-shaped text (what redaction must have removed). */
export const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/;

export async function label(node: TreeNode): Promise<string> {
  const item = await node.getTreeItem();
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

export async function labels(nodes: TreeNode[]): Promise<string[]> {
  return Promise.all(nodes.map(label));
}

export async function description(node: TreeNode): Promise<string> {
  const item = await node.getTreeItem();
  return typeof item.description === 'string' ? item.description : '';
}

export async function contextValueOf(node: TreeNode): Promise<string> {
  return (await node.getTreeItem()).contextValue ?? '';
}

/**
 * The kind of a drawn node: the first token of its contextValue. Tests cannot use instanceof,
 * because the extension runs from its bundle while tests import the compiled sources.
 */
export async function kindOf(node: TreeNode): Promise<string> {
  return (await contextValueOf(node)).split(' ')[0];
}

export async function ofKind(nodes: TreeNode[], kind: string): Promise<TreeNode[]> {
  const kinds = await Promise.all(nodes.map(kindOf));
  return nodes.filter((_, i) => kinds[i] === kind);
}

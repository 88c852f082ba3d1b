// Shared by the token tests: the sandbox with its token function, finding app / credential /
// endpoint nodes, and the pattern of a token (which the output channel must never show).
import * as assert from 'node:assert/strict';
import type { ExtensionServices } from '../../../src/commands/services';
import type { RunningSandbox } from '../../../src/sandbox/types';
import type { AppNode } from '../../../src/views/tree/appNode';
import type { CredentialNode } from '../../../src/views/tree/credentialNode';
import type { EndpointNode, TokenFunctionNode } from '../../../src/views/tree/tokenFunctionNodes';
import type { TreeNode } from '../../../src/views/tree/treeNode';
import { signedInToSandbox } from './extensionUnderTest';

export async function sandboxWithTokenFunction(): Promise<{ services: ExtensionServices; sandbox: RunningSandbox }> {
  const started = await signedInToSandbox({ tokenFunction: true });
  await removeAllTokenFunctions(started.services);
  return started;
}

/** Token functions survive in globalState across test files: each file starts from none. */
export async function removeAllTokenFunctions(services: ExtensionServices): Promise<void> {
  const store = services.views.tokenFunctions.store;
  for (const entry of store.list()) await store.remove(entry.id);
}

// The extension runs from its bundle (dist/), the tests from out/: its classes are not the tests'
// classes, so nodes are told apart by shape, never with instanceof.
export const isAppNode = (n: TreeNode): n is AppNode => typeof (n as AppNode).appObjectId === 'string' && 'app' in n;
export const isCredentialNode = (n: TreeNode): n is CredentialNode => 'credential' in n && 'warnings' in n;
export const isEndpointNode = (n: TreeNode): n is EndpointNode => 'endpoint' in n;

export async function appNode(services: ExtensionServices, tenantId: string, objectId: string): Promise<AppNode> {
  const tenant = services.views.apps.tenantNodes().find((t) => t.tenantId === tenantId);
  assert.ok(tenant, `no tenant node ${tenantId}`);
  await tenant.getChildren();
  await tenant.settled();
  const found = (await tenant.getChildren()).find((n): n is AppNode => isAppNode(n) && n.appObjectId === objectId);
  assert.ok(found, `no app ${objectId} under ${tenantId}`);
  return found;
}

export async function credentialNode(services: ExtensionServices, tenantId: string, objectId: string, name: string): Promise<CredentialNode> {
  const app = await appNode(services, tenantId, objectId);
  const found = app.getChildren().find((n): n is CredentialNode => isCredentialNode(n) && n.name === name);
  assert.ok(found, `no credential ${name} on ${objectId}`);
  return found;
}

export async function endpointNode(services: ExtensionServices, name: string): Promise<EndpointNode> {
  const fn = services.views.tokenFunctions.functionNodes()[0];
  assert.ok(fn, 'no token function in the view');
  await fn.getChildren();
  await fn.settled();
  const found = (await fn.getChildren()).find((n): n is EndpointNode => isEndpointNode(n) && n.endpoint.name === name);
  assert.ok(found, `no endpoint ${name} under ${fn.entry.name}`);
  return found;
}

export function functionNode(services: ExtensionServices): TokenFunctionNode {
  const fn = services.views.tokenFunctions.functionNodes()[0];
  assert.ok(fn, 'no token function in the view');
  return fn;
}

/** JWT-shaped text (what redaction must have removed). */
export const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/;

// What a credential command acts on — an app registration or one of its credentials — taken
// from the tree node it was invoked on, or picked when it came from the palette; and the tree
// updates after a change: only the app's node is redrawn, and a new credential is revealed.
import type * as vscode from 'vscode';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { MAX_CREDENTIALS_PER_APP } from '../../core/credentials';
import { NotSignedInError } from '../../core/errors';
import { CredentialsApi } from '../../services/graph/credentialsApi';
import { FederationAppApi } from '../../services/graph/federationApp';
import type { AppRegistration } from '../../services/graph/applications';
import type { TreeNode } from '../../views/tree/treeNode';
import type { ExtensionServices } from '../services';

/** An app registration as the credential commands need it. */
export interface AppTarget {
  objectId: string;
  appId: string;
  displayName: string;
  tenantId: string;
}

/** The shape of an AppNode (duck-typed: tests drive commands with nodes from another bundle). */
interface AppNodeLike extends TreeNode {
  app: AppRegistration;
  readonly tenantId: string;
}

interface CredentialNodeLike extends TreeNode {
  readonly credential: FederatedIdentityCredential;
  readonly parent: TreeNode & { readonly appObjectId: string; readonly appId: string; readonly tenantId: string };
}

export interface CredentialTarget {
  app: AppTarget;
  credential: FederatedIdentityCredential;
}

export function isAppNode(node: unknown): node is AppNodeLike {
  const n = node as Partial<AppNodeLike> | undefined;
  return typeof n?.app?.id === 'string' && typeof n.app.appId === 'string' && typeof n.tenantId === 'string' && Array.isArray(n.app.federatedIdentityCredentials);
}

export function isCredentialNode(node: unknown): node is CredentialNodeLike {
  const n = node as Partial<CredentialNodeLike> | undefined;
  return typeof n?.credential === 'object' && n.credential !== null && typeof n.parent?.appObjectId === 'string';
}

export function appTargetOf(node: AppNodeLike): AppTarget {
  return { objectId: node.app.id, appId: node.app.appId, displayName: node.app.displayName || node.app.appId, tenantId: node.tenantId };
}

export function credentialTargetOf(node: CredentialNodeLike): CredentialTarget {
  const owner = node.parent as Partial<AppNodeLike> & CredentialNodeLike['parent'];
  const displayName = owner.app?.displayName || owner.appId;
  return { app: { objectId: owner.appObjectId, appId: owner.appId, displayName, tenantId: owner.tenantId }, credential: node.credential };
}

export function requireSignedIn(services: ExtensionServices): void {
  if (!services.session.account || !services.session.environment) throw new NotSignedInError();
}

export function credentialsApi(services: ExtensionServices, tenantId: string): CredentialsApi {
  return new CredentialsApi(services.session.graph(tenantId).client);
}

export function federationAppApi(services: ExtensionServices, tenantId: string): FederationAppApi {
  return new FederationAppApi(services.session.graph(tenantId).client);
}

/** The apps the App Registrations view has loaded for a tenant (no extra Graph request once loaded). */
export async function loadedApps(services: ExtensionServices, tenantId: string): Promise<AppRegistration[]> {
  const tenant = services.views.apps.tenantNodes().find((t) => t.tenantId === tenantId);
  if (!tenant) return [];
  await tenant.getChildren();
  await tenant.settled();
  return (await tenant.getChildren()).filter(isAppNode).map((n) => n.app);
}

/** The app from the node, or a pick among the loaded apps of every tenant (palette). */
export async function resolveApp(services: ExtensionServices, node: unknown, title: string): Promise<AppTarget> {
  requireSignedIn(services);
  if (isAppNode(node)) return appTargetOf(node);
  if (isCredentialNode(node)) return credentialTargetOf(node).app;
  const tenants = services.session.tenants();
  const items = (async () => {
    const perTenant = await Promise.all(tenants.map(async (t) => ({ tenant: t, apps: await loadedApps(services, t.id) })));
    return perTenant.flatMap(({ tenant, apps }) =>
      apps.map((app) => {
        const count = app.federatedIdentityCredentials.length;
        return {
          label: app.displayName || app.appId,
          description: `${app.appId} · ${count >= MAX_CREDENTIALS_PER_APP ? `${count} credentials (full)` : `${count} credential${count === 1 ? '' : 's'}`}`,
          detail: tenants.length > 1 ? `Tenant ${tenant.displayName ?? tenant.id}` : undefined,
          target: { objectId: app.id, appId: app.appId, displayName: app.displayName || app.appId, tenantId: tenant.id },
        };
      }),
    );
  })();
  const picked = await services.ui.pick(items, { title, placeHolder: 'App registration', emptyMessage: 'No app registrations are loaded; sign in and open the App Registrations view.' });
  return picked.target;
}

/** The credential from the node, or an app then one of its credentials (palette). */
export async function resolveCredential(services: ExtensionServices, node: unknown, title: string): Promise<CredentialTarget> {
  requireSignedIn(services);
  if (isCredentialNode(node)) return credentialTargetOf(node);
  const app = await resolveApp(services, node, title);
  const fics = await credentialsApi(services, app.tenantId).list(app.objectId);
  const picked = await services.ui.pick(
    fics.map((f) => ({ label: f.name ?? '', description: f.subject ?? '(claims expression)', detail: f.issuer ?? undefined, credential: f })),
    { title, placeHolder: `Credential of ${app.displayName}`, emptyMessage: `${app.displayName} has no federated credentials.` },
  );
  return { app, credential: picked.credential };
}

/**
 * Redraws only the app's node with its new credentials (known from the write, so no reload) and
 * reveals `reveal` under it. Best effort: an app not shown in the tree (filtered out) is skipped.
 */
export async function showCredentials(services: ExtensionServices, app: AppTarget, credentials: FederatedIdentityCredential[], reveal?: string): Promise<void> {
  const tenant = services.views.apps.tenantNodes().find((t) => t.tenantId === app.tenantId);
  const node = tenant?.findApp(app.objectId) as unknown;
  if (!isAppNode(node)) return;
  // Changed in place: the tenant's loaded page holds the same object and redraws the app from it.
  node.app.federatedIdentityCredentials = credentials;
  services.views.apps.refresh(node);
  if (reveal === undefined) return;
  const child = (await node.getChildren?.())?.find((c) => isCredentialNode(c) && c.credential.name === reveal);
  if (!child) return;
  try {
    await revealSelected(services.views.appsView, child);
  } catch (e) {
    // The view may be hidden or still loading; the credential is there all the same.
    services.log.info(`Could not reveal credential ${reveal}: ${(e as Error).message}`);
  }
}

/**
 * Reveals and selects `node`. A reveal that follows a redraw of its parent at once can land
 * before the redraw and select nothing; it is tried once more after the selection stayed put.
 */
export async function revealSelected(view: vscode.TreeView<TreeNode>, node: TreeNode, focus = false): Promise<void> {
  const selected = () => view.selection.some((n) => n.id === node.id);
  for (let attempt = 0; attempt < 2 && !selected(); attempt++) {
    await view.reveal(node, { select: true, focus, expand: true });
    if (!selected()) await selectionChange(view, 500);
  }
}

function selectionChange(view: vscode.TreeView<TreeNode>, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    const subscription = view.onDidChangeSelection(done);
    function done(): void {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    }
  });
}

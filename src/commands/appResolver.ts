// The one answer to "which app (and credential) does this command act on?": the node it was run
// on (by its reference, read from the model), else the App Registrations view's selection where
// a command asks for it, else a pick among the apps the model has loaded. And the one way a
// write reaches the model: the app's new credentials, with the new one revealed.
import type * as vscode from 'vscode';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { MAX_CREDENTIALS_PER_APP, type KnownIdentity } from '../core/credentials';
import { NotSignedInError } from '../core/errors';
import { idOf, isMultiTenant, refOf, refOfKind, type ModelRef } from '../model';
import type { AppRegistration } from '../services/graph/applications';
import { CredentialsApi } from '../services/graph/credentialsApi';
import { FederationAppApi } from '../services/graph/federationApp';
import type { TreeNode } from '../views/tree/treeNode';
import type { CommandContext } from './commandContext';
import type { ExtensionServices } from './services';

/** An app registration as commands need it. */
export interface AppTarget {
  objectId: string;
  appId: string;
  displayName: string;
  tenantId: string;
  multiTenant: boolean;
}

export interface CredentialTarget {
  app: AppTarget;
  credential: FederatedIdentityCredential;
}

/** The node kinds that name an app (a credential names its app). */
export const appRef = refOfKind('app', 'credential', 'trustedBy');
export type AppRef = NonNullable<ReturnType<typeof appRef>>;
export const credentialRef = refOfKind('credential');

export function requireSignedIn(services: Pick<ExtensionServices, 'session'>): void {
  if (!services.session.account || !services.session.environment) throw new NotSignedInError();
}

export function credentialsApi(services: Pick<ExtensionServices, 'session'>, tenantId: string): CredentialsApi {
  return new CredentialsApi(services.session.graph(tenantId).client);
}

export function federationAppApi(services: Pick<ExtensionServices, 'session'>, tenantId: string): FederationAppApi {
  return new FederationAppApi(services.session.graph(tenantId).client);
}

export function appTarget(tenantId: string, app: Pick<AppRegistration, 'id' | 'appId' | 'displayName' | 'signInAudience'>): AppTarget {
  return { objectId: app.id, appId: app.appId, displayName: app.displayName || app.appId, tenantId, multiTenant: isMultiTenant(app) };
}

/** The app a reference names, from the model (or read from Graph when it is not loaded). */
export async function appOfRef(context: CommandContext, ref: AppRef): Promise<AppTarget> {
  const catalog = context.model.tenant(ref.tenantId);
  const app = catalog.app(ref.objectId) ?? (await context.session.graph(ref.tenantId).applications.getApp(ref.objectId, context.signal));
  return appTarget(ref.tenantId, app);
}

/** The first app or credential selected in the App Registrations view. */
export function selectedAppRef(context: CommandContext): AppRef | undefined {
  for (const node of context.views.appsView.selection) {
    const ref = appRef(node);
    if (ref) return ref;
  }
  return undefined;
}

/** The app of the node, else (with `useSelection`) the view's selection, else a pick. */
export async function resolveApp(context: CommandContext, ref: AppRef | undefined, title: string, options: { useSelection?: boolean } = {}): Promise<AppTarget> {
  requireSignedIn(context);
  const from = ref ?? (options.useSelection ? selectedAppRef(context) : undefined);
  if (from) return appOfRef(context, from);
  return pickApp(context, title);
}

/** A pick among the apps the model has loaded in every tenant (it waits for the loads). */
export async function pickApp(context: CommandContext, title: string): Promise<AppTarget> {
  const tenants = context.model.tenants();
  const items = (async () => {
    await context.model.whenLoaded();
    return tenants.flatMap((tenant) =>
      context.model
        .tenant(tenant.id)
        .loadedApps()
        .map((app) => {
          const count = app.federatedIdentityCredentials.length;
          return {
            label: app.displayName || app.appId,
            description: `${app.appId} · ${count >= MAX_CREDENTIALS_PER_APP ? `${count} credentials (full)` : `${count} credential${count === 1 ? '' : 's'}`}`,
            detail: tenants.length > 1 ? `Tenant ${tenant.displayName ?? tenant.id}` : undefined,
            target: appTarget(tenant.id, app),
          };
        }),
    );
  })();
  const picked = await context.ui.pick(items, { title, placeHolder: 'App registration', emptyMessage: 'No app registrations are loaded; sign in and open the App Registrations view.' });
  return picked.target;
}

/** The credential of the node, or an app then one of its credentials (read fresh from Graph). */
export async function resolveCredential(context: CommandContext, ref: AppRef | undefined, title: string): Promise<CredentialTarget> {
  requireSignedIn(context);
  const app = await resolveApp(context, ref, title);
  if (ref?.kind === 'credential') {
    const known = credentialsOf(context, app).find((f) => f.name === ref.name);
    const credential = known ?? (await credentialsApi(context, app.tenantId).get(app.objectId, ref.name, context.signal));
    if (!credential) throw new Error(`The credential "${ref.name}" no longer exists on ${app.displayName}; refresh the view.`);
    return { app, credential };
  }
  const fics = await credentialsApi(context, app.tenantId).list(app.objectId, context.signal);
  const picked = await context.ui.pick(
    fics.map((f) => ({ label: f.name ?? '', description: f.subject ?? '(claims expression)', detail: f.issuer ?? undefined, credential: f })),
    { title, placeHolder: `Credential of ${app.displayName}`, emptyMessage: `${app.displayName} has no federated credentials.` },
  );
  return { app, credential: picked.credential };
}

/** The app's credentials as the model holds them (empty when the app is not loaded). */
export function credentialsOf(services: Pick<ExtensionServices, 'model'>, app: Pick<AppTarget, 'tenantId' | 'objectId'>): FederatedIdentityCredential[] {
  return services.model.tenant(app.tenantId).app(app.objectId)?.federatedIdentityCredentials ?? [];
}

export function knownIdentitiesOf(services: Pick<ExtensionServices, 'model'>, tenantId: string): KnownIdentity[] {
  return services.model.tenant(tenantId).knownIdentities();
}

/**
 * A write of this command: the model learns the app's new credentials (from the write, so no
 * reload) and when they were written; only the app's node redraws. `reveal` selects one of them.
 */
export async function credentialsChanged(context: CommandContext, app: AppTarget, credentials: FederatedIdentityCredential[], reveal?: string): Promise<void> {
  context.model.tenant(app.tenantId).credentialsWritten(app.objectId, credentials);
  if (reveal === undefined) return;
  await revealRef(context, { kind: 'credential', tenantId: app.tenantId, objectId: app.objectId, name: reveal });
}

/** Reveals and selects the node of a reference, drawing its parents first. Best effort. */
export async function revealRef(context: CommandContext, ref: ModelRef, focus = false): Promise<void> {
  const view = context.views.appsView;
  const parentRef: ModelRef | undefined = ref.kind === 'credential' ? { kind: 'app', tenantId: ref.tenantId, objectId: ref.objectId } : undefined;
  try {
    // A node is revealed by the object the view was given: draw its parent's children first.
    const parent = parentRef && context.views.node(idOf(parentRef));
    if (parent) await context.views.apps.getChildren(parent);
    if (!parent && ref.kind === 'app') await context.views.apps.getChildren(context.views.node(idOf({ kind: 'tenant', tenantId: ref.tenantId })));
    const node = context.views.node(idOf(ref));
    if (node) await revealSelected(view, node, focus);
  } catch (e) {
    // The view may be hidden or still loading; the item is there all the same.
    context.log.info(`Could not reveal ${idOf(ref)}: ${(e as Error).message}`);
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

/** The tenant a node belongs to (any node under a tenant), for commands that act per tenant. */
export function tenantOfNode(node: unknown): string | undefined {
  const ref = refOf(node);
  return ref && 'tenantId' in ref ? ref.tenantId : undefined;
}

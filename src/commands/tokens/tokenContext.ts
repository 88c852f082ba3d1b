// What the token commands share: the selected app and credential (from the node a command was
// run on, else the App Registrations view's selection), the token function to use, and a
// cancellable progress notification.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import * as vscode from 'vscode';
import { CancelledError } from '../../core/errors';
import { PUBLIC_EXCHANGE_AUDIENCE } from '../../core/clouds';
import { TokenFunctionClient, type TokenFunctionEntry } from '../../services/tokenFunction';
import { currentTrust } from '../../services/tokenFunction/trust';
import { AppNode } from '../../views/tree/appNode';
import { CredentialNode } from '../../views/tree/credentialNode';
import { EndpointNode, TokenFunctionNode } from '../../views/tree/tokenFunctionNodes';
import type { ExtensionServices } from '../services';

export const DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

/** The app (and credential) a token command works with. */
export interface AppSelection {
  appId: string;
  objectId: string;
  displayName?: string;
  /** The tenant the app registration lives in. */
  tenantId: string;
  multiTenant: boolean;
  credentials: FederatedIdentityCredential[];
  credential?: FederatedIdentityCredential;
  knownIdentities: ReadonlyArray<{ id: string; appId: string; displayName?: string }>;
}

/** The app of a node, or of what is selected in the App Registrations view. */
export function selectedApp(services: ExtensionServices, node?: unknown): AppSelection | undefined {
  const candidates = [node, ...services.views.appsView.selection];
  for (const candidate of candidates) {
    if (candidate instanceof CredentialNode) {
      const app = candidate.getParent();
      if (app instanceof AppNode) return fromAppNode(services, app, candidate.credential);
    }
    if (candidate instanceof AppNode) return fromAppNode(services, candidate);
  }
  return undefined;
}

function fromAppNode(services: ExtensionServices, node: AppNode, credential?: FederatedIdentityCredential): AppSelection {
  const tenant = services.views.apps.tenantNodes().find((t) => t.tenantId === node.tenantId);
  return {
    appId: node.appId,
    objectId: node.appObjectId,
    ...(node.app.displayName ? { displayName: node.app.displayName } : {}),
    tenantId: node.tenantId,
    multiTenant: node.multiTenant,
    credentials: node.app.federatedIdentityCredentials,
    ...(credential ? { credential } : {}),
    knownIdentities: tenant?.knownIdentities() ?? [],
  };
}

/** Lets the user pick one of the loaded apps of every tenant. */
export async function pickApp(services: ExtensionServices, title: string): Promise<AppSelection> {
  const items = (async () => {
    const out: Array<vscode.QuickPickItem & { node: AppNode }> = [];
    for (const tenant of services.views.apps.tenantNodes()) {
      await tenant.getChildren();
      await tenant.settled();
      for (const child of await tenant.getChildren()) {
        if (child instanceof AppNode) out.push({ label: child.app.displayName || child.appId, description: child.appId, detail: tenant.tenant.displayName ?? tenant.tenantId, node: child });
      }
    }
    return out;
  })();
  const picked = await services.ui.pick(items, { title, placeHolder: 'The app registration whose federated credentials to use', emptyMessage: 'Sign in and load your app registrations first.' });
  return fromAppNode(services, picked.node);
}

/** The app's credentials as Graph has them now (the tree may be stale); the tree's on failure. */
export async function freshCredentials(services: ExtensionServices, app: AppSelection, signal?: AbortSignal): Promise<FederatedIdentityCredential[]> {
  try {
    return await services.session.graph(app.tenantId).applications.listCredentials(app.objectId, signal);
  } catch (e) {
    services.log.warn(`Could not reload the credentials of ${app.appId}; using the ones shown in the tree. ${e instanceof Error ? e.message : String(e)}`);
    return app.credentials;
  }
}

/**
 * The scope of the managed identity's token: the chosen credential's audience + `/.default`,
 * else the first managed-identity-looking credential's, else the cloud's exchange audience.
 */
export function defaultFedScope(services: ExtensionServices, app?: AppSelection): string {
  const fic = app?.credential ?? app?.credentials.find((c) => c.subject && /^[0-9a-f-]{36}$/i.test(c.subject)) ?? app?.credentials[0];
  const audience = fic?.audiences?.[0] ?? services.session.environment?.cloud.exchangeAudience ?? PUBLIC_EXCHANGE_AUDIENCE;
  return `${audience.replace(/\/+$/, '')}/.default`;
}

/** Where the app token should come from: another tenant of the session for a multi-tenant app. */
export function defaultTargetTenant(services: ExtensionServices, app?: AppSelection): string {
  const tenants = services.session.tenants();
  if (app?.multiTenant) {
    const other = tenants.find((t) => t.id !== app.tenantId);
    if (other) return other.id;
  }
  return app?.tenantId ?? tenants[0]?.id ?? '';
}

/** The token function of a node, the only one there is, or the one the user picks. */
export async function pickTokenFunction(services: ExtensionServices, node?: unknown): Promise<TokenFunctionEntry> {
  const store = services.views.tokenFunctions.store;
  const id = node instanceof TokenFunctionNode || node instanceof EndpointNode ? node.functionId : undefined;
  const fromNode = id ? store.get(id) : undefined;
  if (fromNode) return fromNode;
  const list = store.list();
  if (list.length === 1) return list[0];
  const picked = await services.ui.pick(
    list.map((f) => ({ label: f.name, description: f.baseUrl, entry: f })),
    { title: 'Which token function?', emptyMessage: 'Add a token function first: run "MI Federation: Add Token Function…".' },
  );
  return picked.entry;
}

export async function clientFor(services: ExtensionServices, entry: TokenFunctionEntry): Promise<TokenFunctionClient> {
  const key = await services.views.tokenFunctions.store.key(entry.id);
  return new TokenFunctionClient(entry.baseUrl, key, { ca: currentTrust(services.session, services.sandbox).ca });
}

/** Runs `task` under a notification with a Cancel button; cancelling aborts its signal. */
export function withCancellableProgress<T>(title: string, task: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        const result = await task(controller.signal, (message) => progress.report({ message }));
        if (controller.signal.aborted) throw new CancelledError();
        return result;
      } finally {
        subscription.dispose();
      }
    }),
  );
}

/** The clipboard's text, or '' where the browser does not let VS Code read it. */
export async function readClipboard(): Promise<string> {
  try {
    return (await vscode.env.clipboard.readText()).trim();
  } catch {
    return '';
  }
}

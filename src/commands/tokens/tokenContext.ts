// What the token commands share: the selected app and credential (from the node a command was
// run on, else the App Registrations view's selection), the token function to use, and a
// cancellable progress notification.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import * as vscode from 'vscode';
import { PUBLIC_EXCHANGE_AUDIENCE } from '../../core/clouds';
import { refOfKind, type RefOfKind } from '../../model';
import type { TokenFunctionEntry } from '../../services/tokenFunction';
import { appOfRef, credentialsOf, knownIdentitiesOf, pickApp as pickAppTarget, selectedAppRef, type AppRef, type AppTarget } from '../appResolver';
import { GRAPH_DEFAULT_SCOPE } from '../../shared/entraFacts';
import type { CommandContext } from '../commandContext';

export const DEFAULT_SCOPE = GRAPH_DEFAULT_SCOPE;

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

/** The app of a node, or of what is selected in the App Registrations view (no pick). */
export async function selectedApp(context: CommandContext, ref?: AppRef): Promise<AppSelection | undefined> {
  const from = ref ?? selectedAppRef(context);
  if (!from) return undefined;
  return selectionOf(context, await appOfRef(context, from), from.kind === 'credential' || from.kind === 'trustedBy' ? from.name : undefined);
}

/** An app as the token commands see it: with its credentials and the tenant's identities (the model's). */
export function selectionOf(context: CommandContext, app: AppTarget, credentialName?: string): AppSelection {
  const credentials = credentialsOf(context, app);
  const credential = credentialName === undefined ? undefined : credentials.find((c) => c.name === credentialName);
  return {
    appId: app.appId,
    objectId: app.objectId,
    ...(app.displayName ? { displayName: app.displayName } : {}),
    tenantId: app.tenantId,
    multiTenant: app.multiTenant,
    credentials,
    ...(credential ? { credential } : {}),
    knownIdentities: knownIdentitiesOf(context, app.tenantId),
  };
}

/** Lets the user pick one of the loaded apps of every tenant. */
export async function pickApp(context: CommandContext, title: string): Promise<AppSelection> {
  return selectionOf(context, await pickAppTarget(context, title));
}

/** The app's credentials as Graph has them now (the tree may be stale); the tree's on failure. */
export async function freshCredentials(context: CommandContext, app: AppSelection, signal?: AbortSignal): Promise<FederatedIdentityCredential[]> {
  try {
    return await context.session.graph(app.tenantId).applications.listCredentials(app.objectId, signal);
  } catch (e) {
    context.log.warn(`Could not reload the credentials of ${app.appId}; using the ones shown in the tree. ${e instanceof Error ? e.message : String(e)}`);
    return app.credentials;
  }
}

/**
 * The scope of the managed identity's token: the chosen credential's audience + `/.default`,
 * else the first managed-identity-looking credential's, else the cloud's exchange audience.
 */
export function defaultFedScope(context: CommandContext, app?: AppSelection): string {
  const fic = app?.credential ?? app?.credentials.find((c) => c.subject && /^[0-9a-f-]{36}$/i.test(c.subject)) ?? app?.credentials[0];
  const audience = fic?.audiences?.[0] ?? context.session.environment?.cloud.exchangeAudience ?? PUBLIC_EXCHANGE_AUDIENCE;
  return `${audience.replace(/\/+$/, '')}/.default`;
}

/** Where the app token should come from: another tenant of the session for a multi-tenant app. */
export function defaultTargetTenant(context: CommandContext, app?: AppSelection): string {
  const tenants = context.session.tenants();
  if (app?.multiTenant) {
    const other = tenants.find((t) => t.id !== app.tenantId);
    if (other) return other.id;
  }
  return app?.tenantId ?? tenants[0]?.id ?? '';
}

/** The node kinds that name a token function. */
export const tokenFunctionRef = refOfKind('tokenFunction', 'endpoint');
export type TokenFunctionRef = RefOfKind<'tokenFunction' | 'endpoint'>;

/** The token function of a node, the only one there is, or the one the user picks. */
export async function pickTokenFunction(context: CommandContext, ref?: TokenFunctionRef): Promise<TokenFunctionEntry> {
  const functions = context.model.tokenFunctions;
  const fromNode = ref ? functions.get(ref.functionId) : undefined;
  if (fromNode) return fromNode;
  const list = functions.list();
  if (list.length === 1) return list[0];
  const picked = await context.ui.pick(
    list.map((f) => ({ label: f.name, description: f.baseUrl, entry: f })),
    { title: 'Which token function?', emptyMessage: 'Add a token function first: run "MI Federation: Add Token Function…".' },
  );
  return picked.entry;
}

/** The clipboard's text, or '' where the browser does not let VS Code read it. */
export async function readClipboard(): Promise<string> {
  try {
    return (await vscode.env.clipboard.readText()).trim();
  } catch {
    return '';
  }
}

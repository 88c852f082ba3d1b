// Create Federation App… — the seed's pattern, step by step (see federationApp.ts). When a step
// fails after the app exists, the user is told exactly what exists and what is missing and is
// offered to finish or to delete it; dismissing that leaves a warning naming what is left.
import * as vscode from 'vscode';
import { CancelledError, describeError } from '../../core/errors';
import {
  describeFederationState,
  FederationAppIncompleteError,
  stepTitles,
  type FederationAppState,
  type FederationStep,
} from '../../services/graph/federationApp';
import type { ExtensionServices } from '../services';
import { federationAppApi, requireSignedIn } from './targets';
import { tenantName } from './wizardContext';

const finishSetup = 'Finish Setup';
const deleteApp = 'Delete the App';
const copyScope = 'Copy Scope';

export interface FederationAppResult extends FederationAppState {
  /** What the managed identity asks a token for: `api://{appId}/.default`. */
  scope: string;
}

/** From a tenant or app node (its tenant), or the palette (a tenant pick when there are several). */
export async function createFederationApp(services: ExtensionServices, node?: unknown): Promise<FederationAppResult | undefined> {
  requireSignedIn(services);
  const tenantId = tenantOf(node) ?? (await pickTenant(services));
  return createFederationAppIn(services, tenantId);
}

export async function createFederationAppIn(services: ExtensionServices, tenantId: string): Promise<FederationAppResult> {
  const displayName = await services.ui.input({
    title: `Create Federation App in ${tenantName(services, tenantId)}: display name`,
    prompt: "An app registration that is only the audience of the managed identity's token (the seed's federation-app pattern).",
    value: 'Managed Identity Federation',
    validate: (v) => (v.trim().length === 0 ? 'Enter a display name.' : v.length > 256 ? 'At most 256 characters.' : undefined),
  });
  await services.ui.confirm(
    `Create the federation app "${displayName.trim()}" in ${tenantName(services, tenantId)}?`,
    [
      'Three steps, each read back from Microsoft Graph:',
      '1. create the app registration (single tenant);',
      '2. set its Application ID URI to api://{appId} and make it issue v2 access tokens;',
      '3. provision its service principal.',
      '',
      'Current Microsoft docs list only the official exchange audiences (api://AzureADTokenExchange); this pattern comes from the 2022 preview.',
    ].join('\n'),
    'Create',
  );
  const api = federationAppApi(services, tenantId);
  let state = await withSteps(services, (onStep) => api.create(displayName.trim(), onStep), tenantId);
  while (state instanceof FederationAppIncompleteError) {
    state = await resolveIncomplete(services, tenantId, state);
  }
  reloadTenant(services, tenantId);
  const scope = `${state.identifierUri}/.default`;
  services.log.info(`Federation app ${state.app.displayName} (${state.app.appId}) is ready; scope ${scope}.`);
  void services.ui
    .message('info', `Federation app "${state.app.displayName}" is ready. Audience for credentials: ${state.identifierUri}; the managed identity asks for scope ${scope}.`, copyScope)
    .then((action) => {
      if (action === copyScope) void vscode.env.clipboard.writeText(scope);
    });
  return { ...state, scope };
}

/** Finish or delete a half-made app; returns the finished state or another incomplete one. */
async function resolveIncomplete(services: ExtensionServices, tenantId: string, incomplete: FederationAppIncompleteError): Promise<FederationAppState | FederationAppIncompleteError> {
  const { state } = incomplete;
  services.log.error(`Federation app ${state.app.appId}: ${stepTitles[incomplete.failedStep]} failed`, incomplete.reason);
  const what = describeFederationState(state);
  let choice: string;
  try {
    choice = await services.ui.confirm(
      `${stepTitles[incomplete.failedStep]} failed: ${describeError(incomplete.reason)}`,
      `${what}\n\nFinish the missing steps, or delete the app so nothing half-made is left.`,
      finishSetup,
      deleteApp,
    );
  } catch (e) {
    void services.ui.message('warning', `The federation app was left as it is. ${what} Run "Create Federation App…" again or delete it in the App Registrations view.`);
    reloadTenant(services, tenantId);
    throw e;
  }
  const api = federationAppApi(services, tenantId);
  if (choice === finishSetup) return withSteps(services, (onStep) => api.finish(state.app.id, onStep), tenantId);
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting ${state.app.displayName}…` }, () => api.remove(state.app.id));
  reloadTenant(services, tenantId);
  void services.ui.message('info', `Deleted the app "${state.app.displayName}" (client id ${state.app.appId}); nothing of it is left.`);
  // The user chose to delete the half-made app: the command ends there, quietly.
  throw new CancelledError('The half-made federation app was deleted.');
}

async function withSteps(
  services: ExtensionServices,
  run: (onStep: (step: FederationStep) => void) => Promise<FederationAppState>,
  tenantId: string,
): Promise<FederationAppState | FederationAppIncompleteError> {
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Federation app' }, (progress) =>
      run((step) => progress.report({ message: `${stepTitles[step]}…` })),
    );
  } catch (e) {
    if (e instanceof FederationAppIncompleteError) return e;
    reloadTenant(services, tenantId);
    throw e;
  }
}

/** The new (or removed) app shows up under its tenant: that tenant node alone reloads. */
function reloadTenant(services: ExtensionServices, tenantId: string): void {
  services.views.apps.tenantNodes().find((t) => t.tenantId === tenantId)?.reload();
}

function tenantOf(node: unknown): string | undefined {
  const n = node as { tenantId?: unknown } | undefined;
  return typeof n?.tenantId === 'string' ? n.tenantId : undefined;
}

async function pickTenant(services: ExtensionServices): Promise<string> {
  const tenants = services.session.tenants();
  if (tenants.length === 1) return tenants[0].id;
  const picked = await services.ui.pick(
    tenants.map((t) => ({ label: t.displayName ?? t.id, description: t.home ? `${t.id} · home` : t.id, tenantId: t.id })),
    { title: 'Create Federation App: in which tenant? (the managed identity\'s tenant)' },
  );
  return picked.tenantId;
}

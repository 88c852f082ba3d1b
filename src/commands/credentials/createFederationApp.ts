// Create Federation App… — the federation-app pattern (2022), step by step (see federationApp.ts). When a step
// fails after the app exists, the user is told exactly what exists and what is missing and is
// offered to finish or to delete it; dismissing that leaves a warning naming what is left.
import * as vscode from 'vscode';
import { CancelledError, describeError, isCancellation } from '../../core/errors';
import {
  describeFederationState,
  FederationAppIncompleteError,
  stepTitles,
  type FederationAppState,
  type FederationStep,
} from '../../services/graph/federationApp';
import type { CommandContext } from '../commandContext';
import { refOfKind } from '../../model';
import { federationAppApi, requireSignedIn } from '../appResolver';
import { defineCommand } from '../registry';
import { federationPatternName } from './federationPattern';
import { tenantName } from './wizardContext';

const finishSetup = 'Finish Setup';
const deleteApp = 'Delete the App';
const copyScope = 'Copy Scope';

export interface FederationAppResult extends FederationAppState {
  /** What the managed identity asks a token for: `api://{appId}/.default`. */
  scope: string;
}

/** From a tenant or app node (its tenant), or the palette (a tenant pick when there are several). */
const inTenantOf = refOfKind('tenant', 'app', 'credential');

export const createFederationAppCommand = defineCommand('miFederation.createFederationApp', {
  target: inTenantOf,
  run: async (context, { target }) => {
    requireSignedIn(context);
    return createFederationAppIn(context, target?.tenantId ?? (await pickTenant(context)));
  },
});

export async function createFederationAppIn(context: CommandContext, tenantId: string): Promise<FederationAppResult> {
  const displayName = await context.ui.input({
    title: `Create Federation App in ${tenantName(context, tenantId)}: display name`,
    prompt: "An app registration that is only the audience of the managed identity's token (the federation-app pattern of 2022, which predates the official audience).",
    value: 'Managed Identity Federation',
    validate: (v) => (v.trim().length === 0 ? 'Enter a display name.' : v.length > 256 ? 'At most 256 characters.' : undefined),
  });
  await context.ui.confirm(
    `Create the federation app "${displayName.trim()}" in ${tenantName(context, tenantId)}?`,
    [
      'Three steps, each read back from Microsoft Graph:',
      '1. create the app registration (single tenant);',
      '2. set its Application ID URI to api://{appId} and make it issue v2 access tokens;',
      '3. provision its service principal.',
      '',
      `This is ${federationPatternName}. Current Microsoft docs list only the official exchange audience (api://AzureADTokenExchange): prefer it unless a workload already depends on this pattern.`,
    ].join('\n'),
    'Create',
  );
  const api = federationAppApi(context, tenantId);
  let state = await withSteps(context, (onStep) => api.create(displayName.trim(), onStep), tenantId);
  while (state instanceof FederationAppIncompleteError) {
    if (isCancellation(state.reason)) leftByCancel(context, tenantId, state);
    state = await resolveIncomplete(context, tenantId, state);
  }
  // The model learns the app from the steps' own answers: only its tenant redraws, no reload.
  context.model.tenant(tenantId).appCreated({
    id: state.app.id,
    appId: state.app.appId,
    displayName: state.app.displayName,
    signInAudience: 'AzureADMyOrg',
    identifierUris: [state.identifierUri],
    api: { requestedAccessTokenVersion: 2 },
    federatedIdentityCredentials: [],
    passwordCredentials: [],
    keyCredentials: [],
  });
  const scope = `${state.identifierUri}/.default`;
  context.log.info(`Federation app ${state.app.displayName} (${state.app.appId}) is ready; scope ${scope}.`);
  void context.ui
    .message('info', `Federation app "${state.app.displayName}" is ready. Audience for credentials: ${state.identifierUri}; the managed identity asks for scope ${scope}.`, copyScope)
    .then((action) => {
      if (action === copyScope) void vscode.env.clipboard.writeText(scope);
    });
  return { ...state, scope };
}

/** Finish or delete a half-made app; returns the finished state or another incomplete one. */
async function resolveIncomplete(context: CommandContext, tenantId: string, incomplete: FederationAppIncompleteError): Promise<FederationAppState | FederationAppIncompleteError> {
  const { state } = incomplete;
  context.log.error(`Federation app ${state.app.appId}: ${stepTitles[incomplete.failedStep]} failed`, incomplete.reason);
  const what = describeFederationState(state);
  let choice: string;
  try {
    choice = await context.ui.confirm(
      `${stepTitles[incomplete.failedStep]} failed: ${describeError(incomplete.reason)}`,
      `${what}\n\nFinish the missing steps, or delete the app so nothing half-made is left.`,
      finishSetup,
      deleteApp,
    );
  } catch (e) {
    void context.ui.message('warning', `The federation app was left as it is. ${what} Run "Create Federation App…" again or delete it in the App Registrations view.`);
    reloadTenant(context, tenantId);
    throw e;
  }
  const api = federationAppApi(context, tenantId);
  if (choice === finishSetup) return withSteps(context, (onStep) => api.finish(state.app.id, onStep), tenantId);
  await context.progress(`Deleting ${state.app.displayName}…`, () => api.remove(state.app.id));
  context.model.tenant(tenantId).appDeleted(state.app.id);
  void context.ui.message('info', `Deleted the app "${state.app.displayName}" (client id ${state.app.appId}); nothing of it is left.`);
  // The user chose to delete the half-made app: the command ends there, quietly.
  throw new CancelledError('The half-made federation app was deleted.');
}

async function withSteps(
  context: CommandContext,
  run: (onStep: (step: FederationStep) => void) => Promise<FederationAppState>,
  tenantId: string,
): Promise<FederationAppState | FederationAppIncompleteError> {
  try {
    // Cancel stops the steps at the next step boundary (a step's request in flight completes):
    // before the app exists nothing is left; after, the user is told exactly what exists.
    return await context.progress('Federation app', (signal, report) =>
      run((step) => {
        if (signal.aborted) throw new CancelledError();
        report(`${stepTitles[step]}…`);
      }),
    );
  } catch (e) {
    if (e instanceof FederationAppIncompleteError) return e;
    reloadTenant(context, tenantId);
    throw e;
  }
}

/** The app list as Graph now has it, after a step failed or was cancelled: that tenant alone reloads. */
function reloadTenant(context: CommandContext, tenantId: string): void {
  context.model.tenant(tenantId).reloadApps();
}

/** Cancelled after the app exists: say what is there and end the command (quietly, as a cancel). */
function leftByCancel(context: CommandContext, tenantId: string, incomplete: FederationAppIncompleteError): never {
  const what = describeFederationState(incomplete.state);
  void context.ui.message('warning', `Cancelled: the federation app "${incomplete.state.app.displayName}" was left as it is. ${what} Run "Create Federation App…" again to finish it, or delete it in the App Registrations view.`);
  reloadTenant(context, tenantId);
  throw new CancelledError('Federation app cancelled part-way.');
}

async function pickTenant(context: CommandContext): Promise<string> {
  const tenants = context.session.tenants();
  if (tenants.length === 1) return tenants[0].id;
  const picked = await context.ui.pick(
    tenants.map((t) => ({ label: t.displayName ?? t.id, description: t.home ? `${t.id} · home` : t.id, tenantId: t.id })),
    { title: 'Create Federation App: in which tenant? (the managed identity\'s tenant)' },
  );
  return picked.tenantId;
}

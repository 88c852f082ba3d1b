// The "federation app" of the federation-app pattern (2022): an app registration whose only job
// is to be the audience of the managed identity's token. Three steps: create the app; set its
// Application ID URI to api://{appId} and make it issue v2 access tokens; provision its service
// principal (a token for its URI needs one). Each step can fail on its own, so the state of a
// half-made app is always read back from Graph and reported, and the caller offers to finish or
// to delete it.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Application, ServicePrincipal } from '@microsoft/microsoft-graph-types';
import { GraphError, MiFederationError } from '../../core/errors';
import { isUnknownOutcome } from './credentialsApi';
import { getGraphPage, graphCollect, sendGraphRequest, type GraphMethod } from './graphRequest';

export type FederationStep = 'createApp' | 'configureApi' | 'provisionServicePrincipal';

export const stepTitles: Record<FederationStep, string> = {
  createApp: 'Creating the app registration',
  configureApi: 'Setting its Application ID URI and v2 access tokens',
  provisionServicePrincipal: 'Provisioning its service principal',
};

/** What exists in Graph, read back rather than assumed. */
export interface FederationAppState {
  app: { id: string; appId: string; displayName: string };
  identifierUri: string;
  /** `api://{appId}` is among the app's identifierUris. */
  hasIdentifierUri: boolean;
  /** `api.requestedAccessTokenVersion` is 2. */
  issuesV2Tokens: boolean;
  servicePrincipalId?: string;
}

/** A federation app exists but a later step failed: `state` says exactly what is there. */
export class FederationAppIncompleteError extends MiFederationError {
  override readonly name = 'FederationAppIncompleteError';
  constructor(
    readonly state: FederationAppState,
    readonly failedStep: FederationStep,
    readonly reason: unknown,
  ) {
    super(`${stepTitles[failedStep]} failed; the app "${state.app.displayName}" exists but is not complete.`, { cause: reason });
  }
}

export function federationUri(appId: string): string {
  return `api://${appId}`;
}

export function missingSteps(state: FederationAppState): FederationStep[] {
  const steps: FederationStep[] = [];
  if (!state.hasIdentifierUri || !state.issuesV2Tokens) steps.push('configureApi');
  if (!state.servicePrincipalId) steps.push('provisionServicePrincipal');
  return steps;
}

/** One paragraph naming what exists and what is missing. */
export function describeFederationState(state: FederationAppState): string {
  const done: string[] = [`the app registration "${state.app.displayName}" (client id ${state.app.appId})`];
  const missing: string[] = [];
  (state.hasIdentifierUri ? done : missing).push(`its Application ID URI ${state.identifierUri}`);
  (state.issuesV2Tokens ? done : missing).push('v2 access tokens (requestedAccessTokenVersion = 2)');
  (state.servicePrincipalId ? done : missing).push('its service principal');
  return `Exists: ${done.join(', ')}.${missing.length > 0 ? ` Missing: ${missing.join(', ')}.` : ''}`;
}

const appFields = 'id,appId,displayName,identifierUris,api';

export class FederationAppApi {
  constructor(private readonly client: () => Promise<Client>) {}

  /**
   * Runs the three steps. Throws FederationAppIncompleteError once the app exists and a later
   * step fails; any error before that means nothing was created.
   */
  async create(displayName: string, onStep?: (step: FederationStep) => void, signal?: AbortSignal): Promise<FederationAppState> {
    onStep?.('createApp');
    const app = await this.createApp(displayName, signal);
    const state: FederationAppState = {
      app,
      identifierUri: federationUri(app.appId),
      hasIdentifierUri: false,
      issuesV2Tokens: false,
    };
    return this.runMissingSteps(state, onStep, signal);
  }

  /** Reads the app and its service principal back from Graph. */
  async inspect(appObjectId: string, signal?: AbortSignal): Promise<FederationAppState> {
    const app = (await this.request('GET', `/applications/${encodeURIComponent(appObjectId)}?$select=${appFields}`, undefined, false, signal)) as Application;
    const appId = app.appId ?? '';
    const identifierUri = federationUri(appId);
    return {
      app: { id: app.id ?? appObjectId, appId, displayName: app.displayName ?? appId },
      identifierUri,
      hasIdentifierUri: (app.identifierUris ?? []).some((u) => u.toLowerCase() === identifierUri.toLowerCase()),
      issuesV2Tokens: app.api?.requestedAccessTokenVersion === 2,
      servicePrincipalId: await this.findServicePrincipal(appId, signal),
    };
  }

  /** Reads the actual state, then runs only the steps still missing. */
  async finish(appObjectId: string, onStep?: (step: FederationStep) => void, signal?: AbortSignal): Promise<FederationAppState> {
    return this.runMissingSteps(await this.inspect(appObjectId, signal), onStep, signal);
  }

  /**
   * Deletes the app. Entra deletes its service principal in the home tenant with it. A 404
   * means it is already gone, which is what the caller wants.
   */
  async remove(appObjectId: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.request('DELETE', `/applications/${encodeURIComponent(appObjectId)}`, undefined, false, signal);
    } catch (e) {
      if (!(e instanceof GraphError && e.status === 404)) throw e;
    }
  }

  private async runMissingSteps(state: FederationAppState, onStep?: (step: FederationStep) => void, signal?: AbortSignal): Promise<FederationAppState> {
    let step: FederationStep = 'configureApi';
    try {
      if (!state.hasIdentifierUri || !state.issuesV2Tokens) {
        onStep?.(step);
        // One PATCH for both: the URI and the token version are one concern (the audience).
        await this.request('PATCH', `/applications/${encodeURIComponent(state.app.id)}`, {
          identifierUris: [state.identifierUri],
          api: { requestedAccessTokenVersion: 2 },
        }, false, signal);
        state = { ...state, hasIdentifierUri: true, issuesV2Tokens: true };
      }
      step = 'provisionServicePrincipal';
      if (!state.servicePrincipalId) {
        onStep?.(step);
        state = { ...state, servicePrincipalId: await this.provisionServicePrincipal(state.app.appId, signal) };
      }
      return state;
    } catch (e) {
      // Report what is really there, not what the failed step suggests.
      // Also after a Cancel: the app exists, and the person must learn what is missing.
      const actual = await this.inspect(state.app.id).catch(() => state);
      if (missingSteps(actual).length === 0) return actual;
      throw new FederationAppIncompleteError(actual, step, e);
    }
  }

  /**
   * POST /applications, sent once. When the outcome is unknown (the connection dropped), the
   * apps with this display name are compared with those before: a new one is the app we made.
   */
  private async createApp(displayName: string, signal?: AbortSignal): Promise<FederationAppState['app']> {
    const before = new Set((await this.appsNamed(displayName, signal)).map((a) => a.id));
    try {
      const app = (await this.request('POST', '/applications', { displayName, signInAudience: 'AzureADMyOrg' }, true, signal)) as Application;
      return { id: app.id ?? '', appId: app.appId ?? '', displayName: app.displayName ?? displayName };
    } catch (e) {
      if (!isUnknownOutcome(e)) throw e;
      const made = (await this.appsNamed(displayName).catch(() => undefined))?.filter((a) => !before.has(a.id));
      if (made?.length === 1) return made[0];
      throw new Error(
        `The connection dropped while creating the app "${displayName}", and it could not be told whether it was created. Look for an app registration of that name before trying again.`,
        { cause: e },
      );
    }
  }

  private async appsNamed(displayName: string, signal?: AbortSignal): Promise<Array<FederationAppState['app']>> {
    const filter = encodeURIComponent(`displayName eq '${displayName.replace(/'/g, "''")}'`);
    const apps = await graphCollect<Application>(await this.client(), `/applications?$filter=${filter}&$select=id,appId,displayName&$top=999`, { signal });
    return apps.map((a) => ({ id: a.id ?? '', appId: a.appId ?? '', displayName: a.displayName ?? displayName }));
  }

  private async provisionServicePrincipal(appId: string, signal?: AbortSignal): Promise<string> {
    try {
      const sp = (await this.request('POST', '/servicePrincipals', { appId }, true, signal)) as ServicePrincipal;
      return sp.id ?? '';
    } catch (e) {
      // Already there (a 409), or possibly made before the connection dropped: look.
      const conflict = e instanceof GraphError && e.status === 409;
      if (!conflict && !isUnknownOutcome(e)) throw e;
      const existing = await this.findServicePrincipal(appId, signal);
      if (existing) return existing;
      throw e;
    }
  }

  private async findServicePrincipal(appId: string, signal?: AbortSignal): Promise<string | undefined> {
    const filter = encodeURIComponent(`appId eq '${appId}'`);
    const page = await getGraphPage<ServicePrincipal>(await this.client(), `/servicePrincipals?$filter=${filter}&$select=id,appId`, { signal });
    return page.value[0]?.id ?? undefined;
  }

  private async request(method: GraphMethod, url: string, body?: unknown, once = false, signal?: AbortSignal): Promise<unknown> {
    return sendGraphRequest(await this.client(), method, url, { body, once, signal });
  }
}

// "Invoke…" on a token function endpoint: parameters pre-filled from the selected app and
// credential, a review step, then the call under a cancellable progress notification. Every
// token obtained opens in the inspector; for an app token, the managed identity's token is
// fetched first so the chain (and, when the function fails without a reason, the doctor's
// verdict) can be shown.
import { TokenError, TokenFunctionError } from '../../core/errors';
import type { EndpointInfo, InvokeResult, ManagedIdentityTokenResult, TokenFunctionClient, TokenFunctionEntry } from '../../services/tokenFunction';
import type { InspectorState } from '../../shared/protocol';
import type { FlowToken, InspectorFlow } from '../../views/inspector';
import { tokenErrorView } from '../../views/inspector/inspectorModel';
import { EndpointNode } from '../../views/tree/tokenFunctionNodes';
import type { ExtensionServices } from '../services';
import { appForClientId, diagnoseFlow, flowContext } from './flowContext';
import { prefill, reviewParameters } from './reviewParameters';
import { clientFor, DEFAULT_SCOPE, defaultFedScope, defaultTargetTenant, pickTokenFunction, selectedApp, withCancellableProgress } from './tokenContext';

export interface InvokeOutcome {
  endpoint: string;
  result: InvokeResult['kind'];
  /** What the inspector shows (no raw token), when a token was obtained. */
  inspector?: InspectorState;
}

/** `appContext`: an app or credential node whose values pre-fill the parameters (else the selection). */
export async function invokeEndpoint(services: ExtensionServices, node?: unknown, appContext?: unknown): Promise<InvokeOutcome> {
  const entry = await pickTokenFunction(services, node);
  const client = await clientFor(services, entry);
  const endpoint = node instanceof EndpointNode ? node.endpoint : await pickEndpoint(services, entry, client);
  // Run on an app or credential (its context menu), the node itself is the context.
  const app = selectedApp(services, appContext ?? node);
  const fedScope = defaultFedScope(services, app);
  const values = prefill(endpoint.parameters, { clientId: app?.appId, tenantId: defaultTargetTenant(services, app), fedScope, scope: DEFAULT_SCOPE }, endpoint.kind);
  const parameters = await reviewParameters(services.ui, `Invoke ${endpoint.name}`, endpoint.parameters, values);
  services.log.info(`Invoking ${endpoint.name} of ${entry.name} with ${Object.keys(parameters).join(', ') || 'no parameters'}.`);

  return withCancellableProgress(`Calling ${endpoint.name}…`, async (signal, report) => {
    switch (endpoint.kind) {
      case 'managedIdentityToken': {
        const result = await client.invoke(endpoint, parameters, signal);
        const token = (result as ManagedIdentityTokenResult).token;
        const context = await flowContext(services, app, signal);
        const state = services.views.inspector.show({ title: `${endpoint.name} (${entry.name})`, tokens: [{ raw: token, source: endpoint.name }], ...context });
        return { endpoint: endpoint.name, result: result.kind, inspector: state };
      }
      case 'appToken':
        return invokeAppEndpoint(services, { entry, client, endpoint, parameters, signal, report, appContext: appContext ?? node });
      case 'other': {
        const result = await client.invoke(endpoint, parameters, signal);
        if (result.kind === 'other' && result.token) {
          const state = services.views.inspector.show({ title: `${endpoint.name} (${entry.name})`, tokens: [{ raw: result.token, source: endpoint.name }] });
          return { endpoint: endpoint.name, result: result.kind, inspector: state };
        }
        services.log.info(`${endpoint.name} answered:\n${result.kind === 'other' ? result.summary : ''}`);
        void services.ui.message('info', `${endpoint.name} answered without a token; the answer is in the log.`, 'Show Log').then((a) => a && services.log.show());
        return { endpoint: endpoint.name, result: result.kind };
      }
    }
  });
}

interface AppInvocation {
  entry: TokenFunctionEntry;
  client: TokenFunctionClient;
  endpoint: EndpointInfo;
  parameters: Record<string, string>;
  signal: AbortSignal;
  report: (message: string) => void;
  appContext?: unknown;
}

async function invokeAppEndpoint(services: ExtensionServices, call: AppInvocation): Promise<InvokeOutcome> {
  const { entry, client, endpoint, parameters, signal, report } = call;
  const title = `${endpoint.name} (${entry.name})`;
  const tokens: FlowToken[] = [];
  const miEndpoint = entry.discovery?.endpoints.find((e) => e.kind === 'managedIdentityToken');
  // The function exchanges inside; asking for its assertion separately shows the whole chain.
  if (miEndpoint && parameters.fedScope) {
    report("getting the managed identity's token");
    try {
      const mi = await client.managedIdentityToken(parameters.fedScope, signal, miEndpoint);
      tokens.push({ raw: mi.token, source: `${miEndpoint.name} (scope ${parameters.fedScope})` });
    } catch (e) {
      if (e instanceof TokenFunctionError && e.kind === 'unauthorized') throw e;
      services.log.warn(`The managed identity's token could not be fetched for the chain view: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const app = await appForClientId(services, parameters.clientId, call.appContext);
  report('getting the app token');
  try {
    const result = await client.invoke(endpoint, parameters, signal);
    if (result.kind !== 'appToken') throw TokenFunctionError.badBody('no app token in the answer');
    tokens.push({ raw: result.accessToken, source: `${endpoint.name} (tenant ${parameters.tenantId ?? '?'})` });
    const state = services.views.inspector.show({ title, tokens, ...(await flowContext(services, app, signal)) });
    return { endpoint: endpoint.name, result: result.kind, inspector: state };
  } catch (e) {
    const failed = e instanceof TokenError || (e instanceof TokenFunctionError && (e.kind === 'server-error-no-body' || e.kind === 'server-error'));
    if (!failed || tokens.length === 0) throw e;
    // The function hid (or passed on) Entra's reason: show the doctor's verdict on its assertion.
    const flow: InspectorFlow = { title, tokens, ...(await flowContext(services, app, signal)) };
    const diagnosis = diagnoseFlow(flow);
    if (e instanceof TokenError) {
      services.views.inspector.show({ ...flow, error: tokenErrorView(e, diagnosis) });
      throw e;
    }
    const firstProblem = diagnosis?.findings.find((f) => f.severity === 'error');
    const verdict = !diagnosis
      ? 'select the app in the App Registrations view and run "Diagnose Federation…" to see why'
      : diagnosis.matched
        ? `the doctor finds credential "${diagnosis.matched}" matching, so the cause is elsewhere (the app's service principal in tenant ${parameters.tenantId}, the scope, or propagation)`
        : `the doctor says: ${firstProblem?.message ?? 'no credential matches'}`;
    services.views.inspector.show({
      ...flow,
      error: {
        title: `${endpoint.name} failed with HTTP ${e.status ?? 500} and no reason`,
        explanation: "The token function does not pass Entra's error on (the seed's functions have no try/catch), so the AADSTS code is hidden. The doctor compared the managed identity's token with the app's federated credentials instead.",
        action: verdict,
        findings: diagnosis?.findings.filter((f) => f.severity !== 'info') ?? [],
      },
    });
    throw new TokenFunctionError(e.kind, `${endpoint.name} failed with HTTP ${e.status ?? 500} and no reason (the function hides the AADSTS error); ${verdict}`, e.status, { cause: e });
  }
}

async function pickEndpoint(services: ExtensionServices, entry: TokenFunctionEntry, client: TokenFunctionClient): Promise<EndpointInfo> {
  let endpoints = entry.discovery?.endpoints;
  if (!endpoints) {
    const discovery = await withCancellableProgress(`Finding the endpoints of ${entry.name}…`, (signal) => client.discover(signal));
    await services.views.tokenFunctions.store.update(entry.id, { discovery });
    endpoints = discovery.endpoints;
  }
  const picked = await services.ui.pick(
    endpoints.map((e) => ({ label: e.name, description: e.kind === 'managedIdentityToken' ? "the managed identity's token" : e.kind === 'appToken' ? 'an app token' : undefined, detail: e.description, endpoint: e })),
    { title: `Invoke which endpoint of ${entry.name}?`, emptyMessage: `${entry.name} lists no endpoints.` },
  );
  return picked.endpoint;
}

// "Invoke…" on a token function endpoint: parameters pre-filled from the selected app and
// credential, a review step, then the call under a cancellable progress notification. Every
// token obtained opens in the inspector; for an app token, the managed identity's token is
// fetched first so the chain (and, when the function fails without a reason, the doctor's
// verdict) can be shown.
import { TokenError, TokenFunctionError } from '../../core/errors';
import { tokenFunctionWarnings, type EndpointInfo, type InvokeResult, type ManagedIdentityTokenResult, type TokenFunctionClient, type TokenFunctionEntry } from '../../services/tokenFunction';
import type { InspectorState } from '../../shared/protocol';
import type { FlowToken, InspectorFlow } from '../../views/inspector';
import { appRef, type AppRef } from '../appResolver';
import type { CommandContext } from '../commandContext';
import { defineCommand } from '../registry';
import { reportFailedFlow } from './failedFlow';
import { appForClientId, flowContext } from './flowContext';
import { prefill, reviewParameters } from './reviewParameters';
import { DEFAULT_SCOPE, defaultFedScope, defaultTargetTenant, pickTokenFunction, selectedApp, tokenFunctionRef, type TokenFunctionRef } from './tokenContext';

export interface InvokeOutcome {
  endpoint: string;
  result: InvokeResult['kind'];
  /** What the inspector shows (no raw token), when a token was obtained. */
  inspector?: InspectorState;
}

/**
 * On an endpoint or function node, or on an app or credential (its context menu: the node is
 * the app in context). A second argument may name the app or credential whose values pre-fill
 * the parameters; without one, the App Registrations view's selection does.
 */
export const invokeEndpointCommand = defineCommand('miFederation.invokeTokenFunction', {
  target: (arg: unknown) => tokenFunctionRef(arg) ?? appRef(arg),
  run: (context, { target, args }) => {
    const fn = target && isFunctionRef(target) ? target : undefined;
    const appContext = appRef(args[0]) ?? (target && !isFunctionRef(target) ? target : undefined);
    return invokeEndpoint(context, fn, appContext);
  },
});

function isFunctionRef(ref: TokenFunctionRef | AppRef): ref is TokenFunctionRef {
  return ref.kind === 'tokenFunction' || ref.kind === 'endpoint';
}

export async function invokeEndpoint(context: CommandContext, ref: TokenFunctionRef | undefined, appContext: AppRef | undefined): Promise<InvokeOutcome> {
  const entry = await pickTokenFunction(context, ref);
  const client = await context.model.tokenFunctions.client(entry);
  const known = ref?.kind === 'endpoint' ? entry.discovery?.endpoints.find((e) => e.name === ref.endpoint) : undefined;
  const endpoint = known ?? (await pickEndpoint(context, entry, client));
  const app = await selectedApp(context, appContext);
  const fedScope = defaultFedScope(context, app);
  const values = prefill(endpoint.parameters, { clientId: app?.appId, tenantId: defaultTargetTenant(context, app), fedScope, scope: DEFAULT_SCOPE }, endpoint.kind);
  const parameters = await reviewParameters(context.ui, `Invoke ${endpoint.name}`, endpoint.parameters, values);
  context.log.info(`Invoking ${endpoint.name} of ${entry.name} with ${Object.keys(parameters).join(', ') || 'no parameters'}.`);

  return context.progress(`Calling ${endpoint.name}…`, async (signal, report) => {
    switch (endpoint.kind) {
      case 'managedIdentityToken': {
        const result = await client.invoke(endpoint, parameters, signal);
        const token = (result as ManagedIdentityTokenResult).token;
        const around = await flowContext(context, app, signal);
        const state = context.views.inspector.show({ title: `${endpoint.name} (${entry.name})`, tokens: [{ raw: token, source: endpoint.name, ...sourceWarning(entry) }], ...around });
        return { endpoint: endpoint.name, result: result.kind, inspector: state };
      }
      case 'appToken':
        return invokeAppEndpoint(context, { entry, client, endpoint, parameters, signal, report, appContext });
      case 'other': {
        const result = await client.invoke(endpoint, parameters, signal);
        if (result.kind === 'other' && result.token) {
          const state = context.views.inspector.show({ title: `${endpoint.name} (${entry.name})`, tokens: [{ raw: result.token, source: endpoint.name }] });
          return { endpoint: endpoint.name, result: result.kind, inspector: state };
        }
        context.log.info(`${endpoint.name} answered:\n${result.kind === 'other' ? result.summary : ''}`);
        void context.ui.message('info', `${endpoint.name} answered without a token; the answer is in the log.`, 'Show Log').then((a) => a && context.log.show());
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
  appContext?: AppRef;
}

async function invokeAppEndpoint(context: CommandContext, call: AppInvocation): Promise<InvokeOutcome> {
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
      context.log.warn(`The managed identity's token could not be fetched for the chain view: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const app = await appForClientId(context, parameters.clientId, call.appContext);
  report('getting the app token');
  try {
    const result = await client.invoke(endpoint, parameters, signal);
    if (result.kind !== 'appToken') throw TokenFunctionError.badBody('no app token in the answer');
    tokens.push({ raw: result.accessToken, source: `${endpoint.name} (tenant ${parameters.tenantId ?? '?'})` });
    const state = context.views.inspector.show({ title, tokens, ...(await flowContext(context, app, signal)) });
    return { endpoint: endpoint.name, result: result.kind, inspector: state };
  } catch (e) {
    const failed = e instanceof TokenError || (e instanceof TokenFunctionError && (e.kind === 'server-error-no-body' || e.kind === 'server-error'));
    if (!failed || tokens.length === 0) throw e;
    // The function hid (or passed on) Entra's reason: show the doctor's verdict on its assertion.
    const flow: InspectorFlow = { title, tokens, ...(await flowContext(context, app, signal)) };
    throw reportFailedFlow(context, { flow, app, step: endpoint.name, tenantId: parameters.tenantId }, e);
  }
}

async function pickEndpoint(context: CommandContext, entry: TokenFunctionEntry, client: TokenFunctionClient): Promise<EndpointInfo> {
  let endpoints = entry.discovery?.endpoints;
  if (!endpoints) {
    const discovery = await context.progress(`Finding the endpoints of ${entry.name}…`, (signal) => client.discover(signal));
    await context.model.tokenFunctions.discovered(entry.id, discovery);
    endpoints = discovery.endpoints;
  }
  const picked = await context.ui.pick(
    endpoints.map((e) => ({ label: e.name, description: e.kind === 'managedIdentityToken' ? "the managed identity's token" : e.kind === 'appToken' ? 'an app token' : undefined, detail: e.description, endpoint: e })),
    { title: `Invoke which endpoint of ${entry.name}?`, emptyMessage: `${entry.name} lists no endpoints.` },
  );
  return picked.endpoint;
}

/** The token function's first warning (no key needed, clear text), for the inspector's token card. */
export function sourceWarning(entry: TokenFunctionEntry): { warning?: string } {
  const [warning] = tokenFunctionWarnings(entry);
  return warning ? { warning } : {};
}

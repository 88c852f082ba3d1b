// "Exchange for App Token…": the local form of the token function's exchange. The function
// gives only the managed identity's token; msal-node on this machine sends it as the client
// assertion to the target tenant. A refusal comes back with its AADSTS code, explained by the
// doctor against the app's credentials and shown beside the token that was refused.
import { MiFederationError, TokenError } from '../../core/errors';
import { getCloud } from '../../core/clouds';
import { exchangeWithManagedIdentity, tokenFunctionAssertion } from '../../services/exchange';
import { currentTrust } from '../../services/tokenFunction/trust';
import type { EndpointParameter } from '../../services/tokenFunction';
import type { InspectorState } from '../../shared/protocol';
import { tokenErrorView } from '../../views/inspector/inspectorModel';
import type { ExtensionServices } from '../services';
import { diagnoseFlow, flowContext } from './flowContext';
import { reviewParameters } from './reviewParameters';
import { clientFor, DEFAULT_SCOPE, defaultFedScope, defaultTargetTenant, pickApp, pickTokenFunction, selectedApp, withCancellableProgress } from './tokenContext';

/** Entra refused the exchange; the message carries the code and the doctor's first finding. */
export class ExchangeRefusedError extends MiFederationError {
  override readonly name = 'ExchangeRefusedError';
  constructor(
    readonly code: number | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface ExchangeOutcome {
  tenantId: string;
  expiresOn?: string;
  inspector: InspectorState;
}

const PARAMETERS: EndpointParameter[] = [
  { name: 'clientId', in: 'query', required: true, description: 'Client id of the app that holds the federated credential' },
  { name: 'tenantId', in: 'query', required: true, description: 'Tenant to get the app token in (where the app has a service principal)' },
  { name: 'fedScope', in: 'query', required: true, description: "Scope of the managed identity's token: the credential's audience + /.default" },
  { name: 'scope', in: 'query', required: true, description: 'Scope of the app token' },
];

export async function exchangeForAppToken(services: ExtensionServices, node?: unknown): Promise<ExchangeOutcome> {
  const app = selectedApp(services, node) ?? (await pickApp(services, 'Exchange for an App Token: which app?'));
  const entry = await pickTokenFunction(services);
  const values = await reviewParameters(services.ui, `Exchange for an App Token of ${app.displayName ?? app.appId}`, PARAMETERS, {
    clientId: app.appId,
    tenantId: defaultTargetTenant(services, app),
    fedScope: defaultFedScope(services, app),
    scope: DEFAULT_SCOPE,
  });
  const client = await clientFor(services, entry);
  const trust = currentTrust(services.session, services.sandbox);
  const environment = services.session.environment ?? services.sandbox.environment();
  const authorityHost = environment?.cloud.authority ?? getCloud('public').authority;
  const title = `Local exchange: ${app.displayName ?? app.appId} in ${values.tenantId}`;

  return withCancellableProgress(`Exchanging the managed identity's token for an app token…`, async (signal, report) => {
    let assertion: string | undefined;
    const fromFunction = tokenFunctionAssertion(client, values.fedScope);
    try {
      report(`asking ${entry.name} for the managed identity's token`);
      const result = await exchangeWithManagedIdentity({
        authorityHost,
        tenantId: values.tenantId,
        clientId: values.clientId,
        scope: values.scope,
        getAssertion: async (s) => {
          assertion = await fromFunction(s);
          report('sending it to Entra as the client assertion');
          return assertion;
        },
        ...(trust.ca ? { ca: trust.ca } : {}),
        ...(trust.knownAuthorities ? { knownAuthorities: trust.knownAuthorities } : {}),
        signal,
      });
      const context = await flowContext(services, app, signal);
      const inspector = services.views.inspector.show({
        title,
        tokens: [
          { raw: result.assertion, source: `${entry.name}: GetManagedIdentityToken (${values.fedScope})` },
          { raw: result.accessToken, source: `local exchange (msal-node), tenant ${result.tenantId ?? values.tenantId}` },
        ],
        ...context,
      });
      services.log.info(`Local exchange for ${values.clientId} in ${values.tenantId} succeeded.`);
      void services.ui.message('info', `Got an app token for ${app.displayName ?? app.appId} in tenant ${result.tenantId ?? values.tenantId}.`);
      return { tenantId: result.tenantId ?? values.tenantId, ...(result.expiresOn ? { expiresOn: result.expiresOn.toISOString() } : {}), inspector };
    } catch (e) {
      if (!(e instanceof TokenError) || assertion === undefined) throw e;
      const flow = { title, tokens: [{ raw: assertion, source: `${entry.name}: GetManagedIdentityToken (${values.fedScope}), refused by Entra` }], ...(await flowContext(services, app, signal)) };
      const diagnosis = diagnoseFlow(flow);
      const error = tokenErrorView(e, diagnosis);
      services.views.inspector.show({ ...flow, error });
      services.log.error(`Local exchange for ${values.clientId} in ${values.tenantId} refused`, e);
      const detail = error.findings[0]?.message ?? error.action;
      // describeError shows the first sentence: the code and the fix must both be in it.
      throw new ExchangeRefusedError(e.code, `Entra refused the exchange${e.code !== undefined ? ` (AADSTS${e.code})` : ''}: ${detail}`, { cause: e });
    }
  });
}

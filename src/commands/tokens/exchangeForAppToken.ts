// "Exchange for App Token…": the local form of the token function's exchange. The function
// gives only the managed identity's token; msal-node on this machine sends it as the client
// assertion to the target tenant. A refusal comes back with its AADSTS code, explained by the
// doctor against the app's credentials and shown beside the token that was refused.
import { TokenError } from '../../core/errors';
import { getCloud } from '../../core/clouds';
import { exchangeWithManagedIdentity, tokenFunctionAssertion } from '../../services/exchange';
import { currentTrust } from '../../services/tokenFunction/trust';
import type { EndpointParameter } from '../../services/tokenFunction';
import type { InspectorState } from '../../shared/protocol';
import { appRef, type AppRef } from '../appResolver';
import type { CommandContext } from '../commandContext';
import { defineCommand } from '../registry';
import { reportFailedFlow } from './failedFlow';
import { flowContext } from './flowContext';
import { reviewParameters } from './reviewParameters';
import { DEFAULT_SCOPE, defaultFedScope, defaultTargetTenant, pickApp, pickTokenFunction, selectedApp } from './tokenContext';

export { ExchangeRefusedError } from './failedFlow';

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

export const exchangeForAppTokenCommand = defineCommand('miFederation.exchangeForAppToken', { target: appRef, run: (context, { target }) => exchangeForAppToken(context, target) });

export async function exchangeForAppToken(context: CommandContext, ref: AppRef | undefined): Promise<ExchangeOutcome> {
  const app = (await selectedApp(context, ref)) ?? (await pickApp(context, 'Exchange for an App Token: which app?'));
  const entry = await pickTokenFunction(context);
  const values = await reviewParameters(context.ui, `Exchange for an App Token of ${app.displayName ?? app.appId}`, PARAMETERS, {
    clientId: app.appId,
    tenantId: defaultTargetTenant(context, app),
    fedScope: defaultFedScope(context, app),
    scope: DEFAULT_SCOPE,
  });
  const client = await context.model.tokenFunctions.client(entry);
  const trust = currentTrust(context.session, context.sandbox);
  const environment = context.session.environment ?? context.sandbox.environment();
  const authorityHost = environment?.cloud.authority ?? getCloud('public').authority;
  const title = `Local exchange: ${app.displayName ?? app.appId} in ${values.tenantId}`;

  return context.progress(`Exchanging the managed identity's token for an app token…`, async (signal, report) => {
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
      const around = await flowContext(context, app, signal);
      const inspector = context.views.inspector.show({
        title,
        tokens: [
          { raw: result.assertion, source: `${entry.name}: GetManagedIdentityToken (${values.fedScope})` },
          { raw: result.accessToken, source: `local exchange (msal-node), tenant ${result.tenantId ?? values.tenantId}` },
        ],
        ...around,
      });
      context.log.info(`Local exchange for ${values.clientId} in ${values.tenantId} succeeded.`);
      void context.ui.message('info', `Got an app token for ${app.displayName ?? app.appId} in tenant ${result.tenantId ?? values.tenantId}.`);
      return { tenantId: result.tenantId ?? values.tenantId, ...(result.expiresOn ? { expiresOn: result.expiresOn.toISOString() } : {}), inspector };
    } catch (e) {
      if (!(e instanceof TokenError) || assertion === undefined) throw e;
      const flow = { title, tokens: [{ raw: assertion, source: `${entry.name}: GetManagedIdentityToken (${values.fedScope}), refused by Entra` }], ...(await flowContext(context, app, signal)) };
      throw reportFailedFlow(context, { flow, app, step: 'the exchange', tenantId: values.tenantId }, e);
    }
  });
}

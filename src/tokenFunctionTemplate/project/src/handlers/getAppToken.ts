// GetAppTokenUsingManagedIdentity and GetAppTokenUsingManagedIdentityWithLib (clientId,
// tenantId, fedScope, scope): an app token in any tenant where the app is provisioned, with the
// managed identity's token as the app's client assertion. Both answer in the shape of MSAL's
// AuthenticationResult, as the original proof of concept does. The first uses MSAL directly;
// the second goes through @azure/identity's ClientAssertionCredential, so both ways are shown.
import { ClientAssertionCredential } from '@azure/identity';
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { withDeadline, REQUEST_DEADLINE_MS } from './deadline';
import { describeAnswer, errorAnswer } from './errorAnswer';
import { managedIdentityToken } from './managedIdentity';
import { missingParameters, readParameters } from './parameters';
import { settings } from './settings';
import { acquireAppTokenWithManagedIdentity, type AppTokenRequest } from './withManagedIdentity';

export function getAppTokenUsingManagedIdentity(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return appTokenEndpoint(request, context, async (r, signal) => {
    const result = await acquireAppTokenWithManagedIdentity(r, signal);
    return {
      accessToken: result.accessToken,
      expiresOn: result.expiresOn?.toISOString() ?? null,
      // MSAL.NET fills the tenant for client credentials, msal-node leaves it empty: keep the
      // original's shape by taking it from the token.
      tenantId: result.tenantId || tokenTenant(result.accessToken) || r.tenantId,
      scopes: result.scopes,
      tokenType: result.tokenType,
      correlationId: result.correlationId,
    };
  });
}

export function getAppTokenUsingManagedIdentityWithLib(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return appTokenEndpoint(request, context, async (r, signal) => {
    const { authorityHost, customAuthorityHost } = settings();
    const credential = new ClientAssertionCredential(r.tenantId, r.clientId, async () => (await managedIdentityToken(r.fedScope, signal)).token, {
      authorityHost,
      // Instance discovery is answered by Microsoft's hosts only.
      disableInstanceDiscovery: customAuthorityHost,
    });
    const token = await credential.getToken(r.scope, { abortSignal: signal });
    // AccessToken has no correlation id: the answer has the fields the credential gives.
    return {
      accessToken: token.token,
      expiresOn: new Date(token.expiresOnTimestamp).toISOString(),
      tenantId: tokenTenant(token.token) || r.tenantId,
      scopes: [r.scope],
      tokenType: token.tokenType ?? 'Bearer',
    };
  });
}

async function appTokenEndpoint(request: HttpRequest, context: InvocationContext, acquire: (r: AppTokenRequest, signal: AbortSignal) => Promise<Record<string, unknown>>): Promise<HttpResponseInit> {
  const parameters = await readParameters(request);
  const clientId = parameters.get('clientId');
  const tenantId = parameters.get('tenantId');
  if (!clientId || !tenantId) return missingParameters(['clientId', 'tenantId']);
  const r: AppTokenRequest = {
    clientId,
    tenantId,
    fedScope: parameters.get('fedScope') || settings().defaultFedScope,
    scope: parameters.get('scope') || settings().defaultScope,
  };
  try {
    const body = await withDeadline('The token request', REQUEST_DEADLINE_MS, (signal) => acquire(r, signal));
    context.log(`App token issued for app ${clientId} in tenant ${tenantId}, scope ${r.scope}.`);
    return { status: 200, jsonBody: body };
  } catch (e) {
    const answer = errorAnswer(e);
    context.warn(`No app token for app ${clientId} in tenant ${tenantId}: ${describeAnswer(answer)}`);
    return answer;
  }
}

/** The `tid` claim of a token (read, not verified: the caller verifies what it receives). */
function tokenTenant(jwt: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { tid?: unknown };
    return typeof payload.tid === 'string' ? payload.tid : undefined;
  } catch {
    return undefined;
  }
}

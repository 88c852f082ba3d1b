// GetManagedIdentityToken?scope=…: the function app's managed identity's own token, in the
// shape of Azure.Core's AccessToken (`token`, `expiresOn`) that the original proof of concept returns.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { withDeadline, REQUEST_DEADLINE_MS } from './deadline';
import { describeAnswer, errorAnswer } from './errorAnswer';
import { managedIdentityToken } from './managedIdentity';
import { missingParameters, readParameters } from './parameters';

export async function getManagedIdentityToken(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const parameters = await readParameters(request);
  const scope = parameters.get('scope');
  if (!scope) return missingParameters(['a scope']);
  try {
    const token = await withDeadline('The managed identity endpoint', REQUEST_DEADLINE_MS, (signal) => managedIdentityToken(scope, signal));
    // The token goes to the caller only: never into the log.
    context.log(`Managed identity token issued for scope ${scope}.`);
    return { status: 200, jsonBody: { token: token.token, expiresOn: new Date(token.expiresOnTimestamp).toISOString() } };
  } catch (e) {
    const answer = errorAnswer(e);
    context.warn(`No managed identity token for scope ${scope}: ${describeAnswer(answer)}`);
    return answer;
  }
}


// The token function project's failed answer: a 500 whose JSON body is Entra's error (`error`,
// `error_description`, `error_codes`, ...) plus `stage`, the step that failed ('managedIdentity'
// or 'exchange'). The original proof of concept answers a bare 500 instead; both are read.
import { TokenError } from '../../core/errors';

const STAGES = ['managedIdentity', 'exchange'];

/**
 * Entra's error out of a token function's answer: any OAuth error body with AADSTS codes, and
 * the token function project's JSON error even without codes (its description still says why).
 */
export function tokenErrorFromAnswer(text: string, status: number): TokenError | undefined {
  const oauth = TokenError.fromResponseBody(text, status);
  if (!oauth) return undefined;
  if (oauth.errorCodes.length > 0) return oauth;
  return STAGES.includes(stageOf(text) ?? '') ? oauth : undefined;
}

function stageOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { stage?: unknown };
    return typeof body?.stage === 'string' ? body.stage : undefined;
  } catch {
    return undefined;
  }
}

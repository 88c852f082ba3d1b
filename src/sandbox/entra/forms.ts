// The token and device-code endpoints' shared request reading: the form body and the grant and
// assertion type names. Kept apart from both handlers so neither imports the other.
import { type Ctx, HttpError, header, parseQuery } from '../http';
import { badRequest } from './errors';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export async function readForm(ctx: Ctx): Promise<Map<string, string>> {
  const type = (header(ctx, 'content-type') ?? '').toLowerCase();
  const body = await ctx.body();
  if (!type.includes('application/x-www-form-urlencoded')) return new Map();
  try {
    return parseQuery(body.toString('utf8'));
  } catch (e) {
    if (e instanceof HttpError) throw badRequest(900144, 'The request body is not a valid form-urlencoded body.');
    throw e;
  }
}

// A conformance check is one named assertion on what a Microsoft client got from the sandbox
// tenant. Checks are recorded, not thrown, so one wrong answer never hides the ones after it.
import { isDeepStrictEqual, inspect } from 'node:util';

export interface CheckResult {
  /** Which Microsoft client made the call, e.g. "kiota Graph SDK". */
  client: string;
  name: string;
  ok: boolean;
  /** Why it failed (what was expected and what came), or a short note on success. */
  detail?: string;
}

/** Thrown by the assertion helpers; the message says what the client actually got. */
export class CheckFailure extends Error {}

export class CheckRecorder {
  readonly results: CheckResult[] = [];

  constructor(readonly client: string, private readonly onResult: (r: CheckResult) => void = () => undefined) {}

  /** Runs `body`; any exception, an assertion's or the client's own, fails this check only. */
  async check(name: string, body: () => Promise<void> | void): Promise<void> {
    let result: CheckResult;
    try {
      await body();
      result = { client: this.client, name, ok: true };
    } catch (error) {
      result = { client: this.client, name, ok: false, detail: describeError(error) };
    }
    this.record(result);
  }

  record(result: CheckResult): void {
    this.results.push(result);
    this.onResult(result);
  }
}

function describeError(error: unknown): string {
  if (error instanceof CheckFailure) return error.message;
  // kiota's ODataError carries Graph's code and the HTTP status (it is not an Error instance).
  const odata = error as { responseStatusCode?: number; message?: string; errorEscaped?: { code?: string; message?: string } };
  if (typeof odata === 'object' && odata !== null && odata.responseStatusCode !== undefined) {
    return `the client threw: HTTP ${odata.responseStatusCode} ${odata.errorEscaped?.code ?? ''}: ${odata.errorEscaped?.message ?? odata.message ?? ''}`;
  }
  if (error instanceof Error) return `the client threw: ${error.name}: ${error.message}`;
  return `the client threw: ${inspect(error, { depth: 2 })}`;
}

/** A value for a failure message, cut short: a whole page of apps helps nobody read it. */
function show(v: unknown): string {
  const text = inspect(v, { depth: 4, breakLength: Infinity, maxStringLength: 200, maxArrayLength: 5 });
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

export function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (!isDeepStrictEqual(actual, expected)) throw new CheckFailure(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

export function expectTrue(condition: boolean, what: string, actual?: unknown): void {
  if (!condition) throw new CheckFailure(arguments.length > 2 ? `${what}; got ${show(actual)}` : what);
}

/** Runs `call`, which must fail; returns what it threw for the check to examine. */
export async function expectRejection(call: () => Promise<unknown>, what: string): Promise<unknown> {
  let answer: unknown;
  try {
    answer = await call();
  } catch (error) {
    return error;
  }
  throw new CheckFailure(`${what}: expected an error, but the call succeeded with ${show(answer)}`);
}

export function decodeJwtPayload(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1];
  if (!part) throw new CheckFailure(`not a JWT: ${jwt.slice(0, 20)}…`);
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

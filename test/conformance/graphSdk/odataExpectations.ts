// What a Graph error looks like through the SDK: kiota maps the answer's body onto the
// ODataError model, with the HTTP status beside it.
import { inspect } from 'node:util';
import { CheckFailure, expectEqual, expectRejection } from '../checks';
import type { ODataError } from './graphRequests';

/** The call must fail with this HTTP status and, when given, this Graph error code. */
export async function expectGraphError(call: () => Promise<unknown>, status: number, code?: string): Promise<void> {
  const thrown = await expectRejection(call, `expected HTTP ${status}${code ? ` ${code}` : ''}`);
  const error = thrown as Partial<ODataError>;
  if (error.responseStatusCode === undefined) throw new CheckFailure(`expected an ODataError with HTTP ${status}, got ${inspect(thrown, { depth: 2 })}`);
  expectEqual(error.responseStatusCode, status, 'HTTP status');
  if (code !== undefined) expectEqual(error.errorEscaped?.code, code, 'error.code');
}

import * as assert from 'node:assert/strict';
import { describeError } from '../../../src/core/errors';
import { isUnknownOutcome } from '../../../src/services/graph/credentialsApi';
import { toGraphError } from '../../../src/services/graph/graphErrors';

/** What the Graph SDK throws when the connection fails: statusCode -1, the system code only in the text. */
const sdkNetworkError = (message: string) => Object.assign(new Error(message), { statusCode: -1 });

describe('Graph network failures', () => {
  it('finds the system code in the message and says it in one sentence', () => {
    const refused = toGraphError(sdkNetworkError('connect ECONNREFUSED 127.0.0.1:8443'));
    assert.equal(refused.status, 0);
    assert.equal(refused.code, 'ECONNREFUSED');
    assert.equal(describeError(refused), 'Could not reach Microsoft Graph: the server refused the connection; is it running?');
  });

  it('knows a refused connection created nothing, and a dropped one may have', () => {
    assert.equal(isUnknownOutcome(toGraphError(sdkNetworkError('connect ECONNREFUSED 127.0.0.1:8443'))), false);
    assert.equal(isUnknownOutcome(toGraphError(sdkNetworkError('socket hang up ECONNRESET'))), true);
    assert.equal(isUnknownOutcome(toGraphError(sdkNetworkError('something odd'))), true);
  });
});

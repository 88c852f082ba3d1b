// Which credential subjects name an object of the tenant, against the sandbox tenant: the
// service principal look-up (what the report falls back to when getByIds is refused) finds
// exactly the service principals among the ids, in one request per 300 ids.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SEEDED_APPS, SYSTEM_ASSIGNED_MI, USER_ASSIGNED_MI } from '../../src/sandbox/ids';
import { existingServicePrincipalIds } from '../../src/services/graph/directoryObjects';
import { signedInGraph } from '../bench/graphFixture';
import { useSandbox } from './support/sandbox';

describe('Federation report: looking up credential subjects', function () {
  this.timeout(60_000);
  const sandbox = useSandbox({ tokenFunction: false });

  it('finds the service principals among 400 ids (an app object id is not one), in 2 requests', async () => {
    const service = await signedInGraph(sandbox());
    const client = await service.client();
    const absent = Array.from({ length: 397 }, () => randomUUID());
    const ids = [USER_ASSIGNED_MI.objectId, SYSTEM_ASSIGNED_MI.objectId.toUpperCase(), SEEDED_APPS.contosoSync.objectId, ...absent];
    sandbox().control.clearRequests();
    const found = await existingServicePrincipalIds(client, ids.map((id) => id.toLowerCase()));
    assert.deepEqual([...found].sort(), [SYSTEM_ASSIGNED_MI.objectId, USER_ASSIGNED_MI.objectId].sort());
    const calls = sandbox().control.requests().filter((r) => r.path.startsWith('/v1.0/') && !r.batch);
    assert.deepEqual(calls.map((r) => r.path), ['/v1.0/$batch', '/v1.0/$batch'], '27 lists of 15 ids: two $batch requests of at most 20');
  });
});

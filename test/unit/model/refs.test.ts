import * as assert from 'node:assert/strict';
import { idOf, refOf, refOfKind, type ModelRef } from '../../../src/model/refs';

describe('Model references (node ids)', () => {
  const refs: ModelRef[] = [
    { kind: 'tenant', tenantId: 't1' },
    { kind: 'app', tenantId: 't1', objectId: 'o1' },
    { kind: 'credential', tenantId: 't1', objectId: 'o1', name: 'my-fic' },
    { kind: 'identities', tenantId: 't1' },
    { kind: 'identity', tenantId: 't1', identityId: 'i1' },
    { kind: 'trustedBy', tenantId: 't1', identityId: 'i1', objectId: 'o1', name: 'fic' },
    { kind: 'tokenFunction', functionId: 'f1' },
    { kind: 'endpoint', functionId: 'f1', endpoint: 'GetManagedIdentityToken' },
  ];

  it('reads back every reference from the id it builds', () => {
    for (const ref of refs) assert.deepEqual(refOf({ id: idOf(ref) }), ref, idOf(ref));
  });

  it('keeps the ids the tree has always used, so expansion survives an upgrade', () => {
    assert.equal(idOf(refs[2]), 'tenant/t1/app/o1/fic/my-fic');
    assert.equal(idOf(refs[4]), 'mi/tenant/t1/identity/i1');
    assert.equal(idOf(refs[7]), 'tokenFunction/f1/endpoint/GetManagedIdentityToken');
  });

  it('names nothing for a status node, a string or a shapeless value', () => {
    for (const value of [{ id: 'tenant/t1/loading' }, { id: 'tenant/t1/app/o1/empty' }, 'tenant/t1', undefined, null, 42, { id: 7 }, {}]) {
      assert.equal(refOf(value), undefined, JSON.stringify(value));
    }
  });

  it('filters by kind', () => {
    const appOrCredential = refOfKind('app', 'credential');
    assert.deepEqual(appOrCredential({ id: 'tenant/t1/app/o1' }), refs[1]);
    assert.deepEqual(appOrCredential({ id: 'tenant/t1/app/o1/fic/my-fic' }), refs[2]);
    assert.equal(appOrCredential({ id: 'tenant/t1' }), undefined);
    assert.equal(appOrCredential({ id: 'tokenFunction/f1' }), undefined);
  });
});

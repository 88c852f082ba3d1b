// The extension's prediction of Graph's answer to a refused credential write: which stage of
// Graph's checks decides, and that a PATCH may not rename. The agreement tests compare the same
// prediction with the sandbox's Graph over HTTPS.
import assert from 'node:assert/strict';
import { predictedGraphRefusal, validateFederatedCredential, type Problem } from '../../../src/core/credentials';
import { ISSUER, MI_OBJECT_ID, goodFic } from './tokens';

const refusal = (problems: Problem[]) => predictedGraphRefusal(problems);

describe('core: predicted Graph refusal', () => {
  it('accepts a valid credential and one with warnings only', () => {
    assert.equal(refusal(validateFederatedCredential(goodFic(), [])), undefined);
    assert.equal(refusal(validateFederatedCredential(goodFic({ issuer: `${ISSUER}/` }), [])), undefined);
  });

  it('a bad name is 400 InvalidFederatedIdentityCredentialValue; a missing one 400 Request_BadRequest', () => {
    assert.deepEqual(refusal(validateFederatedCredential(goodFic({ name: 'ab' }), [])), { status: 400, code: 'InvalidFederatedIdentityCredentialValue' });
    assert.deepEqual(refusal(validateFederatedCredential(goodFic({ name: 'a b c' }), [])), { status: 400, code: 'InvalidFederatedIdentityCredentialValue' });
    assert.deepEqual(refusal(validateFederatedCredential(goodFic({ name: '' }), [])), { status: 400, code: 'Request_BadRequest' });
  });

  it('a repeated name is 409, a repeated pair 400 InvalidFederatedIdentityCredentialValue, and the value checks come first', () => {
    const existing = [{ name: 'taken', issuer: ISSUER, subject: MI_OBJECT_ID, audiences: ['api://AzureADTokenExchange'] }];
    assert.deepEqual(refusal(validateFederatedCredential(goodFic({ name: 'TAKEN', subject: crypto.randomUUID() }), existing)), { status: 409, code: 'Request_MultipleObjectsWithSameKeyValue' });
    assert.deepEqual(refusal(validateFederatedCredential(goodFic({ name: 'fresh' }), existing)), { status: 400, code: 'InvalidFederatedIdentityCredentialValue' });
    assert.deepEqual(refusal(validateFederatedCredential(goodFic({ name: 'taken', audiences: [] }), existing)), { status: 400, code: 'Request_BadRequest' });
    // The name as a key is checked before the pair.
    assert.deepEqual(refusal(validateFederatedCredential(goodFic({ name: 'taken' }), existing)), { status: 409, code: 'Request_MultipleObjectsWithSameKeyValue' });
  });

  it('the 21st credential is 400 Request_BadRequest, even with a repeated name; a bad name is still the name', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => ({ name: `full-${i}`, issuer: ISSUER, subject: crypto.randomUUID(), audiences: ['api://AzureADTokenExchange'] }));
    assert.deepEqual(refusal(validateFederatedCredential(goodFic({ name: 'full-3' }), twenty)), { status: 400, code: 'Request_BadRequest' });
    assert.deepEqual(refusal(validateFederatedCredential(goodFic({ name: 'no good' }), twenty)), { status: 400, code: 'InvalidFederatedIdentityCredentialValue' });
  });

  it('a PATCH may not rename; keeping the name, in any case, is fine', () => {
    const existing = [{ name: 'keep-me', issuer: ISSUER, subject: MI_OBJECT_ID, audiences: ['api://AzureADTokenExchange'] }];
    const codes = (name: string) => validateFederatedCredential(goodFic({ name }), existing, { updating: 'keep-me' }).filter((p) => p.severity === 'error').map((p) => p.code);
    assert.deepEqual(codes('keep-me'), []);
    assert.deepEqual(codes('Keep-Me'), []);
    assert.deepEqual(codes('new-name'), ['name-immutable']);
    assert.deepEqual(refusal(validateFederatedCredential(goodFic({ name: 'new-name' }), existing, { updating: 'keep-me' })), { status: 400, code: 'Request_BadRequest' });
  });
});

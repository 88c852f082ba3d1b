import assert from 'node:assert/strict';
import { CLEAR_TEXT_WARNING, KEYLESS_WARNING, keyProbeOf, tokenFunctionWarnings } from '../../../src/services/tokenFunction/exposure';

describe('token function exposure', () => {
  it('reads the answer to a request without the key', () => {
    for (const status of [401, 403]) assert.equal(keyProbeOf(status), 'keyRequired', String(status));
    // The function ran: it answered, or refused the missing scope, or failed on it.
    for (const status of [200, 204, 400, 500]) assert.equal(keyProbeOf(status), 'answersWithoutKey', String(status));
    // A missing route, a busy or broken front end says nothing about the key.
    for (const status of [404, 405, 429, 502, 503, 504]) assert.equal(keyProbeOf(status), 'unknown', String(status));
  });

  it('warns for a function that answers without its key, and for plain http to another machine', () => {
    assert.deepEqual(tokenFunctionWarnings({ baseUrl: 'https://func-x.azurewebsites.net', discovery: { keyProbe: 'answersWithoutKey' } }), [KEYLESS_WARNING]);
    assert.deepEqual(tokenFunctionWarnings({ baseUrl: 'http://func-x.example.com', discovery: { keyProbe: 'keyRequired' } }), [CLEAR_TEXT_WARNING]);
    assert.deepEqual(tokenFunctionWarnings({ baseUrl: 'http://10.0.0.5:7071', discovery: { keyProbe: 'answersWithoutKey' } }), [KEYLESS_WARNING, CLEAR_TEXT_WARNING]);
    assert.match(KEYLESS_WARNING, /anyone can get tokens from this tenant, and the identity's token rate limit is open to the world/);
  });

  it('does not warn for a keyed https function, a local http one, or one not probed yet', () => {
    assert.deepEqual(tokenFunctionWarnings({ baseUrl: 'https://func-x.azurewebsites.net', discovery: { keyProbe: 'keyRequired' } }), []);
    assert.deepEqual(tokenFunctionWarnings({ baseUrl: 'http://127.0.0.1:7071' }), []);
    assert.deepEqual(tokenFunctionWarnings({ baseUrl: 'http://localhost:7071', discovery: { keyProbe: 'unknown' } }), []);
    assert.deepEqual(tokenFunctionWarnings({ baseUrl: 'not a url' }), []);
  });
});

import * as assert from 'node:assert/strict';
import { parseRetryAfter } from '../../../src/services/graph/retryHandler';
import { validateTenantInput } from '../../../src/services/tenantResolver';

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores nonsense', () => {
    assert.equal(parseRetryAfter('3'), 3000);
    assert.equal(parseRetryAfter('0'), 0);
    const now = Date.parse('2026-11-28T12:00:00Z');
    assert.equal(parseRetryAfter('Sat, 28 Nov 2026 12:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Sat, 28 Nov 2026 11:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
  });
});

describe('validateTenantInput', () => {
  it('accepts GUIDs and domains', () => {
    assert.equal(validateTenantInput('72f988bf-86f1-41af-91ab-2d7cd011db47'), undefined);
    assert.equal(validateTenantInput(' fabrikam.onmicrosoft.com '), undefined);
  });

  it('explains what is wrong before any request', () => {
    assert.match(validateTenantInput('') ?? '', /Enter a tenant id/);
    assert.match(validateTenantInput('72f988bf-86f1-41af-91ab-2d7cd011db4') ?? '', /not a valid GUID/);
    assert.match(validateTenantInput('not a tenant') ?? '', /neither a tenant id/);
  });
});

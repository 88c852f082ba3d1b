// The decisions of Go Secretless: reuse of a credential that already trusts the identity, what
// counts as verified, how each key is named (expired called out), and what is said to remain.
import assert from 'node:assert/strict';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import {
  appKeys,
  countText,
  describeKey,
  existingTrust,
  expiryText,
  keptCertificateIds,
  remainingMessage,
  removalPrompt,
  unverified,
  verificationOf,
  type AppKey,
} from '../../src/core/secretlessPlan';
import { ISSUER, MI_OBJECT_ID } from './core/tokens';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const expired: AppKey = { kind: 'secret', info: { keyId: 'k-expired', displayName: 'old deploy', hint: 'abc', endDateTime: '2026-10-01T00:00:00Z' } };
const soon: AppKey = { kind: 'secret', info: { keyId: 'k-soon', displayName: 'CI', hint: 'xyz', endDateTime: '2026-12-20T00:00:00Z' } };
const certificate: AppKey = { kind: 'certificate', info: { keyId: 'k-cert', displayName: 'CN=payroll', type: 'AsymmetricX509Cert', usage: 'Verify', endDateTime: '2027-06-30T00:00:00Z' } };

describe('secretlessPlan: the credential to reuse', () => {
  const fic = (name: string, issuer: string, subject: string | undefined): FederatedIdentityCredential => ({ name, issuer, subject, audiences: ['api://AzureADTokenExchange'] });
  it('is the one with exactly the identity\'s issuer and subject', () => {
    const credentials = [fic('other', ISSUER, '11111111-1111-4111-8111-111111111111'), fic('mine', ISSUER, MI_OBJECT_ID)];
    assert.equal(existingTrust(credentials, ISSUER, MI_OBJECT_ID)?.name, 'mine');
  });
  it('never one whose issuer differs by a trailing slash, or a flexible one with no subject', () => {
    assert.equal(existingTrust([fic('slash', `${ISSUER}/`, MI_OBJECT_ID), fic('flex', ISSUER, undefined)], ISSUER, MI_OBJECT_ID), undefined);
  });
});

describe('secretlessPlan: verification', () => {
  it('is verified only when every tenant checked worked', () => {
    const ok = verificationOf([{ tenantLabel: 'Contoso', ok: true, summary: 'working after 20 s' }, { tenantLabel: 'Fabrikam', ok: true, summary: 'working' }]);
    assert.deepEqual(ok, { verified: true, summary: '✓ Contoso: working after 20 s · ✓ Fabrikam: working' });
    const one = verificationOf([{ tenantLabel: 'Contoso', ok: true, summary: 'working' }, { tenantLabel: 'Fabrikam', ok: false, summary: 'Entra refused the exchange (AADSTS700016)' }]);
    assert.deepEqual(one, { verified: false, reason: '✗ Fabrikam: Entra refused the exchange (AADSTS700016)' });
  });
  it('no tenant checked is no proof', () => {
    assert.equal(verificationOf([]).verified, false);
    assert.deepEqual(unverified('the check was skipped'), { verified: false, reason: 'the check was skipped' });
  });
});

describe('secretlessPlan: naming the keys', () => {
  it('a secret by name, hint and expiry; an expired one called out', () => {
    assert.equal(describeKey(soon, NOW), 'secret "CI" (hint xyz…, expires 2026-12-20)');
    assert.equal(describeKey(expired, NOW), 'secret "old deploy" (hint abc…, EXPIRED 2026-10-01)');
    assert.equal(describeKey(certificate, NOW), 'certificate "CN=payroll" (expires 2027-06-30)');
    assert.equal(describeKey({ kind: 'secret', info: { keyId: 'k9' } }, NOW), 'secret with key id k9 (no end date)');
    assert.equal(expiryText('not a date', NOW), 'ends not a date');
  });
  it('counts in words', () => {
    assert.equal(countText([expired, soon, certificate]), '2 client secrets and 1 certificate');
    assert.equal(countText([certificate]), '1 certificate');
    assert.equal(countText([]), 'no secrets or certificates');
  });
  it('lists secrets, then certificates, from the app as Graph lists it', () => {
    const keys = appKeys({ passwordCredentials: [soon.info], keyCredentials: [certificate.info] });
    assert.deepEqual(keys.map((k) => k.kind), ['secret', 'certificate']);
  });
});

describe('secretlessPlan: the confirmation', () => {
  it('verified: names each key, says how many expired, and acts on all', () => {
    const prompt = removalPrompt('Contoso Payroll', [expired, soon, certificate], NOW, { verified: true, summary: '✓ Contoso: working' });
    assert.equal(prompt.message, 'Remove 2 client secrets and 1 certificate from Contoso Payroll?');
    for (const key of [expired, soon, certificate]) assert.ok(prompt.detail.includes(describeKey(key, NOW)), prompt.detail);
    assert.match(prompt.detail, /1 of them has already expired/);
    assert.match(prompt.detail, /✓ Contoso: working/);
    assert.equal(prompt.action, 'Remove All 3');
    assert.equal(removalPrompt('A', [soon], NOW, { verified: true, summary: 's' }).action, 'Remove It');
  });
  it('not verified: the Remove Anyway warning carries the verdict', () => {
    const prompt = removalPrompt('Contoso Payroll', [soon], NOW, { verified: false, reason: '✗ Contoso: still refused after 5 min of retries' });
    assert.equal(prompt.action, 'Remove Anyway');
    assert.match(prompt.message, /without a working exchange/);
    assert.match(prompt.detail, /not verified: ✗ Contoso: still refused after 5 min/);
  });
});

describe('secretlessPlan: certificates kept and what remains', () => {
  it('keeps every certificate but the removed ones, a new one included', () => {
    assert.deepEqual(keptCertificateIds([{ keyId: 'a' }, { keyId: 'b' }, { keyId: 'new' }], new Set(['a', 'b'])), ['new']);
  });
  it('says what was removed, why it stopped, and what is still there', () => {
    const message = remainingMessage('Contoso Payroll', [certificate], [expired, soon], NOW, 'Removing the next one failed: Service unavailable.');
    assert.equal(
      message,
      'Removed certificate "CN=payroll" (expires 2027-06-30). Removing the next one failed: Service unavailable. Still on Contoso Payroll: secret "old deploy" (hint abc…, EXPIRED 2026-10-01), secret "CI" (hint xyz…, expires 2026-12-20).',
    );
    assert.match(remainingMessage('A', [], [soon], NOW, 'Stopped by Cancel.'), /^Nothing was removed\. Stopped by Cancel\. Still on A:/);
  });
});

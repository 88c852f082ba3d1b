// The inspector's error box says each finding once: the one the "What to do" line already
// states is not listed again below it.
import assert from 'node:assert/strict';
import { diagnose } from '../../../src/core/doctor';
import { TokenError } from '../../../src/core/errors';
import { bytesToBase64Url } from '../../../src/core/jwt';
import type { FindingView } from '../../../src/shared/protocol';
import { tokenErrorView } from '../../../src/views/inspector/inspectorModel';
import { findingsBelowAction } from '../../../src/webview/findingsBelowAction';

const TENANT = '24a7c6d3-63ee-412f-9e6e-1ed65fae4ba7';
const MI = '6e21fb2f-aac9-47a2-a834-ab89084cc8c5';
const now = new Date('2030-01-01T00:00:00Z');
const assertion = [
  bytesToBase64Url(JSON.stringify({ alg: 'RS256', kid: 'k' })),
  bytesToBase64Url(JSON.stringify({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, sub: MI, oid: MI, aud: 'api://AzureADTokenExchange', tid: TENANT, exp: now.getTime() / 1000 + 3600 })),
  'c2ln',
].join('.');

const finding = (message: string): FindingView => ({ code: 'subject-mismatch', severity: 'error', message });

describe('inspector: findings under a failed step', () => {
  it('leaves out the finding the "What to do" line already states, keeps the others in order', () => {
    const findings = [finding('First problem.'), finding('Second problem.'), finding('Third problem.')];
    const below = findingsBelowAction({ action: 'First problem. (2 more findings below)', findings });
    assert.deepEqual(below.map((f) => f.message), ['Second problem.', 'Third problem.']);
  });

  it('finds the finding quoted inside a sentence ("the doctor says: …")', () => {
    const below = findingsBelowAction({ action: 'the doctor says: Second problem.', findings: [finding('First problem.'), finding('Second problem.')] });
    assert.deepEqual(below.map((f) => f.message), ['First problem.']);
  });

  it('lists every finding when the action is general advice', () => {
    const findings = [finding('First problem.'), finding('Second problem.')];
    assert.deepEqual(findingsBelowAction({ action: 'Wait a minute and retry.', findings }), findings);
  });

  it('shows each finding of an explained AADSTS error once, between the action and the list', () => {
    // Two credentials that miss on the subject: Entra answers AADSTS70021 (no matching federated identity record).
    const credentials = ['a', 'b'].map((name, i) => ({ name, issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`, subject: `00000000-0000-0000-0000-00000000000${i}`, audiences: ['api://AzureADTokenExchange'] }));
    const diagnosis = diagnose({ assertion, credentials, now });
    const view = tokenErrorView(new TokenError('invalid_client', [70021], 'AADSTS70021: No matching federated identity record found.'), diagnosis);
    assert.ok(view.findings.length > 0, 'the doctor related no finding to AADSTS70021');
    const shown = [view.action, ...findingsBelowAction(view).map((f) => f.message)];
    for (const f of view.findings) {
      assert.equal(shown.filter((text) => text.includes(f.message)).length, 1, `"${f.message}" is shown ${shown.filter((text) => text.includes(f.message)).length} times`);
    }
  });
});

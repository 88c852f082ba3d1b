// What a person sees of a token function's answer: the summary of an endpoint of unknown kind and
// the start of a body that is not JSON carry no secret, known or recognisable, and stay readable.
import assert from 'node:assert/strict';
import { TokenFunctionError } from '../../../src/core/errors';
import { answerSummary, MAX_SUMMARY_LENGTH, parseInvokeResult } from '../../../src/services/tokenFunction/results';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';
const FUNCTION_KEY = 'fn-key/with+odd=chars&more';

function summaryOf(body: unknown, known?: string[]): string {
  const r = parseInvokeResult('other', JSON.stringify(body), 200, known);
  assert.equal(r.kind, 'other');
  return r.kind === 'other' ? r.summary : '';
}

describe('token function: the summary of an answer of unknown kind', () => {
  const cases: { name: string; body: Record<string, unknown>; secrets: string[]; keep: string[]; known?: string[] }[] = [
    { name: 'a secret-named field of any type', body: { clientSecret: 's3cr3t-value', keys: { master: 'x' }, apiKey: 12345678, note: 'ok' }, secrets: ['s3cr3t-value', '12345678'], keep: ['"note": "ok"', '"master": "x"'] },
    { name: 'an object under a secret name', body: { key: { value: 'inner-secret-value' }, status: 'done' }, secrets: ['inner-secret-value'], keep: ['"status": "done"'] },
    { name: 'header-style names', body: { 'x-functions-key': 'hdr-secret', Authorization: 'Basic dXNlcjpwYXNz', IDENTITY_HEADER: 'ih-secret' }, secrets: ['hdr-secret', 'dXNlcjpwYXNz', 'ih-secret'], keep: ['x-functions-key'] },
    { name: 'a URL with a function key inside a value', body: { next: `https://fn.example/api/x?code=${encodeURIComponent(FUNCTION_KEY)}&a=1` }, secrets: [encodeURIComponent(FUNCTION_KEY)], keep: ['https://fn.example/api/x', 'a=1'] },
    { name: 'a token inside free text', body: { message: `issued ${JWT} for you` }, secrets: [JWT], keep: ['issued ', ' for you'] },
    { name: 'a connection string', body: { storage: 'AccountName=a;AccountKey=Zm9vYmFy+/==;EndpointSuffix=core.windows.net' }, secrets: ['Zm9vYmFy+/=='], keep: ['AccountName=a'] },
    { name: 'nested arrays', body: { items: [{ password: 'p4ss' }, ['plain', { refresh_token: 'rt-value' }]] }, secrets: ['p4ss', 'rt-value'], keep: ['"plain"'] },
    { name: 'the known function key in an unnamed field', body: { echo: `you sent ${FUNCTION_KEY}`, encoded: encodeURIComponent(FUNCTION_KEY) }, secrets: [FUNCTION_KEY, encodeURIComponent(FUNCTION_KEY)], keep: ['you sent '], known: [FUNCTION_KEY] },
    { name: 'a secret as a field name', body: { [FUNCTION_KEY]: true }, secrets: [FUNCTION_KEY], keep: ['true'], known: [FUNCTION_KEY] },
    { name: 'error codes stay readable', body: { error: { code: 'Request_BadRequest', message: 'Bad subject.' } }, secrets: [], keep: ['"code": "Request_BadRequest"', 'Bad subject.'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const summary = summaryOf(c.body, c.known);
      for (const s of c.secrets) assert.ok(!summary.includes(s), `${s} leaked:\n${summary}`);
      for (const k of c.keep) assert.ok(summary.includes(k), `${k} lost:\n${summary}`);
    });
  }

  it('keeps the token found in the answer for the inspector, never in the summary', () => {
    const r = parseInvokeResult('other', JSON.stringify({ accessToken: JWT, note: 'ok' }), 200);
    assert.ok(r.kind === 'other');
    assert.equal(r.token, JWT);
    assert.ok(!r.summary.includes(JWT));
    assert.match(r.summary, /"note": "ok"/);
  });

  it('caps a long answer, saying it was cut', () => {
    const summary = answerSummary({ list: Array.from({ length: 2000 }, (_, i) => `item-${i}`) });
    assert.equal(summary.length, MAX_SUMMARY_LENGTH);
    assert.ok(summary.endsWith('…'));
    assert.ok(summary.startsWith('{\n  "list": [\n    "item-0"'));
  });

  it('survives a deeply nested answer', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 500; i++) deep = { d: deep };
    const summary = answerSummary(deep as Record<string, unknown>);
    assert.ok(summary.includes('…'));
    assert.ok(!summary.includes('bottom'));
  });
});

describe('token function: an answer that is not JSON', () => {
  it('quotes the start of it with secrets taken out before it is cut', () => {
    const text = `code=${FUNCTION_KEY} then more text that goes on`;
    try {
      parseInvokeResult('other', text, 200, [FUNCTION_KEY]);
      assert.fail('accepted');
    } catch (e) {
      assert.ok(e instanceof TokenFunctionError, String(e));
      assert.equal(e.kind, 'bad-body');
      assert.ok(!e.message.includes(FUNCTION_KEY.slice(0, 10)), e.message);
      assert.match(e.message, /code=<(?:secret )?redacted>/);
    }
  });
});

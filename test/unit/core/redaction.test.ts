// Redaction, table-driven: each kind of text a secret reaches a log line in, once with a secret
// the redactor has to recognise by its name or shape ("unknown") and once with a secret it was
// told about ("known", in every encoded form). Each case names the secret that must be gone and
// the harmless text that must survive next to it.
import assert from 'node:assert/strict';
import { encodedForms, redactJwts, redactSecrets } from '../../../src/core/redaction';
import { makeJwt, miPayload } from './tokens';

const JWT = makeJwt(miPayload());
const UNSIGNED = makeJwt({ sub: 'x', aud: 'api://AzureADTokenExchange' }, { unsigned: true });
const FUNCTION_KEY = 'q8Zr3-Vt_x2Wn9LpK4mQ7sYd1AeF6hJc0uBo5iGlNk==';
const SLASHY_KEY = 'a/b+c=d&e f"g<h>\'i';
const BASIC = Buffer.from('user:hunter2-password').toString('base64');
const ADMIN_SECRET = 'sandbox-admin-secret-do-not-use-elsewhere';
const IDENTITY_HEADER = '4c2f8e0b9d1a7c3e5f6a8b0c2d4e6f8a1b3c5d7e9f0a2b4c';

interface Case {
  name: string;
  text: string;
  /** Text that must not survive. */
  secrets: string[];
  /** Text that must survive. */
  keep: string[];
  known?: string[];
}

const unknownSecretCases: Case[] = [
  // Function keys in URLs, plain and encoded.
  { name: 'query ?code=', text: `GET https://fn.example/api/GetToken?code=${FUNCTION_KEY}&scope=api%3A%2F%2FAzureADTokenExchange`, secrets: [FUNCTION_KEY], keep: ['https://fn.example/api/GetToken', 'scope=api%3A%2F%2FAzureADTokenExchange'] },
  { name: 'query &code= in the middle', text: `https://fn.example/api/x?scope=s&code=${FUNCTION_KEY}&clientId=abc`, secrets: [FUNCTION_KEY], keep: ['scope=s', 'clientId=abc'] },
  { name: 'URL-encoded %3Fcode%3D', text: `redirect=https%3A%2F%2Ffn.example%2Fapi%2Fx%3Fcode%3D${encodeURIComponent(FUNCTION_KEY)}%26scope%3Ds done`, secrets: [FUNCTION_KEY, encodeURIComponent(FUNCTION_KEY)], keep: ['redirect=https%3A%2F%2Ffn.example', '%26scope%3Ds done'] },
  { name: 'URL-encoded %26code%3D', text: `next=%2Fapi%2Fx%3Fscope%3Ds%26code%3D${encodeURIComponent(FUNCTION_KEY)} end`, secrets: [encodeURIComponent(FUNCTION_KEY), 'q8Zr3-Vt_x2Wn9LpK4mQ7sYd1AeF6hJc0uBo5iGlNk'], keep: ['next=%2Fapi%2Fx%3Fscope%3Ds', ' end'] },
  { name: 'double-encoded %253Fcode%253D', text: `u=x%253Fcode%253D${FUNCTION_KEY.slice(0, 40)}%2526a%253Db`, secrets: [FUNCTION_KEY.slice(0, 40)], keep: ['u=x', '%2526a%253Db'] },
  { name: 'HTML-escaped &amp;code=', text: `<a href="https://fn.example/api/x?scope=s&amp;code=${FUNCTION_KEY}&amp;name=n">link</a>`, secrets: [FUNCTION_KEY], keep: ['scope=s', '&amp;name=n">link</a>'] },
  { name: 'HTML-escaped &#38;code=', text: `href="x?a=1&#38;code=${FUNCTION_KEY}"`, secrets: [FUNCTION_KEY], keep: ['x?a=1'] },
  { name: 'JSON-escaped \\u0026code=', text: `{"url":"https://fn.example/api/x?a=1\\u0026code=${FUNCTION_KEY}\\u0026b=2"}`, secrets: [FUNCTION_KEY], keep: ['"url":"https://fn.example/api/x?a=1', '\\u0026b=2'] },
  { name: 'SAS sig=', text: 'https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig=AbCdEfGh%2BIjKl%3D&se=2030', secrets: ['AbCdEfGh%2BIjKl%3D'], keep: ['sv=2022-11-02', 'se=2030'] },
  // Header lines, whatever the scheme.
  { name: 'x-functions-key header', text: `x-functions-key: ${FUNCTION_KEY}\nAccept: application/json`, secrets: [FUNCTION_KEY], keep: ['x-functions-key:', 'Accept: application/json'] },
  { name: 'Authorization: Bearer JWT', text: `Authorization: Bearer ${JWT}\nHost: graph`, secrets: [JWT, JWT.split('.')[2]], keep: ['Authorization:', 'Host: graph'] },
  { name: 'Authorization: Bearer opaque', text: 'authorization: Bearer EwBwA8l6BAAUopaque-access-token\nx: y', secrets: ['EwBwA8l6BAAUopaque-access-token'], keep: ['x: y'] },
  { name: 'Authorization: Basic', text: `Authorization: Basic ${BASIC}\nUser-Agent: test`, secrets: [BASIC], keep: ['User-Agent: test'] },
  { name: 'a quoted header inside a sentence', text: `"Authorization: Bearer ${JWT}" is neither a tenant id (GUID) nor a domain`, secrets: [JWT, JWT.split('.')[2]], keep: ['"Authorization: ', '" is neither a tenant id (GUID) nor a domain'] },
  { name: 'a quoted Basic header inside a sentence', text: `'Authorization: Basic ${BASIC}' was refused`, secrets: [BASIC], keep: ["'Authorization: ", "' was refused"] },
  { name: 'Proxy-Authorization', text: `Proxy-Authorization: Basic ${BASIC}\r\nVia: proxy`, secrets: [BASIC], keep: ['Proxy-Authorization:', 'Via: proxy'] },
  { name: 'Authorization with an unusual scheme', text: 'Authorization: PoP eyJhbGciOiJIUzI1NiJ9-not-a-jwt-but-a-secret\nok', secrets: ['eyJhbGciOiJIUzI1NiJ9-not-a-jwt-but-a-secret'], keep: ['ok'] },
  { name: 'Cookie', text: 'Cookie: ESTSAUTH=0.AAAAsecretcookie; buid=1.secondsecret\nAccept: */*', secrets: ['0.AAAAsecretcookie', '1.secondsecret'], keep: ['Accept: */*'] },
  { name: 'Set-Cookie', text: 'Set-Cookie: session=s3ss10n-v4lue; Path=/; HttpOnly\nok', secrets: ['s3ss10n-v4lue'], keep: ['ok'] },
  { name: 'X-IDENTITY-HEADER', text: `X-IDENTITY-HEADER: ${IDENTITY_HEADER}\nMetadata: true`, secrets: [IDENTITY_HEADER], keep: ['Metadata: true'] },
  { name: 'Ocp-Apim-Subscription-Key', text: 'Ocp-Apim-Subscription-Key: 0123456789abcdef0123456789abcdef\nok', secrets: ['0123456789abcdef0123456789abcdef'], keep: ['ok'] },
  // JSON and JavaScript-object text.
  { name: 'x-functions-key in JSON', text: `{"headers":{"x-functions-key":"${FUNCTION_KEY}","accept":"application/json"}}`, secrets: [FUNCTION_KEY], keep: ['"accept":"application/json"'] },
  { name: 'authorization in JSON', text: `{"Authorization":"Basic ${BASIC}","status":401}`, secrets: [BASIC], keep: ['"status":401'] },
  { name: 'authorization in a JS object (util.inspect)', text: `{ authorization: 'Bearer ${JWT}', 'content-type': 'application/json' }`, secrets: [JWT], keep: ["'content-type': 'application/json'"] },
  { name: 'x-functions-key in a JS object', text: `headers: { 'x-functions-key': '${FUNCTION_KEY}', accept: 'json' }`, secrets: [FUNCTION_KEY], keep: ["accept: 'json'"] },
  { name: 'raw header list', text: `rawHeaders: [ 'Authorization', 'Basic ${BASIC}', 'Host', 'x' ]`, secrets: [BASIC], keep: ["'Host', 'x'"] },
  { name: 'apiKey in JSON', text: '{"apiKey":"AIzaSyD-secret-api-key","region":"west"}', secrets: ['AIzaSyD-secret-api-key'], keep: ['"region":"west"'] },
  { name: 'apiKey in a JS object', text: "config = { apiKey: 'sk_live_abc123', retries: 3 }", secrets: ['sk_live_abc123'], keep: ['retries: 3'] },
  { name: 'client_secret in JSON', text: '{"client_id":"abc","client_secret":"p@ss~word.123"}', secrets: ['p@ss~word.123'], keep: ['"client_id":"abc"'] },
  { name: 'clientSecret in the sandbox info line', text: `{"authority":"https://127.0.0.1:1","admin":{"clientId":"x","clientSecret":"${ADMIN_SECRET}"},"managedIdentity":{"header":"h"}}`, secrets: [ADMIN_SECRET], keep: ['"authority":"https://127.0.0.1:1"', '"clientId":"x"'] },
  { name: 'escaped quote inside a JSON secret', text: '{"password":"a\\"b\\"c-secret","user":"u"}', secrets: ['c-secret', 'a\\"b'], keep: ['"user":"u"'] },
  { name: 'JSON inside a JSON string', text: `{"body":"{\\"access_token\\":\\"${JWT.slice(0, 20)}opaque\\",\\"expires_in\\":3599}"}`, secrets: [`${JWT.slice(0, 20)}opaque`], keep: ['expires_in', '3599'] },
  { name: 'a token in JSON', text: `{"token":"opaque-mi-token-value","expiresOn":"2030-01-01T00:00:00Z"}`, secrets: ['opaque-mi-token-value'], keep: ['"expiresOn":"2030-01-01T00:00:00Z"'] },
  { name: 'refresh_token in JSON', text: '{"refresh_token":"0.ARoA-refresh","token_type":"Bearer"}', secrets: ['0.ARoA-refresh'], keep: ['"token_type":"Bearer"'] },
  // Form bodies, also their first field.
  { name: 'form body starting with client_secret=', text: 'client_secret=s3cr3t~value&grant_type=client_credentials&client_id=abc', secrets: ['s3cr3t~value'], keep: ['grant_type=client_credentials', 'client_id=abc'] },
  { name: 'form body starting with refresh_token=', text: 'refresh_token=0.ARoAopaque-refresh&client_id=abc', secrets: ['0.ARoAopaque-refresh'], keep: ['client_id=abc'] },
  { name: 'form body starting with assertion=', text: `assertion=${JWT}&requested_token_use=on_behalf_of`, secrets: [JWT, JWT.slice(0, 30)], keep: ['requested_token_use=on_behalf_of'] },
  { name: 'form body starting with password=', text: 'password=hunter2&username=zoe%40contoso.com', secrets: ['hunter2'], keep: ['username=zoe%40contoso.com'] },
  { name: 'form body with client_assertion= (and its type kept)', text: `client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=${JWT}&client_id=abc`, secrets: [JWT], keep: ['client_assertion_type=urn%3Aietf', 'client_id=abc'] },
  { name: 'form body with device_code=', text: 'grant_type=urn:ietf:params:oauth:grant-type:device_code&device_code=DAQABAAEAAAopaque&client_id=c', secrets: ['DAQABAAEAAAopaque'], keep: ['grant_type=urn:ietf:params:oauth:grant-type:device_code', 'client_id=c'] },
  { name: 'a form body on its own log line', text: 'POST /token\nclient_secret=abc~def~ghi', secrets: ['abc~def~ghi'], keep: ['POST /token'] },
  // Connection strings and environment lines.
  { name: 'AccountKey= in a connection string', text: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zm9vYmFyYmF6cXV4+/==;EndpointSuffix=core.windows.net', secrets: ['Zm9vYmFyYmF6cXV4+/=='], keep: ['AccountName=acct', 'EndpointSuffix=core.windows.net'] },
  { name: 'SharedAccessKey=', text: 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=c2VjcmV0a2V5;EntityPath=q', secrets: ['c2VjcmV0a2V5'], keep: ['SharedAccessKeyName=Root', 'EntityPath=q'] },
  { name: 'IDENTITY_HEADER= environment line', text: `IDENTITY_ENDPOINT=http://localhost:42356/msi/token IDENTITY_HEADER=${IDENTITY_HEADER}`, secrets: [IDENTITY_HEADER], keep: ['IDENTITY_ENDPOINT=http://localhost:42356/msi/token'] },
  { name: 'MSI_SECRET= environment line', text: 'MSI_ENDPOINT=http://127.0.0.1:41741/MSI/token/ MSI_SECRET=ABCDEF0123456789', secrets: ['ABCDEF0123456789'], keep: ['MSI_ENDPOINT=http://127.0.0.1:41741/MSI/token/'] },
  { name: 'IDENTITY_HEADER quoted in a shell line', text: `export IDENTITY_HEADER="${IDENTITY_HEADER}"; echo ok`, secrets: [IDENTITY_HEADER], keep: ['echo ok'] },
  { name: 'authorization= with a scheme', text: 'header authorization=Bearer opaque-value-123 next', secrets: ['opaque-value-123'], keep: ['header', ' next'] },
  // The sandbox's own human summary.
  { name: 'the sandbox summary lines', text: `  Admin app        a1b2 / secret ${ADMIN_SECRET}\n  Managed identity IDENTITY_ENDPOINT=https://127.0.0.1:5/msi/token IDENTITY_HEADER=${IDENTITY_HEADER}\n  Token function   https://127.0.0.1:5/api/GetManagedIdentityToken?code=${FUNCTION_KEY}&scope=api://AzureADTokenExchange/.default`, secrets: [ADMIN_SECRET, IDENTITY_HEADER, FUNCTION_KEY], keep: ['Admin app        a1b2', 'IDENTITY_ENDPOINT=https://127.0.0.1:5/msi/token', 'scope=api://AzureADTokenExchange/.default'] },
  // JWTs by shape.
  { name: 'a JWT in prose', text: `first ${JWT} then`, secrets: [JWT.split('.')[1], JWT.split('.')[2]], keep: ['first ', ' then'] },
  { name: 'an unsigned JWT in quotes', text: `got "${UNSIGNED}" back`, secrets: [UNSIGNED.split('.')[1]], keep: ['got "', '" back'] },
  { name: 'a JWT split by a newline', text: `token: ${JWT.slice(0, 60)}\n${JWT.slice(60)}\n    at next (file.js:1:2)`, secrets: [JWT.slice(0, 60), JWT.slice(60, 200), JWT.slice(-40)], keep: ['    at next (file.js:1:2)'] },
  { name: 'a JWT wrapped at 76 columns', text: `${JWT.match(/.{1,76}/g)!.join('\r\n')}\r\nDone.`, secrets: JWT.match(/.{1,76}/g)!.slice(0, -1), keep: ['Done.'] },
  { name: 'a JWT wrapped with \\n escapes in JSON', text: `{"error":"bad ${JWT.slice(0, 50)}\\n${JWT.slice(50)}","code":1}`, secrets: [JWT.slice(0, 50), JWT.slice(50, 150)], keep: ['"code":1'] },
  { name: 'a JWT with %2E dots', text: `?id_tok=${JWT.replace(/\./g, '%2E')}&state=abc`, secrets: [JWT.split('.')[1]], keep: ['state=abc'] },
  { name: 'a JWT with %2e dots', text: `x=${JWT.replace(/\./g, '%2e')} y`, secrets: [JWT.split('.')[1]], keep: [' y'] },
  { name: 'an encrypted token (JWE)', text: 'jwe eyJhbGciOiJSU0EtT0FFUCJ9.ZW5jcnlwdGVka2V5.aXZpdml2aXY.Y2lwaGVydGV4dGNpcGhlcg.dGFndGFn end', secrets: ['ZW5jcnlwdGVka2V5', 'Y2lwaGVydGV4dGNpcGhlcg'], keep: ['jwe ', ' end'] },
];

const knownSecretCases: Case[] = [
  { name: 'known: raw', text: `the key ${FUNCTION_KEY} was used`, secrets: [FUNCTION_KEY], keep: ['the key ', ' was used'], known: [FUNCTION_KEY] },
  { name: 'known: percent-encoded', text: `u=${encodeURIComponent(SLASHY_KEY)} ok`, secrets: [encodeURIComponent(SLASHY_KEY)], keep: ['u=', ' ok'], known: [SLASHY_KEY] },
  { name: 'known: lowercase percent-encoding', text: `u=${encodeURIComponent(SLASHY_KEY).toLowerCase()} ok`, secrets: [encodeURIComponent(SLASHY_KEY).toLowerCase()], keep: [' ok'], known: [SLASHY_KEY] },
  { name: 'known: form-encoded (+ for spaces)', text: `x=${encodeURIComponent(SLASHY_KEY).replace(/%20/g, '+')}`, secrets: [encodeURIComponent(SLASHY_KEY).replace(/%20/g, '+')], keep: ['x='], known: [SLASHY_KEY] },
  { name: 'known: double percent-encoded', text: `next=${encodeURIComponent(encodeURIComponent(SLASHY_KEY))}`, secrets: [encodeURIComponent(encodeURIComponent(SLASHY_KEY))], keep: ['next='], known: [SLASHY_KEY] },
  { name: 'known: HTML-escaped', text: '<p>a/b+c=d&amp;e f&quot;g&lt;h&gt;&#39;i</p>', secrets: ['a/b+c=d&amp;e f&quot;g&lt;h&gt;&#39;i'], keep: ['<p>', '</p>'], known: [SLASHY_KEY] },
  { name: 'known: JSON-escaped', text: JSON.stringify({ note: `saw ${SLASHY_KEY}` }), secrets: [JSON.stringify(SLASHY_KEY).slice(1, -1)], keep: ['{"note":"saw '], known: [SLASHY_KEY] },
  { name: 'known: the sandbox admin secret in prose', text: `signed in with ${ADMIN_SECRET} as the admin`, secrets: [ADMIN_SECRET], keep: ['signed in with ', ' as the admin'], known: [ADMIN_SECRET] },
  { name: 'known: the admin secret in the summary line', text: `  Admin app        a1b2 / secret ${ADMIN_SECRET}`, secrets: [ADMIN_SECRET], keep: ['Admin app        a1b2 / secret '], known: [ADMIN_SECRET] },
  { name: 'known: a function key in an unnamed place', text: `error near '${FUNCTION_KEY}' in path`, secrets: [FUNCTION_KEY], keep: ["error near '", "' in path"], known: [FUNCTION_KEY] },
  { name: 'known: several secrets at once', text: `${ADMIN_SECRET} and ${IDENTITY_HEADER}`, secrets: [ADMIN_SECRET, IDENTITY_HEADER], keep: [' and '], known: [ADMIN_SECRET, IDENTITY_HEADER] },
  { name: 'known: a secret inside a URL-encoded URL', text: `r=https%3A%2F%2Ffn%2Fapi%3Fcode%3D${encodeURIComponent(encodeURIComponent(SLASHY_KEY))}`, secrets: [encodeURIComponent(SLASHY_KEY), 'a%2Fb'], keep: ['r=https%3A%2F%2Ffn%2Fapi'], known: [SLASHY_KEY] },
];

// The same inputs with the secret also given as known: knowing it must never make things worse.
const everyCase: Case[] = [
  ...unknownSecretCases,
  ...knownSecretCases,
  ...unknownSecretCases.filter((c) => c.secrets.every((s) => s.length >= 8)).slice(0, 12).map((c) => ({ ...c, name: `${c.name} (also known)`, known: c.secrets })),
];

describe('redaction: every way a secret reaches a log line', function () {
  // RSA key generation for the tokens takes a moment on a busy machine.
  this.timeout(30_000);

  it('has at least 50 cases', () => {
    assert.ok(everyCase.length >= 50, `${everyCase.length} cases`);
  });

  for (const c of everyCase) {
    it(c.name, () => {
      const out = redactSecrets(c.text, c.known);
      for (const secret of c.secrets) assert.ok(!out.includes(secret), `${JSON.stringify(secret)} leaked:\n${out}`);
      for (const keep of c.keep) assert.ok(out.includes(keep), `${JSON.stringify(keep)} was lost:\n${out}`);
      assert.match(out, /<(?:secret |token )?redacted>/, 'a marker says something was taken out');
      assert.equal(redactSecrets(out, c.known), out, 'redacting twice changes nothing');
    });
  }
});

describe('redaction: what stays', function () {
  this.timeout(30_000);
  const harmless = [
    'AADSTS700213: No matching federated identity record found for presented assertion subject.',
    '{"error":{"code":"Request_BadRequest","message":"Invalid value specified for property \'subject\'."}}',
    'GET https://graph.microsoft.com/v1.0/applications?$filter=appId%20eq%20%27abc%27&$top=999 200 in 41 ms',
    'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer&scope=api://AzureADTokenExchange/.default',
    'The token expires in 42 min (exp 1736942400); tokenType Bearer; keyId 7f3a.',
    'eyJhbGciOiJSUzI1NiJ9 is a header on its own, not a token',
    'publicKey and hotkey: fine; monkey=banana; turnkey=ready',
    'https://login.microsoftonline.com/common/discovery/instance?api-version=1.1&authorization_endpoint=https://x/authorize',
    'Claims: {"header":{"alg":"RS256","kid":"abc"},"signature":"present"}',
  ];
  for (const text of harmless) {
    it(`leaves alone: ${text.slice(0, 60)}`, () => assert.equal(redactSecrets(text), text));
  }

  it('ignores known secrets too short to be told from ordinary text, and non-strings', () => {
    assert.equal(redactSecrets('abc is fine', ['abc', '', undefined as unknown as string]), 'abc is fine');
    assert.equal(redactSecrets('abcd is not', ['abcd']), '<secret redacted> is not');
  });

  it('takes any iterable of known secrets (a Set, as the log keeps them)', () => {
    assert.equal(redactSecrets('one Zm9vYmFy two', new Set(['Zm9vYmFy'])), 'one <secret redacted> two');
  });

  it('turns a non-string into text first', () => {
    assert.equal(redactSecrets(42 as unknown as string), '42');
  });

  it('lists each encoded form once', () => {
    const forms = encodedForms('plain');
    assert.deepEqual(forms, ['plain']);
    assert.ok(encodedForms(SLASHY_KEY).includes(encodeURIComponent(SLASHY_KEY)));
    assert.ok(encodedForms(SLASHY_KEY).includes('a/b+c=d&amp;e f&quot;g&lt;h&gt;&#39;i'));
  });
});

describe('redaction: the JWT scanner', function () {
  this.timeout(30_000);
  it('replaces each token with one marker and keeps the text between', () => {
    assert.equal(redactJwts(`a ${JWT} b ${UNSIGNED} c`), 'a <token redacted> b <token redacted> c');
  });

  it('leaves token-like text that is not a token', () => {
    for (const text of ['eyJ', 'eyJabc.def', 'eyJhbGciOi..sig', 'xeyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig', 'eyJhb.eyJz.sig']) {
      assert.equal(redactJwts(text), text, text);
    }
  });

  it('does not join a short word after a line break to a token', () => {
    assert.equal(redactJwts(`${UNSIGNED}\n  next`), '<token redacted>\n  next');
  });

  it('follows a token over each kind of line break, also right after a dot', () => {
    const [h, p, sig] = JWT.split('.');
    for (const br of ['\n', '\r\n', '\\n', '\\r\\n']) {
      assert.equal(redactJwts(`a ${h}.${p.slice(0, 40)}${br}${p.slice(40)}.${sig} b`), 'a <token redacted> b', JSON.stringify(br));
      assert.equal(redactJwts(`a ${h}.${br}${p}.${sig} b`), 'a <token redacted> b', `after a dot: ${JSON.stringify(br)}`);
      assert.equal(redactJwts(`a ${h}${br}.${p}.${sig} b`), 'a <token redacted> b', `before a dot: ${JSON.stringify(br)}`);
    }
  });

  it('does not follow a short run over a line break, nor a break at the very end', () => {
    assert.equal(redactJwts('eyJhbGciOiJ\nSUzI1NiJ9.eyJ.x'), 'eyJhbGciOiJ\nSUzI1NiJ9.eyJ.x', 'a header of 11 characters is no wrapped line');
    assert.equal(redactJwts(`${UNSIGNED}\n`), '<token redacted>\n');
    assert.equal(redactJwts(`${JWT}\n`), '<token redacted>\n');
  });

  it('keeps a dot that ends a sentence after an unsigned token with the token, and stops after five parts', () => {
    assert.equal(redactJwts(`x ${UNSIGNED} y`), 'x <token redacted> y');
    assert.equal(redactJwts('eyJhbGciOiJ9.YQ.Yg.Yw.ZA.ZQ.Zg tail'), '<token redacted>ZQ.Zg tail');
  });

  it('scans a megabyte of near-tokens in one pass', () => {
    const text = 'eyJhbGciOiJSUzI1NiJ9.'.repeat(50_000);
    const out = redactJwts(text);
    assert.ok(!out.includes('eyJhbGciOiJSUzI1NiJ9.eyJ'), 'the run of parts is taken as tokens');
  });
});

import assert from 'node:assert/strict';
import { describeExpiry, explainClaim, explainClaims, formatDuration, formatRelative, summarizeToken } from '../../../src/core/claims';
import { decodeJwt } from '../../../src/core/jwt';
import { MI_CLIENT_ID, MI_OBJECT_ID, NOW, NOW_S, TENANT, makeJwt, miPayload } from './tokens';

describe('claims: explanations', function () {
  // RSA key generation and timing loops take seconds on a busy machine.
  this.timeout(30_000);
  const documented = ['iss', 'sub', 'aud', 'oid', 'tid', 'appid', 'azp', 'appidacr', 'azpacr', 'roles', 'scp', 'idtyp', 'xms_mirid', 'ver', 'iat', 'nbf', 'exp', 'uti', 'rh', 'name', 'preferred_username', 'upn', 'unique_name', 'amr', 'idp'];

  it('explains every claim the inspector shows', () => {
    for (const name of documented) {
      const e = explainClaim(name, 'x', 'payload', NOW);
      assert.equal(e.known, true, name);
      assert.ok(e.meaning.length > 10, name);
    }
    for (const name of ['typ', 'alg', 'kid']) assert.equal(explainClaim(name, 'x', 'header').known, true, name);
  });

  it('says it does not know an unknown claim, and survives odd names', () => {
    assert.equal(explainClaim('x_custom', 1).known, false);
    assert.equal(explainClaim('__proto__', 1).known, false);
    assert.equal(explainClaim('constructor', 1).known, false);
    assert.equal(explainClaim('toString', 1, 'header').known, false);
  });

  it('the sub explanation warns about case and object id', () => {
    assert.match(explainClaim('sub', MI_OBJECT_ID).meaning, /object id/);
    assert.match(explainClaim('azp', MI_CLIENT_ID).meaning, /client id, not its object id/);
  });

  it('explains a value only by the claim\'s own table: "constructor" or "__proto__" as a value adds nothing', () => {
    const plain = explainClaim('appidacr', 'unlisted').meaning;
    assert.equal(plain, 'How the client authenticated (v1).');
    for (const value of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      for (const claim of ['appidacr', 'azpacr']) {
        const e = explainClaim(claim, value);
        assert.equal(e.meaning, explainClaim(claim, 'unlisted').meaning, `${claim}: ${value}`);
        assert.doesNotMatch(e.meaning, /function|native code|\[object/, `${claim}: ${value}`);
        assert.equal(e.display, value);
      }
    }
    // A claim with no value table ignores the value entirely.
    assert.equal(explainClaim('sub', 'constructor').meaning, explainClaim('sub', 'x').meaning);
  });

  it('explains a name only by its own entry, in the right table', () => {
    for (const name of ['constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'toString']) {
      for (const location of ['header', 'payload'] as const) {
        const e = explainClaim(name, 'x', location);
        assert.equal(e.known, false, `${location} ${name}`);
        assert.equal(e.meaning, location === 'header' ? 'Header parameter not explained here.' : 'Claim not explained here.');
      }
    }
    assert.equal(explainClaim('kid', 'x', 'payload').known, false, 'kid is a header parameter');
    assert.equal(explainClaim('sub', 'x', 'header').known, false, 'sub is a claim');
    assert.equal(explainClaim('nonce', 'x', 'header').meaning, 'A value Entra adds to Graph tokens; such a token can only be verified by Graph itself.');
    assert.equal(explainClaim('nonce', 'x', 'payload').meaning, 'Value from the sign-in request, to prevent replay.');
  });

  it('explains appidacr/azpacr values', () => {
    assert.match(explainClaim('azpacr', '2').meaning, /Certificate or client assertion/);
    assert.match(explainClaim('appidacr', '1').meaning, /Client secret/);
  });

  it('shows times as dates and relative to now', () => {
    const exp = explainClaim('exp', NOW_S + 42 * 60, 'payload', NOW);
    assert.equal(exp.time?.relative, 'expires in 42 min');
    assert.equal(exp.time?.iso, new Date((NOW_S + 42 * 60) * 1000).toISOString());
    assert.ok(exp.time?.date instanceof Date);
    assert.equal(typeof exp.time?.local, 'string');
    assert.equal(explainClaim('exp', NOW_S - 3 * 3600 - 5, 'payload', NOW).time?.relative, 'expired 3 h ago');
    assert.equal(explainClaim('iat', NOW_S - 300, 'payload', NOW).time?.relative, '5 min ago');
    assert.equal(explainClaim('nbf', NOW_S + 30, 'payload', NOW).time?.relative, 'valid in 30 s');
    assert.equal(explainClaim('exp', 'soon', 'payload', NOW).time, undefined);
  });

  it('formats durations and relative times', () => {
    assert.equal(formatDuration(45_000), '45 s');
    assert.equal(formatDuration(42 * 60_000 + 59_000), '42 min');
    assert.equal(formatDuration(89 * 60_000), '89 min');
    assert.equal(formatDuration(3 * 3600_000), '3 h');
    assert.equal(formatDuration(47 * 3600_000), '47 h');
    assert.equal(formatDuration(5 * 86400_000), '5 d');
    assert.equal(formatRelative(new Date(NOW.getTime() + 120_000), NOW), 'in 2 min');
    assert.equal(formatRelative(NOW, NOW), 'just now');
    assert.equal(describeExpiry({ exp: NOW_S + 3600 }, NOW), 'expires in 60 min');
    assert.equal(describeExpiry({}, NOW), undefined);
  });

  it('explains a whole token: header first, then payload in order, values as text', () => {
    const jwt = decodeJwt(makeJwt(miPayload({ roles: ['Application.Read.All', 'User.Read.All'] })));
    const rows = explainClaims(jwt, { now: NOW });
    assert.deepEqual(rows.slice(0, 3).map((r) => [r.location, r.name]), [['header', 'alg'], ['header', 'typ'], ['header', 'kid']]);
    assert.equal(rows[3].name, 'aud');
    assert.equal(rows.find((r) => r.name === 'roles')?.display, 'Application.Read.All, User.Read.All');
    assert.equal(rows.find((r) => r.name === 'exp')?.time?.relative, 'expires in 60 min');
  });

  it('renders objects and nulls as JSON text (never as markup)', () => {
    assert.equal(explainClaim('x', { a: 1 }).display, '{"a":1}');
    assert.equal(explainClaim('x', null).display, 'null');
    assert.equal(explainClaim('name', '<img src=x onerror=alert(1)>').display, '<img src=x onerror=alert(1)>');
  });
});

describe('claims: summarizeToken', function () {
  // RSA key generation and timing loops take seconds on a busy machine.
  this.timeout(30_000);
  it('recognises a managed identity token by xms_mirid', () => {
    const s = summarizeToken(miPayload());
    assert.equal(s.kind, 'managedIdentity');
    assert.equal(s.label, 'Managed identity token');
    assert.equal(s.tenantId, TENANT);
    assert.equal(s.appId, MI_CLIENT_ID);
    assert.equal(s.objectId, MI_OBJECT_ID);
    assert.equal(s.cloud, 'public');
    assert.equal(s.version, '2.0');
    assert.equal(s.displayName, 'contoso-sync-mi');
    assert.equal(s.expiresAt?.getTime(), (NOW_S + 3600) * 1000);
  });

  it('recognises a managed identity by a known id when xms_mirid is missing', () => {
    const p = miPayload({ xms_mirid: undefined });
    assert.equal(summarizeToken(p).kind, 'app');
    const s = summarizeToken(p, { managedIdentities: [{ id: MI_OBJECT_ID, appId: MI_CLIENT_ID, displayName: 'uami' }] });
    assert.equal(s.kind, 'managedIdentity');
    assert.equal(s.displayName, 'uami');
  });

  it('recognises app and user tokens', () => {
    const app = summarizeToken({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, idtyp: 'app', azp: 'app-id', roles: ['x'], tid: TENANT, aud: 'https://graph.microsoft.com' });
    assert.equal(app.kind, 'app');
    assert.equal(app.audience, 'https://graph.microsoft.com');
    const user = summarizeToken({ iss: `https://sts.windows.net/${TENANT}/`, scp: 'User.Read', upn: 'ada@contoso.com', name: 'Ada', appid: 'client' });
    assert.equal(user.kind, 'user');
    assert.equal(user.displayName, 'Ada');
    assert.equal(user.version, '1.0');
    assert.equal(user.tenantId, TENANT);
    assert.equal(summarizeToken({}).kind, 'unknown');
  });

  it('detects the sandbox and US Government clouds', () => {
    assert.equal(summarizeToken({ iss: `https://127.0.0.1:8443/${TENANT}/v2.0` }).cloud, 'sandbox');
    assert.equal(summarizeToken({ iss: `https://login.microsoftonline.us/${TENANT}/v2.0` }).cloud, 'usgov');
  });
});

describe('claims: boundaries of times and token kinds', () => {
  it('formats durations at each unit boundary, whatever the sign', () => {
    assert.equal(formatDuration(59_999), '59 s');
    assert.equal(formatDuration(60_000), '1 min');
    assert.equal(formatDuration(-60_000), '1 min');
    assert.equal(formatDuration(90 * 60_000 - 1), '89 min');
    assert.equal(formatDuration(90 * 60_000), '1 h');
    assert.equal(formatDuration(48 * 3600_000 - 1), '47 h');
    assert.equal(formatDuration(48 * 3600_000), '2 d');
  });

  it('relative times: within a second is now, past and future say so', () => {
    assert.equal(formatRelative(new Date(NOW.getTime() + 999), NOW), 'just now');
    assert.equal(formatRelative(new Date(NOW.getTime() - 999), NOW), 'just now');
    assert.equal(formatRelative(new Date(NOW.getTime() + 1000), NOW), 'in 1 s');
    assert.equal(formatRelative(new Date(NOW.getTime() - 1000), NOW), '1 s ago');
  });

  it('exp and nbf at and around now', () => {
    assert.equal(explainClaim('exp', NOW_S, 'payload', NOW).time?.relative, 'expired 0 s ago');
    assert.equal(explainClaim('exp', NOW_S + 1, 'payload', NOW).time?.relative, 'expires in 1 s');
    assert.equal(explainClaim('nbf', NOW_S, 'payload', NOW).time?.relative, 'just now');
    assert.equal(explainClaim('nbf', NOW_S - 120, 'payload', NOW).time?.relative, '2 min ago');
    assert.equal(explainClaim('iat', NOW_S + 120, 'payload', NOW).time?.relative, 'in 2 min');
    const bad = explainClaim('exp', 1e20, 'payload', NOW).time;
    assert.equal(bad?.iso, 'invalid date');
    assert.equal(bad?.local, 'invalid date');
  });

  it('shows values as text: lists joined, nothing for undefined, JSON for mixed lists', () => {
    assert.equal(explainClaim('roles', ['a', 1]).display, 'a, 1');
    assert.equal(explainClaim('roles', ['a', { b: 1 }]).display, '["a",{"b":1}]');
    assert.equal(explainClaim('x', undefined).display, '');
    assert.equal(explainClaim('x', 'plain').display, 'plain');
  });

  it('a known managed identity is found by object id or client id, in any case', () => {
    const mis = [{ id: MI_OBJECT_ID, appId: MI_CLIENT_ID, displayName: 'id-sync' }];
    const byOid = summarizeToken({ oid: MI_OBJECT_ID.toUpperCase(), iss: `https://login.microsoftonline.com/${TENANT}/v2.0` }, { managedIdentities: mis });
    assert.equal(byOid.kind, 'managedIdentity');
    assert.equal(byOid.displayName, 'id-sync');
    const byClient = summarizeToken({ azp: MI_CLIENT_ID.toUpperCase(), oid: 'someone-else' }, { managedIdentities: mis });
    assert.equal(byClient.kind, 'managedIdentity');
    assert.equal(summarizeToken({ oid: 'someone-else', azp: 'other-client' }, { managedIdentities: mis }).kind, 'app');
    assert.equal(summarizeToken({ oid: MI_OBJECT_ID, upn: 'zoe@contoso.com' }, { managedIdentities: mis }).kind, 'user', 'a user token is never a managed identity by id');
  });

  it('what makes a token a user\'s, an app\'s or unknown', () => {
    for (const claim of ['upn', 'preferred_username', 'unique_name']) assert.equal(summarizeToken({ [claim]: 'zoe' }).kind, 'user', claim);
    assert.equal(summarizeToken({ scp: 'User.Read' }).kind, 'user');
    assert.equal(summarizeToken({ idtyp: 'user' }).kind, 'user');
    assert.equal(summarizeToken({ idtyp: 'app' }).kind, 'app');
    assert.equal(summarizeToken({ appid: 'x' }).kind, 'app');
    assert.equal(summarizeToken({ roles: ['r'] }).kind, 'app');
    assert.equal(summarizeToken({ azp: '' }).kind, 'unknown', 'an empty claim counts as none');
    assert.equal(summarizeToken({}).kind, 'unknown');
    assert.equal(summarizeToken({ xms_mirid: '/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-x/' }).displayName, 'id-x');
    assert.equal(summarizeToken({ name: 'Zoë', upn: 'zoe' }).displayName, 'Zoë');
    assert.equal(summarizeToken({ roles: ['r'], name: 'n' }).displayName, undefined, 'an app token has no person\'s name');
  });

  it('issued and expiry times are the claims in seconds', () => {
    const s = summarizeToken({ iat: NOW_S, exp: NOW_S + 60 });
    assert.equal(s.issuedAt?.getTime(), NOW_S * 1000);
    assert.equal(s.expiresAt?.getTime(), (NOW_S + 60) * 1000);
    assert.equal(summarizeToken({ iat: 'x' }).issuedAt, undefined);
  });
});

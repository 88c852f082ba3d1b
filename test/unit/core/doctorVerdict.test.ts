// The doctor's predicted answer of the token endpoint (accepted through which credential, or
// refused with which AADSTS code) on the token shapes Entra issues: v2 exchange tokens with the
// GUID audience, v1 tokens, federation-app audiences, propagation, and the context codes.
import assert from 'node:assert/strict';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { type DiagnoseInput, diagnose, explainTokenError } from '../../../src/core/doctor';
import { ISSUER, MI_CLIENT_ID, MI_OBJECT_ID, NOW, NOW_S, OTHER_TENANT, TENANT, goodFic, makeJwt, miPayload } from './tokens';

const fic = (o?: Record<string, unknown>) => goodFic(o) as FederatedIdentityCredential;
const GUID_AUDIENCE = 'fb60f99c-7a34-4190-8149-302f77469936';
const FEDERATION_APP = '9b5c7d3e-1f2a-4b6c-8d9e-0a1b2c3d4e5f';
/** What the managed identity endpoint issues for api://AzureADTokenExchange: v2, aud = the exchange app's id. */
const realMiPayload = (o?: Record<string, unknown>) => miPayload({ aud: GUID_AUDIENCE, ...o });

function verdictOf(credentials: FederatedIdentityCredential[], payload: Record<string, unknown> | string = realMiPayload(), extra?: Partial<DiagnoseInput>) {
  return diagnose({ assertion: payload, credentials, now: NOW, ...extra }).verdict;
}
const refused = (code: number) => ({ outcome: 'refused', code });

describe('doctor: predicted verdict of the exchange', () => {
  it('accepts the GUID audience for a credential storing api://AzureADTokenExchange, naming the credential', () => {
    assert.deepEqual(verdictOf([fic({ name: 'other', subject: '0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6', audiences: ['api://x'] }), fic()]), { outcome: 'accepted', credential: 'contoso-sync-mi' });
    const d = diagnose({ assertion: makeJwt(realMiPayload()), credentials: [fic()], now: NOW });
    assert.equal(d.matched, 'contoso-sync-mi');
    assert.ok(d.findings.some((f) => f.code === 'audience-guid-form' && f.severity === 'info'));
  });

  it("federation-app pattern: the token's aud is the app id, the credential stores api://{appId}", () => {
    assert.deepEqual(verdictOf([fic({ audiences: [`api://${FEDERATION_APP}`] })], miPayload({ aud: FEDERATION_APP })), { outcome: 'accepted', credential: 'contoso-sync-mi' });
  });

  it('a v1 token (sts.windows.net issuer) never matches a v2 issuer: 700211', () => {
    const v1 = realMiPayload({ iss: `https://sts.windows.net/${TENANT}/`, ver: '1.0', appid: MI_CLIENT_ID, azp: undefined });
    const d = diagnose({ assertion: v1, credentials: [fic()], now: NOW });
    assert.deepEqual(d.verdict, refused(700211));
    assert.ok(d.findings.some((f) => f.code === 'issuer-v1-token'));
  });

  it('subject: 7002138 for a case-only difference, 7002137 when issuer and audience agree, 700213 otherwise', () => {
    assert.deepEqual(verdictOf([fic({ subject: MI_OBJECT_ID.toUpperCase() })]), refused(7002138));
    assert.deepEqual(verdictOf([fic({ subject: MI_CLIENT_ID })]), refused(7002137));
    assert.deepEqual(verdictOf([fic({ subject: MI_CLIENT_ID, audiences: ['api://AzureADTokenExchnage'] })]), refused(700213));
  });

  it('700212 for an audience typo; 700211 for a trailing slash', () => {
    assert.deepEqual(verdictOf([fic({ audiences: ['api://AzureADTokenExchnage'] })]), refused(700212));
    assert.deepEqual(verdictOf([fic({ issuer: `${ISSUER}/` })]), refused(700211));
  });

  it('70025 without credentials; 700024 beyond the skew; 700027 unsigned or with a failed signature check', () => {
    assert.deepEqual(verdictOf([]), refused(70025));
    assert.deepEqual(verdictOf([fic()], realMiPayload({ exp: NOW_S - 301 })), refused(700024));
    assert.deepEqual(verdictOf([fic()], makeJwt(realMiPayload(), { unsigned: true })), refused(700027));
    const d = diagnose({ assertion: makeJwt(realMiPayload()), credentials: [fic()], now: NOW, signature: 'invalid' });
    assert.deepEqual(d.verdict, refused(700027));
    assert.ok(d.findings.some((f) => f.code === 'bad-signature'));
  });

  it('700231 for a token bought with a federated credential, 700236 for an identity of another tenant', () => {
    const chained = diagnose({ assertion: realMiPayload({ xms_ficinfo: 'CAAQABgAIAAoAjAA' }), credentials: [fic()], now: NOW });
    assert.deepEqual(chained.verdict, refused(700231));
    assert.ok(chained.findings.some((f) => f.code === 'chained-assertion'));
    const other = diagnose({ assertion: realMiPayload(), credentials: [fic()], now: NOW, app: { homeTenantId: OTHER_TENANT } });
    assert.deepEqual(other.verdict, refused(700236));
    assert.ok(other.findings.some((f) => f.code === 'identity-other-tenant'));
    assert.deepEqual(verdictOf([fic()], realMiPayload(), { app: { homeTenantId: TENANT } })?.outcome, 'accepted');
  });

  it('7000229 without a service principal at home, 700016 without one in the target tenant', () => {
    assert.deepEqual(verdictOf([fic()], realMiPayload(), { app: { servicePrincipalInHomeTenant: false } }), refused(7000229));
    assert.deepEqual(verdictOf([fic()], realMiPayload(), { app: { servicePrincipalInTargetTenant: false } }), refused(700016));
  });

  it('propagation: a new credential is absent (70021), an edited one matches as before, and the finding says to wait', () => {
    const created = diagnose({ assertion: realMiPayload(), credentials: [fic()], now: NOW, propagating: [{ name: 'contoso-sync-mi', previous: null }] });
    assert.deepEqual(created.verdict, refused(70021));
    assert.equal(created.matched, undefined);
    const warn = created.findings.find((f) => f.code === 'propagating');
    assert.ok(warn && warn.severity === 'warning' && /wait and retry/.test(warn.message));
    assert.equal(explainTokenError(70021, created).findings[0]?.code, 'propagating');
    const edited = { name: 'contoso-sync-mi', previous: { issuer: ISSUER, subject: MI_CLIENT_ID, audiences: ['api://AzureADTokenExchange'] } };
    assert.deepEqual(verdictOf([fic()], realMiPayload(), { propagating: [edited] }), refused(7002137));
    // The other way round: the old, right version is still in force after a wrong edit.
    const wrongNow = fic({ subject: MI_CLIENT_ID });
    assert.deepEqual(verdictOf([wrongNow], realMiPayload(), { propagating: [{ name: 'contoso-sync-mi', previous: { issuer: ISSUER, subject: MI_OBJECT_ID, audiences: ['api://AzureADTokenExchange'] } }] }), { outcome: 'accepted', credential: 'contoso-sync-mi' });
  });

  it('explains the newer codes with what to do', () => {
    for (const [code, word] of [[7000229, /service principal/], [70025, /federated credential/], [700231, /own token/], [700236, /home tenant|identity's tenant/], [700238, /administrator/]] as const) {
      const e = explainTokenError(code);
      assert.match(`${e.explanation} ${e.action}`, word, String(code));
    }
  });
});

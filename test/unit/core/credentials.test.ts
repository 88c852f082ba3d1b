import assert from 'node:assert/strict';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { CLOUDS, sandboxCloud } from '../../../src/core/clouds';
import {
  CREDENTIAL_NAME_PATTERN,
  MAX_CREDENTIALS_PER_APP,
  MAX_FIELD_LENGTH,
  type ProblemCode,
  credentialKind,
  credentialWarnings,
  defaultDescription,
  hasErrors,
  isGuid,
  managedIdentityCredential,
  managedIdentityIssuer,
  normalizeGuid,
  sameGuid,
  suggestCredentialName,
  validateFederatedCredential,
} from '../../../src/core/credentials';
import { AUDIENCE, ISSUER, MI_CLIENT_ID, MI_OBJECT_ID, TENANT, goodFic } from './tokens';

function codes(candidate: Parameters<typeof validateFederatedCredential>[0], existing: FederatedIdentityCredential[] = [], options?: Parameters<typeof validateFederatedCredential>[2]): ProblemCode[] {
  return validateFederatedCredential(candidate, existing, options).map((p) => p.code);
}

function only(candidate: Parameters<typeof validateFederatedCredential>[0], code: ProblemCode, existing: FederatedIdentityCredential[] = [], options?: Parameters<typeof validateFederatedCredential>[2]) {
  const problems = validateFederatedCredential(candidate, existing, options);
  assert.deepEqual(problems.map((p) => p.code), [code], JSON.stringify(problems));
  return problems[0];
}

function apps(n: number): FederatedIdentityCredential[] {
  return Array.from({ length: n }, (_, i) => ({ name: `fic-${i}`, issuer: ISSUER, subject: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, audiences: [AUDIENCE] }));
}

describe('credentials: validateFederatedCredential errors (Graph refuses)', () => {
  it('accepts a correct managed-identity credential', () => {
    assert.deepEqual(validateFederatedCredential(goodFic(), []), []);
  });

  it('name-missing', () => {
    const p = only(goodFic({ name: undefined }), 'name-missing');
    assert.equal(p.severity, 'error');
    assert.equal(p.field, 'name');
    only(goodFic({ name: '' }), 'name-missing');
  });

  it('name-length: says how long it must be and how long it is', () => {
    assert.equal(only(goodFic({ name: 'ab' }), 'name-length').message, 'Name must be 3–120 characters; it has 2.');
    assert.match(only(goodFic({ name: 'a'.repeat(121) }), 'name-length').message, /it has 121/);
    assert.deepEqual(codes(goodFic({ name: 'abc' })), []);
    assert.deepEqual(codes(goodFic({ name: 'a'.repeat(120) })), []);
  });

  it('name-characters: names the bad character and its position', () => {
    assert.match(only(goodFic({ name: 'my fic' }), 'name-characters').message, /a space at position 3/);
    assert.match(only(goodFic({ name: '-abc' }), 'name-characters').message, /starts with "-"/);
    assert.match(only(goodFic({ name: '_abc' }), 'name-characters').message, /starts with "_"/);
    only(goodFic({ name: 'abc.def' }), 'name-characters');
    only(goodFic({ name: 'café-mi' }), 'name-characters');
    assert.deepEqual(codes(goodFic({ name: 'A1_b-2' })), []);
  });

  it('reports length and characters together when both are wrong', () => {
    assert.deepEqual(codes(goodFic({ name: '-a' })), ['name-length', 'name-characters']);
  });

  it('name-taken, ignoring case, except for the credential being updated', () => {
    const existing = [goodFic({ name: 'Taken-Name', subject: 'other' })] as FederatedIdentityCredential[];
    only(goodFic({ name: 'taken-name' }), 'name-taken', existing);
    assert.deepEqual(codes(goodFic({ name: 'taken-name', subject: 'other' }), existing, { updating: 'Taken-Name' }), ['subject-not-guid']);
  });

  it('issuer-missing', () => {
    only(goodFic({ issuer: undefined }), 'issuer-missing');
    only(goodFic({ issuer: '   ' }), 'issuer-missing');
  });

  it('subject-missing unless a claims matching expression is given', () => {
    only(goodFic({ subject: undefined }), 'subject-missing');
    only(goodFic({ subject: null }), 'subject-missing');
    only(goodFic({ subject: '' }), 'subject-missing');
    const flexible = { name: 'gh-any-branch', issuer: 'https://token.actions.githubusercontent.com', subject: null, audiences: [AUDIENCE], claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/*'", languageVersion: 1 } };
    assert.deepEqual(codes(flexible), []);
  });

  it('subject-and-expression and claims-expression-invalid', () => {
    const base = { name: 'gh-flex', issuer: 'https://token.actions.githubusercontent.com', audiences: [AUDIENCE] };
    only({ ...base, subject: 'repo:a/b:ref:refs/heads/main', claimsMatchingExpression: { value: 'x', languageVersion: 1 } }, 'subject-and-expression');
    only({ ...base, claimsMatchingExpression: { value: '', languageVersion: 1 } }, 'claims-expression-invalid');
    only({ ...base, claimsMatchingExpression: { value: 'x', languageVersion: 2 } }, 'claims-expression-invalid');
    only({ ...base, claimsMatchingExpression: 'x' }, 'claims-expression-invalid');
    const long = only({ ...base, claimsMatchingExpression: { value: 'x'.repeat(601), languageVersion: 1 } }, 'field-too-long');
    assert.equal(long.field, 'claimsMatchingExpression');
  });

  it('claims-expression-issuer: an expression only for GitHub (also an Enterprise slug), GitLab.com and Terraform Cloud', () => {
    const flexible = (issuer: string) => ({ name: 'flex', issuer, subject: null, audiences: [AUDIENCE], claimsMatchingExpression: { value: "claims['sub'] eq 'x'", languageVersion: 1 } });
    for (const issuer of ['https://token.actions.githubusercontent.com', 'https://token.actions.githubusercontent.com/contoso', 'https://gitlab.com', 'https://app.terraform.io']) {
      assert.deepEqual(codes(flexible(issuer)), [], issuer);
    }
    const refused = only(flexible('https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0'), 'claims-expression-issuer');
    assert.equal(refused.field, 'issuer');
    assert.match(refused.message, /GitHub Actions, GitLab\.com and Terraform Cloud/);
    only(flexible('https://gitlab.contoso.com'), 'claims-expression-issuer');
    only(flexible('https://token.actions.githubusercontent.com/contoso/extra'), 'claims-expression-issuer');
  });

  it('audience-count: none or more than one', () => {
    assert.match(only(goodFic({ audiences: [] }), 'audience-count').message, /exactly one audience; it has 0/);
    assert.match(only(goodFic({ audiences: undefined }), 'audience-count').message, /it has 0/);
    assert.match(only(goodFic({ audiences: [AUDIENCE, 'api://other'] }), 'audience-count').message, /it has 2\. Keep one/);
  });

  it('audience-missing for a single empty audience', () => {
    only(goodFic({ audiences: [''] }), 'audience-missing');
  });

  it('field-too-long for issuer, subject, audience and description, at 601 but not 600', () => {
    const long = 'x'.repeat(MAX_FIELD_LENGTH + 1);
    const issuer = validateFederatedCredential(goodFic({ issuer: `https://example.com/${long}` }), []).filter((p) => p.code === 'field-too-long');
    assert.equal(issuer[0].field, 'issuer');
    assert.match(issuer[0].message, /Issuer must be at most 600 characters; it has 621/);
    const subject = validateFederatedCredential(goodFic({ issuer: 'https://example.com', subject: long }), []);
    assert.deepEqual(subject.map((p) => [p.code, p.field]), [['field-too-long', 'subject']]);
    const audience = validateFederatedCredential(goodFic({ issuer: 'https://example.com', audiences: [long] }), []);
    assert.deepEqual(audience.map((p) => [p.code, p.field]), [['field-too-long', 'audiences']]);
    assert.equal(only(goodFic({ description: long }), 'field-too-long').field, 'description');
    assert.deepEqual(codes(goodFic({ description: 'x'.repeat(MAX_FIELD_LENGTH) })), []);
  });

  it('issuer-subject-taken names the other credential; not when updating it', () => {
    const existing = [goodFic({ name: 'first' })] as FederatedIdentityCredential[];
    assert.match(only(goodFic({ name: 'second' }), 'issuer-subject-taken', existing).message, /"first"/);
    assert.deepEqual(codes(goodFic({ name: 'first' }), existing, { updating: 'first' }), []);
  });

  it('issuer-subject-taken is exact (a different case is another pair)', () => {
    const existing = [goodFic({ name: 'first', subject: 'repo:a/b:ref:refs/heads/main', issuer: 'https://token.actions.githubusercontent.com' })] as FederatedIdentityCredential[];
    assert.deepEqual(codes({ name: 'second', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:A/b:ref:refs/heads/main', audiences: [AUDIENCE] }, existing), []);
  });

  it('existing credentials with subject null never collide', () => {
    const existing = [{ name: 'flex', issuer: ISSUER, subject: null, audiences: [AUDIENCE] }] as unknown as FederatedIdentityCredential[];
    assert.deepEqual(codes(goodFic(), existing), []);
  });

  it('too-many-credentials at the 21st, not when updating one of 20', () => {
    const twenty = apps(MAX_CREDENTIALS_PER_APP);
    const p = only(goodFic(), 'too-many-credentials', twenty);
    assert.match(p.message, /at most 20/);
    assert.deepEqual(codes(goodFic({ name: 'fic-3' }), twenty, { updating: 'fic-3' }), []);
    assert.deepEqual(codes(goodFic(), apps(19)), []);
  });

  it('field-type for request bodies with wrong JSON types, and no crash', () => {
    const raw = { name: 42, issuer: ['x'], subject: 7, audiences: 'api://AzureADTokenExchange', description: {} } as unknown as Parameters<typeof validateFederatedCredential>[0];
    const problems = validateFederatedCredential(raw, []);
    assert.deepEqual(
      problems.filter((p) => p.code === 'field-type').map((p) => p.field),
      ['name', 'issuer', 'subject', 'description', 'audiences'],
    );
    assert.ok(problems.every((p) => p.severity === 'error'));
    for (const junk of [null, 'x', [], 5]) {
      assert.deepEqual(validateFederatedCredential(junk as never, []).map((p) => p.code).slice(0, 1), ['field-type']);
    }
    assert.deepEqual(codes(goodFic(), [null, 'x', { name: 'other' }] as unknown as FederatedIdentityCredential[]), []);
    assert.deepEqual(codes(goodFic(), 'nope' as unknown as FederatedIdentityCredential[]), []);
  });

  it('lists errors before warnings and hasErrors tells them apart', () => {
    const problems = validateFederatedCredential(goodFic({ name: 'ab', issuer: `${ISSUER}/` }), []);
    assert.deepEqual(problems.map((p) => p.severity), ['error', 'warning']);
    assert.equal(hasErrors(problems), true);
    assert.equal(hasErrors(problems.filter((p) => p.severity === 'warning')), false);
  });
});

describe('credentials: warnings (Graph accepts, the exchange fails)', () => {
  it('whitespace in issuer, subject or audience, naming the field', () => {
    for (const [override, field] of [[{ issuer: ` ${ISSUER}` }, 'issuer'], [{ subject: `${MI_OBJECT_ID} ` }, 'subject'], [{ audiences: [`${AUDIENCE}\n`] }, 'audiences']] as const) {
      const p = only(goodFic(override), 'whitespace');
      assert.equal(p.severity, 'warning');
      assert.equal(p.field, field);
    }
  });

  it('issuer-trailing-slash for an Entra issuer, with the fixed issuer', () => {
    const p = only(goodFic({ issuer: `${ISSUER}/` }), 'issuer-trailing-slash');
    assert.ok(p.message.includes(`Use ${ISSUER}.`));
  });

  it('no trailing-slash warning for other issuers (AKS issuers end with "/")', () => {
    assert.deepEqual(codes(goodFic({ issuer: `https://eastus.oic.prod-aks.azure.com/${TENANT}/abc/`, subject: 'system:serviceaccount:ns:sa' })), []);
  });

  it('issuer-v1 and issuer-not-canonical', () => {
    assert.match(only(goodFic({ issuer: `https://sts.windows.net/${TENANT}/` }), 'issuer-v1').message, /v2\.0/);
    assert.match(only(goodFic({ issuer: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0' }), 'issuer-not-canonical').message, /tenant by its id/);
    assert.match(only(goodFic({ issuer: `https://login.microsoftonline.com/${TENANT.toUpperCase()}/v2.0` }), 'issuer-not-canonical').message, /capital letters/);
    only(goodFic({ issuer: `https://login.microsoftonline.com/${TENANT}` }), 'issuer-not-canonical');
  });

  it('subject-not-guid for an Entra issuer only', () => {
    only(goodFic({ subject: 'my-identity' }), 'subject-not-guid');
    assert.deepEqual(codes(goodFic({ issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:a/b:environment:prod' })), []);
  });

  it('subject-not-lowercase: object ids are lowercase and matching is case-sensitive', () => {
    const p = only(goodFic({ subject: MI_OBJECT_ID.toUpperCase() }), 'subject-not-lowercase');
    assert.ok(p.message.includes(MI_OBJECT_ID));
  });

  it('subject-is-client-id when a known identity has that client id', () => {
    const p = only(goodFic({ subject: MI_CLIENT_ID }), 'subject-is-client-id', [], { managedIdentities: [{ id: MI_OBJECT_ID, appId: MI_CLIENT_ID, displayName: 'contoso-sync-mi' }] });
    assert.ok(p.message.includes('contoso-sync-mi') && p.message.includes(MI_OBJECT_ID));
  });

  it('audience-not-official for a federation app URI on an Entra issuer; not for GitHub', () => {
    const p = only(goodFic({ audiences: ['api://9b5c7d3e-1f2a-4b6c-8d9e-0a1b2c3d4e5f'] }), 'audience-not-official');
    assert.match(p.message, /federation-app pattern/);
    assert.match(p.message, /api:\/\/AzureADTokenExchange/);
    assert.deepEqual(codes(goodFic({ issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:a/b:ref:refs/heads/main', audiences: ['api://custom'] })), []);
  });

  it('audience-guid-form, audience-scope-suffix, audience-other-cloud', () => {
    only(goodFic({ audiences: ['fb60f99c-7a34-4190-8149-302f77469936'] }), 'audience-guid-form');
    assert.match(only(goodFic({ audiences: [`${AUDIENCE}/.default`] }), 'audience-scope-suffix').message, new RegExp(`Use ${AUDIENCE}\\.`));
    only(goodFic({ audiences: ['api://AzureADTokenExchangeUSGov'] }), 'audience-other-cloud');
    assert.deepEqual(codes(goodFic({ issuer: managedIdentityIssuer('usgov', TENANT), audiences: ['api://AzureADTokenExchangeUSGov'] })), []);
    assert.deepEqual(codes(goodFic({ issuer: managedIdentityIssuer('china', TENANT), audiences: ['api://AzureADTokenExchangeChina'] })), []);
  });

  it('treats the sandbox authority as Entra', () => {
    const sandbox = sandboxCloud('https://127.0.0.1:8443');
    const issuer = managedIdentityIssuer(sandbox, TENANT);
    assert.equal(issuer, `https://127.0.0.1:8443/${TENANT}/v2.0`);
    assert.deepEqual(codes(goodFic({ issuer })), []);
    only(goodFic({ issuer: `${issuer}/` }), 'issuer-trailing-slash');
    only(goodFic({ issuer, subject: 'not-a-guid' }), 'subject-not-guid');
  });

  it('counts extra known authorities as Entra', () => {
    assert.deepEqual(codes(goodFic({ issuer: `https://sandbox.example:9443/${TENANT}/v2.0`, subject: 'nope' })), []);
    only(goodFic({ issuer: `https://sandbox.example:9443/${TENANT}/v2.0`, subject: 'nope' }), 'subject-not-guid', [], { knownAuthorities: ['https://sandbox.example:9443'] });
  });

  it('credentialWarnings checks a listed FIC (subject null, no expression) without crashing', () => {
    assert.deepEqual(credentialWarnings({ name: 'flex', issuer: 'https://token.actions.githubusercontent.com', subject: null, audiences: [AUDIENCE] }), []);
    assert.deepEqual(credentialWarnings({ issuer: `${ISSUER}/`, subject: null, audiences: [] }).map((p) => p.code), ['issuer-trailing-slash']);
    assert.deepEqual(credentialWarnings({}), []);
  });
});

describe('credentials: building FICs', () => {
  it('managedIdentityIssuer per cloud, lowercasing the tenant id', () => {
    assert.equal(managedIdentityIssuer('public', TENANT), ISSUER);
    assert.equal(managedIdentityIssuer('usgov', TENANT), `https://login.microsoftonline.us/${TENANT}/v2.0`);
    assert.equal(managedIdentityIssuer(CLOUDS.china, TENANT.toUpperCase()), `https://login.chinacloudapi.cn/${TENANT}/v2.0`);
    assert.equal(managedIdentityIssuer({ authority: 'https://127.0.0.1:1234/' }, TENANT), `https://127.0.0.1:1234/${TENANT}/v2.0`);
  });

  it('managedIdentityCredential builds a FIC that validates cleanly', () => {
    const fic = managedIdentityCredential({ cloud: CLOUDS.public, tenantId: TENANT, objectId: MI_OBJECT_ID.toUpperCase(), name: 'mi', description: 'd' });
    assert.deepEqual(fic, { name: 'mi', issuer: ISSUER, subject: MI_OBJECT_ID, audiences: [AUDIENCE], description: 'd' });
    const fed = managedIdentityCredential({ cloud: CLOUDS.usgov, tenantId: TENANT, objectId: MI_OBJECT_ID, name: 'gov' });
    assert.deepEqual(fed.audiences, ['api://AzureADTokenExchangeUSGov']);
    assert.deepEqual(validateFederatedCredential(fed, []), []);
  });

  it('suggestCredentialName: valid, unique, derived from the identity', () => {
    assert.equal(suggestCredentialName('Contoso Sync MI', []), 'contoso-sync-mi');
    assert.equal(suggestCredentialName('Contoso Sync MI', ['CONTOSO-SYNC-MI', 'contoso-sync-mi-2']), 'contoso-sync-mi-3');
    assert.equal(suggestCredentialName('Zoë', []), 'zoe');
    assert.equal(suggestCredentialName('x', []), 'mi-x');
    assert.equal(suggestCredentialName('---', []), 'managed-identity');
    assert.equal(suggestCredentialName('', []), 'managed-identity');
    const long = suggestCredentialName('a'.repeat(300), []);
    assert.ok(long.length <= 120);
    for (const name of ['Contoso Sync MI', '  spaces  ', '__x__', 'a'.repeat(300), '日本語', 'id/with/slashes']) {
      const existing = [suggestCredentialName(name, [])];
      for (const s of [existing[0], suggestCredentialName(name, existing)]) {
        assert.match(s, CREDENTIAL_NAME_PATTERN, s);
        assert.deepEqual(validateFederatedCredential(goodFic({ name: s }), []), []);
      }
      assert.notEqual(suggestCredentialName(name, existing), existing[0]);
    }
  });

  it('defaultDescription follows the original proof of concept', () => {
    assert.equal(defaultDescription('contoso-sync-mi', 'Contoso', 'admin@contoso.com'), 'Managed identity contoso-sync-mi in Contoso registered by admin@contoso.com');
    assert.ok(defaultDescription('x'.repeat(700), 't', 'u').length <= MAX_FIELD_LENGTH);
  });

  it('credentialKind by issuer', () => {
    assert.equal(credentialKind({ issuer: ISSUER }), 'managedIdentity');
    assert.equal(credentialKind({ issuer: `https://login.microsoftonline.us/${TENANT}/v2.0` }), 'managedIdentity');
    assert.equal(credentialKind({ issuer: `https://127.0.0.1:8443/${TENANT}/v2.0` }), 'managedIdentity');
    assert.equal(credentialKind({ issuer: 'https://token.actions.githubusercontent.com' }), 'githubActions');
    assert.equal(credentialKind({ issuer: `https://westeurope.oic.prod-aks.azure.com/${TENANT}/x/` }), 'kubernetes');
    assert.equal(credentialKind({ issuer: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC' }), 'kubernetes');
    assert.equal(credentialKind({ issuer: 'https://k8s.example.com', subject: 'system:serviceaccount:default:app' }), 'kubernetes');
    assert.equal(credentialKind({ issuer: 'https://gitlab.com' }), 'other');
    assert.equal(credentialKind({ issuer: undefined }), 'other');
    assert.equal(credentialKind({ issuer: 'not a url' }), 'other');
  });

  it('GUID helpers', () => {
    assert.equal(isGuid(MI_OBJECT_ID), true);
    assert.equal(isGuid(MI_OBJECT_ID.toUpperCase()), true);
    assert.equal(isGuid(`{${MI_OBJECT_ID}}`), false);
    assert.equal(isGuid(42), false);
    assert.equal(normalizeGuid(` {${MI_OBJECT_ID.toUpperCase()}} `), MI_OBJECT_ID);
    assert.equal(normalizeGuid(`"${MI_OBJECT_ID}"`), MI_OBJECT_ID);
    assert.equal(normalizeGuid('nope'), undefined);
    assert.equal(sameGuid(MI_OBJECT_ID, MI_OBJECT_ID.toUpperCase()), true);
    assert.equal(sameGuid(MI_OBJECT_ID, MI_CLIENT_ID), false);
  });
});

// The decisions of "Go Secretless…" that need no network: which credential already trusts the
// chosen identity, whether the verification allows removing anything, how each secret and
// certificate is named in the one confirmation, and what is left when a removal stops half-way.
// Pure, so the rules are unit-tested apart from the prompts.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import type { CertificateInfo, SecretInfo } from './federationReportTypes';

/** A secret or a certificate of the app registration, as the flow names and removes it. */
export type AppKey = { kind: 'secret'; info: SecretInfo } | { kind: 'certificate'; info: CertificateInfo };

export function appKeys(app: { passwordCredentials: readonly SecretInfo[]; keyCredentials: readonly CertificateInfo[] }): AppKey[] {
  return [...app.passwordCredentials.map((info) => ({ kind: 'secret' as const, info })), ...app.keyCredentials.map((info) => ({ kind: 'certificate' as const, info }))];
}

/**
 * The credential that already makes the app trust the identity: the same issuer and subject,
 * exactly (Graph refuses a second one with that pair, so it must be reused, never added).
 */
export function existingTrust(credentials: readonly FederatedIdentityCredential[], issuer: string, subject: string): FederatedIdentityCredential | undefined {
  return credentials.find((c) => c.issuer === issuer && c.subject === subject);
}

/** One tenant's outcome of Check Federation, as far as the decision needs it. */
export interface TenantVerdict {
  tenantLabel: string;
  ok: boolean;
  summary: string;
}

export type Verification =
  | { verified: true; summary: string }
  /** `reason` is what the user is told: the Check Federation verdict, or why there was none. */
  | { verified: false; reason: string };

/** Verified only when every tenant checked exchanged the identity's token for an app token. */
export function verificationOf(results: readonly TenantVerdict[]): Verification {
  if (results.length === 0) return { verified: false, reason: 'no tenant was checked.' };
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0) return { verified: true, summary: results.map((r) => `✓ ${r.tenantLabel}: ${r.summary}`).join(' · ') };
  return { verified: false, reason: failed.map((r) => `✗ ${r.tenantLabel}: ${r.summary}`).join(' · ') };
}

/** "Verification skipped", "the check failed: …": the reason when no verdict came back at all. */
export function unverified(reason: string): Verification {
  return { verified: false, reason };
}

/** "secret "CI deploy" (hint ab1…, expired 2026-10-01)": how a key is named in prompts and messages. */
export function describeKey(key: AppKey, now: number): string {
  const { info } = key;
  const name = info.displayName ? `"${info.displayName}"` : `with key id ${info.keyId}`;
  const parts: string[] = [];
  if (key.kind === 'secret' && key.info.hint) parts.push(`hint ${key.info.hint}…`);
  if (key.kind === 'certificate' && key.info.type && key.info.type !== 'AsymmetricX509Cert') parts.push(key.info.type);
  parts.push(expiryText(info.endDateTime, now));
  return `${key.kind} ${name} (${parts.join(', ')})`;
}

/** "EXPIRED 2026-10-01", "expires 2026-12-20", "no end date". */
export function expiryText(endDateTime: string | null | undefined, now: number): string {
  if (!endDateTime) return 'no end date';
  const end = Date.parse(endDateTime);
  if (Number.isNaN(end)) return `ends ${endDateTime}`;
  const day = new Date(end).toISOString().slice(0, 10);
  return end <= now ? `EXPIRED ${day}` : `expires ${day}`;
}

export function isExpired(key: AppKey, now: number): boolean {
  const end = key.info.endDateTime ? Date.parse(key.info.endDateTime) : NaN;
  return !Number.isNaN(end) && end <= now;
}

/** "2 client secrets and 1 certificate". */
export function countText(keys: readonly AppKey[]): string {
  const secrets = keys.filter((k) => k.kind === 'secret').length;
  const certificates = keys.length - secrets;
  const parts = [];
  if (secrets > 0) parts.push(`${secrets} client secret${secrets === 1 ? '' : 's'}`);
  if (certificates > 0) parts.push(`${certificates} certificate${certificates === 1 ? '' : 's'}`);
  return parts.length > 0 ? parts.join(' and ') : 'no secrets or certificates';
}

export interface RemovalPrompt {
  message: string;
  detail: string;
  action: string;
}

/**
 * The one modal before anything is removed, naming each key. Verified: the exchange worked.
 * Not verified: the "Remove Anyway" warning, with the verdict and what breaks if the code still
 * uses a secret.
 */
export function removalPrompt(appName: string, keys: readonly AppKey[], now: number, verification: Verification): RemovalPrompt {
  const list = keys.map((k) => `• ${describeKey(k, now)}`);
  const expired = keys.filter((k) => isExpired(k, now)).length;
  const expiredNote = expired > 0 ? [`${expired} of them ${expired === 1 ? 'has' : 'have'} already expired.`] : [];
  if (verification.verified) {
    return {
      message: `Remove ${countText(keys)} from ${appName}?`,
      detail: [`The exchange works without them (${verification.summary}).`, '', ...list, '', ...expiredNote, 'Anything that still signs in with them stops working. This cannot be undone: a removed secret cannot be recovered.'].join('\n'),
      action: keys.length === 1 ? 'Remove It' : `Remove All ${keys.length}`,
    };
  }
  return {
    message: `Remove ${countText(keys)} from ${appName} without a working exchange?`,
    detail: [
      `The federation is not verified: ${verification.reason}`,
      '',
      ...list,
      '',
      ...expiredNote,
      'If your workload still signs in with one of them, or the managed identity cannot get tokens for the app yet, it stops working. This cannot be undone.',
    ].join('\n'),
    action: 'Remove Anyway',
  };
}

/** The key ids to keep in the PATCH of keyCredentials: every certificate but the removed ones. */
export function keptCertificateIds(certificates: readonly Pick<CertificateInfo, 'keyId'>[], removing: ReadonlySet<string>): string[] {
  return certificates.map((c) => c.keyId).filter((id) => !removing.has(id));
}

/** What the user is told after a removal that stopped: what was removed, what remains. */
export function remainingMessage(appName: string, removed: readonly AppKey[], remaining: readonly AppKey[], now: number, why: string): string {
  const done = removed.length > 0 ? `Removed ${removed.map((k) => describeKey(k, now)).join(', ')}. ` : 'Nothing was removed. ';
  const left = remaining.length > 0 ? `Still on ${appName}: ${remaining.map((k) => describeKey(k, now)).join(', ')}.` : '';
  return `${done}${why} ${left}`.trim();
}

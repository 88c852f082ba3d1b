// Builds real JWTs for the unit tests: JSON, base64url, and an RS256 signature from a key
// generated per run, the way the managed identity endpoint's tokens look.

import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

let privateKey: KeyObject | undefined;

function key(): KeyObject {
  privateKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return privateKey;
}

export function b64url(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** An RS256-signed token (or unsigned with alg none when `unsigned` is set). */
export function makeJwt(payload: unknown, options?: { header?: Record<string, unknown>; unsigned?: boolean }): string {
  const header = options?.header ?? (options?.unsigned ? { alg: 'none', typ: 'JWT' } : { alg: 'RS256', typ: 'JWT', kid: 'test-key' });
  const signingInput = `${b64url(header)}.${b64url(payload)}`;
  if (options?.unsigned) return `${signingInput}.`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key()).toString('base64url');
  return `${signingInput}.${signature}`;
}

export const TENANT = '3f1c2b4a-9d8e-4c7b-a6f5-0e1d2c3b4a59';
export const OTHER_TENANT = '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d';
export const MI_OBJECT_ID = '5e2d1c0b-a9f8-4e7d-b6c5-a4b3c2d1e0f9';
export const MI_CLIENT_ID = 'c0ffee00-1234-4abc-8def-0123456789ab';
export const OTHER_MI_OBJECT_ID = '0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6';
export const ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
export const AUDIENCE = 'api://AzureADTokenExchange';
/** 2025-01-15T12:00:00Z: tests pass `now` explicitly so they never depend on the clock. */
export const NOW = new Date(Date.UTC(2025, 0, 15, 12, 0, 0));
export const NOW_S = Math.floor(NOW.getTime() / 1000);

/** The payload of a user-assigned managed identity's token for the exchange audience. */
export function miPayload(overrides?: Record<string, unknown>): Record<string, unknown> {
  return {
    aud: AUDIENCE,
    iss: ISSUER,
    iat: NOW_S - 300,
    nbf: NOW_S - 300,
    exp: NOW_S + 3600,
    aio: 'k2BgYJjX',
    azp: MI_CLIENT_ID,
    azpacr: '2',
    idtyp: 'app',
    oid: MI_OBJECT_ID,
    rh: '0.AAAA',
    sub: MI_OBJECT_ID,
    tid: TENANT,
    uti: 'AbCdEf',
    ver: '2.0',
    xms_mirid: `/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/contoso-sync-mi`,
    ...overrides,
  };
}

/** A FIC that matches `miPayload()` exactly. */
export function goodFic(overrides?: Record<string, unknown>): { name: string; issuer: string; subject: string | null; audiences: string[]; description?: string } {
  return { name: 'contoso-sync-mi', issuer: ISSUER, subject: MI_OBJECT_ID, audiences: [AUDIENCE], ...overrides } as never;
}

// Turns what a user typed for "Add Tenant" (a GUID or a domain) into a tenant id, by asking the
// authority's OpenID discovery document, exactly as sign-in libraries do. An unknown tenant
// comes back from Entra as AADSTS90002, which is reported as such.
import { retryWhileBusy } from './busyRetry';
import { readJson, sendHttp } from './http/transport';
import type { Environment } from './environment';

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const domainPattern = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Checks the typed value before any request; returns the problem, or undefined when well-formed. */
export function validateTenantInput(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Enter a tenant id (a GUID) or a domain such as contoso.onmicrosoft.com.';
  if (guidPattern.test(v) || domainPattern.test(v)) return undefined;
  if (/^[0-9a-f-]{30,40}$/i.test(v)) return `"${v}" is not a valid GUID: a tenant id looks like 72f988bf-86f1-41af-91ab-2d7cd011db47.`;
  return `"${v}" is neither a tenant id (GUID) nor a domain name such as contoso.onmicrosoft.com.`;
}

export class TenantNotFoundError extends Error {
  constructor(readonly input: string, detail: string) {
    super(`Tenant "${input}" was not found: ${detail}`);
    this.name = 'TenantNotFoundError';
  }
}

export async function resolveTenantId(environment: Environment, input: string, signal?: AbortSignal): Promise<string> {
  const value = input.trim();
  const url = `${environment.cloud.authority}/${encodeURIComponent(value)}/v2.0/.well-known/openid-configuration`;
  const { status, body } = await getJson(url, environment.ca, signal);
  const document = body as { issuer?: string; error_description?: string; error_codes?: number[] };
  if (status !== 200 || !document.issuer) {
    const reason = document.error_codes?.includes(90002)
      ? 'Entra answered AADSTS90002 (no such tenant). Check the spelling, or use the tenant id.'
      : (document.error_description?.split('\r\n')[0] ?? `the authority answered HTTP ${status}.`);
    throw new TenantNotFoundError(value, reason);
  }
  const tid = document.issuer.split('/').find((s) => guidPattern.test(s));
  if (!tid) throw new TenantNotFoundError(value, `the discovery document names no tenant id (issuer ${document.issuer}).`);
  return tid.toLowerCase();
}

/** The discovery document is small and served from a CDN: 15 s is already generous. */
const LOOKUP_DEADLINE_MS = 15_000;

async function getJson(url: string, ca: string | undefined, signal?: AbortSignal): Promise<{ status: number; body: unknown }> {
  // A throttled lookup (429/503) is asked again; the waits end when the user cancels.
  const answer = await retryWhileBusy(() => sendHttp({ url, ca, signal, deadlineMs: LOOKUP_DEADLINE_MS, maxBodyBytes: 256 * 1024 }), { signal });
  const body = readJson(answer);
  // a non-JSON answer is reported by status
  return { status: answer.status, body: typeof body === 'object' && body !== null ? body : {} };
}

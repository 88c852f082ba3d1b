// Removing an app registration's client secrets and certificates, as Graph offers it:
//  - a secret: `POST /applications/{id}/removePassword {keyId}` (204), one per secret;
//  - certificates: Graph has no per-certificate delete for a user (removeKey needs a proof of
//    possession signed by one of the app's own keys), so `PATCH /applications/{id}` replaces
//    the whole `keyCredentials` collection with the ones to keep. Each kept entry must carry its
//    `key`, which Graph returns only when one object is read with `$select=keyCredentials`.
// The kept keys are public certificates, yet they are never logged either: nothing here logs.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { KeyCredential } from '@microsoft/microsoft-graph-types';
import { sendGraphRequest } from './graphRequest';

export class AppSecretsApi {
  constructor(private readonly client: () => Promise<Client>) {}

  /** Removes one client secret. Sent with the usual retries: removing it twice leaves it removed. */
  async removePassword(appObjectId: string, keyId: string, signal?: AbortSignal): Promise<void> {
    await sendGraphRequest(await this.client(), 'POST', `${application(appObjectId)}/removePassword`, { body: { keyId }, signal });
  }

  /** The app's certificates with their keys (what a PATCH must send back for the kept ones). */
  async keyCredentials(appObjectId: string, signal?: AbortSignal): Promise<KeyCredential[]> {
    const app = (await sendGraphRequest(await this.client(), 'GET', `${application(appObjectId)}?$select=keyCredentials`, { signal })) as { keyCredentials?: KeyCredential[] } | undefined;
    return Array.isArray(app?.keyCredentials) ? app.keyCredentials : [];
  }

  /**
   * Replaces the app's certificates with `kept` (each as `keyCredentials` read it, key included).
   * One write: it applies whole or not at all. Idempotent, so the transport may resend it.
   */
  async replaceKeyCredentials(appObjectId: string, kept: readonly KeyCredential[], signal?: AbortSignal): Promise<void> {
    await sendGraphRequest(await this.client(), 'PATCH', application(appObjectId), { body: { keyCredentials: kept.map(writableKey) }, signal });
  }
}

function application(objectId: string): string {
  return `/applications/${encodeURIComponent(objectId)}`;
}

/** A kept certificate as Graph takes it back: its listed fields, nulls left out. */
function writableKey(k: KeyCredential): KeyCredential {
  const fields: Array<keyof KeyCredential> = ['customKeyIdentifier', 'displayName', 'endDateTime', 'key', 'keyId', 'startDateTime', 'type', 'usage'];
  const out: Record<string, unknown> = {};
  for (const field of fields) if (k[field] !== null && k[field] !== undefined) out[field] = k[field];
  return out as KeyCredential;
}

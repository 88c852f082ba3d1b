// Writes to an app's federated identity credentials: create, update, delete, and look one up by
// name. A create is sent once (see SendOnce): when its connection drops, the caller cannot know
// whether Graph applied it, so it looks the name up instead of letting a retry make a second one.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { GraphError, MiFederationError } from '../../core/errors';
import { sendGraphRequest, type GraphMethod } from './graphRequest';

/** What a create or an update sends: Graph's writable FIC fields. */
export interface CredentialFields {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  description?: string | null;
}

export type CredentialChanges = Partial<Omit<CredentialFields, 'name'>>;

export class CredentialsApi {
  constructor(private readonly client: () => Promise<Client>) {}

  async list(appObjectId: string, signal?: AbortSignal): Promise<FederatedIdentityCredential[]> {
    const page = (await this.send('GET', collection(appObjectId), undefined, signal)) as { value: FederatedIdentityCredential[] };
    return page.value;
  }

  /** The credential with this name (Graph addresses FICs by id or name), or undefined. */
  async get(appObjectId: string, name: string, signal?: AbortSignal): Promise<FederatedIdentityCredential | undefined> {
    try {
      return (await this.send('GET', item(appObjectId, name), undefined, signal)) as FederatedIdentityCredential;
    } catch (e) {
      if (e instanceof GraphError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** POST; Graph answers 201 with the new credential. Never resent after an unknown outcome. */
  async create(appObjectId: string, fields: CredentialFields, signal?: AbortSignal): Promise<FederatedIdentityCredential> {
    return (await this.send('POST', collection(appObjectId), withoutEmptyDescription(fields), signal, true)) as FederatedIdentityCredential;
  }

  /**
   * A create that is never sent twice: when its outcome is unknown (a dropped connection, a
   * passed deadline, 503, 500/502/504), the name is looked up instead. Returns the credential
   * and whether it was found that way; throws CreateOutcomeUnknownError when it was not there
   * (`created: false`, sending again is safe) or the look-up failed too (`created: undefined`).
   */
  async createOrFind(appObjectId: string, fields: CredentialFields, signal?: AbortSignal): Promise<{ credential: FederatedIdentityCredential; foundByLookUp: boolean }> {
    try {
      return { credential: await this.create(appObjectId, fields, signal), foundByLookUp: false };
    } catch (e) {
      if (!isUnknownOutcome(e)) throw e;
      let found: FederatedIdentityCredential | undefined;
      try {
        found = await this.get(appObjectId, fields.name, signal);
      } catch (lookUpError) {
        throw new CreateOutcomeUnknownError(fields.name, undefined, e, lookUpError);
      }
      if (found) return { credential: found, foundByLookUp: true };
      throw new CreateOutcomeUnknownError(fields.name, false, e);
    }
  }

  /** PATCH (204). The name is immutable, so it is never part of the body. Idempotent. */
  async update(appObjectId: string, name: string, changes: CredentialChanges, signal?: AbortSignal): Promise<void> {
    await this.send('PATCH', item(appObjectId, name), changes, signal);
  }

  /** DELETE (204). False when it was already gone (404): the outcome the caller wanted anyway. */
  async delete(appObjectId: string, name: string, signal?: AbortSignal): Promise<boolean> {
    try {
      await this.send('DELETE', item(appObjectId, name), undefined, signal);
      return true;
    } catch (e) {
      if (e instanceof GraphError && e.status === 404) return false;
      throw e;
    }
  }

  private async send(method: GraphMethod, url: string, body: unknown, signal: AbortSignal | undefined, once = false): Promise<unknown> {
    return sendGraphRequest(await this.client(), method, url, { body, signal, once });
  }
}

/** A create whose answer was lost, after looking its name up. */
export class CreateOutcomeUnknownError extends MiFederationError {
  override readonly name = 'CreateOutcomeUnknownError';
  constructor(
    readonly credentialName: string,
    /** false: looked up and absent, so sending again cannot make a second one; undefined: the look-up failed too. */
    readonly created: false | undefined,
    readonly reason: unknown,
    readonly lookUpError?: unknown,
  ) {
    super(
      created === false
        ? `Microsoft Graph did not confirm creating "${credentialName}", and a look-up by name found none: it was not created.`
        : `Microsoft Graph did not confirm creating "${credentialName}", and looking it up failed too: it may or may not exist.`,
      { cause: reason },
    );
  }
}

/**
 * True when a failed write may still have been applied: the connection dropped, the call
 * passed its deadline, or the server answered 503 or a gateway gave up (500/502/504) — none of
 * which says the write was not carried out. The caller must look before resending. Only a 429
 * says the server did not act (the transport already resent those).
 */
export function isUnknownOutcome(e: unknown): boolean {
  if (!(e instanceof GraphError)) return false;
  // A refused connection or an unknown host never carried the request: nothing was created.
  if (e.status === 0) return !neverSentCodes.has(e.code);
  return e.status === 500 || e.status === 502 || e.status === 503 || e.status === 504;
}

const neverSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

function collection(appObjectId: string): string {
  return `/applications/${encodeURIComponent(appObjectId)}/federatedIdentityCredentials`;
}

function item(appObjectId: string, name: string): string {
  return `${collection(appObjectId)}/${encodeURIComponent(name)}`;
}

function withoutEmptyDescription(fields: CredentialFields): CredentialFields {
  const { description, ...rest } = fields;
  return description ? { ...rest, description } : rest;
}

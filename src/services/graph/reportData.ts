// What the tenant federation report is built from, read from Graph in as few requests as it
// allows: every app with its credentials, secrets and certificates (the `$expand` pages of 100
// the tree uses), the managed identities (listed alongside, one request), and for the subjects
// of this tenant's Entra-issued credentials that name no listed identity, whether an object
// with that id exists (`getByIds`, 1,000 per request). Whatever cannot be read becomes a gap of
// a partial report; only a first page of apps that fails is an error.
import type { Client } from '@microsoft/microsoft-graph-client';
import { parseEntraIssuer } from '../../core/clouds';
import { describeError, isCancellation } from '../../core/errors';
import type { ReportApp, ReportGap, ReportIdentity, ReportInput, ReportLoadOptions } from '../../core/federationReportTypes';
import { isGuid } from '../../core/guid';
import type { AppPage, ApplicationsApi } from './applications';
import { existingObjectIds } from './directoryObjects';
import type { ManagedIdentity } from './managedIdentities';

/** The part of a tenant's Graph service the loader reads through. */
export interface ReportGraph {
  readonly applications: Pick<ApplicationsApi, 'pages'>;
  managedIdentities(signal?: AbortSignal): Promise<ManagedIdentity[]>;
  /** The tenant's Graph client, for `getByIds`; without it the dangling check is a gap. */
  readonly client?: () => Promise<Client>;
}

export interface ReportLoadContext extends ReportLoadOptions {
  tenantId: string;
  tenantName?: string;
  knownAuthorities?: readonly string[];
  /** The signed-in cloud's authority (see ReportInput). */
  authority?: string;
  now: () => number;
}

export async function loadReportInput(graph: ReportGraph, context: ReportLoadContext): Promise<ReportInput> {
  const { signal, onProgress } = context;
  const gaps: ReportGap[] = [];
  // The identity list is one request: it runs while the app pages load.
  const identitiesRead = settle(graph.managedIdentities(signal));

  const apps: ReportApp[] = [];
  try {
    for await (const page of graph.applications.pages({ signal })) {
      apps.push(...page.apps.map(toReportApp));
      onProgress?.({ stage: 'apps', appsLoaded: apps.length, message: `Read ${count(apps.length, 'app')}${page.nextLink ? '…' : '.'}` });
    }
  } catch (e) {
    // Nothing at all could be read: the caller gets Graph's error (the identity list settles unwatched).
    if (apps.length === 0) throw e;
    gaps.push({ part: 'apps', message: `Stopped after ${count(apps.length, 'app')}: ${reason(e)}` });
  }

  onProgress?.({ stage: 'identities', appsLoaded: apps.length, message: 'Listing the managed identities…' });
  const listed = await identitiesRead;
  let identities: ReportIdentity[] = [];
  if (listed.ok) identities = listed.value.map((i) => ({ id: i.id, appId: i.appId, displayName: i.displayName, kind: i.kind }));
  else gaps.push({ part: 'identities', message: `Managed identities could not be listed: ${reason(listed.error)} Trust and dangling subjects are not checked.` });

  const subjectExists = new Map<string, boolean>();
  if (listed.ok) {
    const subjects = subjectsToCheck(apps, identities, context);
    if (subjects.length > 0) {
      onProgress?.({ stage: 'subjects', appsLoaded: apps.length, message: `Checking that the ${count(subjects.length, 'credential subject')} exist…` });
      if (signal?.aborted || !graph.client) {
        gaps.push({ part: 'subjects', message: `${count(subjects.length, 'credential subject')} were not checked: ${signal?.aborted ? 'cancelled.' : 'this session cannot look objects up.'}` });
      } else {
        try {
          const found = await existingObjectIds(await graph.client(), subjects, signal);
          for (const id of subjects) subjectExists.set(id, found.has(id));
        } catch (e) {
          gaps.push({ part: 'subjects', message: `Whether the ${count(subjects.length, 'credential subject')} still exist could not be checked: ${reason(e)}` });
        }
      }
    }
  }

  return {
    tenantId: context.tenantId,
    ...(context.tenantName !== undefined ? { tenantName: context.tenantName } : {}),
    ...(context.knownAuthorities?.length ? { knownAuthorities: context.knownAuthorities } : {}),
    ...(context.authority ? { authority: context.authority } : {}),
    apps,
    identities,
    subjectExists,
    now: context.now(),
    gaps,
  };
}

/**
 * GUID subjects (lower-case) of credentials issued by this tenant's Entra that are neither a
 * listed identity's object id (it exists) nor its client id (that finding is its own).
 */
export function subjectsToCheck(apps: readonly ReportApp[], identities: readonly ReportIdentity[], context: Pick<ReportLoadContext, 'tenantId' | 'knownAuthorities'>): string[] {
  const known = new Set(identities.flatMap((i) => [i.id.toLowerCase(), i.appId.toLowerCase()]));
  const tenant = context.tenantId.toLowerCase();
  const subjects = new Set<string>();
  for (const app of apps) {
    for (const fic of app.federatedIdentityCredentials) {
      const subject = typeof fic.subject === 'string' ? fic.subject.trim().toLowerCase() : '';
      if (!isGuid(subject) || known.has(subject)) continue;
      const entra = parseEntraIssuer((fic.issuer ?? '').trim(), context.knownAuthorities);
      if (entra?.tenant.toLowerCase() === tenant) subjects.add(subject);
    }
  }
  return [...subjects];
}

function toReportApp(app: AppPage['apps'][number]): ReportApp {
  return {
    id: app.id,
    appId: app.appId,
    displayName: app.displayName ?? null,
    signInAudience: app.signInAudience ?? null,
    identifierUris: app.identifierUris ?? [],
    federatedIdentityCredentials: app.federatedIdentityCredentials,
    passwordCredentials: app.passwordCredentials,
    keyCredentials: app.keyCredentials,
  };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

function reason(e: unknown): string {
  return isCancellation(e) ? 'cancelled.' : describeError(e);
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

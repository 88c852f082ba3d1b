// Find Apps Trusting This Identity — from a managed identity, a credential (its subject), an
// object id given as an argument, or one typed in. Searches every tenant of the session (Graph's
// `any()` filter, with the Graph service's scan as fallback) and lists the apps and the
// credentials that name the subject; choosing one reveals it in the App Registrations view.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { isGuid, normalizeGuid } from '../../core/credentials';
import { describeError, isCancellation } from '../../core/errors';
import type { AppRegistration } from '../../services/graph/applications';
import type { CommandContext } from '../commandContext';
import { refOfKind, type RefOfKind } from '../../model';
import { credentialsOf, requireSignedIn, revealRef } from '../appResolver';
import { defineCommand } from '../registry';
import { tenantName } from './wizardContext';

export interface TrustingApp {
  tenantId: string;
  app: AppRegistration;
  /** The app's credentials whose subject is the one searched for. */
  credentials: FederatedIdentityCredential[];
}

type SubjectRef = RefOfKind<'identity' | 'credential'>;
const subjectRef = refOfKind('identity', 'credential');

export const findTrustingAppsCommand = defineCommand('miFederation.findTrustingApps', {
  target: subjectRef,
  run: (context, { target, args }) => findTrustingApps(context, target, typeof args[0] === 'string' ? args[0] : undefined),
});

export async function findTrustingApps(context: CommandContext, from: SubjectRef | undefined, typedSubject?: string): Promise<TrustingApp[]> {
  requireSignedIn(context);
  const subject = await subjectOf(context, from, typedSubject);
  const tenants = context.session.tenants();
  const searches = await Promise.allSettled(tenants.map((t) => context.session.graph(t.id).applications.findTrusting(subject)));
  const found: TrustingApp[] = [];
  searches.forEach((result, i) => {
    if (result.status === 'rejected') {
      void context.ui.message('warning', `Could not search ${tenantName(context, tenants[i].id)}: ${describeError(result.reason)}`);
      return;
    }
    for (const app of result.value) {
      found.push({ tenantId: tenants[i].id, app, credentials: app.federatedIdentityCredentials.filter((f) => f.subject === subject) });
    }
  });
  if (found.length === 0) {
    const where = tenants.length === 1 ? tenantName(context, tenants[0].id) : `your ${tenants.length} tenants`;
    void context.ui.message('info', `No app registration in ${where} has a federated credential with subject ${subject}.${await clientIdHint(context, subject)}`);
    return found;
  }
  try {
    const picked = await context.ui.pick(
      found.map((f) => ({
        label: f.app.displayName || f.app.appId,
        description: `${f.app.appId} · credential${f.credentials.length === 1 ? '' : 's'} ${f.credentials.map((c) => c.name).join(', ')}`,
        detail: `${tenantName(context, f.tenantId)} · issuer ${f.credentials[0]?.issuer ?? ''}`,
        found: f,
      })),
      { title: `${found.length} app${found.length === 1 ? '' : 's'} trust ${subject}`, placeHolder: 'Choose one to show it in the App Registrations view' },
    );
    await reveal(context, picked.found);
  } catch (e) {
    if (!isCancellation(e)) throw e;
  }
  return found;
}

/** The subject to search for, from whatever the command was invoked on. */
async function subjectOf(context: CommandContext, from: SubjectRef | undefined, typed: string | undefined): Promise<string> {
  if (from?.kind === 'identity') return from.identityId;
  if (from?.kind === 'credential') {
    const credential = credentialsOf(context, from).find((f) => f.name === from.name);
    if (!credential) throw new Error(`The credential "${from.name}" is no longer loaded; refresh the view.`);
    if (!credential.subject) throw new Error(`"${from.name}" matches tokens by a claims expression, not a subject; there is no identity to search for.`);
    return credential.subject;
  }
  if (typed?.trim()) return typed.trim();
  const entered = await context.ui.input({
    title: 'Find Apps Trusting This Identity',
    prompt: "The managed identity's object (principal) id: the subject its tokens carry.",
    placeHolder: '00000000-0000-0000-0000-000000000000',
    validate: (v) => (v.trim().length === 0 ? 'Enter an object id (or any subject).' : undefined),
  });
  return isGuid(entered.trim()) ? (normalizeGuid(entered) ?? entered.trim()) : entered.trim();
}

/** The usual reason for no match: the client id was given where the object id belongs. */
async function clientIdHint(context: CommandContext, subject: string): Promise<string> {
  if (!isGuid(subject)) return '';
  const lists = await Promise.all(context.model.tenants().map((t) => context.model.tenant(t.id).whenIdentitiesLoaded()));
  const identity = lists.flat().find((i) => i.appId.toLowerCase() === subject.toLowerCase());
  return identity ? ` ${subject} is the client id of managed identity "${identity.displayName}"; tokens carry its object id, ${identity.id}: search for that.` : '';
}

async function reveal(context: CommandContext, found: TrustingApp): Promise<void> {
  // Only an app the tree has loaded can be revealed (a filtered-out one cannot).
  if (!context.model.tenant(found.tenantId).app(found.app.id)) return;
  await revealRef(context, { kind: 'app', tenantId: found.tenantId, objectId: found.app.id }, true);
}

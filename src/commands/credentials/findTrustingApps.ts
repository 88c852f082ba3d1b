// Find Apps Trusting This Identity — from a managed identity, a credential (its subject), an
// object id given as an argument, or one typed in. Searches every tenant of the session (Graph's
// `any()` filter, with the Graph service's scan as fallback) and lists the apps and the
// credentials that name the subject; choosing one reveals it in the App Registrations view.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { isGuid, normalizeGuid } from '../../core/credentials';
import { describeError, isCancellation } from '../../core/errors';
import type { AppRegistration } from '../../services/graph/applications';
import type { ExtensionServices } from '../services';
import { isCredentialNode, requireSignedIn, revealSelected } from './targets';
import { tenantName } from './wizardContext';

export interface TrustingApp {
  tenantId: string;
  app: AppRegistration;
  /** The app's credentials whose subject is the one searched for. */
  credentials: FederatedIdentityCredential[];
}

export async function findTrustingApps(services: ExtensionServices, from?: unknown): Promise<TrustingApp[]> {
  requireSignedIn(services);
  const subject = await subjectOf(services, from);
  const tenants = services.session.tenants();
  const searches = await Promise.allSettled(tenants.map((t) => services.session.graph(t.id).applications.findTrusting(subject)));
  const found: TrustingApp[] = [];
  searches.forEach((result, i) => {
    if (result.status === 'rejected') {
      void services.ui.message('warning', `Could not search ${tenantName(services, tenants[i].id)}: ${describeError(result.reason)}`);
      return;
    }
    for (const app of result.value) {
      found.push({ tenantId: tenants[i].id, app, credentials: app.federatedIdentityCredentials.filter((f) => f.subject === subject) });
    }
  });
  if (found.length === 0) {
    const where = tenants.length === 1 ? tenantName(services, tenants[0].id) : `your ${tenants.length} tenants`;
    void services.ui.message('info', `No app registration in ${where} has a federated credential with subject ${subject}.${await clientIdHint(services, subject)}`);
    return found;
  }
  try {
    const picked = await services.ui.pick(
      found.map((f) => ({
        label: f.app.displayName || f.app.appId,
        description: `${f.app.appId} · credential${f.credentials.length === 1 ? '' : 's'} ${f.credentials.map((c) => c.name).join(', ')}`,
        detail: `${tenantName(services, f.tenantId)} · issuer ${f.credentials[0]?.issuer ?? ''}`,
        found: f,
      })),
      { title: `${found.length} app${found.length === 1 ? '' : 's'} trust ${subject}`, placeHolder: 'Choose one to show it in the App Registrations view' },
    );
    await reveal(services, picked.found);
  } catch (e) {
    if (!isCancellation(e)) throw e;
  }
  return found;
}

/** The subject to search for, from whatever the command was invoked on. */
async function subjectOf(services: ExtensionServices, from: unknown): Promise<string> {
  const identity = (from as { identity?: { id?: unknown } } | undefined)?.identity;
  if (typeof identity?.id === 'string') return identity.id;
  if (isCredentialNode(from)) {
    const subject = from.credential.subject;
    if (!subject) throw new Error(`"${from.credential.name ?? ''}" matches tokens by a claims expression, not a subject; there is no identity to search for.`);
    return subject;
  }
  if (typeof from === 'string' && from.trim()) return from.trim();
  const typed = await services.ui.input({
    title: 'Find Apps Trusting This Identity',
    prompt: "The managed identity's object (principal) id: the subject its tokens carry.",
    placeHolder: '00000000-0000-0000-0000-000000000000',
    validate: (v) => (v.trim().length === 0 ? 'Enter an object id (or any subject).' : undefined),
  });
  return isGuid(typed.trim()) ? (normalizeGuid(typed) ?? typed.trim()) : typed.trim();
}

/** The usual reason for no match: the client id was given where the object id belongs. */
async function clientIdHint(services: ExtensionServices, subject: string): Promise<string> {
  if (!isGuid(subject)) return '';
  const lists = await Promise.all(services.session.tenants().map((t) => services.session.graph(t.id).managedIdentities().catch(() => [])));
  const identity = lists.flat().find((i) => i.appId.toLowerCase() === subject.toLowerCase());
  return identity ? ` ${subject} is the client id of managed identity "${identity.displayName}"; tokens carry its object id, ${identity.id}: search for that.` : '';
}

async function reveal(services: ExtensionServices, found: TrustingApp): Promise<void> {
  const node = services.views.apps.tenantNodes().find((t) => t.tenantId === found.tenantId)?.findApp(found.app.id);
  if (!node) return;
  try {
    await revealSelected(services.views.appsView, node, true);
  } catch (e) {
    services.log.info(`Could not reveal app ${found.app.appId}: ${(e as Error).message}`);
  }
}

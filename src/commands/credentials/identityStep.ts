// The first step of adding a credential: which managed identity the app should trust. Picked
// from the tenant's identities (user-assigned first: current docs support only those), or an
// object id pasted in. A pasted GUID that is a known identity's *client* id is caught here:
// the token's subject is the object id, and the two are the most common mix-up.
import { defaultDescription, isGuid, managedIdentityIssuer, normalizeGuid, suggestCredentialName } from '../../core/credentials';
import type { ManagedIdentity } from '../../services/graph/managedIdentities';
import { tenantName, type CredentialWizard } from './wizardContext';

const enterObjectId = '$(edit) Enter an Object ID…';

/** `title` names the flow the pick is part of (Go Secretless has its own); default: Add Credential's. */
export async function promptIdentity(wizard: CredentialWizard, title = `Add Managed Identity Credential to ${wizard.app.displayName}: managed identity`): Promise<void> {
  const context = wizard;
  const cloud = context.session.environment?.cloud;
  const issuer = wizard.draft.issuer || (cloud ? managedIdentityIssuer(cloud, wizard.app.tenantId) : '');
  // Identities this app already trusts with that issuer: picking one again would be refused.
  const trusted = new Set(wizard.existing.filter((f) => f.issuer === issuer).map((f) => f.subject));
  const items = [
    ...wizard.identities.map((identity) => ({
      label: identity.displayName,
      description: `${identity.kind === 'userAssigned' ? 'user-assigned' : 'system-assigned'} · object id ${identity.id}`,
      detail: identityDetail(identity, trusted.has(identity.id)),
      identity: identity as ManagedIdentity | undefined,
    })),
    { label: enterObjectId, description: 'a managed identity of another tenant, or one not listed', detail: undefined, identity: undefined },
  ];
  const picked = await context.ui.pick(items, {
    title,
    placeHolder: wizard.identities.length > 0 ? 'The managed identity the app should trust' : 'No managed identities could be listed; enter an object id',
  });
  if (picked.identity) return useIdentity(wizard, picked.identity, wizard.app.tenantId);
  await promptObjectId(wizard);
}

function identityDetail(identity: ManagedIdentity, alreadyTrusted: boolean): string {
  const parts = [`client id ${identity.appId} (not the subject)`];
  if (identity.kind === 'systemAssigned') parts.push('current Microsoft docs support user-assigned identities only');
  if (alreadyTrusted) parts.push('$(warning) this app already trusts it');
  return parts.join(' · ');
}

async function promptObjectId(wizard: CredentialWizard): Promise<void> {
  const context = wizard;
  const value = await context.ui.input({
    title: 'Managed identity: object (principal) id',
    prompt: "The managed identity's object id, also called principal id: the subject of its tokens. Not its client id.",
    value: wizard.identity ? wizard.identity.id : wizard.draft.subject,
    placeHolder: '00000000-0000-0000-0000-000000000000',
    validate: (v) => (isGuid(v.trim()) ? undefined : 'Enter a GUID: the object (principal) id of the managed identity.'),
  });
  const guid = normalizeGuid(value) ?? value.trim();
  const byObjectId = wizard.identities.find((i) => i.id.toLowerCase() === guid);
  if (byObjectId) return useIdentity(wizard, byObjectId, wizard.app.tenantId);

  const byClientId = wizard.identities.find((i) => i.appId.toLowerCase() === guid);
  if (byClientId) {
    const useObjectId = `Use Its Object ID ${byClientId.id}`;
    const choice = await context.ui.pick(
      [
        { label: useObjectId, description: 'recommended', detail: `the subject of tokens issued to "${byClientId.displayName}"` },
        { label: `Keep ${guid}`, description: 'the exchange will fail', detail: 'tokens never carry the client id as their subject' },
      ],
      { title: `${guid} is the client id of managed identity "${byClientId.displayName}", not its object id. A token's subject is the object id.` },
    );
    if (choice.label === useObjectId) return useIdentity(wizard, byClientId, wizard.app.tenantId);
    return useSubject(wizard, guid, wizard.app.tenantId, undefined);
  }
  return useSubject(wizard, guid, await promptIdentityTenant(wizard), undefined);
}

/** An identity not listed may live in another of the user's tenants; the issuer names it. */
async function promptIdentityTenant(wizard: CredentialWizard): Promise<string> {
  const tenants = wizard.session.tenants();
  if (tenants.length < 2) return wizard.app.tenantId;
  const ordered = [...tenants.filter((t) => t.id === wizard.app.tenantId), ...tenants.filter((t) => t.id !== wizard.app.tenantId)];
  const picked = await wizard.ui.pick(
    ordered.map((t) => ({
      label: t.displayName ?? t.id,
      description: t.id === wizard.app.tenantId ? `${t.id} · the app's tenant` : t.id,
      detail: t.id === wizard.app.tenantId ? undefined : 'current docs support only an identity in the same tenant as the app',
      tenantId: t.id,
    })),
    { title: 'Which tenant is the managed identity in? Its tokens name it in the issuer.' },
  );
  return picked.tenantId;
}

function useIdentity(wizard: CredentialWizard, identity: ManagedIdentity, tenantId: string): void {
  useSubject(wizard, identity.id, tenantId, identity);
}

function useSubject(wizard: CredentialWizard, subject: string, tenantId: string, identity: ManagedIdentity | undefined): void {
  const context = wizard;
  const { draft } = wizard;
  const cloud = context.session.environment?.cloud;
  wizard.identity = identity;
  draft.subject = subject;
  // Editing keeps the issuer as it is; adding computes it from the identity's tenant.
  if (!wizard.original && cloud) draft.issuer = managedIdentityIssuer(cloud, tenantId);
  if (wizard.original) return;
  const label = identity?.displayName ?? `mi-${subject.slice(0, 8)}`;
  if (!draft.name || wizard.nameSuggested) {
    draft.name = suggestCredentialName(label, wizard.existing.map((f) => f.name ?? undefined));
    wizard.nameSuggested = true;
  }
  if (!draft.description || wizard.descriptionDefaulted) {
    draft.description = defaultDescription(identity?.displayName ?? subject, tenantName(context, tenantId), context.session.account?.username ?? 'unknown user');
    wizard.descriptionDefaulted = true;
  }
}

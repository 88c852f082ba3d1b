// The context object every credential wizard fills in: the app, its credentials as Graph last
// reported them, the tenant's managed identities, and the user's entries (the draft). Every
// check runs the shared rules (validateFederatedCredential) on the draft, so the boxes, the
// review and the sandbox tenant agree on what is valid.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { validateFederatedCredential, type CredentialField, type Problem } from '../../core/credentials';
import type { CredentialFields } from '../../services/graph/credentialsApi';
import type { ManagedIdentity } from '../../services/graph/managedIdentities';
import type { CommandContext } from '../commandContext';
import type { AppTarget } from '../appResolver';

/** The user's entries: kept across refusals, re-prompts and retries. */
export interface CredentialDraft {
  name: string;
  issuer: string;
  subject: string;
  audience: string;
  description: string;
}

export interface CredentialWizard extends CommandContext {
  readonly app: AppTarget;
  /** The app's credentials as last read from Graph. */
  existing: FederatedIdentityCredential[];
  /** Managed identities of the app's tenant (empty when they could not be listed). */
  identities: ManagedIdentity[];
  draft: CredentialDraft;
  /** Editing: the credential as it was (its name is immutable). */
  original?: FederatedIdentityCredential;
  /** The identity the subject names, when it is a known one. */
  identity?: ManagedIdentity;
  /** The name was suggested, not typed: it follows the identity until the user changes it. */
  nameSuggested?: boolean;
  descriptionDefaulted?: boolean;
  /** A create whose outcome is unknown: the name is looked up before anything is sent again. */
  outcomeUnknown?: boolean;
}

export const emptyDraft = (): CredentialDraft => ({ name: '', issuer: '', subject: '', audience: '', description: '' });

export function draftOf(fic: FederatedIdentityCredential): CredentialDraft {
  return {
    name: fic.name ?? '',
    issuer: fic.issuer ?? '',
    subject: fic.subject ?? '',
    audience: fic.audiences?.[0] ?? '',
    description: fic.description ?? '',
  };
}

/** Every problem with the draft, errors first (the shared rules). */
export function problemsOf(wizard: CredentialWizard, draft: CredentialDraft = wizard.draft): Problem[] {
  const authority = wizard.session.environment?.cloud.authority;
  return validateFederatedCredential(
    { name: draft.name, issuer: draft.issuer, subject: draft.subject, audiences: [draft.audience], description: draft.description || undefined },
    wizard.existing,
    {
      updating: wizard.original?.name ?? undefined,
      knownAuthorities: authority ? [authority] : [],
      managedIdentities: wizard.identities.map((i) => ({ id: i.id, appId: i.appId, displayName: i.displayName })),
    },
  );
}

const draftFields: Record<keyof CredentialDraft, CredentialField> = {
  name: 'name',
  issuer: 'issuer',
  subject: 'subject',
  audience: 'audiences',
  description: 'description',
};

/** For an input box: the first error the value would cause in its own field, if any. */
export function fieldError(wizard: CredentialWizard, field: keyof CredentialDraft, value: string): string | undefined {
  const problems = problemsOf(wizard, { ...wizard.draft, [field]: value });
  return problems.find((p) => p.severity === 'error' && p.field === draftFields[field])?.message;
}

/** What a create sends: exactly the draft, in Graph's shape. */
export function createBody(draft: CredentialDraft): CredentialFields {
  const body: CredentialFields = { name: draft.name, issuer: draft.issuer, subject: draft.subject, audiences: [draft.audience] };
  if (draft.description) body.description = draft.description;
  return body;
}

/** What an update sends: only the fields that changed. */
export function changesOf(original: FederatedIdentityCredential, draft: CredentialDraft): Partial<CredentialFields> {
  const before = draftOf(original);
  const changes: Partial<CredentialFields> = {};
  if (draft.issuer !== before.issuer) changes.issuer = draft.issuer;
  if (draft.subject !== before.subject) changes.subject = draft.subject;
  if (draft.audience !== before.audience) changes.audiences = [draft.audience];
  if (draft.description !== before.description) changes.description = draft.description || null;
  return changes;
}

/** True when Graph holds what the draft says (used after an unknown outcome). */
export function matchesDraft(fic: FederatedIdentityCredential | undefined, draft: CredentialDraft): boolean {
  if (!fic) return false;
  const held = draftOf(fic);
  return held.issuer === draft.issuer && held.subject === draft.subject && held.audience === draft.audience && held.description === draft.description && (fic.audiences?.length ?? 0) === 1;
}

/** The tenant's display name for messages and descriptions, else its id. */
export function tenantName(context: CommandContext, tenantId: string): string {
  return context.session.tenants().find((t) => t.id === tenantId)?.displayName ?? tenantId;
}

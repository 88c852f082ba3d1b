// The last step before anything is sent: a modal showing the problems the shared rules find and
// the exact JSON that will go to Graph. Errors leave only "Edit a Field…" (nothing can be sent);
// warnings turn the button into "… Anyway", so the user is asked before a credential that will
// not work is made. Editing a field returns here.
import { CancelledError } from '../../core/errors';
import type { CredentialFields } from '../../services/graph/credentialsApi';
import { promptAudience, promptText, usesFederationPattern } from './fieldSteps';
import { promptIdentity } from './identityStep';
import { problemsOf, type CredentialDraft, type CredentialWizard } from './wizardContext';

export const editAField = 'Edit a Field…';

/** Thrown when the user asks, while editing, to duplicate the credential under a new name. */
export class DuplicateRequested extends CancelledError {
  constructor() {
    super('Duplicate under a new name requested.');
  }
}

export interface ReviewOptions {
  /** "Create" or "Save". */
  verb: string;
  title: string;
  /** The body that will be sent, shown as JSON. */
  body: () => Partial<CredentialFields>;
}

/** Resolves when the user confirmed a draft without errors; throws CancelledError otherwise. */
export async function review(wizard: CredentialWizard, options: ReviewOptions): Promise<void> {
  const { ui } = wizard;
  for (;;) {
    const problems = problemsOf(wizard);
    const errors = problems.filter((p) => p.severity === 'error');
    const warnings = problems.filter((p) => p.severity === 'warning');
    if (errors.length > 0) void ui.message('error', `Nothing was sent: ${errors[0].message}`);
    const lines = [
      ...errors.map((p) => `✖ ${p.message}`),
      ...warnings.map((p) => `⚠ ${p.message}`),
      ...(errors.length + warnings.length > 0 ? [''] : []),
      `JSON that will be sent to Microsoft Graph:`,
      JSON.stringify(options.body(), null, 2),
    ];
    const proceed = warnings.length > 0 ? `${options.verb} Anyway` : options.verb;
    const actions = errors.length > 0 ? [editAField] : [proceed, editAField];
    const choice = await ui.confirm(options.title, lines.join('\n'), ...actions);
    if (choice === proceed) return;
    await editField(wizard);
  }
}

const fieldLabels: Record<keyof CredentialDraft, string> = {
  name: 'Name',
  issuer: 'Issuer',
  subject: 'Subject',
  audience: 'Audience',
  description: 'Description',
};

/** Picks a field and prompts for it; the name of an existing credential offers a duplicate instead. */
export async function editField(wizard: CredentialWizard): Promise<void> {
  const { ui } = wizard;
  const problems = problemsOf(wizard);
  const fieldOfProblem = (field: keyof CredentialDraft) => problems.find((p) => p.field === (field === 'audience' ? 'audiences' : field));
  const fields = Object.keys(fieldLabels) as Array<keyof CredentialDraft>;
  const picked = await ui.pick(
    fields.map((field) => {
      const problem = fieldOfProblem(field);
      const immutable = field === 'name' && wizard.original !== undefined;
      return {
        label: fieldLabels[field],
        description: (wizard.draft[field] || '(empty)') + (immutable ? ' · cannot be changed' : ''),
        detail: problem ? `${problem.severity === 'error' ? '$(error)' : '$(warning)'} ${problem.message}` : field === 'audience' && usesFederationPattern(wizard.draft) ? '$(info) federation-app pattern' : undefined,
        field,
      };
    }),
    { title: 'Edit which field?' },
  );
  switch (picked.field) {
    case 'name':
      if (wizard.original) return offerDuplicate(wizard);
      return promptText(wizard, 'name');
    case 'subject':
      return wizard.original ? promptText(wizard, 'subject') : promptIdentity(wizard);
    case 'audience':
      return promptAudience(wizard);
    default:
      return promptText(wizard, picked.field);
  }
}

/** The name is immutable in Graph: say so, and offer the way out. */
async function offerDuplicate(wizard: CredentialWizard): Promise<void> {
  await wizard.ui.confirm(
    `The name "${wizard.original?.name ?? ''}" cannot be changed.`,
    'Graph keeps a federated credential\'s name for its whole life. To use another name, duplicate the credential under the new name; the original can be replaced in the same step.',
    'Duplicate Under a New Name…',
  );
  throw new DuplicateRequested();
}

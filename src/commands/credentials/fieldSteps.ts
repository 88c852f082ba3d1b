// The audience step and the input boxes for single fields. Each box is pre-filled with the
// user's current entry and refuses a value the shared rules call an error for that field, with
// the rule's own message under the box.
import { isOfficialExchangeAudience, PUBLIC_EXCHANGE_AUDIENCE } from '../../core/clouds';
import { isCancellation } from '../../core/errors';
import { federationUri } from '../../services/graph/federationApp';
import { createFederationAppIn } from './createFederationApp';
import { federationPatternName, federationPatternWarning } from './federationPattern';
import { fieldError, type CredentialDraft, type CredentialWizard } from './wizardContext';

const createFederationApp = '$(add) Create a Federation App…';
const otherAudience = '$(edit) Enter Another Audience…';

export async function promptAudience(wizard: CredentialWizard): Promise<void> {
  const context = wizard;
  const { draft } = wizard;
  const cloud = context.session.environment?.cloud;
  const official = cloud?.exchangeAudience ?? PUBLIC_EXCHANGE_AUDIENCE;
  const federationApps = (await context.model.tenant(wizard.app.tenantId).whenAppsLoaded()).filter((a) => (a.identifierUris ?? []).some((u) => u.toLowerCase() === federationUri(a.appId)));
  const items = [
    { label: official, description: 'official exchange audience (recommended)', detail: undefined as string | undefined, audience: official as string | undefined },
    ...federationApps.map((a) => ({
      label: federationUri(a.appId),
      description: `federation app "${a.displayName ?? a.appId}"${a.api?.requestedAccessTokenVersion === 2 ? '' : ' · not set to v2 tokens'}`,
      detail: `$(warning) ${federationPatternWarning}`,
      audience: federationUri(a.appId) as string | undefined,
    })),
    { label: createFederationApp, description: `${federationPatternName}: an app whose Application ID URI is the audience`, detail: `$(warning) ${federationPatternWarning}`, audience: undefined },
    { label: otherAudience, description: undefined, detail: undefined, audience: undefined },
  ];
  const picked = await context.ui.pick(items, { title: `Audience of the credential (the managed identity asks for a token for it)`, placeHolder: official });
  if (picked.audience !== undefined) {
    draft.audience = picked.audience;
  } else if (picked.label === createFederationApp) {
    try {
      draft.audience = (await createFederationAppIn(context, wizard.app.tenantId)).identifierUri;
    } catch (e) {
      // Backing out of the federation app (or deleting a half-made one) returns to this step.
      if (!isCancellation(e)) throw e;
      return promptAudience(wizard);
    }
  } else {
    await promptText(wizard, 'audience');
  }
}

const fieldPrompts: Record<keyof CredentialDraft, { title: string; prompt: string; placeHolder?: string }> = {
  name: { title: 'Credential name', prompt: '3–120 letters, digits, "-" or "_", starting with a letter or digit; unique in the app and never changeable.' },
  issuer: { title: 'Issuer', prompt: "Exactly the token's \"iss\" claim; for a managed identity {authority}/{tenant id}/v2.0, no trailing slash.", placeHolder: 'https://login.microsoftonline.com/{tenant id}/v2.0' },
  subject: { title: 'Subject', prompt: "Exactly the token's \"sub\" claim; for a managed identity its object (principal) id, in lowercase." },
  audience: { title: 'Audience', prompt: 'The audience of the managed identity\'s token: api://AzureADTokenExchange, or a federation app\'s Application ID URI.', placeHolder: 'api://AzureADTokenExchange' },
  description: { title: 'Description (optional)', prompt: 'Up to 600 characters: who set this up and why.' },
};

/** An input box for one field, pre-filled and validated by the shared rules. */
export async function promptText(wizard: CredentialWizard, field: keyof CredentialDraft): Promise<void> {
  const { title, prompt, placeHolder } = fieldPrompts[field];
  const value = await wizard.ui.input({
    title: `${title} — ${wizard.app.displayName}`,
    prompt,
    placeHolder,
    value: wizard.draft[field],
    validate: (v) => fieldError(wizard, field, v),
  });
  if (field === 'name' && value !== wizard.draft.name) wizard.nameSuggested = false;
  if (field === 'description' && value !== wizard.draft.description) wizard.descriptionDefaulted = false;
  wizard.draft[field] = value;
}

/** True when the draft's audience is not an official one (the review then says why that matters). */
export function usesFederationPattern(draft: CredentialDraft): boolean {
  return draft.audience.length > 0 && !isOfficialExchangeAudience(draft.audience);
}

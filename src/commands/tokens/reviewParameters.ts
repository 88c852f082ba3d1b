// The review step before a token function is called: every parameter with its pre-filled value,
// "Invoke" on top. Picking a parameter edits it; Invoke with a required value missing asks for it.
import type { EndpointParameter } from '../../services/tokenFunction';
import type { UserInput } from '../userInput';

export const INVOKE_LABEL = '$(play) Invoke';

export interface ReviewItem {
  label: string;
  description?: string;
  detail?: string;
  parameter?: EndpointParameter;
}

export async function reviewParameters(
  ui: UserInput,
  title: string,
  parameters: readonly EndpointParameter[],
  values: Record<string, string>,
): Promise<Record<string, string>> {
  const current = { ...values };
  for (;;) {
    const missing = parameters.filter((p) => p.required && !current[p.name]?.trim());
    const items: ReviewItem[] = [
      { label: INVOKE_LABEL, description: missing.length ? `${missing.map((p) => p.name).join(', ')} still needed` : 'with the values below' },
      ...parameters.map((p) => ({
        label: p.name,
        description: current[p.name] ? current[p.name] : p.required ? '(required, empty)' : '(empty)',
        ...(p.description ? { detail: p.description } : {}),
        parameter: p,
      })),
    ];
    const picked = await ui.pick(items, { title, placeHolder: 'Check the values; pick one to change it' });
    const toEdit = picked.parameter ? [picked.parameter] : missing;
    if (!picked.parameter && missing.length === 0) return trimmed(current, parameters);
    for (const p of toEdit) {
      current[p.name] = await ui.input({
        title,
        prompt: `${p.name}${p.description ? `: ${p.description}` : ''}`,
        value: current[p.name] ?? '',
        validate: (v) => (p.required && !v.trim() ? `${p.name} is required.` : undefined),
      });
    }
  }
}

/** Only the endpoint's parameters, trimmed, empty optional ones left out. */
function trimmed(values: Record<string, string>, parameters: readonly EndpointParameter[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of parameters) {
    const v = values[p.name]?.trim();
    if (v) out[p.name] = v;
  }
  return out;
}

/** Values for the parameter names of the original proof of concept from what is selected; other names stay empty. */
export function prefill(parameters: readonly EndpointParameter[], known: { clientId?: string; tenantId?: string; fedScope: string; scope: string }, kind: 'managedIdentityToken' | 'appToken' | 'other'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of parameters) {
    const name = p.name.toLowerCase();
    if (name === 'clientid' && known.clientId) out[p.name] = known.clientId;
    else if (name === 'tenantid' && known.tenantId) out[p.name] = known.tenantId;
    else if (name === 'fedscope') out[p.name] = known.fedScope;
    // The managed identity's own token is the assertion: its scope is the credential's audience.
    else if (name === 'scope') out[p.name] = kind === 'managedIdentityToken' ? known.fedScope : known.scope;
  }
  return out;
}

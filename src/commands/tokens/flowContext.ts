// Builds what the inspector needs around the tokens of a flow: the app in context with its
// current credentials (for the doctor), the known managed identities and the authorities that
// count as Entra (the sandbox's).
import { diagnose, type Diagnosis } from '../../core/doctor';
import { entraAuthorities } from '../../services/tokenFunction/trust';
import type { InspectorFlow } from '../../views/inspector';
import { appTarget, type AppRef } from '../appResolver';
import type { CommandContext } from '../commandContext';
import type { ExtensionServices } from '../services';
import { freshCredentials, selectedApp, selectionOf, type AppSelection } from './tokenContext';

/** The inspector flow's context fields for an app (credentials reloaded from Graph). */
export async function flowContext(context: CommandContext, app: AppSelection | undefined, signal?: AbortSignal): Promise<Pick<InspectorFlow, 'app' | 'managedIdentities' | 'knownAuthorities'>> {
  const knownAuthorities = knownAuthoritiesOf(context);
  if (!app) return knownAuthorities.length ? { knownAuthorities } : {};
  const credentials = await freshCredentials(context, app, signal);
  return {
    app: { appId: app.appId, ...(app.displayName ? { displayName: app.displayName } : {}), credentials },
    ...(app.knownIdentities.length ? { managedIdentities: app.knownIdentities } : {}),
    ...(knownAuthorities.length ? { knownAuthorities } : {}),
  };
}

/** Authorities (with scheme) that issue Entra tokens besides the national clouds. */
export function knownAuthoritiesOf(services: Pick<ExtensionServices, 'session' | 'sandbox'>): string[] {
  return entraAuthorities(services.session, services.sandbox);
}

/** The app of the node or selection, else an app the model has loaded with this client id (for the doctor). */
export async function appForClientId(context: CommandContext, clientId: string | undefined, ref?: AppRef): Promise<AppSelection | undefined> {
  const selected = await selectedApp(context, ref);
  if (selected && (!clientId || selected.appId.toLowerCase() === clientId.toLowerCase())) return selected;
  if (!clientId) return undefined;
  const found = context.model.findByClientId(clientId);
  return found ? selectionOf(context, appTarget(found.tenantId, found.app)) : undefined;
}

/** The doctor on the flow's first token (the managed identity's) against the app in context. */
export function diagnoseFlow(flow: InspectorFlow): Diagnosis | undefined {
  if (!flow.app || flow.tokens.length === 0) return undefined;
  return diagnose({
    assertion: flow.tokens[0].raw,
    credentials: flow.app.credentials,
    ...(flow.managedIdentities ? { managedIdentities: flow.managedIdentities } : {}),
    ...(flow.knownAuthorities ? { knownAuthorities: flow.knownAuthorities } : {}),
  });
}

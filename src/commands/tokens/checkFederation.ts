// "Check Federation…" (on an app, a credential, in the palette, or from the notification after
// Add / Edit Credential): the real flow end to end. The managed identity's token comes once from
// a token function (or is pasted); it is then exchanged locally for the app's token in each
// chosen tenant, as "Exchange for App Token…" does, with the propagation probe retrying while a
// fresh credential is still on its way to Entra's token endpoint. Each tenant gets a line: ✓
// with the app token in the inspector, or the doctor's explanation.
import * as vscode from 'vscode';
import { getCloud } from '../../core/clouds';
import { decodeJwt } from '../../core/jwt';
import { idOf } from '../../model';
import type { ProbeClock } from '../../core/propagationProbe';
import { abortableDelay } from '../../services/abortableDelay';
import { currentTrust } from '../../services/tokenFunction/trust';
import { appRef, type AppRef } from '../appResolver';
import type { CommandContext } from '../commandContext';
import { defineCommand } from '../registry';
import { checkTenant, type TenantCheck } from './checkFederationTenant';
import { flowContext } from './flowContext';
import { sourceWarning } from './invokeEndpoint';
import { DEFAULT_SCOPE, defaultFedScope, pickApp, selectedApp, type AppSelection } from './tokenContext';

export const CHECK_FEDERATION_COMMAND = 'miFederation.checkFederation';
/** The action the success notification of Add / Edit Credential offers. */
export const CHECK_FEDERATION_ACTION = 'Check Federation';

/** What a caller in the extension host (the test API, the notification) may decide up front. */
export interface CheckFederationOptions {
  /** Tenants to exchange into; otherwise the user picks (all the session's, or one). */
  tenants?: string[];
  /** The managed identity's token to use instead of asking a token function. */
  assertion?: string;
  /** The probe's clock (tests pass the sandbox tenant's). */
  clock?: ProbeClock;
}

export interface CheckFederationOutcome {
  appId: string;
  results: TenantCheck[];
}

/** Real time: the probe waits with the call's signal, so Cancel ends a wait at once. */
export const realClock: ProbeClock = { now: () => Date.now(), sleep: (ms, signal) => abortableDelay(ms, signal) };

export const checkFederationCommand = defineCommand(CHECK_FEDERATION_COMMAND, {
  target: appRef,
  run: (context, { target, args }) => checkFederation(context, target, optionsOf(args[0])),
});

export async function checkFederation(context: CommandContext, ref: AppRef | undefined, options: CheckFederationOptions = {}): Promise<CheckFederationOutcome> {
  const app = (await selectedApp(context, ref)) ?? (await pickApp(context, 'Check Federation: which app?'));
  const name = app.displayName ?? app.appId;
  const tenants = options.tenants?.length ? options.tenants : await pickTenants(context, app);
  const fedScope = defaultFedScope(context, app);
  const given = options.assertion;
  const source: AssertionSource = given ? { take: async () => ({ raw: given, source: 'given token' }) } : await assertionSource(context, app, fedScope);
  const trust = currentTrust(context.session, context.sandbox);
  const environment = context.session.environment ?? context.sandbox.environment();

  const results = await context.progress(`Checking the federation of ${name}…`, async (signal, report) => {
    const assertion = await source.take(signal, report);
    decodeJwt(assertion.raw); // a clear error for a pasted non-token before anything is sent
    const inputs = {
      app,
      assertion: assertion.raw,
      assertionSource: assertion.source,
      ...(assertion.warning ? { assertionWarning: assertion.warning } : {}),
      scope: DEFAULT_SCOPE,
      authorityHost: environment?.cloud.authority ?? getCloud('public').authority,
      ...(trust.ca ? { ca: trust.ca } : {}),
      ...(trust.knownAuthorities ? { knownAuthorities: trust.knownAuthorities } : {}),
      around: await flowContext(context, app, signal),
      clock: options.clock ?? realClock,
      tenantLabel: (tenantId: string) => tenantName(context, tenantId),
    };
    const done: TenantCheck[] = [];
    for (const tenantId of tenants) {
      report(`exchanging for an app token in ${tenantName(context, tenantId)}`);
      done.push(await checkTenant(context, inputs, tenantId, signal, report));
    }
    return done;
  });

  const lines = results.map((r) => `${r.ok ? '✓' : '✗'} ${tenantName(context, r.tenantId)}: ${r.summary}`);
  const allWorking = results.every((r) => r.ok);
  void context.ui.message(allWorking ? 'info' : 'warning', `Check Federation of ${name}: ${lines.join(' · ')}${allWorking ? '' : ' The Token Inspector shows the findings.'}`);
  return { appId: app.appId, results };
}

/** The app's home tenant, or for a multi-tenant app every tenant of the session or one of them. */
async function pickTenants(context: CommandContext, app: AppSelection): Promise<string[]> {
  const known = context.session.tenants().map((t) => t.id);
  const all = app.multiTenant ? [app.tenantId, ...known.filter((t) => t !== app.tenantId)] : [app.tenantId];
  if (all.length === 1) return all;
  type Item = vscode.QuickPickItem & { tenants: string[] };
  const items: Item[] = [
    { label: `All ${all.length} tenants`, description: all.map((t) => tenantName(context, t)).join(', '), tenants: all },
    ...all.map((t) => ({ label: tenantName(context, t), description: t === app.tenantId ? `${t} · home tenant` : t, tenants: [t] })),
  ];
  return (await context.ui.pick(items, { title: `Check Federation of ${app.displayName ?? app.appId}: in which tenants?` })).tenants;
}

interface AssertionSource {
  take(signal: AbortSignal, report: (message: string) => void): Promise<{ raw: string; source: string; warning?: string }>;
}

/** A token function's GetManagedIdentityToken (asked under the progress), or a pasted token. */
async function assertionSource(context: CommandContext, app: AppSelection, fedScope: string): Promise<AssertionSource> {
  type Item = vscode.QuickPickItem & { source: () => Promise<AssertionSource> };
  const items: Item[] = context.model.tokenFunctions.list().map((f) => ({
    label: `$(cloud) From ${f.name}`,
    description: `GetManagedIdentityToken (${fedScope})`,
    source: async () => {
      const client = await context.model.tokenFunctions.client(f);
      return {
        take: async (signal, report) => {
          report(`asking ${f.name} for the managed identity's token`);
          return { raw: (await client.managedIdentityToken(fedScope, signal)).token, source: `${f.name}: GetManagedIdentityToken (${fedScope})`, ...sourceWarning(f) };
        },
      };
    },
  }));
  items.push({
    label: '$(edit) Paste a token…',
    description: "the managed identity's token for the credential's audience",
    source: async () => {
      const raw = await context.ui.input({ title: 'Check Federation', prompt: "Paste the managed identity's token (a JWT)", password: true });
      return { take: async () => ({ raw: raw.trim(), source: 'pasted' }) };
    },
  });
  const picked = await context.ui.pick(items, { title: `Check Federation of ${app.displayName ?? app.appId}: the managed identity's token from?` });
  return picked.source();
}

function tenantName(context: CommandContext, tenantId: string): string {
  return context.session.tenants().find((t) => t.id === tenantId)?.displayName ?? tenantId;
}

function optionsOf(arg: unknown): CheckFederationOptions {
  if (typeof arg !== 'object' || arg === null) return {};
  const o = arg as Record<string, unknown>;
  const clock = o.clock as ProbeClock | undefined;
  return {
    ...(Array.isArray(o.tenants) && o.tenants.every((t) => typeof t === 'string') ? { tenants: o.tenants as string[] } : {}),
    ...(typeof o.assertion === 'string' ? { assertion: o.assertion } : {}),
    ...(clock && typeof clock.now === 'function' && typeof clock.sleep === 'function' ? { clock } : {}),
  };
}

/**
 * The success notification of Add / Edit Credential, with "Check Federation" on it: clicked, it
 * runs the check on that credential (a command call of its own, with its own progress and Cancel).
 */
export function notifySavedWithCheck(context: CommandContext, message: string, credential: { tenantId: string; objectId: string; name: string | undefined }): void {
  const ref = credential.name
    ? idOf({ kind: 'credential', tenantId: credential.tenantId, objectId: credential.objectId, name: credential.name })
    : idOf({ kind: 'app', tenantId: credential.tenantId, objectId: credential.objectId });
  void context.ui.message('info', message, CHECK_FEDERATION_ACTION).then((action) => {
    if (action === CHECK_FEDERATION_ACTION) void vscode.commands.executeCommand(CHECK_FEDERATION_COMMAND, { id: ref });
  });
}

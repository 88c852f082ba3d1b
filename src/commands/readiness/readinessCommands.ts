// Show Readiness… (every tenant's verdict for an app), Check Readiness (every loaded app of a
// tenant, batched), Copy / Open Admin Consent URL, and Provision Here (POST /servicePrincipals
// after a modal confirmation). Reads go through the model; the one write reports back to it.
import * as vscode from 'vscode';
import { GraphError } from '../../core/errors';
import { roleLabel, type TenantReadiness } from '../../core/readiness';
import { refOfKind } from '../../model';
import { createServicePrincipal } from '../../services/graph/readiness';
import { requireSignedIn, resolveApp } from '../appResolver';
import type { CommandContext } from '../commandContext';
import { defineCommand } from '../registry';
import { readinessArg, resolveReadinessRow, verdictsOf } from './readinessTarget';

const tenantRef = refOfKind('tenant');
const consentable = (v: TenantReadiness) => v.consentUrl !== undefined;

export const showReadinessCommand = defineCommand('miFederation.showReadiness', {
  target: readinessArg,
  run: async (context, { target }) => {
    const app = await resolveApp(context, target?.kind === 'row' ? { kind: 'app', tenantId: target.ref.homeTenantId, objectId: target.ref.objectId } : target?.ref, 'Show Readiness', { useSelection: true });
    const verdicts = await verdictsOf(context, app, true);
    const items = verdicts.map((v) => ({
      label: `${v.verdict === 'ready' ? '$(pass)' : '$(circle-slash)'} ${context.model.tenant(v.tenantId).displayName}`,
      description: v.summary,
      detail: v.roles.length ? v.roles.map(roleLabel).join(', ') : v.checks.find((c) => c.outcome === 'fail')?.text,
      verdict: v,
    }));
    const picked = await context.ui.pick(items, { title: `Readiness of ${app.displayName}`, placeHolder: 'Pick a tenant for what to do next' });
    if (!picked.verdict.consentUrl) return verdicts;
    const action = await context.ui.pick(
      [{ label: 'Copy Admin Consent URL' }, { label: 'Open Admin Consent URL' }, { label: 'Provision Here' }],
      { title: `${app.displayName} is not provisioned in ${context.model.tenant(picked.verdict.tenantId).displayName}` },
    );
    if (action.label === 'Copy Admin Consent URL') await copyUrl(picked.verdict.consentUrl);
    else if (action.label === 'Open Admin Consent URL') await vscode.env.openExternal(vscode.Uri.parse(picked.verdict.consentUrl));
    else await provision(context, app, picked.verdict);
    return verdicts;
  },
});

export const checkTenantReadinessCommand = defineCommand('miFederation.checkTenantReadiness', {
  target: tenantRef,
  run: async (context, { target }) => {
    requireSignedIn(context);
    const tenantId = target?.tenantId ?? context.model.tenants()[0]?.id;
    if (!tenantId) throw new Error('Add a tenant first.');
    const catalog = context.model.tenant(tenantId);
    const apps = await catalog.whenAppsLoaded();
    await context.progress(`Checking readiness of ${apps.length} apps in ${context.model.tenants().length} tenants…`, () =>
      context.model.readiness.check(tenantId, apps.map((a) => a.id)),
    );
    const ready = apps.filter((a) => context.model.readiness.get(tenantId, a.id)?.tenants.every((v) => v.verdict === 'ready')).length;
    void context.ui.message('info', `${ready} of ${apps.length} apps in ${catalog.displayName} are ready in every tenant you added.`);
    return { apps: apps.length, readyEverywhere: ready };
  },
});

export const copyConsentUrlCommand = defineCommand('miFederation.copyAdminConsentUrl', {
  target: readinessArg,
  run: async (context, { target }) => {
    const { verdict } = await resolveReadinessRow(context, target, 'Copy Admin Consent URL', consentable);
    if (!verdict.consentUrl) throw new Error('This tenant needs no admin consent for the app.');
    await copyUrl(verdict.consentUrl);
    return verdict.consentUrl;
  },
});

export const openConsentUrlCommand = defineCommand('miFederation.openAdminConsentUrl', {
  target: readinessArg,
  run: async (context, { target }) => {
    const { verdict } = await resolveReadinessRow(context, target, 'Open Admin Consent URL', consentable);
    if (!verdict.consentUrl) throw new Error('This tenant needs no admin consent for the app.');
    await vscode.env.openExternal(vscode.Uri.parse(verdict.consentUrl));
    return verdict.consentUrl;
  },
});

export const provisionHereCommand = defineCommand('miFederation.provisionHere', {
  target: readinessArg,
  run: async (context, { target }) => {
    const { app, verdict } = await resolveReadinessRow(context, target, 'Provision Here', consentable);
    return provision(context, app, verdict);
  },
});

async function provision(context: CommandContext, app: { tenantId: string; objectId: string; appId: string; displayName: string }, verdict: TenantReadiness): Promise<TenantReadiness | undefined> {
  if (!verdict.consentUrl) throw new Error(`${app.displayName} cannot be provisioned there (${verdict.summary}).`);
  const tenantName = context.model.tenant(verdict.tenantId).displayName;
  await context.ui.confirm(
    `Create a service principal for ${app.displayName} in ${tenantName}?`,
    'This provisions the app in that tenant with no permissions granted. An administrator grants application permissions with the admin-consent link.',
    'Provision',
  );
  try {
    await context.progress(`Provisioning ${app.displayName} in ${tenantName}…`, async (signal) =>
      createServicePrincipal(await context.session.graph(verdict.tenantId).client(), app.appId, signal),
    );
  } catch (e) {
    if (e instanceof GraphError && e.status === 403) {
      // Nothing was created: say what the user lacks there instead of Graph's bare sentence.
      // One sentence: the error notification shows the first only. Graph's detail goes to the log.
      context.log.error(`Provision Here in ${verdict.tenantId} was refused`, e);
      throw new Error(`You cannot create service principals in ${tenantName} (Graph answered 403 ${e.code}): it needs Application.ReadWrite.All and a role such as Cloud Application Administrator there, so send an administrator the admin-consent link instead`);
    }
    throw e;
  }
  await context.model.readiness.check(app.tenantId, [app.objectId]);
  const after = context.model.readiness.get(app.tenantId, app.objectId)?.tenants.find((t) => t.tenantId === verdict.tenantId);
  void context.ui.message('info', `${app.displayName} is provisioned in ${tenantName}: ${after?.summary ?? 'checking again'}.`);
  return after;
}

async function copyUrl(url: string): Promise<void> {
  await vscode.env.clipboard.writeText(url);
  void vscode.window.setStatusBarMessage('Copied admin consent URL', 3000);
}

export const readinessCommands = [showReadinessCommand, checkTenantReadinessCommand, copyConsentUrlCommand, openConsentUrlCommand, provisionHereCommand];

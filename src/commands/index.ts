// Every command of the extension. Handlers live one concern per file; each is a defineCommand.
// This list is part of the features bundle (src/features.ts): activation registers the ids the
// manifest contributes and looks the definition up here on the first call (registry.ts).
import type { SandboxInfo } from '../sandbox/types';
import { copyCommands } from './copyCommands';
import { credentialCommands } from './credentials';
import { readinessCommands } from './readiness/readinessCommands';
import { reportCommands } from './report';
import { defineCommand, type CommandDefinition } from './registry';
import { secretlessCommands } from './secretless';
import { addSandboxTokenFunction, startSandboxTenant, stopSandboxTenant } from './sandboxTenant';
import { signIn, signOut, useSandbox } from './signIn';
import { addTenantCommand, removeTenantCommand } from './tenants';
import { clearFilterCommand, filterAppsCommand, loadMoreCommand, refreshCommand, retryCommand } from './treeCommands';
import { tokenCommands } from './tokens';

/** A running sandbox's JSON line (with its CA), as `npm start` and tests hand it over. */
function sandboxInfoArg(value: unknown): (SandboxInfo & { ca?: string }) | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const authority: unknown = Reflect.get(value, 'authority');
  const tenants: unknown = Reflect.get(value, 'tenants');
  if (typeof authority !== 'string' || typeof tenants !== 'object' || tenants === null) return undefined;
  // Checked for the fields this extension reads: the rest of the line is the sandbox's own.
  return value as SandboxInfo & { ca?: string };
}

export const commands: readonly CommandDefinition[] = [
  defineCommand('miFederation.signIn', { run: (context) => signIn(context) }),
  defineCommand('miFederation.signOut', { run: (context) => signOut(context) }),
  defineCommand('miFederation.useSandbox', { run: (context, { args }) => useSandbox(context, sandboxInfoArg(args[0])) }),
  defineCommand('miFederation.startSandbox', { run: (context) => startSandboxTenant(context) }),
  defineCommand('miFederation.stopSandbox', { run: (context) => stopSandboxTenant(context) }),
  defineCommand('miFederation.addSandboxTokenFunction', { run: (context) => addSandboxTokenFunction(context) }),
  addTenantCommand,
  removeTenantCommand,
  refreshCommand,
  retryCommand,
  loadMoreCommand,
  filterAppsCommand,
  clearFilterCommand,
  ...copyCommands,
  defineCommand('miFederation.showLog', { run: (context) => context.log.show() }),
  defineCommand('miFederation.showVersion', {
    run: (context) => {
      const version = String(context.extension.extension.packageJSON.version);
      void context.ui.message('info', `Managed Identity Federation ${version}`);
      return version;
    },
  }),
  ...credentialCommands,
  ...tokenCommands,
  ...readinessCommands,
  ...secretlessCommands,
  ...reportCommands,
];

/** The ids of every defined command (tests check package.json contributes exactly these). */
export const commandIds: readonly string[] = commands.map((c) => c.id);

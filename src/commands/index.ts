// Every command of the extension. Handlers live one concern per file; each is a defineCommand.
import type * as vscode from 'vscode';
import type { SandboxInfo } from '../sandbox/types';
import { copyCommands } from './copyCommands';
import { credentialCommands } from './credentials';
import { readinessCommands } from './readiness/readinessCommands';
import { secretlessCommands } from './secretless';
import { defineCommand, registerCommands, type CommandDefinition, type InputSource } from './registry';
import { addSandboxTokenFunction, startSandboxTenant, stopSandboxTenant } from './sandboxTenant';
import type { ExtensionServices } from './services';
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

const commands: readonly CommandDefinition[] = [
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
];

export function registerAllCommands(services: ExtensionServices, input: InputSource): vscode.Disposable[] {
  return registerCommands(services, commands, input);
}

/** The ids of every registered command (tests check package.json declares exactly these). */
export const commandIds: readonly string[] = commands.map((c) => c.id);

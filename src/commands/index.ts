// Every command of the extension, by id. Handlers live one concern per file.
import * as vscode from 'vscode';
import { credentialCommands } from './credentials';
import { copyAppId, copyCredentialField, copyObjectId, openInPortal } from './copyCommands';
import { registerCommands, type CommandHandler } from './registry';
import type { ExtensionServices } from './services';
import { addSandboxTokenFunction, startSandboxTenant, stopSandboxTenant } from './sandboxTenant';
import { signIn, signOut, useSandbox } from './signIn';
import { addTenant, removeTenant } from './tenants';
import { clearFilter, filterApps, loadMore, refresh } from './treeCommands';
import { tokenCommands } from './tokens';

const commands: Record<string, CommandHandler> = {
  'miFederation.signIn': signIn,
  'miFederation.signOut': signOut,
  'miFederation.useSandbox': useSandbox as CommandHandler,
  'miFederation.startSandbox': startSandboxTenant,
  'miFederation.stopSandbox': stopSandboxTenant,
  'miFederation.addSandboxTokenFunction': addSandboxTokenFunction,
  'miFederation.addTenant': addTenant as CommandHandler,
  'miFederation.removeTenant': removeTenant as CommandHandler,
  'miFederation.refresh': refresh as CommandHandler,
  'miFederation.retry': refresh as CommandHandler,
  'miFederation.loadMore': loadMore as CommandHandler,
  'miFederation.filterApps': filterApps as CommandHandler,
  'miFederation.clearFilter': clearFilter as CommandHandler,
  'miFederation.copyAppId': copyAppId as CommandHandler,
  'miFederation.copyObjectId': copyObjectId as CommandHandler,
  'miFederation.copyCredentialField': copyCredentialField as CommandHandler,
  'miFederation.openInPortal': openInPortal as CommandHandler,
  'miFederation.showLog': (services) => services.log.show(),
  'miFederation.showVersion': async (services) => {
    const version = services.context.extension.packageJSON.version as string;
    void services.ui.message('info', `Managed Identity Federation ${version}`);
    return version;
  },
  ...credentialCommands,
  ...tokenCommands,
};

export function registerAllCommands(services: ExtensionServices): vscode.Disposable[] {
  return registerCommands(services, commands);
}

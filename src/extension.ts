// The table of contents of the extension: build the services, register views and commands.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('miFederation.showVersion', async () => {
      const version = context.extension.packageJSON.version as string;
      void vscode.window.showInformationMessage(`Managed Identity Federation ${version}`);
      return version;
    }),
    vscode.commands.registerCommand('miFederation.signIn', () => undefined),
    vscode.commands.registerCommand('miFederation.signOut', () => undefined),
    vscode.commands.registerCommand('miFederation.useSandbox', () => undefined),
  );
}

export function deactivate(): void {}

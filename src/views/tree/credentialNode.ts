// A federated identity credential under its app: name, what it trusts, an icon per kind, and a
// warning when Entra will accept it at create time but refuse it at exchange time.
import * as vscode from 'vscode';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { credentialKind, credentialWarnings, type CredentialKind, type KnownIdentity, type Problem } from '../../core/credentials';
import { contextValue, type TreeNode } from './treeNode';
import { markdownText } from '../markdownText';

const kindIcons: Record<CredentialKind, string> = {
  managedIdentity: 'azure',
  githubActions: 'github',
  kubernetes: 'server-environment',
  other: 'key',
};

const kindLabels: Record<CredentialKind, string> = {
  managedIdentity: 'Managed identity',
  githubActions: 'GitHub Actions',
  kubernetes: 'Kubernetes',
  other: 'Other issuer',
};

export const credentialDecorationScheme = 'mi-federation-credential';

export class CredentialNode implements TreeNode {
  readonly id: string;
  readonly kind: CredentialKind;
  readonly warnings: Problem[];

  constructor(
    readonly credential: FederatedIdentityCredential,
    readonly parent: TreeNode & { readonly appObjectId: string; readonly appId: string; readonly tenantId: string },
    knownIdentities: readonly KnownIdentity[],
    knownAuthorities: readonly string[],
  ) {
    this.id = `${parent.id}/fic/${credential.name ?? credential.id}`;
    this.kind = credentialKind(credential, knownAuthorities);
    this.warnings = credentialWarnings(credential, { managedIdentities: knownIdentities, knownAuthorities });
  }

  get name(): string {
    return this.credential.name ?? '';
  }

  getTreeItem(): vscode.TreeItem {
    const fic = this.credential;
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const subject = fic.subject ?? (fic as { claimsMatchingExpression?: { value?: string } }).claimsMatchingExpression?.value ?? '(no subject)';
    item.description = `${kindLabels[this.kind]} · ${subject}`;
    item.iconPath = new vscode.ThemeIcon(kindIcons[this.kind]);
    item.tooltip = this.tooltip(subject);
    if (this.warnings.length > 0) {
      // The decoration provider colours the label and adds a badge for this URI.
      item.resourceUri = vscode.Uri.from({ scheme: credentialDecorationScheme, path: `/${this.id}`, query: `warnings=${this.warnings.length}` });
    }
    item.contextValue = contextValue('credential', this.kind, this.warnings.length > 0 && 'hasWarnings', 'canEdit', 'canDelete', 'canExport');
    return item;
  }

  getParent(): TreeNode {
    return this.parent;
  }

  private tooltip(subject: string): vscode.MarkdownString {
    const fic = this.credential;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${markdownText(this.name)}** — ${kindLabels[this.kind]}\n\n`);
    const rows: Array<[string, string]> = [
      ['Issuer', fic.issuer ?? ''],
      ['Subject', subject],
      ['Audience', (fic.audiences ?? []).join(', ')],
      ['Description', fic.description ?? ''],
      ['Id', fic.id ?? ''],
    ];
    for (const [label, value] of rows) if (value) md.appendMarkdown(`${label}: \`${value.replace(/`/g, "'")}\`\n\n`);
    for (const warning of this.warnings) md.appendMarkdown(`$(warning) ${markdownText(warning.message)}\n\n`);
    return md;
  }
}

/** Colours credentials that will not work and gives them a badge. */
export class CredentialDecorationProvider implements vscode.FileDecorationProvider {
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== credentialDecorationScheme) return undefined;
    const count = Number(new URLSearchParams(uri.query).get('warnings') ?? 0);
    if (!count) return undefined;
    return new vscode.FileDecoration('!', `${count} problem${count === 1 ? '' : 's'}: this credential will not work as is`, new vscode.ThemeColor('list.warningForeground'));
  }
}

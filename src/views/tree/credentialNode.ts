// A federated identity credential under its app: name, what it trusts, an icon per kind, and a
// warning when Entra will accept it at create time but refuse it at exchange time. The
// credential and the identities the warnings check against are read from the model.
import * as vscode from 'vscode';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { credentialKind, credentialWarnings, type CredentialKind, type Problem } from '../../core/credentials';
import { idOf } from '../../model';
import type { TreeContext } from './nodeCache';
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

  constructor(
    readonly tenantId: string,
    readonly objectId: string,
    readonly name: string,
    private readonly parent: TreeNode,
    private readonly tree: TreeContext,
  ) {
    this.id = idOf({ kind: 'credential', tenantId, objectId, name });
  }

  getTreeItem(): vscode.TreeItem {
    const catalog = this.tree.model.tenant(this.tenantId);
    const fic = catalog.app(this.objectId)?.federatedIdentityCredentials.find((f) => (f.name ?? f.id) === this.name);
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    if (!fic) return item;
    const authorities = this.tree.knownAuthorities();
    const kind = credentialKind(fic, authorities);
    const warnings = credentialWarnings(fic, { managedIdentities: catalog.knownIdentities(), knownAuthorities: authorities });
    const subject = fic.subject ?? (fic as { claimsMatchingExpression?: { value?: string } }).claimsMatchingExpression?.value ?? '(no subject)';
    item.description = `${kindLabels[kind]} · ${subject}`;
    item.iconPath = new vscode.ThemeIcon(kindIcons[kind]);
    item.tooltip = tooltip(this.name, fic, kind, warnings, subject);
    if (warnings.length > 0) {
      // The decoration provider colours the label and adds a badge for this URI.
      item.resourceUri = vscode.Uri.from({ scheme: credentialDecorationScheme, path: `/${this.id}`, query: `warnings=${warnings.length}` });
    }
    item.contextValue = contextValue('credential', kind, warnings.length > 0 && 'hasWarnings', 'canEdit', 'canDelete', 'canExport');
    return item;
  }

  getParent(): TreeNode {
    return this.parent;
  }
}

function tooltip(name: string, fic: FederatedIdentityCredential, kind: CredentialKind, warnings: readonly Problem[], subject: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${markdownText(name)}** — ${kindLabels[kind]}\n\n`);
  const rows: Array<[string, string]> = [
    ['Issuer', fic.issuer ?? ''],
    ['Subject', subject],
    ['Audience', (fic.audiences ?? []).join(', ')],
    ['Description', fic.description ?? ''],
    ['Id', fic.id ?? ''],
  ];
  for (const [label, value] of rows) if (value) md.appendMarkdown(`${label}: \`${value.replace(/`/g, "'")}\`\n\n`);
  for (const warning of warnings) md.appendMarkdown(`$(warning) ${markdownText(warning.message)}\n\n`);
  return md;
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

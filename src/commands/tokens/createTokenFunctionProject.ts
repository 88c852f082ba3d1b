// "Create Token Function Project…": writes the token function project (an Azure Functions app,
// Node.js v4 model, TypeScript, with the original proof of concept's three endpoints) into a
// folder the user names. A non-empty folder is used only when the user confirms, and files the
// project would replace are named in that question first. Files are written with
// vscode.workspace.fs, so remote workspaces get them where the workspace lives.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { conflictingFiles, folderEntries, projectFiles, TEMPLATE_FOLDER_IN_DIST, writeProject, type EntryKind, type ScaffoldFileSystem } from '../../tokenFunctionTemplate/scaffold';
import type { ExtensionServices } from '../services';
import { defineCommand } from '../registry';

export interface CreateTokenFunctionProjectInput {
  /** Absolute path of the folder; asked for when absent. */
  folder?: string;
}

export interface CreatedTokenFunctionProject {
  folder: string;
  written: string[];
  replaced: string[];
}

const TITLE = 'Create Token Function Project';

export const createTokenFunctionProjectCommand = defineCommand('miFederation.createTokenFunctionProject', {
  run: (context, { args }) => createTokenFunctionProject(context, isInput(args[0]) ? args[0] : {}),
});

function isInput(value: unknown): value is CreateTokenFunctionProjectInput {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function createTokenFunctionProject(services: ExtensionServices, input: CreateTokenFunctionProjectInput = {}): Promise<CreatedTokenFunctionProject> {
  const folder = path.resolve(
    (input.folder ??
      (await services.ui.input({
        title: TITLE,
        prompt: 'Folder to create the token function project in (created if it does not exist)',
        value: defaultFolder(),
        validate: (v) => (!v.trim() ? 'Enter a folder.' : path.isAbsolute(v.trim()) ? undefined : 'Enter an absolute path.'),
      }))).trim(),
  );
  const templateRoot = path.join(services.extension.extensionPath, 'dist', TEMPLATE_FOLDER_IN_DIST);
  const files = await projectFiles(workspaceFileSystem, templateRoot);

  const existing = await folderEntries(workspaceFileSystem, folder);
  let replace = false;
  if (existing.length > 0) {
    const conflicts = await conflictingFiles(workspaceFileSystem, folder, files);
    const detail =
      conflicts.length > 0
        ? `These files of the project already exist there and will be replaced: ${conflicts.join(', ')}. Everything else in the folder is left alone.`
        : `It holds ${existing.length} other ${existing.length === 1 ? 'entry' : 'entries'}; the project's ${files.length} files are added beside them and nothing is replaced.`;
    // Throws CancelledError on Cancel: nothing has been written.
    await services.ui.confirm(`${folder} is not empty. Create the token function project in it anyway?`, detail, conflicts.length > 0 ? 'Replace Files' : 'Create Here');
    replace = conflicts.length > 0;
  }

  const outcome = await writeProject(workspaceFileSystem, folder, files, { replace });
  services.log.info(`Token function project written to ${folder}: ${outcome.written.length} files${outcome.replaced.length ? `, replacing ${outcome.replaced.join(', ')}` : ''}.`);
  void services.ui
    .message('info', `Created the token function project in ${folder}. Its README says how to deploy it, enable its managed identity and add it here.`, 'Open Folder')
    .then((action) => {
      if (action === 'Open Folder') void vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(folder), { forceNewWindow: true });
    });
  return { folder, written: outcome.written, replaced: outcome.replaced };
}

function defaultFolder(): string {
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri;
  const base = workspace?.scheme === 'file' ? workspace.fsPath : os.homedir();
  return path.join(base, 'token-function');
}

/** The scaffold's file system over vscode.workspace.fs (local and remote workspaces alike). */
const workspaceFileSystem: ScaffoldFileSystem = {
  readDirectory: async (dir) => (await vscode.workspace.fs.readDirectory(vscode.Uri.file(dir))).map(([name, type]): [string, EntryKind] => [name, kindOf(type)]),
  readFile: async (file) => vscode.workspace.fs.readFile(vscode.Uri.file(file)),
  writeFile: async (file, content) => vscode.workspace.fs.writeFile(vscode.Uri.file(file), content),
  createDirectory: async (dir) => vscode.workspace.fs.createDirectory(vscode.Uri.file(dir)),
  stat: async (p) => {
    try {
      return kindOf((await vscode.workspace.fs.stat(vscode.Uri.file(p))).type);
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
      throw e;
    }
  },
  delete: async (p) => vscode.workspace.fs.delete(vscode.Uri.file(p), { recursive: false, useTrash: false }),
};

function kindOf(type: vscode.FileType): EntryKind {
  return type & vscode.FileType.Directory ? 'directory' : 'file';
}

// Writes the token function project (the files under ./project) into a folder. Pure: the file
// system is passed in (vscode.workspace.fs in the command, node:fs in tests), and nothing here
// asks the user anything — the command asks before calling with `replace: true`.
//
// A write never half-succeeds silently: files that would be replaced are named up front, and a
// failure mid-way removes what this call wrote and puts back what it replaced, then says so.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/** The template's folder, relative to the folder holding the extension's bundles (dist/). */
export const TEMPLATE_FOLDER_IN_DIST = 'tokenFunctionTemplate';

/**
 * Files kept without their leading dot in the template: packagers and npm treat dotfiles
 * specially (npm renames or drops .gitignore), so they get their real names when written.
 */
const RENAMED: Record<string, string> = { gitignore: '.gitignore', funcignore: '.funcignore' };

/** The settings file the Functions host reads locally; git-ignored, so it starts as a copy of the template. */
const LOCAL_SETTINGS = { from: 'local.settings.template.json', to: 'local.settings.json' };

export type EntryKind = 'file' | 'directory';

export interface ScaffoldFileSystem {
  /** Entries of a folder; throws when it does not exist. */
  readDirectory(dir: string): Promise<Array<[name: string, kind: EntryKind]>>;
  readFile(file: string): Promise<Uint8Array>;
  /** Writes a file whose folder exists. */
  writeFile(file: string, content: Uint8Array): Promise<void>;
  createDirectory(dir: string): Promise<void>;
  /** What is at a path, or undefined when nothing is. */
  stat(p: string): Promise<EntryKind | undefined>;
  /** Deletes a file or an empty folder. */
  delete(p: string): Promise<void>;
}

export interface ProjectFile {
  /** Relative path with forward slashes: `src/handlers/routes.ts`. */
  path: string;
  content: Uint8Array;
}

/** The project's files, read from the template folder, with their real names. */
export async function projectFiles(fsys: ScaffoldFileSystem, templateRoot: string): Promise<ProjectFile[]> {
  const out: ProjectFile[] = [];
  const walk = async (relative: string[]): Promise<void> => {
    const entries = await fsys.readDirectory(path.join(templateRoot, ...relative));
    for (const [name, kind] of entries.sort(([a], [b]) => a.localeCompare(b))) {
      if (kind === 'directory') await walk([...relative, name]);
      else {
        const target = relative.length === 0 ? (RENAMED[name] ?? name) : name;
        out.push({ path: [...relative, target].join('/'), content: await fsys.readFile(path.join(templateRoot, ...relative, name)) });
      }
    }
  };
  await walk([]);
  const settings = out.find((f) => f.path === LOCAL_SETTINGS.from);
  if (!settings || !out.some((f) => f.path === 'package.json')) {
    throw new Error(`The token function project's template at ${templateRoot} is incomplete (no package.json or ${LOCAL_SETTINGS.from}).`);
  }
  out.push({ path: LOCAL_SETTINGS.to, content: settings.content });
  return out;
}

/** Entries already in the folder (empty when it does not exist yet). */
export async function folderEntries(fsys: ScaffoldFileSystem, folder: string): Promise<string[]> {
  const kind = await fsys.stat(folder);
  if (kind === undefined) return [];
  if (kind === 'file') throw new Error(`${folder} is a file, not a folder.`);
  return (await fsys.readDirectory(folder)).map(([name]) => name);
}

/** The project's files that already exist in the folder and would be replaced. */
export async function conflictingFiles(fsys: ScaffoldFileSystem, folder: string, files: ProjectFile[]): Promise<string[]> {
  const found: string[] = [];
  for (const f of files) if ((await fsys.stat(target(folder, f.path))) !== undefined) found.push(f.path);
  return found;
}

export class ProjectWriteError extends Error {
  override readonly name = 'ProjectWriteError';
  constructor(
    message: string,
    /** Paths (relative) the failed write could not undo; empty when the folder is as it was. */
    readonly leftBehind: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface WriteOutcome {
  written: string[];
  replaced: string[];
}

/**
 * Writes the files under `folder` (created if missing). Refuses to replace an existing file
 * unless `replace` is true; on any failure undoes its own work and throws ProjectWriteError.
 */
export async function writeProject(fsys: ScaffoldFileSystem, folder: string, files: ProjectFile[], options: { replace: boolean }): Promise<WriteOutcome> {
  const conflicts = await conflictingFiles(fsys, folder, files);
  if (conflicts.length > 0 && !options.replace) {
    throw new ProjectWriteError(`${folder} already holds ${conflicts.join(', ')}; nothing was written.`, []);
  }
  const createdDirs: string[] = [];
  const createdFiles: string[] = [];
  const replaced: Array<{ path: string; before: Uint8Array }> = [];
  try {
    for (const f of files) {
      const file = target(folder, f.path);
      await ensureFolder(fsys, path.dirname(file), createdDirs);
      const kind = await fsys.stat(file);
      if (kind === 'directory') throw new Error(`${f.path} is a folder in ${folder}`);
      if (kind === 'file') replaced.push({ path: f.path, before: await fsys.readFile(file) });
      else createdFiles.push(f.path);
      await fsys.writeFile(file, f.content);
    }
  } catch (e) {
    const leftBehind = await undo(fsys, folder, createdFiles, replaced, createdDirs);
    const reason = e instanceof Error ? e.message : String(e);
    const state = leftBehind.length === 0 ? 'the folder is as it was' : `these could not be undone: ${leftBehind.join(', ')}`;
    throw new ProjectWriteError(`Writing the token function project into ${folder} failed (${reason}); ${state}.`, leftBehind, { cause: e });
  }
  return { written: files.map((f) => f.path), replaced: replaced.map((r) => r.path) };
}

function target(folder: string, relative: string): string {
  return path.join(folder, ...relative.split('/'));
}

async function ensureFolder(fsys: ScaffoldFileSystem, dir: string, created: string[]): Promise<void> {
  const kind = await fsys.stat(dir);
  if (kind === 'directory') return;
  if (kind === 'file') throw new Error(`${dir} is a file, not a folder`);
  await ensureFolder(fsys, path.dirname(dir), created);
  await fsys.createDirectory(dir);
  created.push(dir);
}

/** Removes what was created and restores what was replaced; returns what it could not undo. */
async function undo(fsys: ScaffoldFileSystem, folder: string, createdFiles: string[], replaced: Array<{ path: string; before: Uint8Array }>, createdDirs: string[]): Promise<string[]> {
  const failed: string[] = [];
  for (const f of createdFiles) {
    const file = target(folder, f);
    if ((await fsys.stat(file).catch(() => 'file' as const)) === undefined) continue;
    await fsys.delete(file).catch(() => failed.push(f));
  }
  for (const r of replaced) await fsys.writeFile(target(folder, r.path), r.before).catch(() => failed.push(r.path));
  for (const dir of [...createdDirs].reverse()) await fsys.delete(dir).catch(() => failed.push(path.relative(folder, dir) || dir));
  return failed;
}

/** The scaffold's file system over node:fs (tests, scripts). */
export const nodeFileSystem: ScaffoldFileSystem = {
  readDirectory: async (dir) => (await fs.readdir(dir, { withFileTypes: true })).map((d) => [d.name, d.isDirectory() ? 'directory' : 'file']),
  readFile: (file) => fs.readFile(file),
  writeFile: (file, content) => fs.writeFile(file, content),
  createDirectory: async (dir) => {
    await fs.mkdir(dir);
  },
  stat: async (p) => {
    try {
      return (await fs.stat(p)).isDirectory() ? 'directory' : 'file';
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  },
  delete: async (p) => ((await fs.stat(p)).isDirectory() ? fs.rmdir(p) : fs.unlink(p)),
};

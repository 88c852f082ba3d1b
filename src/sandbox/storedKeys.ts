// Key material the sandbox keeps on disk: the week-long cache of tenant signing keys (RSA key
// generation is most of a start) and a stateDir's CA, server key and signing keys. A key read
// from disk is served in the JWKS and signs every token, so a file someone else could have
// written is never trusted: the cache folder is per user, owned by the user and closed to
// everyone else (0700), each file is the user's own, 0600 and not a link, and files are written
// with exclusive create. Anything else is refused, said so, and replaced by fresh keys.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateSigningKey, keyFromPem } from './jwt';
import type { TlsMaterial } from './tls';

export type TenantKeyPems = { contoso: string; fabrikam: string };

export interface StoredMaterial extends TlsMaterial {
  tenantKeys: TenantKeyPems;
  identityHeader: string;
}

export type Warn = (message: string) => void;

export const MATERIAL_FILE = 'sandbox-material.json';
export const KEY_CACHE_FILE = 'signing-keys.json';
export const KEY_CACHE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

/** The signing-key cache folder of this user: `{tmp}/mi-federation-sandbox-{uid}`. */
export function defaultKeyCacheDir(): string {
  const uid = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username.replace(/[^A-Za-z0-9_-]/g, '_');
  return path.join(os.tmpdir(), `mi-federation-sandbox-${uid}`);
}

// POSIX ownership and modes; Windows has neither (its temp folder is per user already).
const POSIX = typeof process.getuid === 'function';

/** Why a folder may not hold keys, or undefined when it may. */
function folderProblem(dir: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dir);
  } catch {
    return 'it cannot be read';
  }
  if (stat.isSymbolicLink()) return 'it is a symbolic link';
  if (!stat.isDirectory()) return 'it is not a folder';
  if (POSIX && stat.uid !== process.getuid!()) return `it belongs to user ${stat.uid}, not to this user (${process.getuid!()})`;
  if (POSIX && (stat.mode & 0o077) !== 0) return `others may use it (mode ${(stat.mode & 0o777).toString(8)}, not 700)`;
  return undefined;
}

/** Why a file may not be read as keys, or undefined when it may; checked on the open file. */
function fileProblem(fd: number): string | undefined {
  const stat = fs.fstatSync(fd);
  if (!stat.isFile()) return 'it is not a regular file';
  if (POSIX && stat.uid !== process.getuid!()) return `it belongs to user ${stat.uid}, not to this user (${process.getuid!()})`;
  if (POSIX && (stat.mode & 0o077) !== 0) return `others may read or write it (mode ${(stat.mode & 0o777).toString(8)}, not 600)`;
  return undefined;
}

type ReadResult = { text: string; mtimeMs: number } | { missing: true } | { refused: string };

/** A key file's text, if it exists and is trustworthy; never follows a symbolic link. */
function readTrusted(file: string): ReadResult {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { missing: true };
    return { refused: code === 'ELOOP' ? 'it is a symbolic link' : `it cannot be opened (${code ?? String(e)})` };
  }
  try {
    const problem = fileProblem(fd);
    if (problem) return { refused: problem };
    return { text: fs.readFileSync(fd, 'utf8'), mtimeMs: fs.fstatSync(fd).mtimeMs };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes a key file that no one else can have opened: a new temporary file (exclusive create,
 * 0600) renamed over the target, in a folder already checked to be the user's own.
 */
function writeExclusive(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(tmp, text, { flag: 'wx', mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** Makes the user's cache folder (0700) or checks the one there; a problem when it may not hold keys. */
function ensurePrivateFolder(dir: string): string | undefined {
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return `it cannot be made (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  }
  return folderProblem(dir);
}

// Keys made in this process, per cache folder: every sandbox started here that cannot use the
// file gets the same fresh keys instead of paying for new ones (issuers differ by port, so tokens
// still do not cross sandboxes). The file itself is read and checked on every start.
const madeHere = new Map<string, Promise<TenantKeyPems>>();

/**
 * Tenant signing keys from the user's cache folder when it and its file can be trusted and the
 * file is less than a week old; else fresh keys, stored for the next start when the folder is fine.
 */
export async function cachedSigningKeys(dir: string = defaultKeyCacheDir(), warn: Warn = defaultWarn): Promise<TenantKeyPems> {
  const folder = ensurePrivateFolder(dir);
  if (folder) {
    warn(`The sandbox does not use the signing-key cache ${dir}: ${folder}. It made new keys, kept in memory only.`);
    return freshKeys(dir);
  }
  const file = path.join(dir, KEY_CACHE_FILE);
  const read = readTrusted(file);
  if ('text' in read && Date.now() - read.mtimeMs < KEY_CACHE_MAX_AGE_MS) {
    const keys = parseKeys(read.text);
    if (keys) return keys;
    warn(`The sandbox refused the signing-key cache ${file}: it does not hold two private keys. It made new keys.`);
  } else if ('refused' in read) {
    warn(`The sandbox refused the signing-key cache ${file}: ${read.refused}. It made new keys.`);
  }
  const keys = await freshKeys(dir);
  try {
    writeExclusive(file, JSON.stringify(keys));
  } catch {
    // a read-only temp folder only costs the next start some time
  }
  return keys;
}

function freshKeys(dir: string): Promise<TenantKeyPems> {
  let keys = madeHere.get(dir);
  if (!keys) {
    keys = makeKeys();
    madeHere.set(dir, keys);
    keys.catch(() => madeHere.delete(dir));
  }
  return keys;
}

async function makeKeys(): Promise<TenantKeyPems> {
  const [c, f] = await Promise.all([generateSigningKey(), generateSigningKey()]);
  return { contoso: c.pem, fabrikam: f.pem };
}

function parseKeys(text: string): TenantKeyPems | undefined {
  try {
    const keys = JSON.parse(text) as TenantKeyPems;
    if (typeof keys?.contoso !== 'string' || typeof keys.fabrikam !== 'string') return undefined;
    keyFromPem(keys.contoso);
    keyFromPem(keys.fabrikam);
    return { contoso: keys.contoso, fabrikam: keys.fabrikam };
  } catch {
    return undefined;
  }
}

/**
 * The CA, server certificate and signing keys of an earlier run in the same stateDir, if the file
 * is there, the user's own and closed to others; a refused file is said so and replaced later.
 */
export function readMaterial(stateDir: string, warn: Warn = defaultWarn): StoredMaterial | undefined {
  const file = path.join(stateDir, MATERIAL_FILE);
  const read = readTrusted(file);
  if ('missing' in read) return undefined;
  if ('refused' in read) {
    warn(`The sandbox refused the stored keys ${file}: ${read.refused}. It made a new CA and keys.`);
    return undefined;
  }
  try {
    const m = JSON.parse(read.text) as StoredMaterial;
    if (m.caCert && m.serverKey && m.tenantKeys?.contoso && m.tenantKeys?.fabrikam && m.identityHeader) return m;
  } catch {
    // unreadable: make new material
  }
  warn(`The sandbox could not read the stored keys ${file}. It made a new CA and keys.`);
  return undefined;
}

/** Stores a stateDir's material (0600, exclusive create); a refused or stale file there is replaced. */
export function writeMaterial(stateDir: string, material: StoredMaterial): void {
  writeExclusive(path.join(stateDir, MATERIAL_FILE), JSON.stringify(material));
}

function defaultWarn(message: string): void {
  process.stderr.write(`${message}\n`);
}

// Installs into the shared cache must not run twice at once (two terminals, two test runs):
// a lock folder with the owner's pid, taken over when that process is gone.
import * as fs from 'fs';
import * as path from 'path';
import { pollUntil } from './waits';

export async function withDirectoryLock<T>(lockDir: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const ownerFile = path.join(lockDir, 'pid');
  let announced = false;
  await pollUntil(
    () => {
      try {
        fs.mkdirSync(lockDir);
        fs.writeFileSync(ownerFile, String(process.pid));
        return true;
      } catch {
        if (!ownerAlive(ownerFile)) {
          fs.rmSync(lockDir, { recursive: true, force: true });
          return false;
        }
        if (!announced) {
          announced = true;
          console.log(`harness: waiting for another run that holds ${lockDir}`);
        }
        return false;
      }
    },
    { timeoutMs, intervalMs: 1000, what: `the install lock ${lockDir} (held by another process)` },
  );
  try {
    return await work();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function ownerAlive(ownerFile: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(ownerFile, 'utf8'));
  } catch {
    // Just created by the other process and not written yet (alive), or left behind by a
    // process that died between the two steps (stale after a few seconds).
    try {
      return Date.now() - fs.statSync(path.dirname(ownerFile)).mtimeMs < 10_000;
    } catch {
      return false;
    }
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Installs code-server builds (and the Node they need) ahead of the tests that use them:
//   node <bundle of this file> 4.100.3 latest
// .ci/run bundles it with esbuild (no type check of the whole project needed) and runs it in the
// background at low priority while the checks and unit tests run, so the installs' native
// builds use the core those leave idle. A layer that needs a build still being installed waits
// for the install lock, then finds it ready; if this fails, the layer installs and reports.
import { selectFlavor } from './flavors';
import { ensureCodeServer } from './installCodeServer';

async function main(versions: string[]): Promise<void> {
  for (const version of versions.length > 0 ? versions : [undefined]) {
    await ensureCodeServer(selectFlavor(version));
  }
}

// A SIGTERM (the CI script ending early) stops the npm install through cleanup.ts's handler.
main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`prepare: ${error.message}`);
    process.exit(1);
  },
);

// Loads the SDK bundle (sdk.ts → dist/sdk.js) the first time a sign-in, a Graph call, an
// exchange or a signature check needs it. A plain require: the bundle is CommonJS next to this
// one, and esbuild leaves `./sdk` external (see esbuild.js), so nothing of it loads before.
export type Sdk = typeof import('./sdk');

let sdk: Sdk | undefined;

export function loadSdk(): Sdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the one deliberate lazy load of the SDK bundle
  return (sdk ??= require('./sdk') as Sdk);
}

// Loads the features bundle (features.ts → dist/features.js) on the first command, inspector
// or background sign-in. A plain require: the bundle is CommonJS next to this one, and esbuild
// leaves `./features` external (see esbuild.js), so activation parses none of it.
export type Features = typeof import('./features');

let features: Features | undefined;

export function loadFeatures(): Features {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the one deliberate lazy load of the features bundle
  return (features ??= require('./features') as Features);
}

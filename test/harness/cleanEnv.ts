// The harness is usually started by `npm run`, which exports its own configuration as
// npm_config_* / npm_package_* variables. Passed on, they leak into the child: a nested
// `npm install` inherits the outer project's settings (seen: an inherited `global`/`prefix`
// made code-server's own postinstall `npm install` retire code-server itself), and the
// extension host would see variables a user's VS Code never has.
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

// `npm run sandbox [-- --port P --apps N --latency MS --propagation-s N|MIN-MAX --state-dir DIR]`: starts the sandbox
// tenant, prints ONE JSON line (SandboxInfo) on stdout, a human summary on stderr, and runs
// until Ctrl-C / SIGTERM.
import { parsePropagationSeconds } from './graph/propagation';
import { launchSandbox, sandboxInfo } from './index';
import type { SandboxOptions } from './types';

function parseArgs(argv: string[]): SandboxOptions {
  const options: SandboxOptions = {};
  const number = (name: string, v: string | undefined) => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < 0) throw new Error(`${name} needs a whole number >= 0; got ${v ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port': options.port = number('--port', value()); break;
      case '--apps': options.apps = number('--apps', value()); break;
      case '--latency': options.latencyMs = number('--latency', value()); break;
      case '--state-dir': options.stateDir = value(); break;
      case '--propagation-s': {
        const r = parsePropagationSeconds(value() ?? '');
        options.ficPropagationS = { min: r.minMs / 1000, max: r.maxMs / 1000 };
        break;
      }
      case '--help':
      case '-h':
        process.stderr.write('Usage: npm run sandbox -- [--port P] [--apps N] [--latency MS] [--propagation-s N|MIN-MAX] [--state-dir DIR]\n');
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown option ${argv[i]}. Try --help.`);
    }
  }
  return options;
}

function describePropagation(p: SandboxOptions['ficPropagationS']): string {
  if (p === undefined) return '20–60 s';
  if (typeof p === 'number') return p === 0 ? 'none' : `${p} s`;
  return p.min === p.max ? (p.min === 0 ? 'none' : `${p.min} s`) : `${p.min}–${p.max} s`;
}

async function main(): Promise<void> {
  const started = Date.now();
  const options = parseArgs(process.argv.slice(2));
  const { sandbox, ready } = await launchSandbox(options);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const info = sandboxInfo(sandbox);
  // The line goes out as soon as the server listens; requests wait the few ms until the
  // signing keys exist, so a client reading the line can start at once.
  process.stdout.write(`${JSON.stringify(info)}\n`);
  const listening = Date.now() - started;
  await ready;
  process.stderr.write(
    [
      `Sandbox tenant listening in ${listening} ms, seeded in ${Date.now() - started} ms, at ${info.authority}`,
      `  CA certificate   ${info.caFile}  (trust it explicitly; never disable TLS checks)`,
      `  Tenants          Contoso ${info.tenants.home} (home), Fabrikam ${info.tenants.customer} (customer)`,
      `  Graph            ${info.graph}   tokens: aud https://graph.microsoft.com`,
      `  Admin app        ${info.admin.clientId} / secret ${info.admin.clientSecret}`,
      `  Device code      user ${info.user.username}, client ${info.user.clientId} (approved automatically)`,
      `  Managed identity IDENTITY_ENDPOINT=${info.managedIdentity.endpoint} IDENTITY_HEADER=${info.managedIdentity.header}`,
      `  FIC propagation  ${describePropagation(options.ficPropagationS)} per credential write (--propagation-s)`,
      `  Token function   ${info.tokenFunction.url}/api/GetManagedIdentityToken?code=${info.tokenFunction.key}&scope=api://AzureADTokenExchange/.default`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`Sandbox failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

// Runs in its own process, in a scaffolded and built token function project, with the managed-
// identity environment the test gives (read once per process, as on Azure). Calls the built
// handlers with @azure/functions' own HttpRequest and InvocationContext (the project's copy) and
// prints one JSON line: each call's status, content type and body, the log, and the route table.
// Arguments: the project folder, then a JSON list of ProjectCall.
import { createRequire } from 'node:module';
import * as path from 'node:path';

export interface ProjectCall {
  name: string;
  method: 'GET' | 'POST';
  query?: Record<string, string>;
  body?: string;
  contentType?: string;
}

export interface ProjectCallResult {
  name: string;
  status: number;
  contentType: string | null;
  text: string;
}

export interface ProjectRun {
  results: ProjectCallResult[];
  logs: string[];
  routes: Array<{ name: string; route?: string; methods: string[]; authLevel: string }>;
  /** Functions the built registration file (package.json `main`) handed to app.http. */
  registered: string[];
}

type Functions = typeof import('@azure/functions');
type Routes = typeof import('../../../src/tokenFunctionTemplate/project/src/handlers/routes');

async function main(): Promise<void> {
  const [projectDir, callsJson] = process.argv.slice(2);
  // The project's own copies: what `npm ci` installed there, and what `npm run build` wrote.
  const fromProject = createRequire(path.join(projectDir, 'package.json'));
  const { HttpRequest, HttpResponse, InvocationContext } = fromProject('@azure/functions') as Functions;
  const { TOKEN_FUNCTION_ROUTES } = fromProject('./dist/src/handlers/routes.js') as Routes;
  // Outside the Functions host @azure/functions runs in its test mode: it names each function
  // app.http was asked to register (on the console) instead of registering it.
  const registered: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    const m = /register function "([^"]+)"/.exec(args.map(String).join(' '));
    if (m) registered.push(m[1]);
  };
  try {
    fromProject('./dist/src/functions/tokenEndpoints.js');
  } finally {
    console.warn = warn;
  }
  const results: ProjectCallResult[] = [];
  const logs: string[] = [];
  for (const call of JSON.parse(callsJson) as ProjectCall[]) {
    const route = TOKEN_FUNCTION_ROUTES.find((r) => r.name === call.name);
    if (!route) throw new Error(`no route ${call.name}`);
    const url = new URL(`https://func-contract.example/api/${route.route ?? route.name}`);
    for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
    const request = new HttpRequest({
      method: call.method,
      url: url.toString(),
      headers: call.contentType ? { 'content-type': call.contentType } : {},
      ...(call.body !== undefined ? { body: { string: call.body } } : {}),
    });
    const context = new InvocationContext({ functionName: route.name, invocationId: String(results.length), logHandler: (level, ...args) => logs.push(`${level}: ${args.join(' ')}`) });
    const response = new HttpResponse(await route.handler(request, context));
    results.push({ name: call.name, status: response.status, contentType: response.headers.get('content-type'), text: await response.text() });
  }
  const run: ProjectRun = { results, logs, routes: TOKEN_FUNCTION_ROUTES.map((r) => ({ name: r.name, route: r.route, methods: r.methods, authLevel: r.authLevel })), registered };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}

// The sandbox tenant, in-process: startSandbox() serves Entra, Graph, the managed-identity
// endpoints and the token function over HTTPS on 127.0.0.1, seeded with the same scenario on
// every start. `npm run sandbox` (main.ts) prints the same SandboxInfo as one JSON line.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { createClock } from './clock';
import { createControl } from './controls';
import { Directory } from './directory';
import * as ids from './ids';
import { keyFromPem } from './jwt';
import { seedDirectory } from './seed';
import { DEFAULT_FIC_PROPAGATION, checkPropagationRange, type PropagationRange } from './graph/propagation';
import { DEFAULT_CONNECTION_LIMITS } from './http';
import { connectionOptions, createRequestHandler, guardConnections } from './server';
import { defaultSettings, type SandboxState } from './state';
import { cachedSigningKeys, readMaterial, type StoredMaterial, writeMaterial } from './storedKeys';
import { generateTls } from './tls';
import { TokenFunctionHost } from './tokenFunction/host';
import type { RunningSandbox, SandboxInfo, SandboxOptions } from './types';

export * from './types';
export * from './ids';
export { stableGuid } from './seed';

export interface LaunchedSandbox {
  sandbox: RunningSandbox;
  /** Resolves once the tenants' signing keys exist and the directory is seeded; requests wait for it. */
  ready: Promise<void>;
}

/** startSandbox() without waiting for the signing keys: the CLI prints its line as soon as it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const { sandbox, ready } = await launchSandbox(options);
  try {
    await ready;
  } catch (e) {
    await sandbox.close();
    throw e;
  }
  return sandbox;
}

function propagationOption(s: SandboxOptions['ficPropagationS']): PropagationRange {
  if (s === undefined) return DEFAULT_FIC_PROPAGATION;
  if (typeof s === 'number') return checkPropagationRange({ minMs: s * 1000, maxMs: s * 1000 });
  return checkPropagationRange({ minMs: s.min * 1000, maxMs: s.max * 1000 });
}

export async function launchSandbox(options: SandboxOptions = {}): Promise<LaunchedSandbox> {
  const stateDir = options.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mi-federation-sandbox-'));
  fs.mkdirSync(stateDir, { recursive: true });
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`${message}\n`));
  const stored = readMaterial(stateDir, warn);
  // RSA key generation is the slow part of start-up: it runs while the server starts listening.
  const tenantKeysPromise = stored ? Promise.resolve(stored.tenantKeys) : cachedSigningKeys(options.keyCacheDir, warn);
  const tls = stored ?? (await generateTls());
  const identityHeader = stored?.identityHeader ?? crypto.randomBytes(24).toString('hex');
  const material = { ...tls, identityHeader };
  const caFile = path.join(stateDir, 'ca.pem');
  fs.writeFileSync(caFile, material.caCert);

  const clock = createClock();
  const state: SandboxState = {
    authority: '',
    graphBase: '',
    dir: new Directory(() => clock.now()),
    clock,
    settings: defaultSettings(options.latencyMs ?? 0, propagationOption(options.ficPropagationS)),
    deviceCodes: new Map(),
    identityHeader,
    log: [],
    ficCreatedAt: new WeakMap(),
  };
  // Created once the port is known; requests cannot arrive before that.
  const fn: { host?: TokenFunctionHost } = {};
  let seeded: Promise<void> = new Promise(() => undefined);
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...options.connectionLimits };
  const handler = createRequestHandler(state, (ctx) => fn.host!.proxy(ctx), () => seeded, limits);
  const server = https.createServer({ key: material.serverKey, cert: material.serverCert, ...connectionOptions(limits) }, handler);
  guardConnections(server, limits);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After start-up a server error (e.g. out of file descriptors) is reported, not fatal.
  server.on('error', (e) => process.stderr.write(`Sandbox server error: ${e.message}\n`));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const authority = `https://127.0.0.1:${port}`;
  state.authority = authority;
  state.graphBase = `${authority}/v1.0`;

  seeded = tenantKeysPromise.then((tenantKeys) => {
    if (!stored) {
      const toStore: StoredMaterial = { ...tls, tenantKeys, identityHeader };
      writeMaterial(stateDir, toStore);
    }
    const keys = { contoso: keyFromPem(tenantKeys.contoso), fabrikam: keyFromPem(tenantKeys.fabrikam) };
    seedDirectory(state.dir, authority, keys, Math.max(0, Math.floor(options.apps ?? 0)));
  });

  const identityEndpoint = `${authority}/msi/token`;
  const tokenFunction = new TokenFunctionHost({
    authority,
    caFile,
    identityEndpoint,
    identityHeader,
    functionKey: ids.TOKEN_FUNCTION_KEY,
    managedIdentityClientId: ids.USER_ASSIGNED_MI.clientId,
  });
  fn.host = tokenFunction;
  // The child starts after the keys: both are CPU-heavy and the machine may have two cores.
  if (options.tokenFunction !== false) seeded.then(() => tokenFunction.start()).catch(() => undefined);

  const info: SandboxInfo = {
    authority,
    graph: state.graphBase,
    caFile,
    tenants: { home: ids.CONTOSO_TENANT_ID, customer: ids.FABRIKAM_TENANT_ID },
    admin: { tenantId: ids.CONTOSO_TENANT_ID, clientId: ids.SANDBOX_ADMIN.appId, clientSecret: ids.SANDBOX_ADMIN.clientSecret },
    user: { tenantId: ids.CONTOSO_TENANT_ID, username: ids.SANDBOX_USER.username, clientId: ids.SANDBOX_PUBLIC_CLIENT_ID },
    managedIdentity: {
      endpoint: identityEndpoint,
      header: identityHeader,
      msiEndpoint: identityEndpoint,
      msiSecret: identityHeader,
      imdsEndpoint: authority,
      userAssigned: { clientId: ids.USER_ASSIGNED_MI.clientId, objectId: ids.USER_ASSIGNED_MI.objectId, resourceId: ids.USER_ASSIGNED_MI.resourceId },
      systemAssigned: { clientId: ids.SYSTEM_ASSIGNED_MI.clientId, objectId: ids.SYSTEM_ASSIGNED_MI.objectId, resourceId: ids.SYSTEM_ASSIGNED_MI.resourceId },
    },
    apps: {
      contosoSync: { ...ids.SEEDED_APPS.contosoSync },
      broken: { ...ids.SEEDED_APPS.broken },
      federation: { ...ids.SEEDED_APPS.federation, identifierUri: ids.FEDERATION_APP_URI },
      reporting: { ...ids.SEEDED_APPS.reporting },
    },
    tokenFunction: { url: authority, key: ids.TOKEN_FUNCTION_KEY },
  };

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await tokenFunction.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    })());

  const control = {
    ...createControl(state),
    setTokenFunctionErrors: (mode: 'json' | 'bare-500') => tokenFunction.setErrorAnswers(mode),
    setTokenFunctionKeyRequired: (required: boolean) => tokenFunction.setKeyRequired(required),
  };
  const sandbox: RunningSandbox = { ...info, ca: material.caCert, port, control, close };
  return { sandbox, ready: seeded };
}

/** The JSON line `npm run sandbox` prints: the SandboxInfo fields of a running sandbox. */
export function sandboxInfo(s: RunningSandbox): SandboxInfo {
  const { authority, graph, caFile, tenants, admin, user, managedIdentity, apps, tokenFunction } = s;
  return { authority, graph, caFile, tenants, admin, user, managedIdentity, apps, tokenFunction };
}

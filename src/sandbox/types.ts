// The public shape of the sandbox tenant: what `npm run sandbox` prints and what
// `startSandbox()` returns. The extension, its tests and users' scripts code against these; change them with care.

export interface SandboxOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /**
   * Scale tests: Contoso holds this many app registrations in all, the seeded ones included
   * (generated "Generated App 00001"… fill the rest). Default: the seeded apps only.
   */
  apps?: number;
  /** Latency added to every request, in ms. */
  latencyMs?: number;
  /**
   * Where `ca.pem` is written; default a fresh temp dir. When the folder already holds a
   * sandbox's CA and keys (an earlier run with the same stateDir), they are reused, so a
   * restarted sandbox is trusted by the same CA and earlier tokens still verify.
   */
  stateDir?: string;
  /**
   * How long a client may stall before its connection is dropped (defaults: headers 10 s, body
   * 30 s, idle 120 s); tests of stalled clients make them short.
   */
  connectionLimits?: { headersMs?: number; bodyMs?: number; idleMs?: number };
  /**
   * The folder of the signing-key cache; default `{tmp}/mi-federation-sandbox-{uid}`. It must be
   * the user's own and closed to others (0700), its file the user's own and 0600, or it is
   * refused (said through onWarning) and new keys are made.
   */
  keyCacheDir?: string;
  /** Where the sandbox says it refused stored keys; default stderr. */
  onWarning?: (message: string) => void;
  /** Start the token function's child process (default true). */
  tokenFunction?: boolean;
  /**
   * Seconds a credential write takes to reach the token endpoint: a number (0 = at once) or a
   * `{ min, max }` range each write draws from uniformly. Default 20–60 s, as real tenants show.
   * Seeded credentials are in force from the start either way.
   */
  ficPropagationS?: number | { min: number; max: number };
}

/** Everything a client needs; printed as one JSON line by `npm run sandbox`. */
export interface SandboxInfo {
  /** Authority host, e.g. `https://127.0.0.1:8443`; tenants are path segments under it. */
  authority: string;
  /** Graph base, `{authority}/v1.0`. Tokens carry `aud: https://graph.microsoft.com`. */
  graph: string;
  /** PEM file of the CA that signed the server certificate. */
  caFile: string;
  tenants: { home: string; customer: string };
  admin: { tenantId: string; clientId: string; clientSecret: string };
  user: { tenantId: string; username: string; clientId: string };
  managedIdentity: {
    /** App Service protocol endpoint (IDENTITY_ENDPOINT). */
    endpoint: string;
    /** Value of the X-IDENTITY-HEADER header (IDENTITY_HEADER). */
    header: string;
    /** App Service 2017-09-01 protocol endpoint (MSI_ENDPOINT; the same URL, as on App Service). */
    msiEndpoint: string;
    /** Value of the `secret` header of the 2017-09-01 protocol (MSI_SECRET). */
    msiSecret: string;
    /** IMDS base (AZURE_POD_IDENTITY_AUTHORITY_HOST); the path is /metadata/identity/oauth2/token. */
    imdsEndpoint: string;
    userAssigned: { clientId: string; objectId: string; resourceId: string };
    systemAssigned: { clientId: string; objectId: string; resourceId: string };
  };
  apps: {
    contosoSync: { appId: string; objectId: string };
    broken: { appId: string; objectId: string };
    federation: { appId: string; objectId: string; identifierUri: string };
    reporting: { appId: string; objectId: string };
  };
  /** The token function app: endpoints are `{url}/api/GetManagedIdentityToken` etc. */
  tokenFunction: { url: string; key: string };
}

/**
 * throttle: 429 with Retry-After; unavailable: 503; reset: the connection drops before the
 * request is handled; lostResponse: the request is carried out, then the connection drops
 * before the answer (a timeout whose outcome is unknown to the client).
 */
export type FaultKind = 'throttle' | 'unavailable' | 'reset' | 'lostResponse';

export interface FaultSettings {
  /** Share of requests answered 429 with Retry-After (0..1). */
  throttleRate?: number;
  /** Share of requests answered 503 (0..1). */
  unavailableRate?: number;
  /** Share of requests whose connection is destroyed without an answer (0..1). */
  resetRate?: number;
  /** Share of requests carried out whose answer is then lost with the connection (0..1). */
  lostResponseRate?: number;
  /** Retry-After value in seconds on 429 and 503 (default 1; 0 allowed). */
  retryAfterSeconds?: number;
  /** Only requests whose path (without query) matches; a string is a substring. */
  path?: string | RegExp;
  /** Also fault the sub-requests of a Graph `$batch` (as Graph does: status inside a 200). */
  batchItems?: boolean;
  /**
   * Draw the rates from a seeded sequence instead of Math.random, so a test run injects the
   * same faults every time (a rate over a dozen requests can otherwise draw none at all).
   */
  seed?: number;
}

export interface LoggedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1.0/applications`. */
  path: string;
  /** Path with the query string as received. */
  url: string;
  status: number;
  /** Tenant the request acted in, when known (token endpoint tenant, Graph token's tid). */
  tenant?: string;
  /** True for a sub-request of a Graph `$batch`. */
  batch?: boolean;
  /** The fault injected, if any. */
  fault?: FaultKind;
  /** Sandbox clock time when answered (ms since epoch). */
  time: number;
}

export interface SandboxClock {
  now(): number;
  set(date: Date | number): void;
  advance(ms: number): void;
  /** Back to the real time. */
  reset(): void;
}

export type GraphDenial = 'read' | 'write' | false;
export type DeviceCodeApproval = 'auto' | 'manual' | 'decline';

export interface SandboxControl {
  setLatency(ms: number): void;
  /** Replaces the rate-based faults (an empty object turns them off). */
  setFaults(faults: FaultSettings): void;
  clearFaults(): void;
  /** The next `count` requests (matching `path`) get the fault, then normal service resumes. */
  failNext(count: number, kind: FaultKind, path?: string | RegExp, retryAfterSeconds?: number): void;
  clock: SandboxClock;
  requests(): LoggedRequest[];
  clearRequests(): void;
  /** Graph answers 403 Authorization_RequestDenied in that tenant: to reads and writes, to writes only, or not. */
  denyGraph(tenantId: string, denial: GraphDenial): void;
  /** 'auto' (default) approves the seeded user's device code on the second poll. */
  setDeviceCodeApproval(mode: DeviceCodeApproval): void;
  /** Approves pending device codes (all, or the one with this user code). Returns how many. */
  approveDeviceCode(userCode?: string): number;
  /**
   * Every later credential write takes exactly this long (sandbox clock) to reach the token
   * endpoint; until then the exchange fails as Entra's does (AADSTS70021 / 700211–700213) or
   * matches the version before an edit. 0 = at once. The default is a 20–60 s range.
   */
  setFicPropagationDelay(ms: number): void;
  /** Every later credential write draws its propagation delay uniformly from this range (ms). */
  setFicPropagation(range: { minMs: number; maxMs: number }): void;
  /**
   * For this long (sandbox clock) after its creation, a GET of a credential by id or name
   * answers 404 Request_ResourceNotFound, as Graph's replicas can. 0 (the default) = off.
   */
  setReadAfterWrite404(ms: number): void;
  /** `$batch` answers come back shuffled ('shuffled', the default, as Graph may) or in request order. */
  setBatchOrder(order: 'shuffled' | 'ordered'): void;
  /**
   * Form of `aud` in v2 tokens: the resource's app id ('guid', the default, as Entra issues
   * them: fb60f99c-… for api://AzureADTokenExchange) or the URI asked for ('uri', the sandbox's
   * older behaviour). FIC matching accepts both either way.
   */
  setAssertionAudienceForm(form: 'uri' | 'guid'): void;
  /**
   * How the token function answers a failed token request: 'json' (default), the token
   * function project's JSON error with Entra's `error` and `error_codes`, or 'bare-500', a
   * 500 with no body like the original proof of concept's C# function.
   */
  setTokenFunctionErrors(mode: 'json' | 'bare-500'): void;
  /**
   * false: the token function answers without its function key (endpoints deployed with
   * authorization level Anonymous); true (default): a missing or wrong key is 401.
   */
  setTokenFunctionKeyRequired(required: boolean): void;
}

export interface RunningSandbox extends SandboxInfo {
  /** The CA certificate PEM (also in caFile). */
  ca: string;
  port: number;
  control: SandboxControl;
  close(): Promise<void>;
}

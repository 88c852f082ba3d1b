// The sandbox's run-time state shared by every handler: the directory, the clock, the
// settings the test controls change, and the pending device codes.
import type { Directory, User } from './directory';
import type { DeviceCodeApproval, FaultSettings, FaultKind, GraphDenial, LoggedRequest, SandboxClock } from './types';

export interface PendingFault {
  remaining: number;
  kind: FaultKind;
  path?: string | RegExp;
  retryAfterSeconds: number;
}

export interface DeviceCodeGrant {
  deviceCode: string;
  userCode: string;
  clientId: string;
  /** Tenant path segment of the request (a GUID, a domain, `common` or `organizations`). */
  tenantSegment: string;
  scopes: string[];
  expiresAt: number;
  polls: number;
  status: 'pending' | 'approved' | 'declined' | 'redeemed';
  user?: User;
}

export interface Settings {
  latencyMs: number;
  faults: FaultSettings;
  failQueue: PendingFault[];
  graphDenials: Map<string, Exclude<GraphDenial, false>>;
  deviceCodeApproval: DeviceCodeApproval;
  ficPropagationDelayMs: number;
  assertionAudienceForm: 'uri' | 'guid';
}

export interface SandboxState {
  /** `https://127.0.0.1:{port}` */
  authority: string;
  /** `{authority}/v1.0` */
  graphBase: string;
  dir: Directory;
  clock: SandboxClock;
  settings: Settings;
  deviceCodes: Map<string, DeviceCodeGrant>;
  /** Secret expected in X-IDENTITY-HEADER on the App Service MI endpoint. */
  identityHeader: string;
  log: LoggedRequest[];
}

export function defaultSettings(latencyMs = 0): Settings {
  return {
    latencyMs,
    faults: {},
    failQueue: [],
    graphDenials: new Map(),
    deviceCodeApproval: 'auto',
    ficPropagationDelayMs: 0,
    assertionAudienceForm: 'guid',
  };
}

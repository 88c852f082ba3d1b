// The sandbox's run-time state shared by every handler: the directory, the clock, the
// settings the test controls change, and the pending device codes.
import type { Directory, FederatedCredential, User } from './directory';
import { DEFAULT_FIC_PROPAGATION, type PropagationRange } from './graph/propagation';
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
  /** Each credential write takes effect after a delay drawn from this range (default 20–60 s). */
  ficPropagation: PropagationRange;
  /** For this long after its creation a credential answers 404 to a GET (0: off, the default). */
  readAfterWrite404Ms: number;
  /** `$batch` answers in a shuffled order (default, as Graph may) or in request order. */
  batchOrder: 'shuffled' | 'ordered';
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
  /** The seeded draws of rate faults (`setFaults({ seed })`); Math.random when unset. */
  faultRandom?: () => number;
  /** When each credential was created through Graph (seeded ones are absent): read-after-write 404. */
  ficCreatedAt: WeakMap<FederatedCredential, number>;
}

export function defaultSettings(latencyMs = 0, ficPropagation: PropagationRange = DEFAULT_FIC_PROPAGATION): Settings {
  return {
    latencyMs,
    faults: {},
    failQueue: [],
    graphDenials: new Map(),
    deviceCodeApproval: 'auto',
    ficPropagation: { ...ficPropagation },
    readAfterWrite404Ms: 0,
    batchOrder: 'shuffled',
    assertionAudienceForm: 'guid',
  };
}

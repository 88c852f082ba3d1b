// The messages between the token inspector's host side (src/views/inspector) and its webview
// (src/webview). Both sides switch on `type` exhaustively, so adding a message is a compile
// error until both handle it. Nothing here ever carries a raw token: the host keeps tokens and
// the webview refers to them by id. Everything in InspectorState may be persisted by the
// webview (getState/setState) and handed back after a window reload.
//
// The shapes here are the wire contract and name nothing of src/core: the webview bundle and
// the host agree on these, and the host's own types (the doctor's Finding, the claims'
// TokenKind) must stay assignable to them, which the compiler checks where the host builds them.

/** Which kind of token a card shows. */
export type TokenKindView = 'managedIdentity' | 'app' | 'user' | 'unknown';

/** One finding of the federation doctor, as the webview lists it. */
export interface FindingView {
  /** The doctor's code (e.g. `subject-mismatch`), kept on the list item for tests and styling. */
  code: string;
  severity: 'error' | 'warning' | 'info';
  /** Name of the credential the finding is about. */
  credential?: string;
  field?: 'issuer' | 'subject' | 'audience';
  message: string;
}

/** The webview type registered with VS Code (also the serializer's key). */
export const INSPECTOR_VIEW_TYPE = 'miFederation.tokenInspector';

export interface ClaimRow {
  name: string;
  /** The value as text: always rendered with textContent, never as markup. */
  display: string;
  meaning: string;
  known: boolean;
  /** For NumericDate claims (iat, nbf, exp, ...): the instant, formatted by the webview in its locale. */
  epochMs?: number;
}

export type SignatureStatus =
  | { state: 'pending' }
  /** `label` is set when the keys are not an Entra authority's: the webview shows it instead of plain "verified". */
  | { state: 'verified'; keyId?: string; jwksUri: string; label?: string }
  | { state: 'invalid'; reason: string }
  | { state: 'unverified'; reason: string }
  | { state: 'unsigned' };

export interface TokenView {
  /** Host-side handle of the raw token (for Copy); never the token itself. */
  id: string;
  kind: TokenKindView;
  /** "Managed identity token", "App token", ... */
  label: string;
  /** Where it came from: "GetManagedIdentityToken", "local exchange", "pasted". */
  source: string;
  /** A warning about where it came from (a token function that answers without its key). */
  warning?: string;
  tenantId?: string;
  appId?: string;
  objectId?: string;
  audience?: string;
  displayName?: string;
  expiresAtMs?: number;
  header: ClaimRow[];
  payload: ClaimRow[];
  signature: SignatureStatus;
  /** False after a window reload: the host no longer holds the raw token, so Copy is disabled. */
  rawAvailable: boolean;
}

export interface DiagnosisView {
  /** The app the managed identity token was checked against. */
  app: { displayName?: string; appId: string };
  /** Id of the token that was diagnosed. */
  tokenId: string;
  matched?: string;
  findings: FindingView[];
  credentialCount: number;
}

/** A failed step of the flow, explained (an AADSTS code, a token function failure). */
export interface FlowErrorView {
  title: string;
  explanation: string;
  action: string;
  /** AADSTS number, when Entra gave one. */
  code?: number;
  findings: FindingView[];
}

export interface InspectorState {
  /** Bumped on every update; `rendered` echoes it so the host knows what is on screen. */
  version: number;
  title: string;
  /** The chain of one flow, in order: managed identity token → app token. */
  tokens: TokenView[];
  diagnosis?: DiagnosisView;
  error?: FlowErrorView;
  /** A decode error for pasted input (nothing else to show). */
  decodeError?: string;
}

export type HostToWebview =
  | { type: 'show'; state: InspectorState }
  | { type: 'signature'; version: number; tokenId: string; status: SignatureStatus }
  | { type: 'copied'; what: string };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'rendered'; version: number; tokenCount: number }
  | { type: 'copyToken'; tokenId: string }
  | { type: 'copyValue'; label: string; value: string };

/** Exhaustiveness guard for `switch (message.type)` on either side. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(value)}`);
}

/** Shape check of an incoming message (the other side is trusted code, but state is replayed). */
export function isWebviewToHost(value: unknown): value is WebviewToHost {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return true;
    case 'rendered':
      return typeof m.version === 'number' && typeof m.tokenCount === 'number';
    case 'copyToken':
      return typeof m.tokenId === 'string';
    case 'copyValue':
      return typeof m.label === 'string' && typeof m.value === 'string';
    default:
      return false;
  }
}

// The messages between the token inspector's host side (src/views/inspector) and its webview
// (src/webview). Both sides switch on `type` exhaustively, so adding a message is a compile
// error until both handle it. Nothing here ever carries a raw token: the host keeps tokens and
// the webview refers to them by id. Everything in InspectorState may be persisted by the
// webview (getState/setState) and handed back after a window reload.

import type { Finding } from '../core/doctor';
import type { TokenKind } from '../core/claims';

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
  kind: TokenKind;
  /** "Managed identity token", "App token", ... */
  label: string;
  /** Where it came from: "GetManagedIdentityToken", "local exchange", "pasted". */
  source: string;
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
  findings: Finding[];
  credentialCount: number;
}

/** A failed step of the flow, explained (an AADSTS code, a token function failure). */
export interface FlowErrorView {
  title: string;
  explanation: string;
  action: string;
  /** AADSTS number, when Entra gave one. */
  code?: number;
  findings: Finding[];
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
  /** `renderMs`: time the webview spent building the DOM for this state. */
  | { type: 'rendered'; version: number; tokenCount: number; renderMs?: number }
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

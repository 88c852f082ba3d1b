// Turns the tokens of one flow (raw JWTs the host keeps) into the inspector's view state, which
// holds decoded claims and explanations but never a raw token. Pure: no vscode, no network.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { explainClaims, summarizeToken, type ClaimExplanation } from '../../core/claims';
import { diagnose, explainTokenError, type Diagnosis } from '../../core/doctor';
import type { TokenError } from '../../core/errors';
import { decodeJwt, type DecodedJwt } from '../../core/jwt';
import type { ClaimRow, DiagnosisView, FlowErrorView, InspectorState, TokenView } from '../../shared/protocol';

export interface FlowToken {
  raw: string;
  /** Where it came from, shown under the token: "GetManagedIdentityToken", "local exchange". */
  source: string;
  /** Shown under the source: the token function hands tokens to anyone (exposure.ts). */
  warning?: string;
}

export interface FlowApp {
  appId: string;
  displayName?: string;
  credentials: readonly FederatedIdentityCredential[];
}

/** What a command hands the inspector: the chain of one flow and what it knows around it. */
export interface InspectorFlow {
  title: string;
  tokens: FlowToken[];
  /** The app in context: the managed identity token is diagnosed against its credentials. */
  app?: FlowApp;
  managedIdentities?: ReadonlyArray<{ id: string; appId: string; displayName?: string }>;
  knownAuthorities?: readonly string[];
  /** A step of the flow that failed, already explained. */
  error?: FlowErrorView;
  /** Pasted input that is not a token: shown instead of a chain. */
  decodeError?: string;
  /** The doctor's verdict, when the caller already computed it (not computed a second time). */
  diagnosis?: Diagnosis;
}

export interface BuiltState {
  state: InspectorState;
  /** tokenId → raw token, for the host to keep (Copy) and verify. */
  raw: Map<string, { raw: string; jwt: DecodedJwt }>;
  diagnosis?: Diagnosis;
}

export function buildInspectorState(flow: InspectorFlow, version: number, now: Date = new Date()): BuiltState {
  const raw = new Map<string, { raw: string; jwt: DecodedJwt }>();
  const tokens: TokenView[] = [];
  flow.tokens.forEach((t, index) => {
    const jwt = decodeJwt(t.raw);
    const id = `t${version}-${index}`;
    raw.set(id, { raw: jwt.raw, jwt });
    tokens.push({ ...tokenView(id, jwt, t.source, flow, now), ...(t.warning ? { warning: t.warning } : {}) });
  });
  const state: InspectorState = { version, title: flow.title, tokens };
  if (flow.error) state.error = flow.error;
  if (flow.decodeError) state.decodeError = flow.decodeError;

  // The diagnosis sits beside the managed identity's token (the first one, else the first token).
  let diagnosis: Diagnosis | undefined;
  const subject = tokens.find((t) => t.kind === 'managedIdentity') ?? tokens[0];
  if (flow.app && subject) {
    const jwt = raw.get(subject.id)!.jwt;
    diagnosis = flow.diagnosis ?? diagnose({
      assertion: jwt.raw,
      credentials: flow.app.credentials,
      ...(flow.managedIdentities ? { managedIdentities: flow.managedIdentities } : {}),
      ...(flow.knownAuthorities ? { knownAuthorities: flow.knownAuthorities } : {}),
      now,
    });
    state.diagnosis = diagnosisView(flow.app, subject.id, diagnosis);
  }
  return { state, raw, ...(diagnosis ? { diagnosis } : {}) };
}

export function diagnosisView(app: FlowApp, tokenId: string, diagnosis: Diagnosis): DiagnosisView {
  return {
    app: { appId: app.appId, ...(app.displayName ? { displayName: app.displayName } : {}) },
    tokenId,
    ...(diagnosis.matched ? { matched: diagnosis.matched } : {}),
    findings: diagnosis.findings,
    credentialCount: app.credentials.length,
  };
}

/** An AADSTS error from an exchange, explained with the doctor's findings when it has some. */
export function tokenErrorView(error: TokenError, diagnosis?: Diagnosis): FlowErrorView {
  const explained = explainTokenError(error, diagnosis);
  return {
    title: explained.code !== undefined ? `AADSTS${explained.code}: ${explained.title}` : explained.title,
    explanation: explained.explanation,
    action: explained.action,
    ...(explained.code !== undefined ? { code: explained.code } : {}),
    findings: explained.findings,
  };
}

function tokenView(id: string, jwt: DecodedJwt, source: string, flow: InspectorFlow, now: Date): TokenView {
  const summary = summarizeToken(jwt.payload, {
    ...(flow.managedIdentities ? { managedIdentities: flow.managedIdentities } : {}),
    ...(flow.knownAuthorities ? { knownAuthorities: flow.knownAuthorities } : {}),
  });
  const claims = explainClaims(jwt, { now });
  const view: TokenView = {
    id,
    kind: summary.kind,
    label: summary.label,
    source,
    header: claims.filter((c) => c.location === 'header').map(claimRow),
    payload: claims.filter((c) => c.location === 'payload').map(claimRow),
    signature: jwt.unsigned ? { state: 'unsigned' } : { state: 'pending' },
    rawAvailable: true,
  };
  if (summary.tenantId) view.tenantId = summary.tenantId;
  if (summary.appId) view.appId = summary.appId;
  if (summary.objectId) view.objectId = summary.objectId;
  if (summary.audience) view.audience = summary.audience;
  if (summary.displayName) view.displayName = summary.displayName;
  if (summary.expiresAt && !Number.isNaN(summary.expiresAt.getTime())) view.expiresAtMs = summary.expiresAt.getTime();
  return view;
}

function claimRow(c: ClaimExplanation): ClaimRow {
  const row: ClaimRow = { name: c.name, display: c.display, meaning: c.meaning, known: c.known };
  if (c.time && !Number.isNaN(c.time.date.getTime())) row.epochMs = c.time.date.getTime();
  return row;
}

// Renders the inspector's state: the chain of tokens (managed identity → app), the doctor's
// findings beside the managed identity's token, a failed step explained, and every claim with
// its meaning. Pure DOM building through dom.ts; all data is text.
import { formatRelative } from '../core/claims';
import type { ClaimRow, DiagnosisView, FindingView, FlowErrorView, InspectorState, SignatureStatus, TokenView } from '../shared/protocol';
import { clear, h, icon } from './dom';
import { findingsBelowAction } from './findingsBelowAction';

export interface RenderActions {
  copyToken(tokenId: string): void;
  copyValue(label: string, value: string): void;
}

export function renderState(root: HTMLElement, state: InspectorState, actions: RenderActions, now: Date = new Date()): void {
  clear(root);
  root.appendChild(h('h1', { class: 'title' }, state.title || 'Token Inspector'));
  if (state.decodeError) root.appendChild(callout('error', 'Not a token', state.decodeError));
  if (state.error) root.appendChild(flowError(state.error));
  if (state.tokens.length === 0) {
    if (!state.decodeError && !state.error) root.appendChild(h('p', { class: 'placeholder' }, 'No token to show.'));
    return;
  }
  root.appendChild(chain(state, actions, now));
  for (const [index, token] of state.tokens.entries()) root.appendChild(claimsSection(token, index === 0, actions, now));
}

function chain(state: InspectorState, actions: RenderActions, now: Date): HTMLElement {
  const list = h('ol', { class: 'chain', attrs: { 'aria-label': 'Tokens of this flow, in order' } });
  state.tokens.forEach((token, index) => {
    if (index > 0) list.appendChild(h('li', { class: 'chain-arrow', attrs: { 'aria-hidden': 'true' } }, icon('arrow-right'), h('span', {}, 'client assertion')));
    const diagnosis = state.diagnosis?.tokenId === token.id ? state.diagnosis : undefined;
    list.appendChild(h('li', { class: 'chain-link' }, tokenCard(token, actions, now), diagnosis ? diagnosisBox(diagnosis) : undefined));
  });
  return h('section', { class: 'chain-section', attrs: { 'aria-label': 'Token chain' } }, list);
}

function tokenCard(token: TokenView, actions: RenderActions, now: Date): HTMLElement {
  const facts = h('dl', { class: 'facts' });
  const fact = (label: string, value: string | undefined) => {
    if (value) facts.append(h('dt', {}, label), h('dd', { class: 'mono' }, value));
  };
  fact('Tenant', token.tenantId);
  fact(token.kind === 'managedIdentity' ? 'Identity' : 'App (client id)', token.kind === 'managedIdentity' ? (token.displayName ?? token.objectId) : token.appId);
  if (token.kind === 'managedIdentity') fact('Object id (sub)', token.objectId);
  fact('Audience', token.audience);
  const copy = h('vscode-button', {
    class: 'copy-token',
    props: { icon: 'copy', secondary: true, disabled: !token.rawAvailable },
    attrs: { title: token.rawAvailable ? 'Copy the raw token to the clipboard' : 'The raw token is not kept across a window reload' },
    on: { click: () => token.rawAvailable && actions.copyToken(token.id) },
  }, 'Copy token');
  return h(
    'article',
    { class: `token-card kind-${token.kind}`, attrs: { 'data-token-id': token.id } },
    h('header', {}, h('h2', {}, token.label), h('span', { class: 'source' }, token.source)),
    ...(token.warning ? [h('p', { class: 'source-warning', attrs: { role: 'alert' } }, `⚠ ${token.warning}`)] : []),
    facts,
    h('p', { class: 'expiry' }, expiryText(token.expiresAtMs, now)),
    signatureLine(token.signature),
    copy,
  );
}

function expiryText(expiresAtMs: number | undefined, now: Date): string {
  if (expiresAtMs === undefined) return 'No expiry (exp) claim.';
  const date = new Date(expiresAtMs);
  const relative = expiresAtMs > now.getTime() ? `Expires ${formatRelative(date, now)}` : `Expired ${formatRelative(date, now)}`;
  return `${relative} (${date.toLocaleString()})`;
}

export function signatureLine(status: SignatureStatus): HTMLElement {
  switch (status.state) {
    case 'pending':
      return h('p', { class: 'signature pending' }, icon('loading'), ' Checking the signature…');
    case 'verified':
      return h('p', { class: 'signature verified', attrs: { title: status.jwksUri } }, icon('verified'), ` ${status.label ?? `Signature verified with the issuer's key${status.keyId ? ` ${status.keyId}` : ''}.`}`);
    case 'invalid':
      return h('p', { class: 'signature invalid' }, icon('error'), ` ${status.reason}`);
    case 'unverified':
      return h('p', { class: 'signature unverified' }, icon('question'), ` ${status.reason}`);
    case 'unsigned':
      return h('p', { class: 'signature invalid' }, icon('warning'), ' Unsigned token (alg none): nothing vouches for these claims.');
  }
}

function diagnosisBox(d: DiagnosisView): HTMLElement {
  const app = d.app.displayName ? `${d.app.displayName} (${d.app.appId})` : d.app.appId;
  const verdict = d.matched
    ? h('p', { class: 'verdict ok' }, icon('pass'), ` Entra accepts this token for ${app}: credential "${d.matched}" matches.`)
    : h('p', { class: 'verdict bad' }, icon('error'), ` Entra would refuse this token for ${app} (${d.credentialCount} federated credential${d.credentialCount === 1 ? '' : 's'} checked).`);
  return h('aside', { class: 'diagnosis', attrs: { 'aria-label': 'Federation doctor' } }, h('h3', {}, 'Federation doctor'), verdict, findingsList(d.findings.filter((f) => f.code !== 'matched')));
}

function flowError(e: FlowErrorView): HTMLElement {
  const box = callout('error', e.title, e.explanation);
  box.appendChild(h('p', { class: 'action' }, h('strong', {}, 'What to do: '), e.action));
  const findings = findingsList(findingsBelowAction(e));
  if (findings) box.appendChild(findings);
  return box;
}

function findingsList(findings: FindingView[]): HTMLElement | undefined {
  if (findings.length === 0) return undefined;
  return h(
    'ul',
    { class: 'findings' },
    ...findings.map((f) =>
      h('li', { class: `finding ${f.severity}`, attrs: { 'data-code': f.code } }, icon(f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'info'), ' ', h('span', {}, f.message)),
    ),
  );
}

function callout(kind: 'error' | 'warning', title: string, text: string): HTMLElement {
  return h('section', { class: `callout ${kind}`, attrs: { role: 'alert' } }, h('h2', {}, icon(kind), ` ${title}`), h('p', {}, text));
}

function claimsSection(token: TokenView, open: boolean, actions: RenderActions, now: Date): HTMLElement {
  return h(
    'vscode-collapsible',
    { class: 'claims', props: { heading: `${token.label}: claims`, description: token.source, open } },
    claimsTable('Header', token.header, actions, now),
    claimsTable('Payload', token.payload, actions, now),
  );
}

function claimsTable(caption: string, rows: ClaimRow[], actions: RenderActions, now: Date): HTMLElement {
  const body = h('tbody');
  for (const row of rows) {
    const value = h('td', { class: 'value mono' }, row.display);
    if (row.epochMs !== undefined) {
      const date = new Date(row.epochMs);
      value.append(h('div', { class: 'time' }, `${date.toLocaleString()} · ${row.name === 'exp' ? expiryText(row.epochMs, now) : formatRelative(date, now)}`));
    }
    body.appendChild(
      h(
        'tr',
        { attrs: { 'data-claim': row.name } },
        h('th', { attrs: { scope: 'row' }, class: 'mono' }, row.name),
        value,
        h('td', { class: row.known ? 'meaning' : 'meaning unknown' }, row.meaning),
        // A plain button per row: one web component per row would dominate the render time.
        h('td', { class: 'row-actions' }, h('button', { class: 'icon-button', attrs: { type: 'button', title: `Copy ${row.name}`, 'aria-label': `Copy ${row.name}` }, on: { click: () => actions.copyValue(row.name, row.display) } }, icon('copy'))),
      ),
    );
  }
  return h(
    'table',
    { class: 'claims-table' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { attrs: { scope: 'col' } }, 'Claim'), h('th', { attrs: { scope: 'col' } }, 'Value'), h('th', { attrs: { scope: 'col' } }, 'Meaning'), h('td'))),
    body,
  );
}

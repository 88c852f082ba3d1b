// Renders the Federation Report: a header with Refresh and Export, what a partial report lacks,
// the summary counts, then one sortable, filterable table per category with each row's actions.
// Pure DOM building through ../dom.ts: every value from the report is text, never markup.
import type { FederationReport, ReportCategory, ReportSummary } from '../../core/federationReportTypes';
import { columnsOf, rowsOf, visibleRows, type AnyRow, type ReportViewState, type TableView } from '../../core/reportColumns';
import { CATEGORY_TITLES } from '../../core/reportExport';
import { reportCategories, type ExportFormat, type RowAction } from '../../shared/reportProtocol';
import { clear, h, icon } from '../dom';

export interface ReportActions {
  refresh(): void;
  exportAs(format: ExportFormat): void;
  row(action: RowAction, category: ReportCategory, rowId: string): void;
  /** The user filtered or sorted a table: the view is persisted with the state. */
  viewChanged(category: ReportCategory, view: TableView): void;
}

export type TableViews = Partial<Record<ReportCategory, TableView>>;

const summaryTiles: Array<{ key: keyof ReportSummary; label: string; alarm?: boolean }> = [
  { key: 'apps', label: 'Apps' },
  { key: 'credentials', label: 'Federated credentials' },
  { key: 'identities', label: 'Managed identities' },
  { key: 'neverWorks', label: 'Can never work', alarm: true },
  { key: 'trustedIdentities', label: 'Identities trusted' },
  { key: 'identitiesTrustedByMany', label: 'Trusted by many apps', alarm: true },
  { key: 'nearLimit', label: 'Near the credential limit', alarm: true },
  { key: 'appsWithSecrets', label: 'Apps with secrets' },
  { key: 'expired', label: 'Expired secrets', alarm: true },
  { key: 'expiringSoon', label: 'Expiring within 30 days', alarm: true },
  { key: 'candidates', label: 'Go-secretless candidates' },
];

const emptyText: Record<ReportCategory, string> = {
  neverWorks: 'Every federated credential can work.',
  trust: 'No app trusts a managed identity of this tenant.',
  budget: 'No app is near the limit of 20 federated credentials.',
  secrets: 'No app has client secrets or certificates.',
};

export function renderReport(root: HTMLElement, state: ReportViewState, views: TableViews, actions: ReportActions): void {
  clear(root);
  const { report } = state;
  root.appendChild(header(state, actions));
  if (report.gaps.length > 0) root.appendChild(gapsCallout(report));
  root.appendChild(summary(report.summary));
  for (const category of reportCategories) root.appendChild(categorySection(state, category, views[category] ?? { filter: '' }, actions));
}

function header(state: ReportViewState, actions: ReportActions): HTMLElement {
  const { report } = state;
  const generated = new Date(report.generatedAt);
  const when = Number.isNaN(generated.getTime()) ? report.generatedAt : generated.toLocaleString();
  const button = (label: string, iconName: string, onClick: () => void, secondary = true) =>
    h('vscode-button', { props: { icon: iconName, secondary, disabled: state.busy !== undefined }, on: { click: onClick } }, label);
  return h(
    'header',
    { class: 'report-header' },
    h('div', {}, h('h1', { class: 'title' }, `Federation Report: ${report.tenantName ?? report.tenantId}`), h('p', { class: 'subtitle' }, `Tenant ${report.tenantId} · made ${when}`)),
    h(
      'div',
      { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Report actions' } },
      button('Refresh', 'refresh', () => actions.refresh(), false),
      button('Export Markdown', 'markdown', () => actions.exportAs('markdown')),
      button('Export CSV', 'table', () => actions.exportAs('csv')),
      button('Export JSON', 'json', () => actions.exportAs('json')),
    ),
    state.busy ? h('p', { class: 'busy', attrs: { role: 'status' } }, icon('loading codicon-modifier-spin'), ` ${state.busy}`) : undefined,
  );
}

function gapsCallout(report: FederationReport): HTMLElement {
  return h(
    'section',
    { class: 'callout warning partial', attrs: { role: 'alert' } },
    h('h2', {}, icon('warning'), ' This report is partial'),
    h('ul', {}, ...report.gaps.map((gap) => h('li', { attrs: { 'data-part': gap.part } }, gap.message))),
    h('p', {}, 'Rows below come from what was read; Refresh to run the report again.'),
  );
}

function summary(counts: ReportSummary): HTMLElement {
  const tiles = summaryTiles.map(({ key, label, alarm }) => {
    const value = counts[key];
    return h('div', { class: `tile${alarm && value > 0 ? ' alarm' : ''}`, attrs: { 'data-count': key } }, h('span', { class: 'count' }, String(value)), h('span', { class: 'label' }, label));
  });
  return h('section', { class: 'summary', attrs: { 'aria-label': 'Summary' } }, ...tiles);
}

function categorySection(state: ReportViewState, category: ReportCategory, view: TableView, actions: ReportActions): HTMLElement {
  const rows = rowsOf(state.report, category) as readonly AnyRow[];
  const badge = h('vscode-badge', { attrs: { slot: 'decorations' }, props: { variant: 'counter' } }, String(rows.length));
  const section = h('vscode-collapsible', { class: 'category', attrs: { 'data-category': category }, props: { heading: CATEGORY_TITLES[category], open: true } }, badge);
  if (rows.length === 0) {
    section.appendChild(h('p', { class: 'placeholder empty' }, emptyText[category]));
    return section;
  }
  const body = h('tbody');
  const table = h('table', { class: 'report-table', attrs: { 'data-category': category } }, h('caption', { class: 'visually-hidden' }, CATEGORY_TITLES[category]));
  const current: TableView = { ...view };
  const redraw = () => {
    fillBody(body, state, category, current, actions);
    drawHead();
    actions.viewChanged(category, { ...current });
  };
  const head = h('thead');
  const drawHead = () => {
    clear(head);
    const cells = columnsOf(category).filter((c) => !c.detail).map((column) => {
      const sorted = current.sortKey === column.key;
      const sortButton = h(
        'button',
        { class: 'sort', attrs: { type: 'button', title: `Sort by ${column.title}` }, on: { click: () => ((current.descending = sorted ? !current.descending : false), (current.sortKey = column.key), redraw()) } },
        column.title,
        sorted ? icon(current.descending ? 'arrow-down' : 'arrow-up') : undefined,
      );
      return h('th', { class: column.numeric ? 'numeric' : undefined, attrs: { scope: 'col', 'data-key': column.key, 'aria-sort': sorted ? (current.descending ? 'descending' : 'ascending') : 'none' } }, sortButton);
    });
    head.appendChild(h('tr', {}, ...cells, h('th', { class: 'actions-col', attrs: { scope: 'col' } }, h('span', { class: 'visually-hidden' }, 'Actions'))));
  };
  drawHead();
  fillBody(body, state, category, current, actions);
  table.append(head, body);
  const filter = h('vscode-textfield', {
    class: 'filter',
    attrs: { placeholder: 'Filter rows…', 'aria-label': `Filter ${CATEGORY_TITLES[category]}`, 'data-category': category },
    props: { value: current.filter },
    on: { input: (event) => ((current.filter = (event.target as HTMLInputElement).value ?? ''), redraw()) },
  }, icon('filter'));
  filter.firstElementChild?.setAttribute('slot', 'content-before');
  section.append(filter, h('div', { class: 'table-scroll' }, table));
  return section;
}

function fillBody(body: HTMLElement, state: ReportViewState, category: ReportCategory, view: TableView, actions: ReportActions): void {
  clear(body);
  const rows = visibleRows(category, rowsOf(state.report, category), view) as AnyRow[];
  const all = columnsOf(category) as ReadonlyArray<{ key: string; title: string; value(row: AnyRow): string | number; mono?: boolean; numeric?: boolean; detail?: boolean }>;
  const columns = all.filter((c) => !c.detail);
  const details = all.filter((c) => c.detail);
  const span = String(columns.length + 1);
  if (rows.length === 0) {
    body.appendChild(h('tr', { class: 'no-match' }, h('td', { attrs: { colspan: span } }, 'No row matches the filter.')));
    return;
  }
  for (const row of rows) {
    const cells = columns.map((c) => h('td', { class: [c.mono ? 'mono' : '', c.numeric ? 'numeric' : ''].filter(Boolean).join(' ') || undefined, attrs: { 'data-key': c.key } }, String(c.value(row))));
    const lines = details.map((c) => [c, String(c.value(row))] as const).filter(([, text]) => text !== '');
    const rowClassName = [rowClass(category, row), lines.length > 0 ? 'has-detail' : ''].filter(Boolean).join(' ') || undefined;
    body.appendChild(h('tr', { class: rowClassName, attrs: { 'data-row-id': row.rowId } }, ...cells, h('td', { class: 'row-actions' }, ...rowButtons(state, category, row, actions))));
    if (lines.length === 0) continue;
    const detail = h('td', { attrs: { colspan: span } }, ...lines.map(([c, text]) => h('p', { attrs: { 'data-key': c.key } }, h('span', { class: 'detail-label' }, `${c.title}: `), text)));
    body.appendChild(h('tr', { class: 'detail', attrs: { 'data-detail-of': row.rowId } }, detail));
  }
}

function rowClass(category: ReportCategory, row: AnyRow): string | undefined {
  if (category === 'trust' && 'many' in row && row.many) return 'flag';
  if (category === 'secrets' && 'candidate' in row && row.candidate) return 'candidate';
  return undefined;
}

function rowButtons(state: ReportViewState, category: ReportCategory, row: AnyRow, actions: ReportActions): HTMLElement[] {
  const disabled = state.busy !== undefined;
  // Reveal and Copy are icons (named for screen readers); the actions that change something say so in words.
  const button = (action: RowAction, iconName: string, label: string | undefined, title: string) =>
    h(
      'vscode-button',
      { class: `row-${action}`, props: { icon: iconName, secondary: true, disabled }, attrs: { title, 'aria-label': label ? undefined : title, 'data-action': action }, on: { click: () => actions.row(action, category, row.rowId) } },
      label,
    );
  const buttons = [button('reveal', 'go-to-file', undefined, 'Reveal in the tree')];
  if ('fix' in row && row.fix) buttons.push(button('fix', row.fix.action === 'delete' ? 'trash' : 'lightbulb-autofix', 'Fix…', row.fix.summary));
  if (category === 'secrets' && state.goSecretless) buttons.push(button('goSecretless', 'shield', 'Go Secretless…', 'Replace the secrets with a managed identity'));
  buttons.push(button('copy', 'copy', undefined, 'Copy the row as text'));
  return buttons;
}

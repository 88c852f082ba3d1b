// OData query options of Graph list requests: $top, $skiptoken, $select, $filter, $search,
// $count, $expand and $orderby, validated the way Graph validates them on directory objects,
// and the paging that goes with them (default page 100, max 999, $expand pages capped at 100).
import { parseQuery } from '../http';
import { checkFilter, evaluate, parseFilter, type FilterNode, type FilterSpec } from './filter';
import { badRequest, unsupportedQuery, type GraphCtx } from './types';

export interface ODataQuery {
  top?: number;
  skiptoken?: string;
  select?: string[];
  filter?: FilterNode;
  search?: SearchClause[];
  count: boolean;
  expand?: string[];
  orderby?: { property: string; desc: boolean };
  /** ConsistencyLevel: eventual was sent. */
  eventual: boolean;
  /** Query options other than $skiptoken, in order, to rebuild @odata.nextLink. */
  passthrough: string;
}

export interface SearchClause {
  property: string;
  terms: string[];
  joiner: 'AND' | 'OR';
}

const KNOWN = new Set(['$top', '$skiptoken', '$select', '$filter', '$search', '$count', '$expand', '$orderby', '$format']);

export function parseODataQuery(ctx: GraphCtx): ODataQuery {
  const raw = ctx.req.rawQuery;
  const params = parseQuery(raw);
  const lower = new Map<string, string>();
  for (const [k, v] of params) lower.set(k.toLowerCase(), v);
  for (const k of lower.keys()) {
    if (k.startsWith('$') && !KNOWN.has(k)) throw badRequest(`Query option '${k}' is not supported on this resource.`, 'BadRequest');
  }
  const eventual = (ctx.req.headers['consistencylevel'] ?? '').toLowerCase() === 'eventual';
  const q: ODataQuery = { count: false, eventual, passthrough: '' };

  const top = lower.get('$top');
  if (top !== undefined) {
    const n = Number(top);
    if (!/^\d+$/.test(top) || n < 1 || n > 999) {
      throw unsupportedQuery(`Invalid page size specified: '${top.slice(0, 20)}'. Must be between 1 and 999 inclusive.`);
    }
    q.top = n;
  }
  q.skiptoken = lower.get('$skiptoken');
  const select = lower.get('$select');
  if (select !== undefined) q.select = select.split(',').map((s) => s.trim()).filter(Boolean);
  const count = lower.get('$count');
  if (count !== undefined) {
    if (count !== 'true' && count !== 'false') throw badRequest(`The value '${count.slice(0, 20)}' is not valid for $count.`, 'BadRequest');
    // Without ConsistencyLevel: eventual Graph ignores $count=true on directory objects: 200, no count.
    q.count = count === 'true' && eventual;
  }
  const filter = lower.get('$filter');
  if (filter !== undefined) q.filter = parseFilter(filter);
  const search = lower.get('$search');
  if (search !== undefined) {
    if (!eventual) {
      throw unsupportedQuery("Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
    }
    q.search = parseSearch(search);
  }
  const expand = lower.get('$expand');
  if (expand !== undefined) {
    if (/[()]/.test(expand)) throw badRequest('Nested query options ($select, $filter, …) are not supported inside $expand on directory objects.', 'Request_BadRequest');
    q.expand = expand.split(',').map((s) => s.trim()).filter(Boolean);
  }
  const orderby = lower.get('$orderby');
  if (orderby !== undefined) {
    const m = /^\s*(\w+)(?:\s+(asc|desc))?\s*$/i.exec(orderby);
    if (!m) throw unsupportedQuery(`Sorting by '${orderby.slice(0, 50)}' is not supported.`);
    q.orderby = { property: m[1], desc: (m[2] ?? '').toLowerCase() === 'desc' };
  }
  q.passthrough = raw
    .split('&')
    .filter((p) => p && !p.toLowerCase().startsWith('%24skiptoken') && !p.toLowerCase().startsWith('$skiptoken'))
    .join('&');
  return q;
}

function parseSearch(raw: string): SearchClause[] {
  const clauses: SearchClause[] = [];
  const re = /\s*(AND|OR)?\s*"([^"]*)"/y;
  let m: RegExpExecArray | null;
  let pos = 0;
  while ((m = re.exec(raw))) {
    pos = re.lastIndex;
    const body = m[2];
    const colon = body.indexOf(':');
    if (colon <= 0) throw badRequest(`Invalid $search clause "${body.slice(0, 50)}": use "property:value".`, 'Request_UnsupportedQuery');
    clauses.push({ property: body.slice(0, colon), terms: words(body.slice(colon + 1)), joiner: (m[1] as 'AND' | 'OR') ?? 'AND' });
  }
  if (clauses.length === 0 || raw.slice(pos).trim() !== '') {
    throw badRequest(`Syntax error: '${raw.slice(0, 80)}' is not a valid $search expression; quote each clause: "displayName:value".`, 'BadRequest');
  }
  return clauses;
}

/** Graph tokenizes display names on spaces, punctuation, case and digit changes, and matches prefixes. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/(\d)([A-Za-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

export function matchesSearch(clauses: SearchClause[], obj: Record<string, unknown>, searchable: string[]): boolean {
  let result: boolean | undefined;
  for (const c of clauses) {
    if (!searchable.some((s) => s.toLowerCase() === c.property.toLowerCase())) {
      throw badRequest(`Search is not supported on property '${c.property}'.`, 'Request_UnsupportedQuery');
    }
    const key = Object.keys(obj).find((k) => k.toLowerCase() === c.property.toLowerCase());
    const value = key ? obj[key] : undefined;
    const have = typeof value === 'string' ? words(value) : [];
    const hit = c.terms.length > 0 && c.terms.every((t) => have.some((w) => w.startsWith(t)));
    result = result === undefined ? hit : c.joiner === 'OR' ? result || hit : result && hit;
  }
  return result ?? true;
}

export interface ListSpec<T> {
  filter: FilterSpec;
  searchable: string[];
  orderable: string[];
  /** The entity's Graph JSON (full), used for $filter/$search. */
  toJson(item: T): Record<string, unknown>;
  seq(item: T): number;
  /** $orderby is an advanced query here: it needs ConsistencyLevel: eventual and $count=true. */
  orderbyNeedsAdvancedQuery?: boolean;
}

export interface Page<T> {
  items: T[];
  nextLink?: string;
  count?: number;
}

/** Filters, searches, sorts and pages a collection. `pageCap` is Graph's cap ($expand: 100). */
export function listPage<T>(ctx: GraphCtx, q: ODataQuery, all: Iterable<T>, spec: ListSpec<T>, path: string, pageCap = 999): Page<T> {
  const advanced = q.eventual && q.count;
  if (q.filter) checkFilter(q.filter, spec.filter, advanced || q.eventual);
  let items = [...all];
  if (q.filter || q.search) {
    items = items.filter((it) => {
      const json = spec.toJson(it);
      return (!q.filter || evaluate(q.filter, json)) && (!q.search || matchesSearch(q.search, json, spec.searchable));
    });
  }
  let offsetMode = false;
  if (q.orderby && spec.orderbyNeedsAdvancedQuery && !advanced) {
    throw unsupportedQuery('Sorting not supported for current query: $orderby on this resource needs the ConsistencyLevel: eventual header and $count=true.');
  }
  if (q.orderby) {
    const prop = spec.orderable.find((p) => p.toLowerCase() === q.orderby!.property.toLowerCase());
    if (!prop) throw unsupportedQuery(`Sorting by '${q.orderby.property}' is not supported.`);
    const dir = q.orderby.desc ? -1 : 1;
    const keyed = items.map((it) => ({ it, key: String(spec.toJson(it)[prop] ?? '') }));
    keyed.sort((a, b) => dir * a.key.localeCompare(b.key, 'en', { sensitivity: 'base' }) || spec.seq(a.it) - spec.seq(b.it));
    items = keyed.map((k) => k.it);
    offsetMode = true;
  }
  const size = Math.min(q.top ?? 100, pageCap);
  let start = 0;
  if (q.skiptoken !== undefined) {
    const cursor = decodeSkipToken(q.skiptoken);
    if (cursor.kind === 'offset') start = cursor.value;
    else {
      start = items.findIndex((it) => spec.seq(it) > cursor.value);
      if (start < 0) start = items.length;
    }
  }
  const pageItems = items.slice(start, start + size);
  const more = start + size < items.length;
  let nextLink: string | undefined;
  if (more) {
    const token = offsetMode ? encodeSkipToken('offset', start + size) : encodeSkipToken('seq', spec.seq(pageItems[pageItems.length - 1]));
    const qs = q.passthrough ? `${q.passthrough}&` : '';
    nextLink = `${ctx.base}${path}?${qs}$skiptoken=${token}`;
  }
  // Graph counts on the first page only; the pages after it carry no @odata.count.
  return { items: pageItems, nextLink, count: q.count && q.skiptoken === undefined ? items.length : undefined };
}

function encodeSkipToken(kind: 'offset' | 'seq', value: number): string {
  return Buffer.from(`RFNwdAIA:${kind}:${value}`).toString('base64url');
}

function decodeSkipToken(token: string): { kind: 'offset' | 'seq'; value: number } {
  const m = /^RFNwdAIA:(offset|seq):(\d{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) throw badRequest(`The $skiptoken '${token.slice(0, 50)}' is not valid.`, 'Request_BadRequest');
  return { kind: m[1] as 'offset' | 'seq', value: Number(m[2]) };
}

/** Keeps only the selected properties (names matched case-insensitively); unknown names are an error. */
export function project(json: Record<string, unknown>, select: string[] | undefined, typeName: string, keep: string[] = []): Record<string, unknown> {
  if (!select || select.length === 0) return json;
  const out: Record<string, unknown> = {};
  for (const s of select) {
    const key = s in json ? s : Object.keys(json).find((k) => k.toLowerCase() === s.toLowerCase());
    if (!key) throw badRequest(`Could not find a property named '${s}' on type 'microsoft.graph.${typeName}'.`, 'BadRequest');
    out[key] = json[key];
  }
  for (const k of keep) if (k in json) out[k] = json[k];
  return out;
}

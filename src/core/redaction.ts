// Redaction for everything a person can read: the output channel, error notifications, the
// summary of a token function's answer. Secrets reach these places in many spellings — a URL, a
// URL inside a URL (percent-encoded), an HTML page, JSON, a JavaScript object printed by
// `util.inspect`, a raw header block, a form body, a connection string, an environment line —
// so each rule below names a secret by *what it is called*, whatever the quoting around it, and
// every secret the caller already knows is removed in each of its encoded forms too.
// Over-redaction is the safe failure: a word lost next to a secret is better than half a key.

export const REDACTED = '<redacted>';
export const SECRET_REDACTED = '<secret redacted>';
export const TOKEN_REDACTED = '<token redacted>';

/** Known secrets shorter than this are not searched for: they would match ordinary text. */
const MIN_KNOWN_SECRET = 4;

/**
 * Replaces anything that could grant access with a marker: JWT-shaped text (also split over
 * lines or with percent-encoded dots), named secrets in query strings, form bodies, headers,
 * JSON and JavaScript objects, connection strings and environment lines, and every one of
 * `knownSecrets` (e.g. the function keys in SecretStorage, the sandbox admin secret) in its raw,
 * percent-encoded, form-encoded, HTML-escaped and JSON-escaped forms.
 */
export function redactSecrets(text: string, knownSecrets?: Iterable<string>): string {
  let out = String(text);
  out = redactKnown(out, knownSecrets);
  // Quoted values first ("authorization": "Basic …"), so the line rule below does not eat the
  // harmless keys that follow them on the same line.
  out = out.replace(QUOTED_VALUE, (_m, key: string, sep: string, quote: string) => `${key}${sep}${quote}${REDACTED}${quote}`);
  out = out.replace(QUOTED_PAIR, (_m, name: string, between: string, quote: string) => `${name}${between}${quote}${REDACTED}${quote}`);
  out = out.replace(QUOTED_HEADER, (_m, quote: string, lead: string) => `${quote}${lead}${REDACTED}${quote}`);
  out = out.replace(HEADER_LINE, (_m, lead: string) => `${lead}${REDACTED}`);
  out = out.replace(NAMED_VALUE, (_m, lead: string) => `${lead}${REDACTED}`);
  out = out.replace(PROSE_VALUE, (_m, lead: string) => `${lead}${REDACTED}`);
  out = redactJwts(out);
  return out;
}

// ---- secrets the caller knows --------------------------------------------------------------

function redactKnown(text: string, knownSecrets: Iterable<string> | undefined): string {
  if (!knownSecrets) return text;
  const forms = new Set<string>();
  for (const secret of knownSecrets) {
    if (typeof secret !== 'string' || secret.length < MIN_KNOWN_SECRET) continue;
    for (const form of encodedForms(secret)) if (form.length >= MIN_KNOWN_SECRET) forms.add(form);
  }
  // Longest first: a secret's encoded form may contain the secret's own prefix.
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (out.includes(form)) out = out.split(form).join(SECRET_REDACTED);
  }
  return out;
}

/** The spellings a secret takes on its way into a log line. */
export function encodedForms(secret: string): string[] {
  const percent = encodeURIComponent(secret);
  const forms = [
    secret,
    percent,
    percent.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    percent.replace(/%20/g, '+'),
    encodeURIComponent(percent), // a URL carried inside another URL's query
    encodeURI(secret),
    htmlEscape(secret),
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(JSON.stringify(secret).slice(1, -1)).slice(1, -1), // JSON inside a JSON string
  ];
  return [...new Set(forms)];
}

function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

// ---- secrets by name -------------------------------------------------------------------------

// Headers whose whole value is a credential, whatever its scheme (Bearer, Basic, PoP, a cookie).
const HEADER_NAMES = [
  'authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-functions-key', 'x-identity-header',
  'x-ms-identity-header', 'identity_header', 'msi_secret', 'ocp-apim-subscription-key', 'x-api-key', 'api-key', 'apikey',
];
// Names whose value is a secret in JSON, objects, forms, query strings and connection strings.
const VALUE_NAMES = [
  ...HEADER_NAMES,
  'code', 'client_secret', 'clientsecret', 'client_assertion', 'clientassertion', 'assertion', 'access_token', 'accesstoken',
  'refresh_token', 'refreshtoken', 'id_token', 'idtoken', 'device_code', 'devicecode', 'code_verifier', 'password', 'pwd',
  'passwd', 'secret', 'token', 'key', 'functionkey', 'masterkey', 'sig', 'signature', 'api_key', 'accountkey',
  'sharedaccesskey', 'sharedaccesssignature', 'identityheader', 'adminsecret',
];
// In JSON and object text, `code` is Graph's error code and `signature` a decoded JWT part, not secrets.
const QUOTED_NAMES = VALUE_NAMES.filter((n) => n !== 'code' && n !== 'signature');

const names = (list: string[]) => list.map((n) => n.replace(/[-_]/g, '[-_]?')).join('|');

// `"name": "value"`, `'name': 'value'`, `name: 'value'`, `\"name\":\"value\"` (JSON in JSON).
// The value is taken up to its own closing quote, escapes included.
const QUOTED_VALUE = new RegExp(
  String.raw`((?:\\?["'])?(?<![A-Za-z0-9])(?:${names(QUOTED_NAMES)})(?:\\?["'])?)(\s*[:=]\s*)(\\?["'])(?:\\.|[^\r\n])*?\3`,
  'gi',
);
// `['authorization', 'Bearer …']`: a raw header list as util.inspect prints it.
const QUOTED_PAIR = new RegExp(String.raw`(["'](?:${names(HEADER_NAMES)})["'])(\s*,\s*)(["'])(?:\\.|[^\r\n])*?\3`, 'gi');
// `"Authorization: Bearer …" is not a tenant`: a header quoted inside a sentence loses its value
// up to the closing quote, so the rest of the sentence (the reason) still reads.
const QUOTED_HEADER = new RegExp(String.raw`(["'])((?<![A-Za-z0-9-])(?:${names(HEADER_NAMES)})[ \t]*:[ \t]*)(?!["'<\s])(?:(?!\1)[^\r\n])+\1`, 'gi');
// `Authorization: Basic …`, `Cookie: a=b; c=d`: a header line loses everything after the colon.
// A value that starts with a quote or a marker was handled above.
const HEADER_LINE = new RegExp(String.raw`((?<![A-Za-z0-9-])(?:${names(HEADER_NAMES)})[ \t]*:[ \t]*)(?!["'<\s])[^\r\n]+`, 'gi');
// name=value in a query string, a form body (also its first field), a connection string or an
// environment line, also percent-encoded (`%3Fcode%3D…`) or HTML-escaped (`&amp;code=…`). The
// value ends where the next field starts; a scheme word (Bearer, Basic) is part of the value.
const BOUNDARY = String.raw`(?:^|(?<=[\s?&;,"'(\[{|>])|%3F|%26|%3B|%20|%253F|%2526|&amp;|&#0*38;|&#x0*26;|\\u0026)`;
const NAMED_VALUE = new RegExp(
  String.raw`(${BOUNDARY}(?:${names(VALUE_NAMES)})[ \t]*(?:=|%3D|%253D)[ \t]*)(?:(?:bearer|basic|pop|negotiate|digest|sharedkey)[ \t]+)?(?:(?!%26|%2526|&amp;|\\u0026)[^&#;\s"'<>\\,])+`,
  'gim',
);

// "secret sandbox~admin~…", "key 0f3a…": a secret named in prose. Only a value that looks
// generated (12+ characters with a digit or one of ~ _ = + / -) counts, so "secret storage" stays.
const PROSE_VALUE = /((?<![A-Za-z])(?:client[ _-]?secret|secret|password|key)[ \t]+)(?=[^\s<>"',;]*[0-9~_=+/-])[^\s<>"',;]{12,}/gi;

// ---- JWTs ------------------------------------------------------------------------------------

const B64URL = /[A-Za-z0-9_-]/;
/** A wrapped token continues on the next line only after a long run (a wrapped line). */
const MIN_RUN_BEFORE_BREAK = 16;

/**
 * Every JWS (3 parts) and JWE (5 parts): `eyJ` starts a header (`{"` in base64url). Parts are
 * joined by `.` or a percent-encoded dot, and a part may be wrapped over lines (a real line
 * break or a `\n` escape in JSON text). A scanner instead of one regex: the wrapped forms would
 * make a regex backtrack badly on long lines.
 */
export function redactJwts(text: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const start = text.indexOf('eyJ', i);
    if (start < 0) return out + text.slice(i);
    if (start > 0 && B64URL.test(text[start - 1])) {
      out += text.slice(i, start + 3);
      i = start + 3;
      continue;
    }
    const end = scanJwt(text, start);
    out += text.slice(i, start);
    if (end > 0) {
      out += TOKEN_REDACTED;
      i = end;
    } else {
      out += 'eyJ';
      i = start + 3;
    }
  }
}

/** The end of the token starting at `start`, or -1 when the text there is not token-shaped. */
function scanJwt(text: string, start: number): number {
  let i = start;
  let dots = 0;
  let run = 0;
  let partLength = 0;
  let lastGood = -1;
  // A token wrapped over lines: the first break may come anywhere after a long run or a dot;
  // every later one only at the same width, so a word on the line after the token stays.
  let lineStart = start;
  let wrapWidth = -1;
  while (i < text.length) {
    const c = text[i];
    if (B64URL.test(c)) {
      i++;
      run++;
      partLength++;
      if (dots >= 2) lastGood = i;
      continue;
    }
    const dot = c === '.' ? 1 : text.startsWith('%2E', i) || text.startsWith('%2e', i) ? 3 : 0;
    if (dot > 0) {
      if (partLength === 0 && dots < 2) return -1; // `eyJ..` is not a header and payload
      if (dots === 0 && partLength < 7) return -1; // `eyJ` and at least 4 more, as before
      dots++;
      i += dot;
      run = 0;
      partLength = 0;
      if (dots >= 2) lastGood = i; // an unsigned token ends with its second dot
      if (dots > 4) break;
      continue;
    }
    const lineBreak = text.startsWith('\r\n', i) ? 2 : c === '\n' ? 1 : text.startsWith('\\r\\n', i) ? 4 : text.startsWith('\\n', i) ? 2 : 0;
    if (lineBreak > 0 && i + lineBreak < text.length && (B64URL.test(text[i + lineBreak]) || text[i + lineBreak] === '.')) {
      const width = i - lineStart;
      const afterDot = run === 0 && dots > 0;
      const wraps = wrapWidth < 0 ? run >= MIN_RUN_BEFORE_BREAK || afterDot : width === wrapWidth;
      if (wraps) {
        if (wrapWidth < 0) wrapWidth = width;
        i += lineBreak;
        lineStart = i;
        run = 0;
        continue;
      }
    }
    break;
  }
  return dots >= 2 ? lastGood : -1;
}

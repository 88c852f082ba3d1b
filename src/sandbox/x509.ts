// Just enough X.509 to make the sandbox's CA and server certificate with node:crypto alone:
// a DER encoder for the handful of types a certificate needs, ECDSA P-256 with SHA-256.
// Why not a library: measured (esbuild --minify, median of 21 fresh Node 20 processes), this
// encoder is 3.2 KB and 7 ms CPU to load; @peculiar/x509 2.2 (needs reflect-metadata) is 366 KB
// and 65 ms, and makes the two certificates in 60–170 ms instead of 10–20; node-forge 1.4 is
// 299 KB and 28 ms, and makes no ECDSA certificates (RSA only, seconds per run).
import * as crypto from 'node:crypto';

const tlv = (tag: number, content: Buffer): Buffer => {
  const n = content.length;
  const len = n < 0x80 ? Buffer.from([n]) : (() => {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    return Buffer.from([0x80 | bytes.length, ...bytes]);
  })();
  return Buffer.concat([Buffer.from([tag]), len, content]);
};
const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));
const explicit = (n: number, inner: Buffer) => tlv(0xa0 | n, inner);
const octets = (b: Buffer) => tlv(0x04, b);
const bits = (b: Buffer, unused = 0) => tlv(0x03, Buffer.concat([Buffer.from([unused]), b]));
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0x00]));
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));

function integer(value: Buffer | number): Buffer {
  let b = typeof value === 'number' ? Buffer.from([value]) : value;
  let i = 0;
  while (i < b.length - 1 && b[i] === 0 && (b[i + 1] & 0x80) === 0) i++;
  b = b.subarray(i);
  return tlv(0x02, b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk: number[] = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

const name = (commonName: string) => seq(set(seq(oid('2.5.4.3'), utf8(commonName))));
const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const extension = (id: string, critical: boolean, value: Buffer) => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

function keyId(publicKey: crypto.KeyObject): Buffer {
  return crypto.createHash('sha1').update(publicKey.export({ type: 'spki', format: 'der' })).digest();
}

export interface CertificateRequest {
  subject: string;
  issuer: string;
  publicKey: crypto.KeyObject;
  signingKey: crypto.KeyObject;
  issuerPublicKey: crypto.KeyObject;
  notBefore: Date;
  notAfter: Date;
  ca: boolean;
  /** Not a CA: a server's (TLS, the default) or a client's (an app registration's certificate). */
  purpose?: 'server' | 'client';
  /** Server certificates: IPv4 addresses and DNS names. */
  ips?: string[];
  dnsNames?: string[];
}

export function createCertificate(r: CertificateRequest): string {
  const extensions = [
    extension('2.5.29.19', true, r.ca ? seq(bool(true)) : seq()),
    // keyUsage: CA = digitalSignature, keyCertSign, cRLSign; server = digitalSignature.
    extension('2.5.29.15', true, r.ca ? bits(Buffer.from([0x86]), 1) : bits(Buffer.from([0x80]), 7)),
    extension('2.5.29.14', false, octets(keyId(r.publicKey))),
    extension('2.5.29.35', false, seq(tlv(0x80, keyId(r.issuerPublicKey)))),
  ];
  if (!r.ca && r.purpose === 'client') {
    extensions.push(extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.2'))));
  } else if (!r.ca) {
    extensions.push(extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))));
    const alt = [
      ...(r.ips ?? []).map((ip) => tlv(0x87, Buffer.from(ip.split('.').map(Number)))),
      ...(r.dnsNames ?? []).map((dns) => tlv(0x82, Buffer.from(dns, 'ascii'))),
    ];
    extensions.push(extension('2.5.29.17', false, seq(...alt)));
  }
  const serial = crypto.randomBytes(16);
  serial[0] &= 0x7f;
  const tbs = seq(
    explicit(0, integer(2)),
    integer(serial),
    ECDSA_SHA256,
    name(r.issuer),
    seq(time(r.notBefore), time(r.notAfter)),
    name(r.subject),
    r.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, seq(...extensions)),
  );
  const signature = crypto.sign('sha256', tbs, { key: r.signingKey, dsaEncoding: 'der' });
  const der = seq(tbs, ECDSA_SHA256, bits(signature));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

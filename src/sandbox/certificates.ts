// The certificates app registrations hold (Graph's keyCredentials): self-signed, public part
// only, made with the sandbox's own X.509 encoder. Graph derives a credential's thumbprint and
// validity from the certificate it is given, and so does the sandbox.
import * as crypto from 'node:crypto';
import { isoDate } from './clock';
import type { KeyCredential } from './directory';
import { createCertificate } from './x509';

/**
 * One P-256 key pair signs every app certificate of the process: the pair is never used to sign
 * in (nothing of it is kept), and making one per certificate would cost more than the certificate.
 */
let pair: crypto.KeyPairKeyObjectResult | undefined;

export interface AppCertificate {
  /** DER in base64: what Graph's keyCredential `key` holds. */
  key: string;
  /** SHA-1 of the DER, upper-case hex, as the portal and certificate stores show it. */
  thumbprint: string;
  /**
   * The same 20 bytes in base64: Graph's default customKeyIdentifier (a Binary property, so
   * base64 in JSON; a client decodes it to the thumbprint's bytes).
   */
  customKeyIdentifier: string;
  /** `CN=…`: Graph names a certificate given without a displayName by its subject. */
  subject: string;
  notBefore: Date;
  notAfter: Date;
}

export function makeAppCertificate(subject: string, notBefore: Date, notAfter: Date): AppCertificate {
  pair ??= crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = createCertificate({
    subject, issuer: subject, publicKey: pair.publicKey, signingKey: pair.privateKey, issuerPublicKey: pair.publicKey,
    notBefore, notAfter, ca: false, purpose: 'client',
  });
  const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  return { key: der.toString('base64'), ...thumbprintOf(der), subject: `CN=${subject}`, notBefore, notAfter };
}

/** What Graph reads from a `key` it is given: the certificate, or undefined when it is none. */
export function readAppCertificate(key: string): AppCertificate | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key)) return undefined;
  try {
    const der = Buffer.from(key, 'base64');
    const cert = new crypto.X509Certificate(der);
    return {
      key: der.toString('base64'), ...thumbprintOf(der), subject: cert.subject.split('\n').join(', '),
      notBefore: new Date(cert.validFrom), notAfter: new Date(cert.validTo),
    };
  } catch {
    return undefined;
  }
}

function thumbprintOf(der: Buffer): { thumbprint: string; customKeyIdentifier: string } {
  const sha1 = crypto.createHash('sha1').update(der).digest();
  return { thumbprint: sha1.toString('hex').toUpperCase(), customKeyIdentifier: sha1.toString('base64') };
}

/** A seeded certificate credential (Verify, as an app signs in with it) valid from `startMs` to `endMs`. */
export function appKeyCredential(keyId: string, subject: string, startMs: number, endMs: number): KeyCredential {
  const cert = makeAppCertificate(subject, new Date(startMs), new Date(endMs));
  return {
    keyId, displayName: cert.subject, customKeyIdentifier: cert.customKeyIdentifier, type: 'AsymmetricX509Cert', usage: 'Verify', key: cert.key,
    startDateTime: isoDate(startMs), endDateTime: isoDate(endMs),
  };
}

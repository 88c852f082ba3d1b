// A CA generated per run (or reused from stateDir) and a server certificate for
// 127.0.0.1 / localhost signed by it. Clients trust the CA explicitly; nothing disables checks.
import * as crypto from 'node:crypto';
import { createCertificate } from './x509';

export interface TlsMaterial {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
}

const DAY = 24 * 60 * 60 * 1000;

export async function generateTls(): Promise<TlsMaterial> {
  // EC P-256 keys: generated in a millisecond, which keeps start-up well under 2 s.
  const ca = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const server = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const notBefore = new Date(Date.now() - DAY);
  const notAfter = new Date(Date.now() + 365 * DAY);
  const caName = 'MI Federation Sandbox CA';
  const caCert = createCertificate({
    subject: caName, issuer: caName, publicKey: ca.publicKey, signingKey: ca.privateKey, issuerPublicKey: ca.publicKey,
    notBefore, notAfter, ca: true,
  });
  const serverCert = createCertificate({
    subject: '127.0.0.1', issuer: caName, publicKey: server.publicKey, signingKey: ca.privateKey, issuerPublicKey: ca.publicKey,
    notBefore, notAfter, ca: false, ips: ['127.0.0.1'], dnsNames: ['localhost'],
  });
  const pem = (k: crypto.KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }) as string;
  return { caCert, caKey: pem(ca.privateKey), serverCert, serverKey: pem(server.privateKey) };
}

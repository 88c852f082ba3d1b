// A CA generated per run (or reused from stateDir) and a server certificate for
// 127.0.0.1 / localhost signed by it. Clients trust the CA explicitly; nothing disables checks.
import * as selfsigned from 'selfsigned';

export interface TlsMaterial {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
}

const DAY = 24 * 60 * 60 * 1000;

export async function generateTls(): Promise<TlsMaterial> {
  // EC P-256 keys: generated in milliseconds, which keeps start-up well under 2 s.
  const notBeforeDate = new Date(Date.now() - DAY);
  const notAfterDate = new Date(Date.now() + 365 * DAY);
  const ca = await selfsigned.generate([{ name: 'commonName', value: 'MI Federation Sandbox CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  return { caCert: ca.cert, caKey: ca.private, serverCert: server.cert, serverKey: server.private };
}

// Microseconds per `diagnose()` call: a signed 4 KB managed-identity token against an app with
// 20 credentials, none of which matches (the doctor's slowest path: it ranks every one).
import { generateKeyPairSync, sign } from 'node:crypto';
import { diagnose } from '../../src/core/doctor';

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

export function fourKilobyteToken(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    aud: 'api://AzureADTokenExchange',
    iss: 'https://login.microsoftonline.com/24a7c6d3-63ee-412f-9e6e-1ed65fae4ba7/v2.0',
    sub: '6e21fb2f-aac9-47a2-a834-ab89084cc8c5',
    oid: '6e21fb2f-aac9-47a2-a834-ab89084cc8c5',
    tid: '24a7c6d3-63ee-412f-9e6e-1ed65fae4ba7',
    azp: '8c3bcc91-28db-43a7-bbda-b43aec4c8fef',
    idtyp: 'app',
    iat: now,
    nbf: now,
    exp: now + 3600,
    ver: '2.0',
    xms_mirid: '/subscriptions/3901f4ab-38a2-4e57-a34c-7572338933cf/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-token-function',
  };
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'bench' }));
  // Pad with a claim until the whole token is 4 KB, as a token with many claims would be.
  let token = '';
  for (let pad = 0; token.length < 4096; pad += 64) {
    payload.xms_pad = 'x'.repeat(pad);
    const body = base64url(JSON.stringify(payload));
    token = `${header}.${body}.${base64url(sign('sha256', Buffer.from(`${header}.${body}`), privateKey))}`;
  }
  return token;
}

export function measureDoctorMicros(): number {
  const token = fourKilobyteToken();
  const credentials = Array.from({ length: 20 }, (_, i) => ({
    id: `fic-${i}`,
    name: `credential-${i}`,
    issuer: `https://login.microsoftonline.com/${i % 2 ? '24a7c6d3-63ee-412f-9e6e-1ed65fae4ba7' : 'a3850613-c31a-4107-9a34-a8aad9cf7f9b'}/v2.0${i % 3 ? '' : '/'}`,
    subject: i % 4 ? `00000000-0000-0000-0000-0000000000${String(i).padStart(2, '0')}` : '8c3bcc91-28db-43a7-bbda-b43aec4c8fef',
    audiences: [i % 5 ? 'api://AzureADTokenExchange' : 'api://AzureADTokenExchnage'],
  }));
  const identities = [{ id: '6e21fb2f-aac9-47a2-a834-ab89084cc8c5', appId: '8c3bcc91-28db-43a7-bbda-b43aec4c8fef' }];
  const calls = 2000;
  const batches: number[] = [];
  for (let b = 0; b < 7; b++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) {
      const result = diagnose({ assertion: token, credentials, managedIdentities: identities });
      if (result.matched) throw new Error('the bench credentials must not match');
    }
    batches.push(Number(process.hrtime.bigint() - started) / 1000 / calls);
  }
  batches.sort((a, b) => a - b);
  return Math.round(batches[Math.floor(batches.length / 2)] * 10) / 10;
}

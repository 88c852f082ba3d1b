// The token function, run in a child process whose managed-identity environment
// (IDENTITY_ENDPOINT / IDENTITY_HEADER, the CA via NODE_EXTRA_CA_CERTS, ENTRA_AUTHORITY_HOST,
// MANAGED_IDENTITY_CLIENT_ID) points at the sandbox: @azure/identity and msal-node read it once
// per process, exactly as on Azure. The handlers are the token function project's own.
import * as http from 'node:http';
import { answerFunctionsRequest, type FunctionsAnswer } from './functionsAdapter';

const options = {
  functionKey: process.env.MIFED_FUNCTION_KEY ?? '',
  publicOrigin: process.env.MIFED_PUBLIC_URL || process.env.ENTRA_AUTHORITY_HOST || 'http://127.0.0.1',
  log: (line: string) => process.stderr.write(`${line}\n`),
};

/** Larger than any token request; the Functions host has its own (higher) limit. */
const MAX_BODY_BYTES = 1024 * 1024;

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= MAX_BODY_BYTES) chunks.push(c);
  });
  req.on('end', () => {
    const answer: Promise<FunctionsAnswer> =
      size > MAX_BODY_BYTES ? Promise.resolve({ status: 413, headers: {}, body: Buffer.alloc(0) }) : answerFunctionsRequest(req, Buffer.concat(chunks), options);
    answer
      // A handler that throws is a bare 500, as the Functions host answers.
      .catch((): FunctionsAnswer => ({ status: 500, headers: {}, body: Buffer.alloc(0) }))
      .then((a) => {
        res.writeHead(a.status, { ...a.headers, 'content-length': String(a.body.length) });
        res.end(a.body);
      });
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ ready: true, port });
});

// The parent's exit closes the IPC channel: leave with it, never outlive the sandbox.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));

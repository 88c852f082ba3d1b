// The fetch kiota's HTTP client is given: Node 20's global fetch takes no CA, and TLS checks
// stay on, so requests go through node:https with the sandbox CA as the only trust anchor.
// Every request has a deadline and honours the caller's AbortSignal.
import * as https from 'node:https';

export type KiotaFetch = (request: string, init: RequestInit) => Promise<Response>;

export function httpsFetchTrusting(ca: string, deadlineMs: number): KiotaFetch {
  const agent = new https.Agent({ ca, keepAlive: true, maxSockets: 4 });
  return async (url, init) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    // Whatever BodyInit kiota hands over (bytes, a string, a compressed stream) becomes bytes.
    const body = init.body === undefined || init.body === null ? undefined : Buffer.from(await new Response(init.body).arrayBuffer());
    if (body) headers['content-length'] = String(body.length);
    return new Promise<Response>((resolve, reject) => {
      const req = https.request(url, { method: init.method ?? 'GET', headers, agent, timeout: deadlineMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const answerHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) answerHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          const status = res.statusCode ?? 0;
          const noBody = status === 204 || status === 304;
          resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: answerHeaders }));
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${init.method ?? 'GET'} ${url}: no answer within ${deadlineMs / 1000} s`)));
      req.on('error', reject);
      init.signal?.addEventListener('abort', () => req.destroy(new Error('aborted')), { once: true });
      req.end(body);
    });
  };
}

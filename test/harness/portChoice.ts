// `npm start` serves on a port people can remember, and moves aside when it is taken.
import * as net from 'net';
import { freePort } from './freePort';

/** `wanted` when nothing listens on it (0: any free port), else a free port. */
export async function choosePort(wanted: number): Promise<number> {
  if (wanted !== 0 && (await isFree(wanted))) return wanted;
  return freePort();
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

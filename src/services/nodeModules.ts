// Node's modules that cost a fresh process milliseconds to load, required where first used
// rather than when a bundle of the extension loads: node:https alone brings tls, net, streams
// and crypto (together about 8 ms of CPU, more than the rest of start-up), and activation sends
// no request; node:crypto alone is about 3 ms of the features bundle's first load. A require here still goes through the host's module loader, so VS Code's proxy
// support, which hands extensions a patched node:http(s), applies as it did to the imports.
/* eslint-disable @typescript-eslint/no-require-imports -- these requires are the deliberate lazy loads */
import type * as ChildProcess from 'node:child_process';
import type * as Crypto from 'node:crypto';
import type * as FsPromises from 'node:fs/promises';
import type * as Http from 'node:http';
import type * as Https from 'node:https';

export const nodeHttp = (): typeof Http => require('node:http') as typeof Http;
export const nodeHttps = (): typeof Https => require('node:https') as typeof Https;
export const nodeCrypto = (): typeof Crypto => require('node:crypto') as typeof Crypto;
export const nodeChildProcess = (): typeof ChildProcess => require('node:child_process') as typeof ChildProcess;
export const nodeFsPromises = (): typeof FsPromises => require('node:fs/promises') as typeof FsPromises;

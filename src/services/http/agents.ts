// Keep-alive agents, one per trust: the system store, or the system store replaced by one
// extra CA (the sandbox's). Which one a request gets is decided per URL by `caForUrl`, so a
// client built while the sandbox was the cloud still sends real Entra hosts to the plain agent.
import type * as http from 'node:http';
import type * as https from 'node:https';
import { nodeHttp, nodeHttps } from '../nodeModules';
import { caForUrl } from './loopback';

// Built on the first request, with node:http(s) (see nodeModules.ts).
let plainHttps: https.Agent | undefined;
let plainHttp: http.Agent | undefined;
/** Few distinct CAs ever exist in one run (one per sandbox started); kept small anyway. */
const withCa = new Map<string, https.Agent>();
const maxCaAgents = 4;

export function agentFor(url: URL, ca: string | undefined): http.Agent {
  if (url.protocol === 'http:') return (plainHttp ??= new (nodeHttp().Agent)({ keepAlive: true, maxSockets: 8 }));
  const extra = caForUrl(url, ca);
  if (!extra) return (plainHttps ??= new (nodeHttps().Agent)({ keepAlive: true, maxSockets: 8 }));
  let agent = withCa.get(extra);
  if (!agent) {
    if (withCa.size >= maxCaAgents) {
      const [oldest, old] = withCa.entries().next().value as [string, https.Agent];
      withCa.delete(oldest);
      old.destroy();
    }
    agent = new (nodeHttps().Agent)({ keepAlive: true, maxSockets: 8, ca: extra });
    withCa.set(extra, agent);
  }
  return agent;
}

/** The CA an agent presents, undefined for the system store: what the CA-scope tests check. */
export function agentCa(agent: http.Agent): string | undefined {
  const ca = (agent as https.Agent).options?.ca;
  return typeof ca === 'string' ? ca : undefined;
}

// Which extra CA and authorities the token function, the exchange and the signature check
// trust: the sandbox tenant's, only while the session's cloud is the sandbox (or no cloud is
// chosen yet and a sandbox is connected). After switching back to a real cloud with the sandbox
// still running, nothing of the sandbox is trusted; and the transport offers any CA to loopback
// hosts only, so a real Entra host never sees it either way.
import type { Session } from '../session';
import type { SandboxConnection } from '../sandboxConnection';

export interface Trust {
  ca?: string;
  knownAuthorities?: string[];
}

export function currentTrust(session: Pick<Session, 'environment'>, sandbox: Pick<SandboxConnection, 'connected' | 'environment'>): Trust {
  const environment = session.environment;
  if (environment && environment.cloud.name !== 'sandbox') return {};
  const ca = environment?.ca ?? sandbox.connected?.ca;
  const knownAuthorities = environment?.knownAuthorities ?? sandbox.environment()?.knownAuthorities;
  return { ...(ca ? { ca } : {}), ...(knownAuthorities?.length ? { knownAuthorities } : {}) };
}

/** Authorities (with scheme) that issue Entra tokens besides the national clouds: the session's and the trusted sandbox's. */
export function entraAuthorities(session: Pick<Session, 'environment'>, sandbox: Pick<SandboxConnection, 'connected' | 'environment'>): string[] {
  const authority = session.environment?.cloud.authority;
  const hosts = currentTrust(session, sandbox).knownAuthorities ?? [];
  return [...new Set([...(authority ? [authority] : []), ...hosts.map((h) => `https://${h}`)])];
}

// Which extra CA and authorities the token function, the exchange and the signature check
// trust: the sandbox tenant's, when the extension is connected to one. Real clouds need none
// (the system store), and the CA is applied to loopback hosts only anyway.
import type { Session } from '../session';
import type { SandboxConnection } from '../sandboxConnection';

export interface Trust {
  ca?: string;
  knownAuthorities?: string[];
}

export function currentTrust(session: Session, sandbox: SandboxConnection): Trust {
  const environment = session.environment;
  const ca = environment?.ca ?? sandbox.connected?.ca;
  const fromSandbox = sandbox.environment()?.knownAuthorities;
  const knownAuthorities = environment?.knownAuthorities ?? fromSandbox;
  return { ...(ca ? { ca } : {}), ...(knownAuthorities?.length ? { knownAuthorities } : {}) };
}

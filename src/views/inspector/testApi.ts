// What extension-host tests and the bench may do to the token inspector beyond what a user can:
// read what is on screen, wait for the webview, and stand in for a window reload. It is built
// over the inspector's public surface and handed out by activate(), so the panel class carries
// no code that only tests call.
import type { InspectorState } from '../../shared/protocol';
import { createInspectorPanel, type TokenInspector } from './tokenInspector';

export interface InspectorTestApi {
  /** What the panel shows now; never holds a raw token. */
  readonly state: InspectorState | undefined;
  /** Resolves when the webview reports the given state version (default: the latest) on screen. */
  whenRendered(version?: number, timeoutMs?: number): Promise<void>;
  /** Resolves when the signature checks of the latest flow are done. */
  whenSignaturesChecked(): Promise<void>;
  /**
   * Closes the panel and brings it back from `persisted` in a new one, as VS Code's serializer
   * does after a window reload (a real reload would end the test run).
   */
  reopenFromPersisted(persisted: unknown, pauseMs?: number): Promise<void>;
}

export function inspectorTestApi(inspector: TokenInspector): InspectorTestApi {
  return {
    get state() {
      return inspector.state;
    },
    whenRendered: (version, timeoutMs) => inspector.whenRendered(version, timeoutMs),
    whenSignaturesChecked: () => inspector.whenSignaturesChecked(),
    async reopenFromPersisted(persisted, pauseMs = 1_000) {
      // In browser hosts (code-server) a webview created while the last one is being torn down
      // can wait forever on the previous one's service worker: give it a moment.
      if (await inspector.close()) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      inspector.restore(createInspectorPanel(inspector.extensionUri), persisted);
    },
  };
}

// What extension-host tests may do to the report panels beyond what a user can: stand in for a
// window reload. Built over the panels' public surface (state, whenRendered, close, restore),
// so FederationReports carries no code only tests call.
import { createReportPanel, type FederationReports } from './federationReports';

export interface ReportTestApi {
  /**
   * Closes the tenant's panel and brings it back from `persisted` in a new one, as VS Code's
   * serializer does after a window reload (a real reload would end the test run).
   */
  reopenFromPersisted(tenantId: string, persisted: unknown, pauseMs?: number): Promise<void>;
}

export function reportTestApi(reports: FederationReports): ReportTestApi {
  return {
    async reopenFromPersisted(tenantId, persisted, pauseMs = 1_000) {
      // In browser hosts (code-server) a webview created while the last one is being torn down
      // can wait forever on the previous one's service worker: give it a moment.
      if (await reports.close(tenantId)) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      reports.restore(createReportPanel(reports.extensionUri), persisted);
    },
  };
}

// The kiota Graph SDK's checks, in order: reads first (Contoso still holds exactly the
// sandbox's app count), then $batch, then writes (credentials, then secrets and getByIds). One overall deadline on top of each
// request's own: if it passes, the remaining checks are not run and the layer fails.
import type { RunningSandbox } from '../../../src/sandbox';
import type { CheckRecorder } from '../checks';
import { batchChecks } from './graphBatchChecks';
import { graphAdapter, loadKiota } from './graphClient';
import { credentialChecks } from './graphCredentialChecks';
import { queryChecks } from './graphQueryChecks';
import { GraphRequests } from './graphRequests';
import { secretChecks } from './graphSecretChecks';

export async function runGraphSdkChecks(s: RunningSandbox, r: CheckRecorder, totalApps: number, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
  const all = (async () => {
    const kiota = await loadKiota();
    const g = new GraphRequests(kiota, graphAdapter(kiota, s));
    await queryChecks(g, s, r, totalApps);
    await batchChecks(g, s, r);
    await credentialChecks(g, s, r);
    await secretChecks(g, s, r);
  })();
  try {
    const outcome = await Promise.race([all, deadline]);
    if (outcome === 'late') r.record({ client: r.client, name: 'the Graph SDK checks finish in time', ok: false, detail: `not done after ${timeoutMs / 1000} s` });
  } catch (error) {
    r.record({ client: r.client, name: 'the Graph SDK can be set up', ok: false, detail: (error as Error).stack ?? String(error) });
  } finally {
    clearTimeout(timer);
  }
}

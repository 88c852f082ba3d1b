// $batch through the SDK's BatchRequestContent: Graph may answer the steps in any order, so
// every answer is matched by its id, never by its position.
import type { RunningSandbox } from '../../../src/sandbox';
import { type CheckRecorder, expectEqual, expectTrue } from '../checks';
import type { Application, GraphRequests } from './graphRequests';

export async function batchChecks(g: GraphRequests, s: RunningSandbox, r: CheckRecorder): Promise<void> {
  const { kiota, adapter } = g;
  const wanted = [s.apps.contosoSync, s.apps.broken, s.apps.federation, s.apps.reporting];
  const missing = '00000000-0000-4000-8000-00000000dead';
  const run = async () => {
    const batch = new kiota.core.BatchRequestContent(adapter, g.errors);
    for (const [i, app] of wanted.entries()) batch.addBatchRequest(g.request('GET', '/applications/{id}', { id: app.objectId }), `app-${i}`);
    batch.addBatchRequest(g.request('GET', '/applications/{id}', { id: missing }), 'missing');
    const answer = await batch.postAsync();
    if (!answer) throw new Error('the batch had no answer');
    return answer;
  };
  let answer: Awaited<ReturnType<typeof run>> | undefined;
  const answered = async () => (answer ??= await run());

  await r.check('$batch: every step is answered once, by id', async () => {
    const ids = [...(await answered()).getResponses().keys()].sort();
    expectEqual(ids, ['app-0', 'app-1', 'app-2', 'app-3', 'missing'], 'answered ids');
  });

  // The SDK's BatchResponseContent reads each body as base64 bytes, while Graph (as OData
  // says) sends a JSON body as JSON: its getParsableResponseById answers undefined for every
  // JSON body (seen with msgraph-sdk-core 1.0.0-preview.17). So the same batch is posted
  // through the adapter and each JSON body is read with the SDK's own deserializer.
  await r.check('$batch: each answer matched by id is the app that step asked for', async () => {
    const batch = new kiota.core.BatchRequestContent(adapter, g.errors);
    for (const [i, app] of wanted.entries()) batch.addBatchRequest(g.request('GET', '/applications/{id}', { id: app.objectId }), `app-${i}`);
    const post = g.request('POST', '/$batch');
    post.setContentFromParsable(adapter, 'application/json', batch.getContent(), kiota.core.serializeBatchRequestBody as never);
    const raw = await adapter.sendPrimitive<ArrayBuffer>(post, 'ArrayBuffer', g.errors);
    const answers = (JSON.parse(Buffer.from(raw ?? new ArrayBuffer(0)).toString('utf8')) as { responses: { id: string; status: number; body: unknown }[] }).responses;
    const parse = adapter.getParseNodeFactory() as InstanceType<typeof kiota.abstractions.ParseNodeFactoryRegistry>;
    for (const [i, app] of wanted.entries()) {
      const answer = answers.find((a) => a.id === `app-${i}`);
      expectEqual(answer?.status, 200, `app-${i} status`);
      const body = parse.deserializeFromJson(JSON.stringify(answer?.body), kiota.models.createApplicationFromDiscriminatorValue as never) as Application;
      expectEqual([body?.id, body?.appId], [app.objectId, app.appId], `app-${i} [id, appId]`);
    }
  });

  await r.check('$batch: a step for a missing app is 404 inside the 200 batch', async () => {
    expectEqual((await answered()).getResponseById('missing')?.status, 404, 'status of the missing step');
  });

  await r.check('$batch: answers are the same whatever order they come in (two runs agree by id)', async () => {
    const summary = async (a: Awaited<ReturnType<typeof run>>) => {
      const statuses = await a.getResponsesStatusCodes();
      return [...statuses.entries()].sort(([x], [y]) => x.localeCompare(y));
    };
    const [first, second] = [await summary(await answered()), await summary(await run())];
    expectEqual(second, first, 'statuses by id');
    expectTrue(first.length === 5, 'five answers', first);
  });
}

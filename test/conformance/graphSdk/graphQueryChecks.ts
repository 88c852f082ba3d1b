// Reading applications and service principals through the SDK: paging with @odata.nextLink and
// the SDK's PageIterator, $select, $filter, $expand, $search and $count as Graph documents them.
// Runs before any write, so Contoso holds exactly the sandbox's `apps` count.
import type { RunningSandbox } from '../../../src/sandbox';
import { type CheckRecorder, expectEqual, expectTrue } from '../checks';
import { EVENTUAL, type Application, type GraphRequests } from './graphRequests';
import { expectGraphError } from './odataExpectations';

export async function queryChecks(g: GraphRequests, s: RunningSandbox, r: CheckRecorder, totalApps: number): Promise<void> {
  const { kiota, adapter } = g;
  const sync = s.apps.contosoSync.appId;

  await r.check('applications: a page is 100 apps by default, with @odata.nextLink', async () => {
    const page = await g.applications({});
    expectEqual(page?.value?.length, 100, 'apps on the first page');
    expectTrue(typeof page?.odataNextLink === 'string', 'the page has @odata.nextLink', page?.odataNextLink);
  });

  await r.check('applications: $top=999 answers 999 apps and a next link', async () => {
    const page = await g.applications({ top: 999 });
    expectEqual(page?.value?.length, 999, 'apps on the first page');
    expectTrue(typeof page?.odataNextLink === 'string', 'the page has @odata.nextLink', page?.odataNextLink);
  });

  await r.check(`applications: PageIterator over $top=999 visits all ${totalApps} apps once`, async () => {
    const first = await g.applications({ top: 999, select: ['id'] });
    const ids: string[] = [];
    const iterator = new kiota.core.PageIterator<Application>(adapter, first as never, (app) => {
      ids.push(app.id ?? '');
      return true;
    }, kiota.models.createApplicationCollectionResponseFromDiscriminatorValue as never, g.errors);
    await iterator.iterate();
    expectEqual(ids.length, totalApps, 'apps visited');
    expectEqual(new Set(ids).size, totalApps, 'distinct ids');
  });

  await r.check('applications: $select=id,displayName answers those properties only', async () => {
    const page = await g.applications({ top: 5, select: ['id', 'displayName'] });
    const app = page?.value?.[0];
    expectTrue(!!app?.id && !!app.displayName, 'id and displayName are present', app);
    expectEqual([app?.appId, app?.signInAudience], [undefined, undefined], '[appId, signInAudience] (not selected)');
  });

  await r.check("applications: $filter=displayName eq 'Contoso Sync'", async () => {
    const page = await g.applications({ filter: "displayName eq 'Contoso Sync'" });
    expectEqual(page?.value?.map((a) => a.appId), [sync], 'appIds found');
  });

  await r.check("applications: $filter=startswith(displayName,'Generated App 0001')", async () => {
    const page = await g.applications({ filter: "startswith(displayName,'Generated App 0001')", top: 999 });
    const names = (page?.value ?? []).map((a) => a.displayName ?? '').sort();
    expectEqual(names, Array.from({ length: 10 }, (_, i) => `Generated App 0001${i}`), 'displayNames found');
  });

  await r.check('applications: $expand=federatedIdentityCredentials brings each app\'s FICs', async () => {
    const page = await g.applications({ filter: `appId eq '${sync}'`, expand: ['federatedIdentityCredentials'] });
    const fics = page?.value?.[0]?.federatedIdentityCredentials ?? [];
    expectEqual(fics.map((f) => [f.name, f.subject, f.audiences]), [['token-function-mi', s.managedIdentity.userAssigned.objectId, ['api://AzureADTokenExchange']]], 'expanded FICs [name, subject, audiences]');
  });

  await r.check('applications: with $expand a page holds at most 100 apps even when $top=999', async () => {
    const page = await g.applications({ top: 999, expand: ['federatedIdentityCredentials'] });
    expectEqual(page?.value?.length, 100, 'apps on the page');
    expectTrue(typeof page?.odataNextLink === 'string', 'the page has @odata.nextLink', page?.odataNextLink);
  });

  await r.check('applications: $search="displayName:Contoso" with ConsistencyLevel: eventual', async () => {
    const page = await g.applications({ search: '"displayName:Contoso"', top: 999 }, EVENTUAL);
    const names = (page?.value ?? []).map((a) => a.displayName ?? '');
    expectTrue(names.includes('Contoso Sync') && names.includes('Contoso Reporting'), 'Contoso Sync and Contoso Reporting are found', names);
    expectTrue(names.every((n) => /contoso/i.test(n)), 'every app found has Contoso in its name', names);
  });

  await r.check('applications: $search without ConsistencyLevel is 400 Request_UnsupportedQuery', () =>
    expectGraphError(() => g.applications({ search: '"displayName:Contoso"' }), 400, 'Request_UnsupportedQuery'));

  await r.check(`applications: $count=true with ConsistencyLevel: eventual gives @odata.count ${totalApps}`, async () => {
    const page = await g.applications({ count: true, top: 999 }, EVENTUAL);
    expectEqual(page?.odataCount, totalApps, '@odata.count');
  });

  await r.check('applications: @odata.count is on the first page only', async () => {
    const first = await g.applications({ count: true, top: 999 }, EVENTUAL);
    const next = first?.odataNextLink;
    expectTrue(typeof next === 'string', 'the first page has @odata.nextLink', next);
    const second = await g.applicationsPage(next as string, EVENTUAL);
    expectTrue((second?.value?.length ?? 0) > 0, 'the second page has apps', second?.value?.length);
    expectEqual(second?.odataCount, undefined, '@odata.count on the second page');
  });

  await r.check('applications: $count=true without ConsistencyLevel is ignored (200, no @odata.count)', async () => {
    const page = await g.applications({ count: true, top: 10 });
    expectEqual(page?.value?.length, 10, 'apps on the page');
    expectEqual(page?.odataCount, undefined, '@odata.count');
  });

  await r.check('applications: $orderby=displayName without the advanced-query parameters is 400 Request_UnsupportedQuery', () =>
    expectGraphError(() => g.applications({ orderby: ['displayName'], top: 10 }), 400, 'Request_UnsupportedQuery'));

  await r.check('applications: $orderby=displayName with ConsistencyLevel: eventual and $count=true sorts by name', async () => {
    const names = ((await g.applications({ orderby: ['displayName'], count: true, top: 999 }, EVENTUAL))?.value ?? []).map((a) => a.displayName ?? '');
    expectEqual(names.length, 999, 'apps on the page');
    const sorted = [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
    expectEqual(names, sorted, 'displayNames in order');
  });

  const mis = async () => (await g.servicePrincipals({ filter: "servicePrincipalType eq 'ManagedIdentity'", top: 999 }))?.value ?? [];
  for (const [label, mi, explicit] of [['user-assigned', s.managedIdentity.userAssigned, 'True'], ['system-assigned', s.managedIdentity.systemAssigned, 'False']] as const) {
    await r.check(`servicePrincipals: the ${label} managed identity (id = object id, appId = client id, isExplicit=${explicit})`, async () => {
      const found = (await mis()).find((sp) => sp.id === mi.objectId);
      expectTrue(found !== undefined, `the identity ${mi.objectId} is listed`);
      expectEqual(found?.appId, mi.clientId, 'appId');
      expectEqual(found?.servicePrincipalType, 'ManagedIdentity', 'servicePrincipalType');
      const names = (found?.alternativeNames ?? []).map((n) => n.toLowerCase());
      expectTrue(names.includes(`isexplicit=${explicit.toLowerCase()}`) && names.includes(mi.resourceId.toLowerCase()),
        `alternativeNames hold isExplicit=${explicit} and the Azure resource id`, found?.alternativeNames);
    });
  }

  await r.check("servicePrincipals(appId='…'): Contoso Sync's principal in Contoso", async () => {
    const sp = await g.servicePrincipalByAppId(sync);
    expectEqual(sp?.appId, sync, 'appId');
    expectTrue(!!sp?.id, 'it has an object id', sp?.id);
  });
}

import assert from 'node:assert/strict';
import {
  CLOUDS,
  PUBLIC_EXCHANGE_AUDIENCE_GUID,
  cloudOfExchangeAudience,
  cloudOfIssuer,
  getCloud,
  isCloudName,
  isEntraIssuer,
  isLoopbackAuthority,
  isOfficialExchangeAudience,
  parseEntraIssuer,
  portalAppUrl,
  sandboxCloud,
} from '../../../src/core/clouds';
import { TENANT } from './tokens';

describe('clouds', () => {
  it('has the endpoints and audiences of each national cloud', () => {
    assert.equal(CLOUDS.public.authority, 'https://login.microsoftonline.com');
    assert.equal(CLOUDS.public.graphV1, 'https://graph.microsoft.com/v1.0');
    assert.equal(CLOUDS.public.graphScope, 'https://graph.microsoft.com/.default');
    assert.equal(CLOUDS.public.portal, 'https://portal.azure.com');
    assert.equal(CLOUDS.public.exchangeAudience, 'api://AzureADTokenExchange');
    assert.equal(CLOUDS.usgov.authority, 'https://login.microsoftonline.us');
    assert.equal(CLOUDS.usgov.graph, 'https://graph.microsoft.us');
    assert.equal(CLOUDS.usgov.portal, 'https://portal.azure.us');
    assert.equal(CLOUDS.usgov.exchangeAudience, 'api://AzureADTokenExchangeUSGov');
    assert.equal(CLOUDS.china.authority, 'https://login.chinacloudapi.cn');
    assert.equal(CLOUDS.china.graph, 'https://microsoftgraph.chinacloudapi.cn');
    assert.equal(CLOUDS.china.portal, 'https://portal.azure.cn');
    assert.equal(CLOUDS.china.exchangeAudience, 'api://AzureADTokenExchangeChina');
    assert.equal(PUBLIC_EXCHANGE_AUDIENCE_GUID, 'fb60f99c-7a34-4190-8149-302f77469936');
  });

  it('builds the sandbox cloud from its runtime base URL', () => {
    const c = sandboxCloud('https://127.0.0.1:8443/');
    assert.equal(c.name, 'sandbox');
    assert.equal(c.authority, 'https://127.0.0.1:8443');
    assert.equal(c.graphV1, 'https://127.0.0.1:8443/v1.0');
    assert.equal(c.portal, undefined);
    assert.equal(c.exchangeAudience, 'api://AzureADTokenExchange');
    assert.equal(sandboxCloud('https://localhost:9000', { graph: 'https://localhost:9000/v1.0' }).graphV1, 'https://localhost:9000/v1.0');
    assert.throws(() => sandboxCloud('http://127.0.0.1:8443'), /https URL/);
    assert.throws(() => sandboxCloud('https://example.com'), /127\.0\.0\.1/);
    assert.equal(getCloud('sandbox', 'https://127.0.0.1:1').authority, 'https://127.0.0.1:1');
    assert.throws(() => getCloud('sandbox'), /sandbox authority/);
    assert.equal(getCloud('usgov'), CLOUDS.usgov);
    assert.equal(isLoopbackAuthority('https://[::1]:8443'), true);
    assert.equal(isLoopbackAuthority('https://127.0.0.2'), false);
  });

  it('isCloudName', () => {
    assert.equal(isCloudName('china'), true);
    assert.equal(isCloudName('germany'), false);
  });

  it('parses Entra issuers of every cloud and version', () => {
    assert.deepEqual(parseEntraIssuer(`https://login.microsoftonline.com/${TENANT}/v2.0`), { cloud: 'public', authority: 'https://login.microsoftonline.com', tenant: TENANT, version: '2.0', canonical: true });
    assert.equal(parseEntraIssuer(`https://login.microsoftonline.com/${TENANT}/v2.0/`)?.canonical, false);
    assert.deepEqual(parseEntraIssuer(`https://sts.windows.net/${TENANT}/`), { cloud: 'public', authority: 'https://login.microsoftonline.com', tenant: TENANT, version: '1.0', canonical: true });
    assert.equal(parseEntraIssuer(`https://sts.chinacloudapi.cn/${TENANT}/`)?.cloud, 'china');
    assert.equal(parseEntraIssuer(`https://login.microsoftonline.us/${TENANT}/v2.0`)?.cloud, 'usgov');
    assert.equal(parseEntraIssuer(`https://127.0.0.1:8443/${TENANT}/v2.0`)?.cloud, 'sandbox');
    assert.equal(parseEntraIssuer('https://token.actions.githubusercontent.com'), undefined);
    assert.equal(parseEntraIssuer('http://login.microsoftonline.com/x/v2.0'), undefined);
    assert.equal(parseEntraIssuer('garbage'), undefined);
  });

  it('cloudOfIssuer detects cross-cloud tokens', () => {
    assert.equal(cloudOfIssuer(`https://login.microsoftonline.us/${TENANT}/v2.0`), 'usgov');
    assert.equal(cloudOfIssuer(`https://login.chinacloudapi.cn/${TENANT}/v2.0`), 'china');
    assert.equal(cloudOfIssuer('https://remote-sandbox.test/x/v2.0', ['https://remote-sandbox.test']), 'sandbox');
    assert.equal(cloudOfIssuer('https://token.actions.githubusercontent.com'), undefined);
    assert.equal(isEntraIssuer(`https://login.microsoftonline.com/${TENANT}/v2.0`), true);
  });

  it('exchange audiences and their clouds', () => {
    assert.equal(isOfficialExchangeAudience('api://AzureADTokenExchange'), true);
    assert.equal(isOfficialExchangeAudience('api://azureadtokenexchange'), false);
    assert.equal(cloudOfExchangeAudience(PUBLIC_EXCHANGE_AUDIENCE_GUID), 'public');
    assert.equal(cloudOfExchangeAudience('api://AzureADTokenExchangeChina'), 'china');
    assert.equal(cloudOfExchangeAudience('api://custom'), undefined);
  });

  it('portal links per cloud, none for the sandbox', () => {
    assert.match(portalAppUrl(CLOUDS.usgov, 'abc') ?? '', /^https:\/\/portal\.azure\.us\/.*appId\/abc$/);
    assert.equal(portalAppUrl(sandboxCloud('https://127.0.0.1:1'), 'abc'), undefined);
  });
});

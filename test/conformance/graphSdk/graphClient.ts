// The kiota Graph SDK set up the way Microsoft's docs set it up — GraphRequestAdapter with its
// default Graph middleware (retry, redirect, compression, telemetry), an Azure Identity
// credential behind AzureIdentityAuthenticationProvider — pointed at the sandbox tenant.
// @microsoft/msgraph-sdk ships the models and the client; the per-path request builders live
// in other packages this project does not install, so graphRequests.ts builds each request as
// those generated builders do (URI template, query parameters, headers, the SDK's factories).
import { ClientSecretCredential } from '@azure/identity';
import type { RunningSandbox } from '../../../src/sandbox';
import { httpsFetchTrusting } from './httpsFetch';

const REQUEST_DEADLINE_MS = 30_000;

export type Kiota = Awaited<ReturnType<typeof loadKiota>>;

/** The SDK's packages are ES modules; the compiled tests are CommonJS, so they load at run time. */
export async function loadKiota() {
  const [abstractions, json, text, fetchLibrary, core, sdk, models, errors, azureAuth] = await Promise.all([
    import('@microsoft/kiota-abstractions'),
    import('@microsoft/kiota-serialization-json'),
    import('@microsoft/kiota-serialization-text'),
    import('@microsoft/kiota-http-fetchlibrary'),
    import('@microsoft/msgraph-sdk-core'),
    import('@microsoft/msgraph-sdk'),
    import('@microsoft/msgraph-sdk/models/index.js'),
    import('@microsoft/msgraph-sdk/models/oDataErrors/index.js'),
    import('@microsoft/kiota-authentication-azure'),
  ]);
  return { abstractions, json, text, fetchLibrary, core, sdk, models, errors, azureAuth };
}

export type GraphAdapter = InstanceType<Kiota['sdk']['GraphRequestAdapter']>;

/** A request adapter acting as the seeded admin app in `tenant` (Contoso unless told). */
export function graphAdapter(kiota: Kiota, s: RunningSandbox, tenant = s.tenants.home): GraphAdapter {
  const credential = new ClientSecretCredential(tenant, s.admin.clientId, s.admin.clientSecret, {
    authorityHost: s.authority,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: s.ca },
  });
  // Allowed hosts are host names without a port: the token goes to the sandbox and nowhere else.
  const auth = new kiota.azureAuth.AzureIdentityAuthenticationProvider(credential, ['https://graph.microsoft.com/.default'], undefined, new Set(['127.0.0.1']));
  const httpClient = kiota.core.createGraphClientFactory({ graphServiceTargetVersion: 'v1.0' }, httpsFetchTrusting(s.ca, REQUEST_DEADLINE_MS));
  const parseNodes = new kiota.abstractions.ParseNodeFactoryRegistry();
  const writers = new kiota.abstractions.SerializationWriterFactoryRegistry();
  const adapter = new kiota.sdk.GraphRequestAdapter(auth, parseNodes, writers, httpClient);
  const backingStore = adapter.getBackingStoreFactory();
  parseNodes.registerDefaultDeserializer(kiota.json.JsonParseNodeFactory, backingStore);
  parseNodes.registerDefaultDeserializer(kiota.text.TextParseNodeFactory, backingStore);
  writers.registerDefaultSerializer(kiota.json.JsonSerializationWriterFactory);
  writers.registerDefaultSerializer(kiota.text.TextSerializationWriterFactory);
  adapter.baseUrl = s.graph;
  return adapter;
}

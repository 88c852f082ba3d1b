// Requests as the SDK's generated request builders make them (the applications and
// servicePrincipals builders ship in packages this project does not install): the same URI
// templates with `{+baseurl}`, query parameters under their `%24` names, headers, and the
// models' factories and ODataError mapping from @microsoft/msgraph-sdk.
import type { SerializationWriter } from '@microsoft/kiota-abstractions' with { 'resolution-mode': 'import' };
import type {
  Application,
  ApplicationCollectionResponse as ApplicationPage,
  FederatedIdentityCredential,
  FederatedIdentityCredentialCollectionResponse as FederatedIdentityCredentialPage,
  ServicePrincipal,
  ServicePrincipalCollectionResponse as ServicePrincipalPage,
} from '@microsoft/msgraph-sdk/models/index.js' with { 'resolution-mode': 'import' };
import type { ODataError } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js' with { 'resolution-mode': 'import' };
import type { GraphAdapter, Kiota } from './graphClient';

export type { Application, ApplicationPage, FederatedIdentityCredential, ODataError, ServicePrincipalPage };

type Abstractions = Kiota['abstractions'];
type RequestInformation = InstanceType<Abstractions['RequestInformation']>;

const COLLECTION_QUERY = '{?%24count,%24expand,%24filter,%24orderby,%24search,%24select,%24skip,%24top}';
const ITEM_QUERY = '{?%24expand,%24select}';

export interface CollectionQuery {
  top?: number;
  select?: string[];
  filter?: string;
  expand?: string[];
  search?: string;
  count?: boolean;
  orderby?: string[];
}

/** Graph's advanced-query header, which $search and $count need on directory objects. */
export const EVENTUAL = { ConsistencyLevel: 'eventual' };

export class GraphRequests {
  readonly errors: Record<string, Kiota['errors']['createODataErrorFromDiscriminatorValue']>;

  constructor(readonly kiota: Kiota, readonly adapter: GraphAdapter) {
    this.errors = { XXX: kiota.errors.createODataErrorFromDiscriminatorValue };
  }

  request(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', template: string, path: Record<string, string> = {}, headers: Record<string, string> = {}): RequestInformation {
    const { RequestInformation, HttpMethod } = this.kiota.abstractions;
    const info = new RequestInformation(HttpMethod[method], `{+baseurl}${template}`, { baseurl: this.adapter.baseUrl, ...path });
    info.headers.tryAdd('Accept', 'application/json');
    for (const [name, value] of Object.entries(headers)) info.headers.tryAdd(name, value);
    return info;
  }

  withQuery(info: RequestInformation, q: CollectionQuery): RequestInformation {
    const set = (name: string, value: unknown) => {
      if (value !== undefined) info.queryParameters[`%24${name}`] = value as string;
    };
    set('top', q.top);
    set('select', q.select);
    set('filter', q.filter);
    set('expand', q.expand);
    set('search', q.search);
    set('count', q.count);
    set('orderby', q.orderby);
    return info;
  }

  withBody(info: RequestInformation, body: object, serializer: (w: SerializationWriter, v?: object) => void): RequestInformation {
    info.setContentFromParsable(this.adapter, 'application/json', body, serializer as never);
    return info;
  }

  applications(q: CollectionQuery, headers: Record<string, string> = {}): Promise<ApplicationPage | undefined> {
    const info = this.withQuery(this.request('GET', `/applications${COLLECTION_QUERY}`, {}, headers), q);
    return this.adapter.send(info, this.kiota.models.createApplicationCollectionResponseFromDiscriminatorValue, this.errors);
  }

  /** Follows an @odata.nextLink verbatim, as the SDK's PageIterator does. */
  applicationsPage(nextLink: string, headers: Record<string, string> = {}): Promise<ApplicationPage | undefined> {
    const info = this.request('GET', '', {}, headers);
    info.urlTemplate = '{+baseurl}';
    info.URL = nextLink;
    return this.adapter.send(info, this.kiota.models.createApplicationCollectionResponseFromDiscriminatorValue, this.errors);
  }

  createApplication(app: Partial<Application>): Promise<Application | undefined> {
    const info = this.withBody(this.request('POST', '/applications'), app, this.kiota.models.serializeApplication as never);
    return this.adapter.send(info, this.kiota.models.createApplicationFromDiscriminatorValue, this.errors) as Promise<Application | undefined>;
  }

  servicePrincipals(q: CollectionQuery, headers: Record<string, string> = {}): Promise<ServicePrincipalPage | undefined> {
    const info = this.withQuery(this.request('GET', `/servicePrincipals${COLLECTION_QUERY}`, {}, headers), q);
    return this.adapter.send(info, this.kiota.models.createServicePrincipalCollectionResponseFromDiscriminatorValue, this.errors);
  }

  servicePrincipalByAppId(appId: string): Promise<ServicePrincipal | undefined> {
    const info = this.request('GET', `/servicePrincipals(appId='{appId}')${ITEM_QUERY}`, { appId });
    return this.adapter.send(info, this.kiota.models.createServicePrincipalFromDiscriminatorValue, this.errors) as Promise<ServicePrincipal | undefined>;
  }

  // --- federated identity credentials of one application (by object id, or by appId) ---

  credentials(appObjectId: string): Promise<FederatedIdentityCredentialPage | undefined> {
    const info = this.request('GET', `/applications/{application%2Did}/federatedIdentityCredentials${COLLECTION_QUERY}`, { 'application%2Did': appObjectId });
    return this.adapter.send(info, this.kiota.models.createFederatedIdentityCredentialCollectionResponseFromDiscriminatorValue, this.errors) as Promise<FederatedIdentityCredentialPage | undefined>;
  }

  credentialsByAppId(appId: string): Promise<FederatedIdentityCredentialPage | undefined> {
    const info = this.request('GET', `/applications(appId='{appId}')/federatedIdentityCredentials${COLLECTION_QUERY}`, { appId });
    return this.adapter.send(info, this.kiota.models.createFederatedIdentityCredentialCollectionResponseFromDiscriminatorValue, this.errors) as Promise<FederatedIdentityCredentialPage | undefined>;
  }

  private credentialRequest(method: 'GET' | 'PATCH' | 'DELETE', appObjectId: string, idOrName: string, headers: Record<string, string> = {}) {
    return this.request(method, `/applications/{application%2Did}/federatedIdentityCredentials/{federatedIdentityCredential%2Did}${method === 'GET' ? ITEM_QUERY : ''}`,
      { 'application%2Did': appObjectId, 'federatedIdentityCredential%2Did': idOrName }, headers);
  }

  createCredential(appObjectId: string, fic: Partial<FederatedIdentityCredential>): Promise<FederatedIdentityCredential | undefined> {
    const info = this.request('POST', '/applications/{application%2Did}/federatedIdentityCredentials', { 'application%2Did': appObjectId });
    this.withBody(info, fic, this.kiota.models.serializeFederatedIdentityCredential as never);
    return this.adapter.send(info, this.kiota.models.createFederatedIdentityCredentialFromDiscriminatorValue, this.errors) as Promise<FederatedIdentityCredential | undefined>;
  }

  /** GET by id or by name: Graph addresses a credential either way. */
  credential(appObjectId: string, idOrName: string): Promise<FederatedIdentityCredential | undefined> {
    const info = this.credentialRequest('GET', appObjectId, idOrName);
    return this.adapter.send(info, this.kiota.models.createFederatedIdentityCredentialFromDiscriminatorValue, this.errors) as Promise<FederatedIdentityCredential | undefined>;
  }

  updateCredential(appObjectId: string, idOrName: string, patch: Partial<FederatedIdentityCredential>): Promise<void> {
    const info = this.withBody(this.credentialRequest('PATCH', appObjectId, idOrName), patch, this.kiota.models.serializeFederatedIdentityCredential as never);
    return this.adapter.sendNoResponseContent(info, this.errors);
  }

  /**
   * The upsert: PATCH …/federatedIdentityCredentials(name='{name}') with Prefer:
   * create-if-missing. Graph answers 201 with the object when it creates, 204 when it updates.
   */
  upsertCredential(appObjectId: string, name: string, fic: Partial<FederatedIdentityCredential>): Promise<FederatedIdentityCredential | undefined> {
    const info = this.request('PATCH', "/applications/{application%2Did}/federatedIdentityCredentials(name='{name}')",
      { 'application%2Did': appObjectId, name }, { Prefer: 'create-if-missing' });
    this.withBody(info, fic, this.kiota.models.serializeFederatedIdentityCredential as never);
    return this.adapter.send(info, this.kiota.models.createFederatedIdentityCredentialFromDiscriminatorValue, this.errors) as Promise<FederatedIdentityCredential | undefined>;
  }

  deleteCredential(appObjectId: string, idOrName: string): Promise<void> {
    return this.adapter.sendNoResponseContent(this.credentialRequest('DELETE', appObjectId, idOrName), this.errors);
  }
}

// Identifiers Microsoft's platform fixes, stated once for the extension and the sandbox tenant
// alike (ENTRA-FACTS.md). Only plain values live here: what Entra and Graph *do* with them is
// the extension's prediction (src/core) on one side and the sandbox's own implementation on
// the other, and neither may borrow the other's.

/** Microsoft Graph's resource (public cloud): the `aud` of a v1 Graph token. */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

/** Microsoft Graph's app id: the `aud` of a Graph token asked for by app id. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** The scope that asks for an app-only Graph token with every permission granted to the app. */
export const GRAPH_DEFAULT_SCOPE = `${GRAPH_RESOURCE}/.default`;

/** The public cloud's exchange audience: what a federated identity credential stores. */
export const EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

/**
 * The exchange resource's app id. A managed identity's token for the exchange audience is v2,
 * and a v2 token's `aud` is the resource's client id, so the token carries this GUID while the
 * credential stores the URI; Entra matches the two.
 */
export const EXCHANGE_AUDIENCE_APP_ID = 'fb60f99c-7a34-4190-8149-302f77469936';

/** The scope a managed identity asks for to get its token for the exchange audience. */
export const EXCHANGE_SCOPE = `${EXCHANGE_AUDIENCE}/.default`;

"""azure-identity for Python (Debian's python3-azure) against the sandbox tenant.

ManagedIdentityCredential through each host protocol the SDK knows, with the system-assigned
identity and the user-assigned one picked by each selector; the exchange token's shape;
ClientAssertionCredential with the identity's token; ClientSecretCredential. TLS is verified
against the sandbox CA through REQUESTS_CA_BUNDLE (set by the harness).
"""

import json
import os
import time

from conformance_checks import Checks, CheckFailure, claims, expect_equal, expect_true, load_fixtures, require_module

identity = require_module("azure.identity", "python3-azure")
core_exceptions = require_module("azure.core.exceptions", "python3-azure")

EXCHANGE_SCOPE = "api://AzureADTokenExchange/.default"
EXCHANGE_APP_ID = "fb60f99c-7a34-4190-8149-302f77469936"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"
fx = load_fixtures()
info = fx["info"]
mi = info["managedIdentity"]
ua, sa = mi["userAssigned"], mi["systemAssigned"]
home, customer = info["tenants"]["home"], info["tenants"]["customer"]
sync_app = info["apps"]["contosoSync"]["appId"]
checks = Checks()

# The variables ManagedIdentityCredential reads, once, when it is constructed.
HOST_VARIABLES = (
    "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "IDENTITY_SERVER_THUMBPRINT", "IMDS_ENDPOINT", "MSI_ENDPOINT", "MSI_SECRET",
    "AZURE_POD_IDENTITY_AUTHORITY_HOST", "AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE",
)


def host(protocol):
    """The environment a managed-identity host gives its code, as App Service and AKS set it."""
    if protocol == "app-service-2019":
        return {"IDENTITY_ENDPOINT": mi["endpoint"], "IDENTITY_HEADER": mi["header"]}
    if protocol == "app-service-2017":
        # App Service sets MSI_ENDPOINT/MSI_SECRET to the same endpoint and secret as the newer
        # pair; a sandbox may name its own values for the older protocol.
        return {"MSI_ENDPOINT": mi.get("msiEndpoint", mi["endpoint"]), "MSI_SECRET": mi.get("msiSecret", mi["header"])}
    return {"AZURE_POD_IDENTITY_AUTHORITY_HOST": mi["imdsEndpoint"]}


def mi_token(protocol, scope=EXCHANGE_SCOPE, **selector):
    for name in HOST_VARIABLES:
        os.environ.pop(name, None)
    os.environ.update(host(protocol))
    credential = identity.ManagedIdentityCredential(**selector)
    return credential.get_token(scope)


PROTOCOLS = (
    ("App Service 2019-08-01 (IDENTITY_ENDPOINT)", "app-service-2019"),
    ("App Service 2017-09-01 (MSI_ENDPOINT)", "app-service-2017"),
    ("IMDS (AZURE_POD_IDENTITY_AUTHORITY_HOST)", "imds"),
)
# Each selector the SDK can send for that protocol: client_id as a keyword (the 2017 protocol
# sends it as `clientid`), the others through identity_config under the protocol's own name.
SELECTORS = {
    "app-service-2019": (("client_id", {"client_id": ua["clientId"]}), ("object_id", {"identity_config": {"object_id": ua["objectId"]}}),
                         ("principal_id", {"identity_config": {"principal_id": ua["objectId"]}}), ("mi_res_id", {"identity_config": {"mi_res_id": ua["resourceId"]}})),
    "app-service-2017": (("client_id", {"client_id": ua["clientId"]}),),
    "imds": (("client_id", {"client_id": ua["clientId"]}), ("object_id", {"identity_config": {"object_id": ua["objectId"]}}),
             ("msi_res_id", {"identity_config": {"msi_res_id": ua["resourceId"]}})),
}


def expect_identity(token, expected, what):
    c = claims(token.token)
    expect_equal((c.get("oid"), c.get("sub")), (expected["objectId"], expected["objectId"]), "%s: (oid, sub)" % what)
    expect_true(token.expires_on > time.time() + 60, "%s: expires_on (epoch seconds) lies ahead" % what, token.expires_on)


for label, protocol in PROTOCOLS:
    checks.check("ManagedIdentityCredential, %s: system-assigned identity" % label,
                 lambda p=protocol: expect_identity(mi_token(p), sa, "system-assigned"))
    for selector, kwargs in SELECTORS[protocol]:
        checks.check("ManagedIdentityCredential, %s: user-assigned by %s" % (label, selector),
                     lambda p=protocol, k=kwargs: expect_identity(mi_token(p, **k), ua, "user-assigned"))

exchange_claims = {}


def exchange(name):
    if not exchange_claims:
        exchange_claims.update(claims(mi_token("app-service-2019", client_id=ua["clientId"]).token))
    return exchange_claims.get(name)


checks.check("exchange token is v2 (ver 2.0)", lambda: expect_equal(exchange("ver"), "2.0", "ver"))
checks.check("exchange token aud is the exchange app's id %s" % EXCHANGE_APP_ID, lambda: expect_equal(exchange("aud"), EXCHANGE_APP_ID, "aud"))
checks.check("exchange token iss is {authority}/{tid}/v2.0", lambda: expect_equal(exchange("iss"), "%s/%s/v2.0" % (info["authority"], home), "iss"))
checks.check("exchange token sub = oid = the identity's object id", lambda: expect_equal((exchange("sub"), exchange("oid")), (ua["objectId"], ua["objectId"]), "(sub, oid)"))
checks.check("exchange token names the identity's resource (xms_mirid) and idtyp app", lambda: expect_equal(
    ((exchange("xms_mirid") or "").lower(), exchange("idtyp")), (ua["resourceId"].lower(), "app"), "(xms_mirid, idtyp)"))


def graph_token_by_identity():
    c = claims(mi_token("app-service-2019", GRAPH_SCOPE, client_id=ua["clientId"]).token)
    expect_equal((c.get("ver"), c.get("iss"), c.get("appid"), "azp" in c), ("1.0", "https://sts.windows.net/%s/" % home, ua["clientId"], False), "(ver, iss, appid, has azp)")


def federation_app_audience():
    federation = info["apps"]["federation"]
    c = claims(mi_token("app-service-2019", "%s/.default" % federation["identifierUri"], client_id=ua["clientId"]).token)
    expect_equal((c.get("ver"), c.get("aud")), ("2.0", federation["appId"]), "(ver, aud)")


checks.check("token for the federation app (2022 pattern) is v2 with aud = its appId", federation_app_audience)


def arm_token_by_identity():
    c = claims(mi_token("app-service-2019", "https://management.azure.com/.default", client_id=ua["clientId"]).token)
    expect_equal((c.get("tid"), c.get("ver"), c.get("oid")), (home, "1.0", ua["objectId"]), "(tid, ver, oid)")


checks.check("managed identity's token for Azure Resource Manager (https://management.azure.com/), v1", arm_token_by_identity)

checks.check("managed identity's Graph token is v1 (ver, iss, appid, no azp)", graph_token_by_identity)


def assertion():
    return mi_token("app-service-2019", client_id=ua["clientId"]).token


def assertion_credential(client_id, tenant):
    # The authority comes from AZURE_AUTHORITY_HOST: ClientAssertionCredential 1.13.0b2 hands its
    # keyword arguments on to object.__init__, so `authority=` raises TypeError (seen here).
    os.environ["AZURE_AUTHORITY_HOST"] = info["authority"]
    return identity.ClientAssertionCredential(tenant, client_id, assertion)


assertion_tokens = {}


def assertion_claims(tenant):
    if tenant not in assertion_tokens:
        assertion_tokens[tenant] = claims(assertion_credential(sync_app, tenant).get_token(GRAPH_SCOPE).token)
    return assertion_tokens[tenant]


for label, tenant in (("Contoso", home), ("Fabrikam", customer)):
    checks.check("ClientAssertionCredential: Contoso Sync into %s with the identity's token" % label,
                 lambda t=tenant: expect_equal(assertion_claims(t).get("tid"), t, "tid"))
    checks.check("ClientAssertionCredential: Contoso Sync's token in %s is v1 with appid (ver, appid)" % label,
                 lambda t=tenant: expect_equal((assertion_claims(t).get("ver"), assertion_claims(t).get("appid")), ("1.0", sync_app), "(ver, appid)"))


def expect_refused(call, code):
    try:
        call()
    except core_exceptions.ClientAuthenticationError as error:
        expect_true("AADSTS%d" % code in str(error), "the error names AADSTS%d" % code, str(error)[:300])
        if error.response is not None:
            expect_equal(json.loads(error.response.text()).get("error_codes"), [code], "error_codes in the answer")
        return
    raise CheckFailure("expected AADSTS%d, but a token was issued" % code)


checks.check("ClientAssertionCredential: Contoso Broken Sync is refused with AADSTS700212",
             lambda: expect_refused(lambda: assertion_credential(info["apps"]["broken"]["appId"], home).get_token(GRAPH_SCOPE), 700212))


def secret_credential(tenant, secret=None):
    return identity.ClientSecretCredential(tenant, info["admin"]["clientId"], secret or info["admin"]["clientSecret"],
                                           authority=info["authority"], instance_discovery=False)


secret_tokens = {}


def secret_claims(tenant):
    if tenant not in secret_tokens:
        secret_tokens[tenant] = claims(secret_credential(tenant).get_token(GRAPH_SCOPE).token)
    return secret_tokens[tenant]


for label, tenant in (("Contoso", home), ("Fabrikam", customer)):
    checks.check("ClientSecretCredential: admin app into %s" % label, lambda t=tenant: expect_equal(secret_claims(t).get("tid"), t, "tid"))
    checks.check("ClientSecretCredential: admin app's token in %s is v1 (ver, iss, appid)" % label, lambda t=tenant: expect_equal(
        (secret_claims(t).get("ver"), secret_claims(t).get("iss"), secret_claims(t).get("appid")),
        ("1.0", "https://sts.windows.net/%s/" % t, info["admin"]["clientId"]), "(ver, iss, appid)"))


def service_management_token():
    # The scope az login asks for: the Azure Service Management resource, whose URI ends in a slash.
    c = claims(secret_credential(customer).get_token("https://management.core.windows.net//.default").token)
    expect_equal((c.get("tid"), c.get("ver")), (customer, "1.0"), "(tid, ver)")


checks.check("ClientSecretCredential: a token for Azure Service Management in Fabrikam (az login's scope), v1", service_management_token)
checks.check("ClientSecretCredential: a wrong secret is refused with AADSTS7000215",
             lambda: expect_refused(lambda: secret_credential(home, "not-the-secret").get_token(GRAPH_SCOPE), 7000215))

checks.done()

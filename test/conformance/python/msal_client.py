"""MSAL for Python (Debian's python3-msal) against the sandbox tenant.

Client credentials with a secret, and the client-assertion exchange with a managed identity's
token as client_assertion: success into both tenants and each AADSTS answer Entra documents.
TLS is verified against the sandbox CA through REQUESTS_CA_BUNDLE (set by the harness).
"""

from conformance_checks import Checks, claims, expect_equal, expect_true, fixture, load_fixtures, require_module

msal = require_module("msal", "python3-msal")

GRAPH_SCOPE = ["https://graph.microsoft.com/.default"]
fx = load_fixtures()
info = fx["info"]
home, customer = info["tenants"]["home"], info["tenants"]["customer"]
sync_app = info["apps"]["contosoSync"]["appId"]
broken_app = info["apps"]["broken"]["appId"]
checks = Checks()


def app(client_id, tenant, credential):
    # validate_authority=False: the sandbox host is not one of Microsoft's clouds, so MSAL must
    # not ask login.microsoftonline.com to vouch for it; it reads the tenant's discovery document.
    return msal.ConfidentialClientApplication(
        client_id, client_credential=credential, authority="%s/%s" % (info["authority"], tenant), validate_authority=False, timeout=20
    )


def with_secret(tenant, secret=None):
    return app(info["admin"]["clientId"], tenant, secret or info["admin"]["clientSecret"]).acquire_token_for_client(GRAPH_SCOPE)


def with_assertion(client_id, tenant, assertion):
    return app(client_id, tenant, {"client_assertion": assertion}).acquire_token_for_client(GRAPH_SCOPE)


def token_of(result, what):
    expect_true("access_token" in result, "%s: expected a token" % what, {k: result.get(k) for k in ("error", "error_codes", "error_description")})
    return result["access_token"]


def expect_aadsts(result, error, code):
    expect_true("access_token" not in result, "expected AADSTS%d, but a token was issued" % code)
    expect_equal(result.get("error"), error, "error")
    expect_equal(result.get("error_codes"), [code], "error_codes")
    expect_true(str(result.get("error_description", "")).startswith("AADSTS%d:" % code), "error_description starts with AADSTS%d:" % code, result.get("error_description"))


# --- client credentials with a secret (the admin app) ---
secret_tokens = {}


def secret_token(tenant):
    if tenant not in secret_tokens:
        secret_tokens[tenant] = token_of(with_secret(tenant), "client secret in %s" % tenant)
    return claims(secret_tokens[tenant])


for label, tenant in (("Contoso", home), ("Fabrikam", customer)):
    checks.check("client secret into %s: a Graph token for that tenant" % label, lambda t=tenant: expect_equal(secret_token(t)["tid"], t, "tid"))
    checks.check("client secret into %s: Graph token is v1 (ver 1.0)" % label, lambda t=tenant: expect_equal(secret_token(t).get("ver"), "1.0", "ver"))
    checks.check(
        "client secret into %s: iss https://sts.windows.net/{tid}/" % label,
        lambda t=tenant: expect_equal(secret_token(t).get("iss"), "https://sts.windows.net/%s/" % t, "iss"),
    )
    checks.check("client secret into %s: appid is the admin app, appidacr 1" % label, lambda t=tenant: expect_equal(
        (secret_token(t).get("appid"), secret_token(t).get("appidacr")), (info["admin"]["clientId"], "1"), "(appid, appidacr)"))
    checks.check("client secret into %s: v1 token has no azp" % label, lambda t=tenant: expect_true("azp" not in secret_token(t), "no azp claim", secret_token(t).get("azp")))
    checks.check("client secret into %s: aud https://graph.microsoft.com" % label, lambda t=tenant: expect_equal(secret_token(t).get("aud"), "https://graph.microsoft.com", "aud"))

checks.check("wrong client secret: invalid_client AADSTS7000215", lambda: expect_aadsts(with_secret(home, "not-the-secret"), "invalid_client", 7000215))


def description_lines():
    result = with_secret(home, "not-the-secret")
    lines = str(result.get("error_description", "")).split("\r\n")
    expect_true(len(lines) >= 3 and lines[1].startswith("Trace ID: ") and lines[2].startswith("Correlation ID: "),
                "error_description: the message, then 'Trace ID:' and 'Correlation ID:' lines separated by \\r\\n", lines)


checks.check("error_description lines are separated by \\r\\n (Trace ID, Correlation ID)", description_lines)

# --- the client-assertion exchange: the managed identity's token as client_assertion ---
ua_token = lambda: fixture(fx["tokens"]["userAssigned"], "user-assigned identity's exchange token")  # noqa: E731
sa_token = lambda: fixture(fx["tokens"]["systemAssigned"], "system-assigned identity's exchange token")  # noqa: E731
exchanged = {}


def exchange_token(tenant):
    if tenant not in exchanged:
        exchanged[tenant] = token_of(with_assertion(sync_app, tenant, ua_token()), "Contoso Sync exchange into %s" % tenant)
    return claims(exchanged[tenant])


for label, tenant in (("Contoso", home), ("Fabrikam", customer)):
    checks.check("exchange: Contoso Sync into %s gets a token for that tenant" % label, lambda t=tenant: expect_equal(exchange_token(t)["tid"], t, "tid"))
    checks.check("exchange: Contoso Sync into %s: appid is Contoso Sync, appidacr 2 (assertion)" % label, lambda t=tenant: expect_equal(
        (exchange_token(t).get("appid"), exchange_token(t).get("appidacr")), (sync_app, "2"), "(appid, appidacr)"))
    checks.check("exchange: Contoso Sync into %s: v1 Graph token (ver, iss, no azp)" % label, lambda t=tenant: expect_equal(
        (exchange_token(t).get("ver"), exchange_token(t).get("iss"), "azp" in exchange_token(t)),
        ("1.0", "https://sts.windows.net/%s/" % t, False), "(ver, iss, has azp)"))

checks.check("exchange: Contoso Sync into Fabrikam carries its Fabrikam role Application.Read.All",
             lambda: expect_true("Application.Read.All" in exchange_token(customer).get("roles", []), "roles contain Application.Read.All", exchange_token(customer).get("roles")))



def federation_app_pattern():
    assertion = fixture(fx["tokens"]["federationApp"], "identity's token for the federation app")
    result = with_assertion(info["apps"]["reporting"]["appId"], customer, assertion)
    expect_equal(claims(token_of(result, "Contoso Reporting exchange into Fabrikam"))["tid"], customer, "tid")


checks.check("exchange through the federation-app pattern (2022): Contoso Reporting into Fabrikam", federation_app_pattern)


def failing(name, client_id, tenant, assertion, error, code):
    checks.check(name, lambda: expect_aadsts(with_assertion(client_id(), tenant, assertion()), error, code))


def fixture_app(key, what):
    return lambda: fixture(fx["apps"][key], what)


def constant(v):
    return lambda: v


failing("exchange refused: app with no service principal in the tenant: unauthorized_client AADSTS700016",
        fixture_app("onlyInHomeTenant", "app provisioned in Contoso only"), customer, ua_token, "unauthorized_client", 700016)
failing("exchange refused: unknown client id: unauthorized_client AADSTS700016",
        constant("00000000-1111-4222-8333-444444444444"), home, ua_token, "unauthorized_client", 700016)
failing("exchange refused: no FIC with the assertion's issuer: AADSTS700211",
        fixture_app("issuerMismatch", "app whose FIC issuer has a trailing slash"), home, ua_token, "invalid_client", 700211)
failing("exchange refused: issuer and subject match but not the audience: AADSTS700212",
        constant(broken_app), home, ua_token, "invalid_client", 700212)
# Issuer and audience match a credential, the subject does not: the 2025 form of the subject
# mismatch, whose message names the credential's subject (ENTRA-FACTS, More token-endpoint codes).
failing("exchange refused: issuer and audience match but not the subject: AADSTS7002137",
        constant(broken_app), home, sa_token, "invalid_client", 7002137)
failing("exchange refused: expired assertion: AADSTS700024",
        constant(sync_app), home, lambda: fixture(fx["tokens"]["expired"], "expired assertion"), "invalid_client", 700024)
failing("exchange refused: assertion with a bad signature: AADSTS700027",
        constant(sync_app), home, lambda: fixture(fx["tokens"]["tamperedSignature"], "assertion with an altered signature"), "invalid_client", 700027)
failing("exchange refused: app with no service principal in its home tenant: AADSTS7000229",
        fixture_app("noHomeServicePrincipal", "app provisioned in Fabrikam only"), customer, ua_token, "invalid_client", 7000229)
failing("exchange refused: app with no federated credentials: AADSTS70025",
        constant(fx["internalToolAppId"]), home, ua_token, "invalid_client", 70025)
failing("exchange refused: assertion itself obtained through a FIC: AADSTS700231",
        fixture_app("trustsChainedToken", "app trusting Contoso Sync's token"), home, lambda: fixture(fx["tokens"]["chained"], "token obtained through a FIC"),
        "invalid_client", 700231)
failing("exchange refused: Entra assertion from another tenant than the app's: AADSTS700236",
        fixture_app("trustsOtherTenantIdentity", "app trusting a Fabrikam identity"), home, lambda: fixture(fx["tokens"]["otherTenantIdentity"], "Fabrikam identity's token"),
        "invalid_client", 700236)

# --- secrets made with addPassword and removed with removePassword (Microsoft Graph) ---
def secrets():
    return fixture(fx["secrets"], "secrets from addPassword")


def signs_in(client_id, tenant, secret):
    token = claims(token_of(app(client_id, tenant, secret).acquire_token_for_client(GRAPH_SCOPE), "secret sign-in"))
    expect_equal((token.get("appid"), token.get("tid")), (client_id, tenant), "(appid, tid)")


checks.check("a secret from addPassword signs in", lambda: signs_in(secrets()["appId"], home, secrets()["added"]))
checks.check("a secret removed with removePassword: invalid_client AADSTS7000215", lambda: expect_aadsts(
    app(secrets()["appId"], home, secrets()["removed"]).acquire_token_for_client(GRAPH_SCOPE), "invalid_client", 7000215))
checks.check("Contoso Legacy Worker's expired secret: invalid_client AADSTS7000215", lambda: expect_aadsts(
    app(secrets()["legacyAppId"], home, secrets()["expired"]).acquire_token_for_client(GRAPH_SCOPE), "invalid_client", 7000215))
checks.check("Contoso Legacy Worker's long-lived secret signs in to Fabrikam (multi-tenant)", lambda: signs_in(secrets()["legacyAppId"], customer, secrets()["longLived"]))

checks.done()

"""Shared by the Python conformance clients: read the fixtures, record named checks.

Each check prints one JSON line on stdout ({"name", "ok", "detail"}); the harness reads them and
prints the results. A last line {"done": N} tells it the script reached its end, so a script
that dies halfway is a failure even if every check it printed passed.
"""

import base64
import json
import os
import sys
import traceback


def load_fixtures():
    with open(os.environ["CONFORMANCE_FIXTURES"], encoding="utf-8") as f:
        return json.load(f)


def fixture(entry, what):
    """The fixture's value, or a failure naming why the sandbox could not provide it."""
    if "value" in entry:
        return entry["value"]
    raise CheckFailure("the %s could not be prepared: %s" % (what, entry["error"]))


class CheckFailure(Exception):
    pass


def claims(jwt):
    part = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def expect_equal(actual, expected, what):
    if actual != expected:
        raise CheckFailure("%s: expected %r, got %r" % (what, expected, actual))


def expect_true(condition, what, actual=None):
    if not condition:
        raise CheckFailure(what if actual is None else "%s; got %r" % (what, actual))


class Checks:
    def __init__(self):
        self.count = 0

    def check(self, name, body):
        """Runs body(); an exception, an assertion's or the client's own, fails this check only."""
        self.count += 1
        try:
            body()
            result = {"name": name, "ok": True}
        except CheckFailure as failure:
            result = {"name": name, "ok": False, "detail": str(failure)}
        except Exception as error:  # the client under test raised: that is the finding
            last = traceback.extract_tb(error.__traceback__)[-1]
            result = {
                "name": name,
                "ok": False,
                "detail": "the client raised %s: %s (at %s:%s)" % (type(error).__name__, str(error)[:600], os.path.basename(last.filename), last.lineno),
            }
        print(json.dumps(result), flush=True)

    def done(self):
        print(json.dumps({"done": self.count}), flush=True)


def require_module(module, debian_package):
    """Imports a client module; its absence is a failure naming the Debian package to install."""
    try:
        return __import__(module, fromlist=["_"])
    except ImportError as error:
        print(json.dumps({"missing": module, "package": debian_package, "detail": str(error)}), flush=True)
        sys.exit(3)

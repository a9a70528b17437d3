"""Schema-driven fuzzing of every operation: whatever the input, never a 5xx, always a problem;
and `ignored_auth`: an operation that declares it needs a key refuses a request without one,
or with a made-up one (401/403), while the suite's admin key is accepted."""

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import ignored_auth

from app.db import get_session
from app.main import create_app
from tests.helpers import ADMIN_KEY, session_override

fuzz_app = create_app()
schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)


@schema.auth()
class SuiteKey:
    """The suite's admin key on every generated request (probes take it off again)."""

    def get(self, case, context):
        return ADMIN_KEY

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_errors_are_problems(case, session):
    fuzz_app.dependency_overrides[get_session] = session_override(session)
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:300]}"
    if response.status_code >= 400:
        content_type = response.headers.get("content-type", [""])[0]
        assert content_type.startswith("application/problem+json"), f"{case.method} {case.formatted_path}"
    case.validate_response(response, checks=[ignored_auth])

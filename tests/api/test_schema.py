"""Property-based run of the API against its own OpenAPI schema: no 5xx, ever.

Bounded: a few examples per operation, no shrinking beyond the default, no deadline.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from tests.factories import ActionFactory, NoteFactory, RecommendationFactory

schema = schemathesis.openapi.from_dict(
    SchemaGenerator().get_schema(request=None, public=True)
)
schema.app = get_wsgi_application()


@pytest.fixture
def test_transaction_survives_requests():
    """Called straight through WSGI, Django would close the connection after each
    request, ending the test's transaction (on PostgreSQL). Its own test client
    turns this off the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(test_transaction_survives_requests, officer, team, inspection):
    """An officer's token, and rows for the generated ids to find now and then."""
    for _ in range(3):
        rec = RecommendationFactory(inspection=inspection, team=team)
        ActionFactory(recommendation=rec, owner=officer)
        NoteFactory(recommendation=rec)
    return Token.objects.create(user=officer).key


@pytest.mark.filterwarnings("ignore::UserWarning")
@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_never_answers_with_a_server_error(case, token):
    response = case.call(headers={"Authorization": f"Token {token}"})
    case.validate_response(response, checks=[not_a_server_error])

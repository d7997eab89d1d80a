"""inspections.validation: full_clean() with fewer queries, and the same answers."""

import datetime
import itertools

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import CheckConstraint, Q
from django.test.utils import CaptureQueriesContext

from inspections.validation import UNSUPPORTED, satisfies, validate
from recommendations.choices import ActionStatus
from recommendations.models import Action
from tests.factories import ActionFactory, RecommendationFactory

PROJECT_APPS = ("inspections", "recommendations")
# A value of each field type that no constraint names, for "anything else".
OTHER = {
    "CharField": "something else",
    "TextField": "something else",
    "DateField": datetime.date(2001, 2, 3),
    "DateTimeField": datetime.datetime(2001, 2, 3, tzinfo=datetime.UTC),
    "BooleanField": True,
    "ForeignKey": 1,
    "FileField": "reports/a.pdf",
}


def check_constraints():
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS and not model.__name__.startswith(
            "Historical"
        ):
            for constraint in model._meta.constraints:
                if isinstance(constraint, CheckConstraint):
                    yield model, constraint


def leaves(condition):
    for child in condition.children:
        yield from leaves(child) if isinstance(child, Q) else [child]


def candidates(model, condition) -> dict[str, list]:
    """For each field the condition names: its constants, None and another value."""
    values: dict[str, list] = {}
    for lookup, expected in leaves(condition):
        name, _, kind = lookup.partition("__")
        field = model._meta.get_field(name)
        found = values.setdefault(field.attname, [None])
        other = OTHER[field.get_internal_type()]
        if other not in found:
            found.append(other)
        if kind == "in":
            found.extend(v for v in expected if v not in found)
        elif kind in ("", "exact") and not hasattr(expected, "resolve_expression"):
            found.extend([expected] if expected not in found else [])
    return values


CONSTRAINTS = list(check_constraints())


@pytest.fixture
def rec(inspection, team):
    return RecommendationFactory(inspection=inspection, team=team)


def test_the_project_has_check_constraints_to_evaluate():
    supported = [
        c for m, c in CONSTRAINTS if satisfies(c.condition, m()) is not UNSUPPORTED
    ]
    assert len(CONSTRAINTS) >= 18
    assert len(supported) >= len(CONSTRAINTS) - 3  # F() comparisons stay with Django


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "constraint"),
    CONSTRAINTS,
    ids=[constraint.name for _model, constraint in CONSTRAINTS],
)
def test_each_check_constraint_is_judged_as_the_database_judges_it(model, constraint):
    """Every combination of the values the condition names, None and another value:
    satisfies() must agree with Django's own check, which asks the database."""
    if satisfies(constraint.condition, model()) is UNSUPPORTED:
        pytest.skip("left to Django's own check (compares two fields, or a file)")
    values = candidates(model, constraint.condition)
    names = list(values)
    for combination in itertools.islice(itertools.product(*values.values()), 600):
        obj = model(**dict(zip(names, combination, strict=True)))
        against = obj._get_field_expression_map(meta=model._meta)
        assert satisfies(constraint.condition, obj) == Q(constraint.condition).check(
            against
        ), combination


@pytest.mark.django_db
def test_validate_refuses_a_broken_constraint_without_asking_the_database(rec):
    action = ActionFactory(recommendation=rec)
    action = Action.objects.select_related("recommendation", "owner", "team").get(
        pk=action.pk
    )
    action.status = ActionStatus.DONE  # done needs a completion date
    with (
        CaptureQueriesContext(connection) as queries,
        pytest.raises(ValidationError) as refused,
    ):
        validate(action)
    (constraint,) = [
        c for c in Action._meta.constraints if c.name.endswith("completed_on_iff_done")
    ]
    assert refused.value.messages == [constraint.get_violation_error_message()]
    assert [q["sql"] for q in queries.captured_queries if "_check" in q["sql"]] == []


@pytest.mark.django_db
def test_validate_gives_the_errors_full_clean_gives(rec):
    action = ActionFactory.build(recommendation=rec, status="done", description="")
    with pytest.raises(ValidationError) as ours:
        validate(action)
    with pytest.raises(ValidationError) as django:
        action.full_clean()
    assert ours.value.message_dict == django.value.message_dict

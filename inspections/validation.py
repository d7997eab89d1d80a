"""Model validation before every service's save: full_clean(), with fewer queries.

Django's full_clean() asks the database twice where the answer is already here:

- each foreign key: a query to prove the row exists, even when the instance holds
  the row it was read with (an action's status change made five such queries);
- each check constraint: a SELECT of the condition, wrapped in a savepoint inside
  a transaction, so three round trips (fifteen per recommendation saved).

validate() skips the first for keys holding a row read from the database (the
database's own foreign key still refuses a row deleted meanwhile) and evaluates
the second here when the condition only compares the row's own fields with
constants by exact, in or isnull, as SQL would (tests/inspections/
test_validation.py checks every constraint in the project against the database).
Anything else is left to Django, unchanged.
"""

from __future__ import annotations

import functools

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    ValidationError,
)
from django.db.models import CheckConstraint, Q

UNSUPPORTED = object()  # a condition this module leaves to the database
# Fields whose Python value compares as the database compares the stored value
# (files, times and decimals are converted on the way: left to the database, but
# a time's isnull is plain).
COMPARABLE = {
    *("CharField", "TextField", "SlugField", "DateField", "BooleanField"),
    *("IntegerField", "SmallIntegerField", "BigIntegerField"),
    *("PositiveIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField"),
    *("AutoField", "BigAutoField", "ForeignKey"),
}


def validate(obj) -> None:
    """full_clean(), less the queries above; the same errors, gathered the same way
    (fields that failed are left out of the unique and constraint checks)."""
    loaded = [
        field.name
        for field in obj._meta.concrete_fields
        if field.many_to_one and _holds_stored_row(obj, field)
    ]
    errors = {}
    try:
        obj.full_clean(
            exclude=loaded, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    failed = {name for name in errors if name != NON_FIELD_ERRORS}
    for check in (obj.validate_unique, functools.partial(validate_constraints, obj)):
        try:
            check(exclude=failed)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _holds_stored_row(obj, field) -> bool:
    related = field.get_cached_value(obj, default=None)
    return (
        related is not None
        and not related._state.adding
        and related.pk == getattr(obj, field.attname)
    )


def validate_constraints(obj, exclude=frozenset()) -> None:
    """Model.validate_constraints(), with simple check constraints evaluated here
    (by Django when some fields are excluded: it then skips those naming them)."""
    errors = {}
    for model, constraints in obj.get_constraints():
        for constraint in constraints:
            try:
                held = (
                    satisfies(constraint.condition, obj)
                    if isinstance(constraint, CheckConstraint) and not exclude
                    else UNSUPPORTED
                )
                if held is UNSUPPORTED:
                    constraint.validate(model, obj, exclude=exclude)
                elif not held:
                    raise ValidationError(
                        constraint.get_violation_error_message(),
                        code=constraint.violation_error_code,
                    )
            except ValidationError as error:
                fields = getattr(constraint, "fields", ())
                if getattr(error, "code", None) == "unique" and len(fields) == 1:
                    errors.setdefault(fields[0], []).append(error)
                else:
                    errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def satisfies(condition, obj):
    """Whether `obj` passes a check constraint's condition, or UNSUPPORTED.

    A check passes unless its condition is false: unknown (SQL's NULL) passes.
    """
    value = _truth(condition, obj)
    return value if value is UNSUPPORTED else value is not False


def _truth(condition, obj):
    """True, False or None (unknown), by SQL's three-valued logic; or UNSUPPORTED."""
    if not isinstance(condition, Q):
        return UNSUPPORTED
    values = []
    for child in condition.children:
        value = _truth(child, obj) if isinstance(child, Q) else _compare(child, obj)
        if value is UNSUPPORTED:
            return UNSUPPORTED
        values.append(value)
    if condition.connector == Q.AND:
        value = False if False in values else None if None in values else True
    elif condition.connector == Q.OR:
        value = True if True in values else None if None in values else False
    else:
        return UNSUPPORTED  # XOR
    if condition.negated and value is not None:
        value = not value
    return value


def _compare(child, obj):
    lookup, expected = child
    name, _, kind = lookup.partition("__")
    kind = kind or "exact"
    if hasattr(expected, "resolve_expression") or kind not in ("exact", "in", "isnull"):
        return UNSUPPORTED
    try:
        field = obj._meta.pk if name == "pk" else obj._meta.get_field(name)
    except FieldDoesNotExist:  # a join or an annotation: leave it to Django
        return UNSUPPORTED
    if not field.concrete or field.model is not obj._meta.concrete_model:
        return UNSUPPORTED
    kinds = COMPARABLE | {"DateTimeField"} if kind == "isnull" else COMPARABLE
    if field.get_internal_type() not in kinds:
        return UNSUPPORTED
    value = getattr(obj, field.attname)
    if kind == "isnull":
        return (value is None) == bool(expected)
    if kind == "exact" and expected is None:
        return value is None  # Django reads `field=None` as `field__isnull=True`
    if value is None:
        return None
    if kind == "in":
        return value in [item for item in expected if item is not None]
    return value == expected

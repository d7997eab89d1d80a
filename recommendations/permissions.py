"""Who may change what: the write-side rules every service checks.

Reading is scoped by the querysets' `visible_to(user)`; these decide writing. Roles are
per authority (inspections.Membership); officers act for their own teams, managers for
their whole authority; superusers administer everything.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from inspections.choices import Role
from inspections.querysets import memberships_of
from recommendations.choices import RecommendationStatus


def roles(user) -> dict[int, str]:
    """The user's role in each of their authorities, cached on the user object."""
    if not user.is_authenticated:
        return {}
    if not hasattr(user, "_tracker_roles"):
        user._tracker_roles = {pk: role for pk, _name, role in memberships_of(user)}
    return user._tracker_roles


def team_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_tracker_team_ids"):
        user._tracker_team_ids = set(user.teams.values_list("pk", flat=True))
    return user._tracker_team_ids


def is_manager(user, authority_id: int) -> bool:
    return user.is_superuser or roles(user).get(authority_id) == Role.MANAGER


def is_manager_anywhere(user) -> bool:
    return user.is_superuser or Role.MANAGER in roles(user).values()


def is_member(user, authority_id: int) -> bool:
    return user.is_superuser or authority_id in roles(user)


def can_edit_recommendation(user, recommendation) -> bool:
    """Managers of its authority, or officers of its owning team; never once closed."""
    if recommendation.status == RecommendationStatus.CLOSED:
        return False
    authority_id = recommendation.inspection.authority_id
    if is_manager(user, authority_id):
        return True
    return is_member(user, authority_id) and recommendation.team_id in team_ids(user)


def can_edit_action(user, action) -> bool:
    recommendation = action.recommendation
    if can_edit_recommendation(user, recommendation):
        return True
    if recommendation.status == RecommendationStatus.CLOSED:
        return False
    authority_id = recommendation.inspection.authority_id
    return is_member(user, authority_id) and (
        action.owner_id == user.pk or action.team_id in team_ids(user)
    )


def can_edit_evidence(user, evidence) -> bool:
    """Whoever may change what the evidence is attached to."""
    if evidence.action_id:
        return can_edit_action(user, evidence.action)
    return can_edit_recommendation(user, evidence.recommendation)


def require(
    allowed: bool, message: str = "You do not have permission to do that."
) -> None:
    if not allowed:
        raise PermissionDenied(message)


# Report import (recommendations/importing.py) --------------------------------


def can_import_reports(user) -> bool:
    """Administrators: staff (for the authorities they belong to) and superusers."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_staff or user.is_superuser)
    )


def can_create_authority(user) -> bool:
    return can_import_reports(user) and user.has_perm("inspections.add_authority")


# Audit log (issue 8) -----------------------------------------------------------


def can_view_audit_log(user) -> bool:
    """Managers see their authorities' audit log; staff see their own authorities'."""
    return user.is_authenticated and (user.is_staff or is_manager_anywhere(user))


def managed_authority_ids(user) -> list[int]:
    """The authorities in which the user has the manager role."""
    return [pk for pk, role in roles(user).items() if role == Role.MANAGER]


def audit_log_authority_ids(user) -> list[int] | None:
    """The authorities whose changes the audit log shows the user; None means all."""
    if user.is_superuser:
        return None
    if user.is_staff:
        return list(roles(user))
    return managed_authority_ids(user)

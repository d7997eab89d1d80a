"""Who may see which authority's inspections: the one definition of scoping."""

from __future__ import annotations

from django.db import models


def memberships_of(user) -> list[tuple[int, str, str]]:
    """(authority id, authority name, role) for each of the user's authorities, by
    name: one query, cached on the user object (a request's own), shared by the
    page header and the permission checks."""
    from inspections.models import Membership

    if not user.is_authenticated:
        return []
    if not hasattr(user, "_tracker_memberships"):
        user._tracker_memberships = list(
            Membership.objects.filter(user=user).values_list(
                "authority_id", "authority__name", "role"
            )
        )
    return user._tracker_memberships


def authority_ids_for(user) -> models.QuerySet | None:
    """Ids of the authorities a user belongs to, as a subquery; None means all."""
    from inspections.models import Membership

    if not user.is_authenticated or not user.is_active:
        return Membership.objects.none().values("authority_id")
    if user.is_superuser:
        return None
    return Membership.objects.filter(user=user).values("authority_id")


def people_visible_to(user) -> models.QuerySet:
    """The people who work in any of the user's authorities (in any, for a
    superuser): whom they may see named and choose as an owner or member."""
    from django.contrib.auth import get_user_model

    from inspections.models import Authority, Membership

    authority_ids = Authority.objects.visible_to(user).values("pk")
    members = Membership.objects.filter(authority_id__in=authority_ids)
    return get_user_model().objects.filter(pk__in=members.values("user_id"))


class AuthorityQuerySet(models.QuerySet):
    def visible_to(self, user) -> AuthorityQuerySet:
        ids = authority_ids_for(user)
        return self if ids is None else self.filter(pk__in=ids)


class AuthorityOwnedQuerySet(models.QuerySet):
    """Rows that carry their authority's id: inspections, teams, memberships,
    dashboard tallies."""

    def visible_to(self, user) -> AuthorityOwnedQuerySet:
        ids = authority_ids_for(user)
        return self if ids is None else self.filter(authority_id__in=ids)


class JudgementQuerySet(models.QuerySet):
    def visible_to(self, user) -> JudgementQuerySet:
        ids = authority_ids_for(user)
        return self if ids is None else self.filter(inspection__authority_id__in=ids)

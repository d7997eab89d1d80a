"""One factory per model; traits for the states tests need."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from inspections.choices import InspectionKind, Role, Tier
from inspections.models import Authority, Inspection, Judgement, Membership
from recommendations.choices import (
    ActionStatus,
    Outcome,
    RecommendationStatus,
    Timescale,
)
from recommendations.deadlines import due_date_for
from recommendations.models import (
    Action,
    CloseOut,
    Evidence,
    Note,
    Recommendation,
    Team,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Authority {n} Council")
    slug = factory.LazyAttribute(lambda a: a.name.lower().replace(" ", "-"))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    authority = factory.SubFactory(AuthorityFactory)
    role = Role.OFFICER


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    authority = factory.SubFactory(AuthorityFactory)
    kind = InspectionKind.ILACS
    title = "Inspection of children's services"
    started_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=120)
    )
    ended_on = factory.LazyAttribute(
        lambda i: i.started_on + datetime.timedelta(days=11)
    )
    published_on = factory.LazyAttribute(
        lambda i: i.ended_on + datetime.timedelta(days=20)
    )


class JudgementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Judgement

    inspection = factory.SubFactory(InspectionFactory)
    area = "Overall effectiveness"
    grade = "Good"
    tier = Tier.GOOD


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"Team {n}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)


class RecommendationFactory(factory.django.DjangoModelFactory):
    """Due dates follow the timescale; `due_date=` sets both dates explicitly."""

    class Meta:
        model = Recommendation

    inspection = factory.SubFactory(InspectionFactory)
    text = factory.Sequence(lambda n: f"Improve practice area number {n}.")
    reference = factory.Sequence(lambda n: str(n + 1))
    timescale = Timescale.THREE_MONTHS
    original_due_date = factory.LazyAttribute(
        lambda r: due_date_for(r.timescale, r.inspection.base_date)
    )
    due_date = factory.SelfAttribute("original_due_date")
    team = None

    class Params:
        overdue = factory.Trait(
            timescale=Timescale.IMMEDIATE,
            original_due_date=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=10)
            ),
        )
        due_soon = factory.Trait(
            original_due_date=factory.LazyFunction(
                lambda: timezone.localdate() + datetime.timedelta(days=7)
            ),
        )
        no_deadline = factory.Trait(
            timescale=Timescale.UNSPECIFIED, original_due_date=None, due_date=None
        )
        implemented = factory.Trait(
            status=RecommendationStatus.IMPLEMENTED,
            implemented_on=factory.LazyFunction(timezone.localdate),
        )
        closed = factory.Trait(status=RecommendationStatus.CLOSED)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    recommendation = factory.SubFactory(RecommendationFactory)
    description = factory.Sequence(lambda n: f"Action step {n}")
    owner = factory.SubFactory(UserFactory)
    target_date = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=30)
    )

    class Params:
        done = factory.Trait(
            status=ActionStatus.DONE,
            completed_on=factory.LazyFunction(timezone.localdate),
        )
        blocked = factory.Trait(status=ActionStatus.BLOCKED)
        # Issue 7 (reminders, API): an open action past its target date.
        overdue = factory.Trait(
            target_date=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=10)
            )
        )


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    recommendation = factory.SubFactory(RecommendationFactory)
    author = factory.SubFactory(UserFactory)
    body = "Progress this week."


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    recommendation = factory.SubFactory(RecommendationFactory)
    description = "Minutes of the improvement board"
    url = "https://example.org/minutes"
    added_by = factory.SubFactory(UserFactory)


# Close-out ---------------------------------------------------------------------


class CloseOutFactory(factory.django.DjangoModelFactory):
    """A verdict row as stored; tests of behaviour go through services instead."""

    class Meta:
        model = CloseOut

    recommendation = factory.SubFactory(RecommendationFactory)
    inspection = factory.SubFactory(
        InspectionFactory,
        authority=factory.SelfAttribute("..recommendation.inspection.authority"),
    )
    outcome = Outcome.MET
    decided_by = factory.SubFactory(UserFactory)

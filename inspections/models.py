"""Authorities, their people, and the inspections of their children's services."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from inspections.choices import InspectionKind, Role, Tier
from inspections.files import report_upload_to
from inspections.links import path_to
from inspections.querysets import (
    AuthorityOwnedQuerySet,
    AuthorityQuerySet,
    JudgementQuerySet,
)


class Authority(models.Model):
    """A local authority whose children's services are inspected."""

    name = models.CharField("name", max_length=200, unique=True)
    slug = models.SlugField("slug", max_length=200, unique=True)
    ons_code = models.CharField(
        "ONS code", max_length=9, blank=True, help_text="For example E08000009"
    )
    reminders_enabled = models.BooleanField(
        "send reminder emails",
        default=True,
        help_text="Switch off every reminder email for this authority",
    )

    objects = AuthorityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"
        constraints = [
            models.UniqueConstraint(
                fields=["ons_code"],
                condition=~Q(ons_code=""),
                name="%(app_label)s_%(class)s_unique_ons_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's role in one authority: officer or manager."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("role", max_length=20, choices=Role.choices)

    objects = AuthorityOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["authority__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "authority"], name="%(app_label)s_%(class)s_unique_user"
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values),
                name="%(app_label)s_%(class)s_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}"


KIND_LABELS = dict(InspectionKind.choices)


class Inspection(models.Model):
    """One inspection event and its published report."""

    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name="authority",
    )
    kind = models.CharField("kind", max_length=40, choices=InspectionKind.choices)
    inspectorate = models.CharField("inspectorate", max_length=100, default="Ofsted")
    title = models.CharField("title", max_length=300, blank=True)
    started_on = models.DateField("first inspection day", null=True, blank=True)
    ended_on = models.DateField("last inspection day", null=True, blank=True)
    published_on = models.DateField(
        "published",
        null=True,
        blank=True,
        help_text="Publication date, or the date of the letter",
    )
    report_file = models.FileField(
        "report file", upload_to=report_upload_to, blank=True, max_length=200
    )
    report_filename = models.CharField("original file name", max_length=255, blank=True)
    source_url = models.URLField("source URL", blank=True, max_length=500)
    created_at = models.DateTimeField("created", auto_now_add=True)

    objects = AuthorityOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "-ended_on", "-pk"]
        indexes = [
            models.Index(fields=["authority", "published_on"]),
            # This ordering, so a list of recommendations in inspection order (the
            # API's) walks inspections newest first and stops at the page's end
            # instead of sorting every recommendation.
            models.Index(
                fields=["-published_on", "-ended_on", "-id"],
                name="inspection_newest_first",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InspectionKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=False)
                | Q(ended_on__isnull=False)
                | Q(published_on__isnull=False),
                name="%(app_label)s_%(class)s_has_a_date",
            ),
        ]

    # What names an inspection in lists and choices: __str__, and label_for() where
    # a page loads just these columns (the lists' filter, docs/performance.md).
    LABEL_FIELDS = ("title", "kind", "published_on", "ended_on", "started_on")

    def __str__(self) -> str:
        return self.label_for(*(getattr(self, name) for name in self.LABEL_FIELDS))

    def get_absolute_url(self) -> str:
        return path_to("inspections:inspection_detail", self.pk)

    def clean(self):
        """A report whose recommendations or actions have a team or a person stays
        with its authority: they are that authority's, and in another nobody could
        act on them. One query, on saving an inspection already stored."""
        if self.pk is None or self.authority_id is None:
            return
        assigned = (
            Q(team__isnull=False)
            | Q(owner__isnull=False)
            | Q(actions__team__isnull=False)
            | Q(actions__owner__isnull=False)
        )
        moved = self.recommendations.exclude(inspection__authority_id=self.authority_id)
        if moved.filter(assigned).exists():
            raise ValidationError(
                {
                    "authority": "Its recommendations or actions have teams or people "
                    "of its present authority: clear them before moving it to another"
                }
            )

    @staticmethod
    def label_for(title, kind, published_on, ended_on, started_on) -> str:
        when = published_on or ended_on or started_on
        return f"{title or KIND_LABELS.get(kind, kind)} ({when:%B %Y})"

    @property
    def base_date(self):
        """The date due dates count from: publication, else last, else first day."""
        return self.published_on or self.ended_on or self.started_on


class Judgement(models.Model):
    """A grade the report gives an area, as written and as a normalised tier."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="judgements"
    )
    section = models.CharField("section", max_length=300, blank=True)
    area = models.CharField("area", max_length=500)
    grade = models.CharField("grade as written", max_length=100)
    tier = models.CharField("tier", max_length=30, choices=Tier.choices)
    position = models.PositiveIntegerField("position", default=0)

    objects = JudgementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tier__in=Tier.values),
                name="%(app_label)s_%(class)s_tier_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.grade}"

"""Demo data: the real seed reports, and a fictional authority showing every state.

Everything is entered through the same services an administrator or officer uses, so
the demo's history and timeline look exactly as real use would leave them. Loading is
idempotent: what already exists is left alone.
"""

from __future__ import annotations

import datetime
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from inspections import services as inspection_services
from inspections.choices import InspectionKind, Role
from inspections.models import Authority, Inspection, Membership
from recommendations import services
from recommendations.choices import ActionStatus, Outcome, Timescale
from recommendations.models import Recommendation, Team

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
SEED_FILES = [
    "002_06655fa005441b57.json",  # Trafford, unannounced inspection, 2009
    "001_308c94baf749f55b.json",  # Trafford, safeguarding and LAC, 2010
    "003_c9b01536908c1796.json",  # Stockport, APA letter, 2006
]
ONS_CODES = {
    "Trafford Metropolitan Borough Council": "E08000009",
    "Stockport Metropolitan Borough Council": "E08000007",
}
SEED_TITLES = {
    InspectionKind.SAFEGUARDING_LAC: "Inspection of safeguarding and looked after "
    "children services",
    InspectionKind.UNANNOUNCED_REFERRAL_ASSESSMENT: (
        "Unannounced inspection of contact, referral and assessment"
    ),
    InspectionKind.APA: "Annual performance assessment of services for children and "
    "young people",
}
DEMO_AUTHORITY = "Demo Borough Council"
TRAFFORD = "Trafford Metropolitan Borough Council"
STOCKPORT = "Stockport Metropolitan Borough Council"
TEAMS = {
    TRAFFORD: ["Children in Care Service", "MARAS", "Safeguarding Unit"],
    STOCKPORT: ["Integrated Youth Services"],
    DEMO_AUTHORITY: ["Front Door", "Children in Care", "Quality Assurance"],
}
# Who sees what: the officer works in two authorities, stockport-officer in one.
USERS = {
    "admin": {"superuser": True, "name": ("Ada", "Admin"), "memberships": {}},
    "manager": {
        "name": ("Morgan", "Manager"),
        "memberships": {TRAFFORD: Role.MANAGER, DEMO_AUTHORITY: Role.MANAGER},
        "teams": [],
    },
    "officer": {
        "name": ("Olu", "Officer"),
        "memberships": {TRAFFORD: Role.OFFICER, DEMO_AUTHORITY: Role.OFFICER},
        "teams": [
            (TRAFFORD, "Children in Care Service"),
            (TRAFFORD, "MARAS"),
            (DEMO_AUTHORITY, "Front Door"),
            (DEMO_AUTHORITY, "Children in Care"),
        ],
    },
    "stockport-officer": {
        "name": ("Sam", "Stockport"),
        "memberships": {STOCKPORT: Role.OFFICER},
        "teams": [(STOCKPORT, "Integrated Youth Services")],
    },
}
DEFAULT_PASSWORD = "improve-2026-demo"  # noqa: S105 - demo only, printed by load_demo

# A minimal valid PDF, so demo evidence downloads open in a viewer.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class DemoResult:
    password: str
    created: list[str]


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD", DEFAULT_PASSWORD)


def load_seed(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _authority(name: str) -> Authority:
    authority, _ = Authority.objects.get_or_create(
        name=name, defaults={"slug": slugify(name), "ons_code": ONS_CODES.get(name, "")}
    )
    return authority


def _teams(authority: Authority) -> dict[str, Team]:
    return {
        name: Team.objects.get_or_create(authority=authority, name=name)[0]
        for name in TEAMS.get(authority.name, [])
    }


def _users(password: str) -> dict[str, object]:
    User = get_user_model()
    users = {}
    for username, spec in USERS.items():
        first, last = spec["name"]
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
            },
        )
        if created:
            user.is_superuser = user.is_staff = spec.get("superuser", False)
            user.set_password(password)
            user.save()
        for authority_name, role in spec["memberships"].items():
            Membership.objects.get_or_create(
                user=user, authority=_authority(authority_name), defaults={"role": role}
            )
        for authority_name, team_name in spec.get("teams", []):
            team = _teams(_authority(authority_name))[team_name]
            team.members.add(user)
        users[username] = user
    return users


def _seed_team(authority: Authority, seed: dict, section: str) -> Team | None:
    teams = _teams(authority)
    if seed["inspection_type"] == InspectionKind.UNANNOUNCED_REFERRAL_ASSESSMENT:
        return teams.get("MARAS")
    if "looked after" in section.lower():
        return teams.get("Children in Care Service")
    if authority.name == TRAFFORD:
        return teams.get("Safeguarding Unit")
    return teams.get("Integrated Youth Services")


def load_seed_inspection(seed: dict, *, user) -> tuple[Inspection, bool]:
    """Enter one seed report as an administrator would; (inspection, created)."""
    authority = _authority(seed["authority"])
    dates = {
        "started_on": _date(seed["inspection_start"]),
        "ended_on": _date(seed["inspection_end"]),
        "published_on": _date(seed["published"]),
    }
    existing = inspection_services.find_duplicate(
        authority=authority, kind=seed["inspection_type"], **dates
    )
    if existing:
        return existing, False
    inspection = inspection_services.create_inspection(
        authority=authority,
        kind=seed["inspection_type"],
        user=user,
        inspectorate=seed["inspectorate"],
        title=SEED_TITLES.get(seed["inspection_type"], ""),
        **dates,
    )
    for position, judgement in enumerate(seed["judgements"]):
        inspection_services.add_judgement(
            inspection=inspection,
            user=user,
            area=judgement["area"],
            grade=judgement["grade"],
            tier=judgement["tier"],
            section=judgement.get("section", ""),
            position=position,
        )
    for position, item in enumerate(seed["recommendations"]):
        services.create_recommendation(
            inspection=inspection,
            user=user,
            text=item["text"],
            timescale=item["timescale"],
            section=item.get("section", ""),
            priority=item.get("priority", False),
            reference=str(position + 1),
            position=position,
            team=_seed_team(authority, seed, item.get("section", "")),
        )
    return inspection, True


# The April 2010 inspection's verdicts (001, paragraphs 11, 12 and 36) on the six
# areas for development of the September 2009 unannounced inspection (002), in the
# inspectors' words: (2009 item's position, outcome, paragraph, quote). The 2010
# report says nothing of the other three, so they stay live.
TRAFFORD_2010_VERDICTS = [
    (
        0,
        Outcome.PARTLY_MET,
        "11",
        "The CYPS responded immediately to an issue identified by inspectors as to "
        "how contacts and referrals are recorded and the matter was remedied before "
        "the end of the inspection.",
    ),
    (
        2,
        Outcome.MET,
        "36",
        "The council has responded positively to the unannounced inspection findings "
        "by increasing the social work and managerial capacity within the team; there "
        "is now sufficient capacity to enable allocation of all cases requiring an "
        "initial assessment and to ensure that assessments are completed in a timely "
        "way.",
    ),
    (
        3,
        Outcome.PARTLY_MET,
        "12",
        "The integrated children's IT system, although only in place for four months, "
        "is developing well and staff are finding it much easier to use than its "
        "predecessor. Paper files are still in use in some parts of the service, "
        "which is time-consuming, but this is reducing and the reporting functions "
        "of the system are still in development.",
    ),
]


def load_trafford_closeout(*, earlier: Inspection, later: Inspection, user) -> bool:
    """Record the 2010 report's verdicts on the 2009 areas for development, once."""
    if later.closeouts.exists():
        return False
    by_position = {rec.position: rec for rec in earlier.recommendations.all()}
    services.review_earlier_recommendations(
        inspection=later,
        user=user,
        verdicts=[
            services.Verdict(
                recommendation=by_position[position],
                outcome=outcome,
                paragraph=paragraph,
                quote=quote,
            )
            for position, outcome, paragraph, quote in TRAFFORD_2010_VERDICTS
        ],
    )
    return True


def _months_ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def load_demo_borough(*, users: dict, today: datetime.date | None = None) -> bool:
    """A fictional authority with a recent inspection showing every state."""
    today = today or timezone.localdate()
    authority = _authority(DEMO_AUTHORITY)
    title = "Inspection of Demo Borough Council children's services"
    if Inspection.objects.filter(authority=authority, title=title).exists():
        return False
    admin, manager, officer = users["admin"], users["manager"], users["officer"]
    teams = _teams(authority)
    inspection = inspection_services.create_inspection(
        authority=authority,
        kind=InspectionKind.ILACS,
        user=admin,
        title=title,
        started_on=_months_ago(today, 110),
        ended_on=_months_ago(today, 99),
        published_on=_months_ago(today, 80),
        source_url="https://example.org/demo-borough-ilacs-report",
    )
    for position, (area, grade, tier) in enumerate(
        [
            (
                "Overall effectiveness",
                "Requires improvement to be good",
                "requires_improvement",
            ),
            (
                "The impact of leaders on social work practice with children and "
                "families",
                "Requires improvement to be good",
                "requires_improvement",
            ),
            (
                "The experiences and progress of children who need help and protection",
                "Inadequate",
                "inadequate",
            ),
            ("The experiences and progress of children in care", "Good", "good"),
            ("The experiences and progress of care leavers", "Good", "good"),
        ]
    ):
        inspection_services.add_judgement(
            inspection=inspection,
            user=admin,
            area=area,
            grade=grade,
            tier=tier,
            position=position,
        )

    def rec(ref, text, timescale, team, **extra) -> Recommendation:
        return services.create_recommendation(
            inspection=inspection,
            user=admin,
            text=text,
            timescale=timescale,
            reference=ref,
            team=teams[team],
            position=int(ref) - 1,
            section="What needs to improve",
            **extra,
        )

    def action(recommendation, description, owner, target_days, status=None):
        created = services.add_action(
            recommendation=recommendation,
            description=description,
            user=manager,
            owner=owner,
            target_date=today + datetime.timedelta(days=target_days),
        )
        if status:
            services.set_action_status(
                action=created,
                status=status,
                user=owner,
                reason="Waiting for the new case management system"
                if status == ActionStatus.BLOCKED
                else "",
            )
        return created

    # Overdue, in progress: an immediate recommendation still being worked on.
    r1 = rec(
        "1",
        "The timeliness of strategy meetings and the involvement of police "
        "and health partners in decisions about children at risk of harm.",
        Timescale.IMMEDIATE,
        "Front Door",
        priority=True,
        lead_agency="Police",
    )
    action(
        r1,
        "Agree a joint protocol for strategy meetings with police and health.",
        officer,
        -40,
        ActionStatus.DONE,
    )
    action(
        r1,
        "Audit 30 strategy meetings against the new protocol.",
        officer,
        -5,
        ActionStatus.IN_PROGRESS,
    )
    services.add_note(
        recommendation=r1,
        user=officer,
        body="Protocol signed by all three partners. Audit sample "
        "drawn; first 12 cases reviewed.",
    )
    # Overdue, not started.
    rec(
        "2",
        "Management oversight and supervision of social workers in the "
        "assessment teams, so that plans for children progress without delay.",
        Timescale.IMMEDIATE,
        "Front Door",
    )
    # Due soon.
    r3 = rec(
        "3",
        "The quality and timeliness of return home interviews for children "
        "who go missing from home or care.",
        Timescale.THREE_MONTHS,
        "Children in Care",
    )
    action(
        r3,
        "Commission an independent return home interview service.",
        officer,
        10,
        ActionStatus.IN_PROGRESS,
    )
    # On track but blocked: amber.
    r4 = rec(
        "4",
        "The recording of children's wishes and feelings in their plans.",
        Timescale.SIX_MONTHS,
        "Children in Care",
    )
    action(
        r4,
        "Add a wishes and feelings section to the care plan template.",
        officer,
        60,
        ActionStatus.BLOCKED,
    )
    # On track: green.
    r5 = rec(
        "5",
        "Sufficiency of local placements for children in care, including "
        "foster carers for older children.",
        Timescale.SIX_MONTHS,
        "Children in Care",
    )
    action(r5, "Launch the foster carer recruitment campaign.", officer, 45)
    rec(
        "6",
        "Pathway plans for care leavers that are specific, measurable and "
        "reviewed with the young person.",
        Timescale.LONGER_TERM,
        "Quality Assurance",
    )
    # Implemented, with evidence.
    r7 = rec(
        "7",
        "The consistency of the quality assurance framework, so that audits "
        "lead to improvement in practice.",
        Timescale.LONGER_TERM,
        "Quality Assurance",
    )
    done = action(
        r7,
        "Publish the revised quality assurance framework.",
        manager,
        -20,
        ActionStatus.DONE,
    )
    services.add_evidence(
        recommendation=r7,
        action=done,
        user=manager,
        description="Revised quality assurance framework, approved by the DCS",
        file=ContentFile(DEMO_PDF, name="quality-assurance-framework.pdf"),
    )
    services.add_evidence(
        recommendation=r7,
        user=manager,
        url="https://example.org/qa-framework",
        description="Framework on the council's intranet",
    )
    services.mark_implemented(recommendation=r7, user=manager)
    # Revised due date, with the reason kept.
    r8 = rec(
        "8",
        "Use of performance information by senior leaders to understand "
        "the experiences of disabled children.",
        Timescale.THREE_MONTHS,
        "Quality Assurance",
    )
    services.revise_due_date(
        recommendation=r8,
        user=manager,
        due_date=r8.due_date + datetime.timedelta(days=60),
        reason="The new performance dashboard goes live next quarter; agreed at the "
        "improvement board.",
    )
    # No deadline.
    rec(
        "9",
        "Partnership work with schools on children missing education.",
        Timescale.UNSPECIFIED,
        "Front Door",
    )
    # Closed by a manager's recorded decision.
    r10 = rec(
        "10",
        "Capacity of the independent reviewing officer service.",
        Timescale.IMMEDIATE,
        "Children in Care",
    )
    services.record_closeout(
        recommendation=r10,
        user=manager,
        outcome=Outcome.MET,
        quote="Two additional independent reviewing officers appointed; caseloads "
        "now within the handbook's range.",
    )
    return True


@transaction.atomic
def load_demo(*, today: datetime.date | None = None) -> DemoResult:
    password = demo_password()
    users = _users(password)
    created = []
    seeds = {}
    for name in SEED_FILES:
        inspection, was_created = load_seed_inspection(
            load_seed(DATA_DIR / name), user=users["admin"]
        )
        seeds[name] = inspection
        if was_created:
            created.append(str(inspection))
    if load_trafford_closeout(
        earlier=seeds["002_06655fa005441b57.json"],
        later=seeds["001_308c94baf749f55b.json"],
        user=users["manager"],
    ):
        created.append("Trafford 2010 verdicts on the 2009 areas for development")
    if load_demo_borough(users=users, today=today):
        created.append(DEMO_AUTHORITY)
    return DemoResult(password=password, created=created)

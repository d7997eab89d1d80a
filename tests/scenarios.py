"""Two authorities with one of every record, for tests that walk the whole site.

"Zembla" is the home authority: every record people write there carries the word
ZEMBLA and hostile HTML, so a test can tell whether a page leaks it to another
authority (the word appears) or renders it unescaped (the markup appears as is).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from inspections import services as inspection_services
from inspections.choices import Role, Tier
from recommendations import services
from recommendations.choices import ActionStatus, Outcome, Timescale
from tests.factories import (
    AuthorityFactory,
    InspectionFactory,
    MembershipFactory,
    TeamFactory,
    UserFactory,
)

MARKER = "ZEMBLA"
HOSTILE = {
    "recommendation": "<script>alert('recommendation')</script>",
    "inspection": "<script>alert('inspection')</script>",
    "action": "<script>alert('action')</script>",
    "note": "<script>alert('note')</script>",
    "reason": "<script>alert('reason')</script>",
    "filename": "<img src=x onerror=alert('file')>.pdf",
}


@dataclass
class Scenario:
    manager: object
    officer: object
    outsider: object
    outsider_officer: object
    objects: dict[type, object] = field(default_factory=dict)


def build_scenario() -> Scenario:
    """The home authority (Zembla) with every record, and another (Xanadu)."""
    home = AuthorityFactory(name=f"{MARKER} Borough Council", ons_code="E09999998")
    away = AuthorityFactory(name="Xanadu District Council", ons_code="E09999999")
    team = TeamFactory(authority=home, name=f"{MARKER} Front Door")
    # Staff as well as managers, so that pages for staff are checked for scoping too.
    manager = _member("zembla-manager", home, Role.MANAGER, is_staff=True)
    officer = _member("zembla-officer", home, Role.OFFICER)
    # The manager too, so that their calendar feed carries the team's due dates.
    team.members.add(officer, manager)
    outsider = _member("xanadu-manager", away, Role.MANAGER, is_staff=True)
    outsider_officer = _member("xanadu-officer", away, Role.OFFICER)

    inspection = InspectionFactory(
        authority=home,
        title=f"{MARKER} inspection {HOSTILE['inspection']}",
        report_file=SimpleUploadedFile("report.txt", f"{MARKER} report".encode()),
        report_filename=HOSTILE["filename"],
    )
    judgement = inspection_services.add_judgement(
        inspection=inspection,
        area=f"{MARKER} overall effectiveness",
        grade="Requires improvement",
        tier=Tier.REQUIRES_IMPROVEMENT,
        user=manager,
    )
    recommendation = services.create_recommendation(
        inspection=inspection,
        text=f"{MARKER} recommendation {HOSTILE['recommendation']}",
        timescale=Timescale.IMMEDIATE,
        team=team,
        user=manager,
    )
    action = services.add_action(
        recommendation=recommendation,
        description=f"{MARKER} action {HOSTILE['action']}",
        owner=officer,
        user=manager,
    )
    services.set_action_status(
        action=action, status=ActionStatus.IN_PROGRESS, user=officer
    )
    action.refresh_from_db()
    note = services.add_note(
        recommendation=recommendation,
        body=f"{MARKER} note {HOSTILE['note']}",
        user=officer,
    )
    evidence = services.add_evidence(
        recommendation=recommendation,
        action=action,
        description=f"{MARKER} evidence",
        file=SimpleUploadedFile(
            HOSTILE["filename"], b"%PDF-1.4\n%" + MARKER.encode() + b"\n"
        ),
        user=officer,
    )
    revised = services.revise_due_date(
        recommendation=recommendation,
        due_date=recommendation.due_date + datetime.timedelta(days=7),
        reason=f"{MARKER} reason {HOSTILE['reason']}",
        user=manager,
    )
    closed = services.create_recommendation(
        inspection=inspection, text=f"{MARKER} closed recommendation", user=manager
    )
    closeout = services.record_closeout(
        recommendation=closed, outcome=Outcome.MET, user=manager
    )

    away_inspection = InspectionFactory(authority=away, title="Xanadu inspection")
    services.create_recommendation(
        inspection=away_inspection,
        text="Xanadu recommendation",
        timescale=Timescale.IMMEDIATE,
        user=outsider,
    )
    return Scenario(
        manager=manager,
        officer=officer,
        outsider=outsider,
        outsider_officer=outsider_officer,
        objects={
            type(home): home,
            type(team): team,
            type(inspection): inspection,
            type(judgement): judgement,
            type(recommendation): revised,
            type(action): action,
            type(note): note,
            type(evidence): evidence,
            type(revised.revisions.get()): revised.revisions.get(),
            type(closeout): closeout,
        },
    )


def _member(username, authority, role, *, is_staff=False):
    user = UserFactory(
        username=username, first_name=username.split("-")[0].upper(), is_staff=is_staff
    )
    MembershipFactory(user=user, authority=authority, role=role)
    return user

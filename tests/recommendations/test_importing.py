"""save_draft and match_authority: one transaction, the right authority, no twins."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from inspections.choices import Role
from inspections.importer import Draft, DraftJudgement, DraftRecommendation
from inspections.models import Authority, Inspection, Judgement
from recommendations.importing import DuplicateInspection, match_authority, save_draft
from recommendations.models import Recommendation
from tests.factories import AuthorityFactory, MembershipFactory, UserFactory

PDF = b"%PDF-1.4\n%%EOF\n"


def make_draft(**overrides) -> Draft:
    values = {
        "authority": "Trafford Metropolitan Borough Council",
        "inspection_type": "safeguarding_lac",
        "inspectorate": "Ofsted",
        "inspection_start": datetime.date(2010, 4, 12),
        "inspection_end": datetime.date(2010, 4, 23),
        "published": datetime.date(2010, 8, 31),
        "judgements": [
            DraftJudgement(area="Overall effectiveness", grade="Grade 2", tier="good")
        ],
        "recommendations": [
            DraftRecommendation(text="Act now.", timescale="immediate"),
            DraftRecommendation(
                text="Improve plans.", timescale="6_months", section="Safeguarding"
            ),
            DraftRecommendation(text="Keep going.", priority=True),
        ],
    }
    return Draft(**{**values, **overrides})


@pytest.fixture
def staff_member(authority):
    user = UserFactory(username="staff", is_staff=True)
    MembershipFactory(user=user, authority=authority, role=Role.MANAGER)
    return user


def test_save_draft_creates_the_inspection_with_judgements_and_due_dates(
    superuser, authority
):
    inspection = save_draft(
        draft=make_draft(),
        user=superuser,
        report_file=ContentFile(PDF, name="trafford.pdf"),
    )

    assert inspection.authority == authority
    assert inspection.report_filename == "trafford.pdf"
    assert inspection.report_file.name.startswith("reports/")
    assert inspection.judgements.get().tier == "good"
    rows = list(inspection.recommendations.order_by("position"))
    assert [r.reference for r in rows] == ["1", "2", "3"]
    assert rows[0].due_date == datetime.date(2010, 8, 31)
    # 31 August + 6 months is the end of February.
    assert rows[1].due_date == datetime.date(2011, 2, 28)
    assert rows[1].section == "Safeguarding"
    assert rows[2].due_date is None and rows[2].priority


def test_a_failure_mid_save_leaves_nothing_not_even_the_file(
    superuser, authority, media_root
):
    draft = make_draft(
        recommendations=[
            DraftRecommendation(text="A good row.", timescale="immediate"),
            DraftRecommendation(text="   ", timescale="immediate"),
        ]
    )

    with pytest.raises(ValidationError):
        save_draft(
            draft=draft,
            user=superuser,
            report_file=ContentFile(PDF, name="trafford.pdf"),
        )

    assert not Inspection.objects.exists()
    assert not Judgement.objects.exists()
    assert not Recommendation.objects.exists()
    assert not list((media_root / "reports").glob("*"))


def test_a_second_save_of_the_same_report_is_refused(superuser, authority):
    first = save_draft(draft=make_draft(), user=superuser)

    with pytest.raises(DuplicateInspection) as refused:
        save_draft(draft=make_draft(), user=superuser)

    assert refused.value.existing == first
    assert Inspection.objects.count() == 1


def test_only_administrators_may_import(manager, authority):
    with pytest.raises(PermissionDenied):
        save_draft(draft=make_draft(), user=manager)


def test_staff_imports_for_their_own_authority(staff_member, authority):
    inspection = save_draft(draft=make_draft(authority="Trafford"), user=staff_member)

    assert inspection.authority == authority


def test_staff_cannot_import_for_an_authority_outside_their_own(
    staff_member, other_authority
):
    with pytest.raises(PermissionDenied):
        save_draft(draft=make_draft(), user=staff_member, authority=other_authority)


def test_staff_cannot_create_an_authority_without_the_permission(staff_member):
    with pytest.raises(PermissionDenied, match="no authority called Wigan Council"):
        save_draft(draft=make_draft(authority="Wigan Council"), user=staff_member)
    assert not Authority.objects.filter(name="Wigan Council").exists()


def test_staff_with_the_add_authority_permission_creates_a_missing_one(
    staff_member,
):
    staff_member.user_permissions.add(Permission.objects.get(codename="add_authority"))

    inspection = save_draft(
        draft=make_draft(authority="Wigan Council"), user=staff_member
    )

    assert inspection.authority.name == "Wigan Council"
    assert inspection.authority.slug == "wigan-council"


def test_a_draft_without_an_authority_is_refused(superuser):
    with pytest.raises(ValidationError, match="authority"):
        save_draft(draft=make_draft(authority=None), user=superuser)


def test_self_assessments_are_saved_with_no_inspectorate_named(superuser, authority):
    draft = make_draft(inspection_type="self_assessment", inspectorate=None)

    assert save_draft(draft=draft, user=superuser).inspectorate == "Self-assessment"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Trafford Metropolitan Borough Council",
            "Trafford Metropolitan Borough Council",
        ),
        (
            "trafford metropolitan borough council",
            "Trafford Metropolitan Borough Council",
        ),
        ("Trafford Council", "Trafford Metropolitan Borough Council"),
        ("Trafford", "Trafford Metropolitan Borough Council"),
        ("City of York Council", "York"),
        ("London Borough of Enfield", "Enfield"),
        ("Wigan Council", None),
        ("", None),
    ],
)
def test_match_authority_by_exact_name_any_case_then_place(name, expected):
    for existing in ("Trafford Metropolitan Borough Council", "York", "Enfield"):
        AuthorityFactory(name=existing)

    found = match_authority(name)

    assert (found.name if found else None) == expected


@pytest.mark.django_db
def test_match_authority_refuses_to_guess_between_two_places():
    AuthorityFactory(name="Bristol City Council")
    AuthorityFactory(name="City of Bristol")

    with pytest.raises(ValidationError, match="More than one authority"):
        match_authority("Bristol")


def test_a_draft_with_no_date_is_refused_with_a_request_for_one(superuser):
    draft = make_draft(
        authority="Wigan Council",
        inspection_start=None,
        inspection_end=None,
        published=None,
    )

    with pytest.raises(ValidationError) as refused:
        save_draft(draft=draft, user=superuser)

    assert refused.value.message_dict == {
        "published_on": [
            "Enter the publication date or the inspection days: an inspection "
            "needs at least one date"
        ]
    }
    assert not Inspection.objects.exists()
    assert not Authority.objects.exists()


def test_staff_naming_a_council_outside_their_own_are_refused_not_given_a_copy(
    staff_member, other_authority
):
    staff_member.user_permissions.add(Permission.objects.get(codename="add_authority"))

    with pytest.raises(ValidationError) as refused:
        save_draft(draft=make_draft(authority="Stockport Council"), user=staff_member)

    assert refused.value.message_dict == {
        "authority": [
            "Stockport Metropolitan Borough Council is already in the tracker: ask "
            "an administrator to give you access to it"
        ]
    }
    assert Authority.objects.count() == 2
    assert not Inspection.objects.exists()


def test_several_councils_outside_their_own_are_not_named_to_staff(staff_member):
    """Which councils use the tracker is not theirs to learn by typing names."""
    AuthorityFactory(name="Bedford Borough Council")
    AuthorityFactory(name="Bedford Council")

    with pytest.raises(ValidationError) as refused:
        save_draft(draft=make_draft(authority="Bedford"), user=staff_member)

    assert refused.value.message_dict == {
        "authority": [
            "Bedford is already in the tracker: ask an administrator to give you "
            "access to it"
        ]
    }
    assert not Inspection.objects.exists()


def test_staff_importing_for_their_own_council_are_not_refused_for_a_namesake(
    staff_member, authority
):
    # "Trafford" is one of theirs; a second, outside match must not get in the way.
    AuthorityFactory(name="Trafford Council")

    inspection = save_draft(draft=make_draft(authority="Trafford"), user=staff_member)

    assert inspection.authority == authority


def test_superusers_import_for_any_existing_council_without_a_copy(
    superuser, other_authority
):
    inspection = save_draft(
        draft=make_draft(authority="Stockport Council"), user=superuser
    )

    assert inspection.authority == other_authority
    assert Authority.objects.count() == 1

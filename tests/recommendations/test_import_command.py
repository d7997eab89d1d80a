"""manage.py import_report: the seeds' exact JSON, saving, and unreadable input."""

import datetime
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from pypdf import PdfWriter

from inspections.choices import Role
from inspections.models import Authority, Inspection
from recommendations.choices import Timescale
from tests.factories import MembershipFactory, UserFactory

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEEDS = FIXTURES / "seeds"
REPORTS = FIXTURES / "reports"
SEEDS_WITH_JSON = [
    "001_308c94baf749f55b",
    "002_06655fa005441b57",
    "003_c9b01536908c1796",
]
SEED_004 = SEEDS / "004_62cb3c3bcb4648c5.txt"


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_report", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=REPORTS / "dorset_2021-11-19.pdf")
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", SEEDS_WITH_JSON)
def test_dry_run_json_prints_exactly_the_seed_json(name):
    out, _ = run(SEEDS / f"{name}.txt", "--dry-run", "--json")

    assert out == (SEEDS / f"{name}.json").read_text(encoding="utf-8") + "\n"


def test_json_output_keeps_warnings_on_stderr():
    out, err = run(REPORTS / "dorset_2021-11-19.pdf", "--dry-run", "--json")

    assert json.loads(out)["inspection_type"] == "ilacs"
    assert "Warning: No publication date" in err
    assert "Warning" not in out


def test_authority_and_kind_options_override_detection():
    out, _ = run(
        SEEDS / "002_06655fa005441b57.txt",
        "--dry-run",
        "--json",
        "--authority",
        "Trafford Council",
        "--kind",
        "other",
    )

    assert json.loads(out)["authority"] == "Trafford Council"
    assert json.loads(out)["inspection_type"] == "other"


def test_dry_run_saves_nothing(superuser):
    run(SEEDS / "001_308c94baf749f55b.txt", "--dry-run")

    assert not Inspection.objects.exists()


def test_seed_004_imports_with_its_areas_for_development(superuser):
    out, _ = run(SEED_004)

    inspection = Inspection.objects.get()
    assert inspection.kind == "self_assessment"
    assert inspection.authority.name == "Trafford Council"
    assert inspection.published_on == datetime.date(2018, 7, 10)
    texts = list(inspection.recommendations.values_list("text", flat=True))
    assert "Develop a robust action plan to address Child Protection Re-Plans" in texts
    assert not inspection.recommendations.exclude(timescale=Timescale.UNSPECIFIED)
    assert inspection.report_filename == SEED_004.name
    assert inspection.report_file.read() == SEED_004.read_bytes()
    assert f"Imported inspection {inspection.pk}" in out


def test_import_saves_due_dates_counted_from_publication(superuser):
    run(SEEDS / "001_308c94baf749f55b.txt")

    inspection = Inspection.objects.get()
    assert inspection.judgements.count() == 33
    first = inspection.recommendations.get(position=0)
    assert first.reference == "1"
    assert first.timescale == Timescale.THREE_MONTHS
    assert first.due_date == first.original_due_date == datetime.date(2010, 8, 24)
    assert first.history.first().history_user == superuser


def test_import_finds_the_existing_authority_by_its_place_name(superuser, authority):
    run(SEED_004)

    assert Inspection.objects.get().authority == authority
    assert Authority.objects.count() == 1


def test_importing_the_same_report_twice_is_refused(superuser):
    run(SEEDS / "002_06655fa005441b57.txt")

    with pytest.raises(CommandError, match="Already imported as inspection"):
        run(SEEDS / "002_06655fa005441b57.txt")
    assert Inspection.objects.count() == 1


def test_user_option_records_who_imported_it(superuser, db):
    other_admin = UserFactory(username="second-admin", is_superuser=True)

    run(SEEDS / "002_06655fa005441b57.txt", "--user", "second-admin")

    assert Inspection.objects.get().history.first().history_user == other_admin


def test_saving_without_any_administrator_is_refused(db):
    with pytest.raises(CommandError, match="create a superuser first"):
        run(SEEDS / "002_06655fa005441b57.txt")
    assert not Inspection.objects.exists()


def test_user_who_is_not_an_administrator_cannot_import(officer):
    with pytest.raises(CommandError, match="Only an administrator"):
        run(SEEDS / "002_06655fa005441b57.txt", "--user", officer.username)


def test_a_report_with_no_date_is_refused_in_plain_words(superuser, tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text(
        "Areas for improvement\n• Ensure that plans are reviewed on time.\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as refused:
        run(path, "--authority", "Wigan Council")

    assert str(refused.value) == (
        "Nothing saved: Enter the publication date or the inspection days: an "
        "inspection needs at least one date"
    )
    assert not Inspection.objects.exists()
    assert not Authority.objects.exists()


def test_a_council_outside_the_users_own_is_refused_not_copied(
    tmp_path, authority, other_authority
):
    staff = UserFactory(username="staff", is_staff=True)
    MembershipFactory(user=staff, authority=authority, role=Role.MANAGER)
    staff.user_permissions.add(Permission.objects.get(codename="add_authority"))

    with pytest.raises(CommandError) as refused:
        run(
            SEEDS / "002_06655fa005441b57.txt",
            "--authority",
            "Stockport Council",
            "--user",
            "staff",
        )

    assert str(refused.value) == (
        "Nothing saved: Stockport Metropolitan Borough Council is already in the "
        "tracker: ask an administrator to give you access to it"
    )
    assert Authority.objects.count() == 2
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"", "empty"),
        ("report.pdf", b"PK\x03\x04 a zip file", "must be a PDF or a text file"),
        ("report.pdf", encrypted_pdf(), "encrypted"),
        ("report.pdf", blank_pdf(), "no text layer; it may be scanned"),
        ("report.bin", b"\x00\x01\x02 binary", "must be a PDF or a text file"),
    ],
)
def test_unreadable_input_is_refused_with_a_clear_message(
    tmp_path, name, content, message
):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        run(path, "--dry-run")


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="cannot open the file"):
        run(tmp_path / "missing.pdf", "--dry-run")


def test_unreadable_input_exits_with_a_non_zero_status(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(blank_pdf())
    manage = Path(__file__).resolve().parents[2] / "manage.py"

    result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, str(manage), "import_report", str(path), "--dry-run"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DJANGO_DEBUG": "1"},
    )

    assert result.returncode != 0
    assert "no text layer; it may be scanned" in result.stderr
    assert result.stdout == ""

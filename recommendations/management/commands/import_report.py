import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from inspections.importer import ReportReadError
from inspections.importer.draft import INSPECTION_TYPES
from recommendations.importing import DuplicateInspection, read_report, save_draft


class Command(BaseCommand):
    help = (
        "Read an inspection report (PDF or text) and save its inspection, judgements "
        "and recommendations. --dry-run only shows what was found; --json prints it "
        "in the shape of the seed JSON files (warnings go to stderr)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the report: a PDF or a text file")
        parser.add_argument(
            "--dry-run", action="store_true", help="read the report, save nothing"
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="print the draft as JSON on stdout",
        )
        parser.add_argument(
            "--authority", help="the authority's name, instead of the one detected"
        )
        parser.add_argument(
            "--kind",
            choices=INSPECTION_TYPES,
            help="the kind of inspection, instead of the one detected",
        )
        parser.add_argument(
            "--user",
            help="username recorded as importing it (default: the first superuser)",
        )

    def handle(self, *args, path, dry_run, as_json, authority, kind, user, **options):
        report = Path(path)
        try:
            data = report.read_bytes()
        except OSError as error:
            raise CommandError(
                f"{path}: cannot open the file ({error.strerror})."
            ) from error
        try:
            draft = read_report(
                data, filename=report.name, authority=authority, kind=kind
            )
        except ReportReadError as error:
            raise CommandError(f"{path}: {error}") from error
        for warning in draft.warnings:
            self.stderr.write(f"Warning: {warning}")
        if as_json:
            self.stdout.write(dump_json(draft.to_json_dict()))
        else:
            self.stdout.write(summary(draft))
        if dry_run:
            return
        importer = self._user(user)
        for judgement in draft.judgements:
            if not judgement.tier:
                self.stderr.write(
                    f"Warning: not saving the judgement {judgement.area}: "
                    f"{judgement.grade}; its grade fits no scale (add it in the admin)."
                )
        draft.judgements = [j for j in draft.judgements if j.tier]
        try:
            with report.open("rb") as handle:
                inspection = save_draft(
                    draft=draft, user=importer, report_file=File(handle, report.name)
                )
        except DuplicateInspection as error:
            raise CommandError(
                f"Already imported as inspection {error.existing.pk} "
                f"({error.existing.get_absolute_url()}); nothing saved."
            ) from error
        except (ValidationError, PermissionDenied) as error:
            messages = getattr(error, "messages", None) or [str(error)]
            raise CommandError("Nothing saved: " + " ".join(messages)) from error
        # With --json, stdout holds the JSON only.
        out = self.stderr if as_json else self.stdout
        out.write(
            self.style.SUCCESS(
                f"Imported inspection {inspection.pk}: {inspection} "
                f"({inspection.recommendations.count()} recommendations, "
                f"{inspection.judgements.count()} judgements)"
            )
        )

    def _user(self, username: str | None):
        User = get_user_model()
        if username:
            try:
                return User.objects.get(username=username)
            except User.DoesNotExist:
                raise CommandError(f"There is no user called {username}.") from None
        first = User.objects.filter(is_superuser=True, is_active=True).order_by("pk")
        if not first.exists():
            raise CommandError(
                "Nothing saved: create a superuser first (manage.py createsuperuser) "
                "or pass --user with an administrator's username."
            )
        return first.first()


def dump_json(data: dict) -> str:
    """Formatted exactly like the seed files (shared/seeds/*.json)."""
    return json.dumps(data, indent=1, ensure_ascii=False)


def summary(draft) -> str:
    lines = [
        f"Authority: {draft.authority or '(not found)'}",
        f"Kind: {draft.inspection_type}",
        f"Inspectorate: {draft.inspectorate or '-'}",
        f"Inspection days: {draft.inspection_start or '?'} to "
        f"{draft.inspection_end or '?'}",
        f"Published: {draft.published or '(not found)'}",
        f"Judgements ({len(draft.judgements)}):",
        *(f"  {j.area}: {j.grade} [{j.tier or '?'}]" for j in draft.judgements),
        f"Recommendations ({len(draft.recommendations)}):",
        *(
            f"  {number}. [{r.timescale}{', priority' if r.priority else ''}] {r.text}"
            for number, r in enumerate(draft.recommendations, start=1)
        ),
    ]
    return "\n".join(lines)

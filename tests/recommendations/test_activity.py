"""Each recommendation's action counts and last update (recommendations/activity.py)
are kept by database triggers: whatever changes a recommendation, an action or a
note, by whatever route, they must equal the figures computed afresh. Each test
checks named figures and activity.differences() (an ORM recount)."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from recommendations import activity, services, tallies
from recommendations.choices import ActionStatus
from recommendations.models import Action, Activity, Note, Recommendation
from tests.factories import ActionFactory, NoteFactory, RecommendationFactory
from tests.recommendations.test_tallies import installed_triggers

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def figures(recommendation):
    row = Activity.objects.get(pk=recommendation.pk)
    return row.actions_total, row.actions_done, row.actions_blocked


def last_update(recommendation):
    return Activity.objects.get(pk=recommendation.pk).last_update


def test_a_new_recommendation_has_no_actions_and_its_own_last_change(inspection):
    recommendation = RecommendationFactory(inspection=inspection)
    assert figures(recommendation) == (0, 0, 0)
    assert last_update(recommendation) == recommendation.updated_at
    assert activity.differences() == []


def test_actions_are_counted_by_status_through_the_services(inspection, manager):
    recommendation = RecommendationFactory(inspection=inspection)
    first, second, third = (
        services.add_action(
            recommendation=recommendation, description=f"Step {n}", user=manager
        )
        for n in range(3)
    )
    assert figures(recommendation) == (3, 0, 0)

    services.set_action_status(action=first, status=ActionStatus.DONE, user=manager)
    services.set_action_status(
        action=second, status=ActionStatus.BLOCKED, user=manager, reason="Budget"
    )
    services.set_action_status(
        action=third, status=ActionStatus.CANCELLED, user=manager
    )

    assert figures(recommendation) == (2, 1, 1)
    # The blocked reason was written as a note, the newest change of all.
    newest_note = recommendation.notes.order_by("-created_at").first()
    assert last_update(recommendation) >= newest_note.created_at
    assert activity.differences() == []


def test_the_last_update_follows_notes_actions_and_the_recommendation(inspection):
    recommendation = RecommendationFactory(inspection=inspection)
    later = timezone.now() + HOUR
    NoteFactory(recommendation=recommendation, created_at=later)
    assert last_update(recommendation) == later

    # An older note (written up afterwards) does not move it back.
    NoteFactory(recommendation=recommendation, created_at=later - 5 * HOUR)
    assert last_update(recommendation) == later

    action = ActionFactory(recommendation=recommendation)
    Action.objects.filter(pk=action.pk).update(updated_at=later + HOUR)
    assert last_update(recommendation) == later + HOUR

    Recommendation.objects.filter(pk=recommendation.pk).update(
        updated_at=later + 2 * HOUR
    )
    assert last_update(recommendation) == later + 2 * HOUR
    assert activity.differences() == []


def test_an_action_moved_or_deleted_moves_its_counts(inspection):
    one, other = RecommendationFactory.create_batch(2, inspection=inspection)
    done = ActionFactory(recommendation=one, done=True)
    ActionFactory(recommendation=one, blocked=True)

    Action.objects.filter(pk=done.pk).update(recommendation=other)
    assert (figures(one), figures(other)) == ((1, 0, 1), (1, 1, 0))

    Action.objects.filter(recommendation=one).delete()
    assert figures(one) == (0, 0, 0)
    assert activity.differences() == []


def test_a_note_moved_to_another_recommendation_moves_its_time(inspection):
    """As the admin can: the note's time leaves the one and reaches the other."""
    one, other = RecommendationFactory.create_batch(2, inspection=inspection)
    later = timezone.now() + HOUR
    note = NoteFactory(recommendation=one, created_at=later)
    assert (last_update(one), last_update(other)) == (later, other.updated_at)

    Note.objects.filter(pk=note.pk).update(recommendation=other)
    assert (last_update(one), last_update(other)) == (one.updated_at, later)
    assert activity.differences() == []


def test_bulk_writes_are_counted_too(inspection):
    recommendation = RecommendationFactory(inspection=inspection)
    Action.objects.bulk_create(
        Action(recommendation=recommendation, description=f"Bulk {n}") for n in range(4)
    )
    Action.objects.filter(
        pk__in=Action.objects.filter(recommendation=recommendation).values("pk")[:3]
    ).update(status=ActionStatus.DONE, completed_on=timezone.localdate())

    assert figures(recommendation) == (4, 3, 0)
    assert activity.differences() == []


def test_a_deleted_recommendation_takes_its_row_with_it(inspection):
    keep, gone = RecommendationFactory.create_batch(2, inspection=inspection)
    NoteFactory(recommendation=gone)
    Action.objects.filter(pk=ActionFactory(recommendation=gone).pk).delete()
    gone.notes.all().delete()
    assert last_update(gone) == gone.updated_at  # computed afresh without them
    gone.delete()

    assert list(Activity.objects.values_list("pk", flat=True)) == [keep.pk]
    assert activity.differences() == []


def test_check_tallies_reports_a_difference_and_fix_recomputes(inspection, capsys):
    recommendation = RecommendationFactory(inspection=inspection)
    ActionFactory(recommendation=recommendation, done=True)
    Activity.objects.update(actions_done=7)  # tampering the triggers cannot see

    with pytest.raises(CommandError, match="1 row"):
        call_command("check_tallies")
    assert f"activity of recommendation {recommendation.pk}" in capsys.readouterr().err

    call_command("check_tallies", "--fix")
    assert figures(recommendation) == (1, 1, 0)
    assert "match" in capsys.readouterr().out


def test_the_lists_sort_by_the_kept_figures(manager_client, inspection):
    """Sorted by actions done (then out of how many) or last update, then by id,
    both ways."""
    recommendations = RecommendationFactory.create_batch(5, inspection=inspection)
    for count, recommendation in zip((2, 0, 2, 1, 0), recommendations, strict=True):
        ActionFactory.create_batch(count, recommendation=recommendation, done=True)
    ActionFactory(recommendation=recommendations[1])  # 0 of 1, after 0 of 0
    url = reverse("recommendations:recommendation_list")
    for sort, keys in (
        ("actions", ("actions_done", "actions_total")),
        ("last_update", ("last_update",)),
    ):
        expected = list(
            Activity.objects.order_by(*keys, "pk").values_list("pk", flat=True)
        )
        for descending in (False, True):
            table = manager_client.get(
                url, {"sort": f"-{sort}" if descending else sort}
            ).context["table"]
            shown = [row.record.pk for row in table.page.object_list]
            assert shown == (expected[::-1] if descending else expected), sort


def test_sorting_by_them_reads_the_figures_in_index_order(manager_client, inspection):
    """An inner join ordered by the figure, then the recommendation's id: the shape
    that lets PostgreSQL read the first page from the figure's index (a left join,
    or an order by the related row, sorted every row in scope)."""
    RecommendationFactory(inspection=inspection)
    url = reverse("recommendations:recommendation_list")
    table = manager_client.get(url, {"sort": "-last_update"}).context["table"]
    sql = str(table.data.data.query)
    assert 'INNER JOIN "recommendations_activity"' in sql
    assert sql.endswith(
        'ORDER BY "recommendations_activity"."last_update" DESC, '
        '"recommendations_recommendation"."id" DESC'
    )


def test_the_triggers_are_installed():
    names = installed_triggers("recommendations_activity")
    assert names == sorted(
        f"recommendations_activity_{name}"
        for name, *_ in activity.triggers(connection.vendor)
    )
    assert len(names) == 9


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="only SQLite rebuilds a table to alter it"
)
@pytest.mark.django_db(transaction=True)
def test_a_migration_that_rebuilds_the_tables_on_sqlite_works_as_documented():
    """SQLite alters a table by rebuilding it, and refuses while a trigger on another
    table names it: the procedure the module docstrings give (both sets of triggers
    off, alter, on again, recompute) must work for each table they watch."""
    vendor = connection.vendor
    rebuilt = [(Recommendation, "text"), (Action, "description"), (Note, "body")]
    with connection.schema_editor() as editor:
        tallies.run(
            tallies.uninstall_sql(vendor) + activity.uninstall_sql(vendor), editor
        )
        for model, name in rebuilt:
            field = model._meta.get_field(name)
            nullable = field.clone()
            nullable.set_attributes_from_name(name)
            nullable.model, nullable.null = model, True
            editor.alter_field(model, field, nullable)
            editor.alter_field(model, nullable, field)
        tallies.run(tallies.install_sql(vendor) + activity.install_sql(vendor), editor)
    tallies.recount()
    activity.recount()

    assert installed_triggers("recommendations_activity") == sorted(
        f"recommendations_activity_{name}" for name, *_ in activity.triggers(vendor)
    )
    assert len(installed_triggers("recommendations_tally")) == 4
    recommendation = RecommendationFactory()
    ActionFactory(recommendation=recommendation, done=True)
    assert figures(recommendation) == (1, 1, 0)
    assert activity.differences() == tallies.differences() == []

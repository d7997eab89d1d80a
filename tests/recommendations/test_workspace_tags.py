"""The tags every row repeats: status, RAG and progress (templatetags/workspace.py)."""

import pytest
from django.template import engines

from recommendations.models import Recommendation
from recommendations.templatetags.workspace import (
    action_row,
    progress_bar,
    rag_tag,
    status_tag,
    team_recommendation_row,
)
from tests.factories import ActionFactory, RecommendationFactory


@pytest.mark.parametrize(
    ("rag", "colour", "words"),
    [("red", "red", "Red"), ("amber", "yellow", "Amber"), ("green", "green", "Green")],
)
def test_a_rag_tag_names_the_status_in_words_as_well_as_colour(rag, colour, words):
    assert rag_tag(rag) == (
        f'<strong class="govuk-tag govuk-tag--{colour} app-tag--rag">'
        f'<span class="govuk-visually-hidden">RAG status: </span>{words}</strong>'
    )


@pytest.mark.parametrize("rag", ["", None, "blue", "<b>"])
def test_anything_else_has_no_rag_tag(rag):
    assert rag_tag(rag) == ""


@pytest.mark.parametrize(
    ("done", "total", "width"),
    [
        (1, 3, 35),
        (2, 3, 65),
        (3, 3, 100),
        (5, 3, 100),
        (1, 40, 0),
        (0, 5, 0),
    ],
)
def test_the_progress_bar_is_a_width_class_in_5_percent_steps(done, total, width):
    html = progress_bar(done, total)
    assert f'class="app-progress__bar app-progress__bar--w{width}"' in html
    assert (
        f'<p class="app-progress__text">{done or 0} of {total or 0} actions done'
        in html
    )
    assert ' id="' not in html and "style=" not in html


@pytest.mark.parametrize(("done", "total"), [(0, 0), (None, None)])
def test_no_actions_at_all_says_so_without_an_empty_bar(done, total):
    html = progress_bar(done, total)
    assert '<p class="app-progress__text">No actions to do</p>' in html
    assert "app-progress__bar" not in html


def test_the_progress_bar_takes_a_label_and_an_id_escaped():
    html = progress_bar(1, 2, label="implemented <now>", id="progress-3m")
    assert html.startswith('<div class="app-progress" id="progress-3m">')
    assert "1 of 2 implemented &lt;now&gt;</p>" in html


def test_templates_use_the_tags_with_keywords():
    template = engines["django"].from_string(
        "{% load workspace %}{% progress_bar done=a total=b id='p' %}"
        "{% rag_tag r %}{% status_tag s 'Done' %}"
    )
    html = template.render({"a": 2, "b": 4, "r": "amber", "s": "done"})
    assert 'id="p"' in html and "app-progress__bar--w50" in html
    assert "Amber</strong>" in html
    assert html.endswith(status_tag("done", "Done"))


@pytest.mark.django_db
def test_the_officers_home_rows_escape_what_people_typed(inspection, team, officer):
    """action_row and team_recommendation_row write their markup in Python."""
    rec = RecommendationFactory(
        inspection=inspection, team=team, reference="<b>1</b>", text="Fix <it>"
    )
    action = ActionFactory(recommendation=rec, description="Ask <script>x</script>")
    rec = Recommendation.objects.with_progress().get(pk=rec.pk)
    row = action_row(action, "overdue")
    assert "Ask &lt;script&gt;x&lt;/script&gt;</a>" in row
    assert "&lt;b&gt;1&lt;/b&gt;: Fix &lt;it&gt;</td>" in row
    assert f'href="{action.get_absolute_url()}"' in row
    assert rag_tag("red") + " " + status_tag("not_started", "Not started") in row
    row = team_recommendation_row(rec)
    assert "<script" not in row and "<it>" not in row and "<b>" not in row
    assert progress_bar(0, 1) in row and rag_tag(rec.rag) in row

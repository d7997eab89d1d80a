"""Cleaning PDF text: furniture, glyphs, split words, hyphens."""

from inspections.importer import parse_text
from inspections.importer.text import (
    clean_lines,
    join_lines,
    mend_split_words,
    normalise_for_compare,
    strip_marker,
)


def test_split_word_is_mended_when_the_whole_word_is_in_the_document():
    text = "The ins pection found. The inspection was good."
    assert mend_split_words(text).startswith("The inspection found.")


def test_split_word_with_a_tab_is_mended():
    text = "The ins\tpection. The inspection."
    assert mend_split_words(text).startswith("The inspection.")


def test_real_word_pairs_are_not_joined():
    text = "a round table and a round of talks; around the table"
    assert mend_split_words(text) == text


def test_page_numbers_and_repeated_running_heads_are_removed():
    head = "Inspection of Doncaster local authority children’s services"
    pages = [
        f"{head}\n20 to 31 January 2025 {n}\nBody text {n}.\n{n}" for n in range(2, 6)
    ]
    lines = [line for line in clean_lines("\f".join(pages)) if line]
    assert lines == [f"Body text {n}." for n in range(2, 6)]


def test_a_title_used_once_is_not_furniture():
    lines = clean_lines("Inspection of Bury local authority children’s services\nText.")
    assert "Inspection of Bury local authority children’s services" in lines


def test_tabs_become_spaces_and_markup_goes():
    assert clean_lines("Overall effectiveness\tGood\t\t") == [
        "Overall effectiveness Good"
    ]
    assert clean_lines("**Bold** and <i>italic</i>") == ["Bold and italic"]


def test_bullet_glyphs_and_list_numbers_are_markers():
    assert strip_marker("\uf0b7 Ensure that") == (True, "Ensure that")
    assert strip_marker("◼ The quality") == (True, "The quality")
    assert strip_marker("12. Ensure that") == (True, "Ensure that")
    assert strip_marker("(a) Ensure") == (True, "Ensure")
    assert strip_marker("- Improve") == (True, "Improve")


def test_numbers_that_are_not_list_numbers_stay():
    assert strip_marker("2.1 Adoption performance Good") == (
        False,
        "2.1 Adoption performance Good",
    )
    assert strip_marker("1989 Act") == (False, "1989 Act")


def test_line_end_hyphen_keeps_compound_words():
    assert (
        join_lines(["ensure child-", "focused plans"]) == "ensure child-focused plans"
    )
    assert join_lines(["two", "", "lines "]) == "two lines"


def test_soft_hyphen_at_a_line_end_joins_the_word_without_a_space():
    lines = clean_lines(
        "Current adminis\u00ad\ntrative inefficiencies\r\n"
        "and adminis\u00ad \r\n trative delay"
    )

    assert join_lines(lines) == (
        "Current administrative inefficiencies and administrative delay"
    )


def test_soft_hyphen_inside_a_line_is_dropped():
    assert clean_lines("adminis\u00adtrative work") == ["administrative work"]


def test_seed_recommendation_broken_by_a_soft_hyphen_reads_as_one_word(seeds_dir):
    text = (seeds_dir / "002_06655fa005441b57.txt").read_text(encoding="utf-8")
    broken = text.replace(
        "administrative inefficiencies", "adminis\u00ad\ntrative inefficiencies"
    )

    first = parse_text(broken).recommendations[0].text

    assert first.startswith("Current administrative inefficiencies in processing")


def test_compare_form_ignores_case_punctuation_and_spacing():
    assert normalise_for_compare("Ensure that,  ‘step up’!") == "ensure that step up"

"""Each report family's recommendations and judgements, on small made-up extracts."""

import pytest

from inspections.importer import parse_text
from inspections.importer.recommendations import phrase_timescale, timescale_heading


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Immediately:", ("immediate", False)),
        ("Immediate", ("immediate", False)),
        ("For immediate action", ("immediate", False)),
        ("Within 3 months", ("3_months", False)),
        ("Within three months:", ("3_months", False)),
        ("Within six months", ("6_months", False)),
        ("Next six months", ("6_months", False)),
        ("For action over the next six months", ("6_months", False)),
        ("In the longer term", ("longer_term", False)),
        ("For action in the longer term", ("longer_term", False)),
        ("Longer term", ("longer_term", False)),
        ("Longer term:", ("longer_term", False)),
        ("Within 12 months", ("longer_term", False)),
        ("Within twelve months:", ("longer_term", False)),
        ("Over the next twelve months", ("longer_term", False)),
        ("Priority and immediate action", ("immediate", True)),
        ("Areas for priority action", ("immediate", True)),
        ("Areas for improvement", ("unspecified", False)),
        ("Recommendations", ("unspecified", False)),
        ("What needs to improve?1", ("unspecified", False)),
    ],
)
def test_timescale_subheadings(heading, expected):
    assert timescale_heading(heading) == expected


def test_a_sentence_is_not_a_timescale_heading():
    assert timescale_heading("The council acted immediately to close the home.") is None
    assert timescale_heading("Longer term plans are in place.") is None


def test_items_under_a_longer_term_heading_are_due_in_twelve_months():
    text = """Areas for improvement
Within three months:
• Ensure that plans are reviewed on time.
Longer term:
• Develop the workforce strategy.
Within twelve months
• Reduce caseloads to a manageable level.
"""

    found = [(r.text, r.timescale) for r in parse_text(text).recommendations]

    assert found == [
        ("Ensure that plans are reviewed on time.", "3_months"),
        ("Develop the workforce strategy.", "longer_term"),
        ("Reduce caseloads to a manageable level.", "longer_term"),
    ]


@pytest.mark.parametrize(
    ("sentence", "timescale"),
    [
        (
            "The JAR highlighted one action to be taken over the next six months:",
            "6_months",
        ),
        ("actions to be taken immediately", "immediate"),
        ("in the longer term", "longer_term"),
        ("The JAR highlighted the following actions.", "unspecified"),
    ],
)
def test_timescale_phrases_in_prose(sentence, timescale):
    assert phrase_timescale(sentence) == timescale


ILACS = """Inspection of Anytown local authority
children’s services
Inspection dates: 15 January to 26 January 2018
Lead inspector: A Person, Her Majesty’s Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Requires improvement to be good
The experiences and progress of
children who need help and protection
Good
The experiences and progress of
children in care and care leavers
Inadequate
Overall effectiveness Requires improvement to be good
Leaders have improved services.
What needs to improve?
◼ The quality of plans for children in need, so that they
are specific
◼ Return home interviews for children missing from home.
The experiences and progress of children who need help and
protection: good
1. Children receive help.
"""


def test_ilacs_report():
    draft = parse_text(ILACS)

    assert draft.inspection_type == "ilacs"
    assert draft.authority == "Anytown"
    assert draft.inspection_start.isoformat() == "2018-01-15"
    assert [r.text for r in draft.recommendations] == [
        "The quality of plans for children in need, so that they are specific",
        "Return home interviews for children missing from home.",
    ]
    assert {r.timescale for r in draft.recommendations} == {"unspecified"}
    assert [(j.area, j.tier) for j in draft.judgements] == [
        (
            "The impact of leaders on social work practice with children and families",
            "requires_improvement",
        ),
        (
            "The experiences and progress of children who need help and protection",
            "good",
        ),
        (
            "The experiences and progress of children in care and care leavers",
            "inadequate",
        ),
        ("Overall effectiveness", "requires_improvement"),
    ]


SIF = (
    """Anytown Council
Inspection of services for children in need of help and
protection, children looked after and care leavers
and
Review of the effectiveness of the Local Safeguarding Children Board
Inspection date: 2 June 2014 – 25 June 2014
Report published: 8 August 2014
Children’s services in Anytown are inadequate
1. Children who need help and protection Inadequate
2. Children looked after and achieving
permanence Requires improvement
3. Leadership, management and governance Inadequate
Contents
Executive summary
What does the local authority need to improve?
Priority and immediate action
1. Ensure that every child at risk is seen.
Areas for improvement
2. Improve supervision so that it is regular. Managers should
record it.
3. Improve plans.
The local authority has the following strengths:
4. Children are safe at night.
"""
    + "\n" * 60
    + """Section 2: The effectiveness of the Local Safeguarding Children Board
The Local Safeguarding Children Board is good
Recommendations
10. Evaluate the board's training.
Inspection findings – the Local Safeguarding Children Board
11. The LSCB is well run.
"""
)


def test_sif_report_with_its_lscb_review():
    draft = parse_text(SIF)

    assert draft.inspection_type == "sif"
    assert draft.authority == "Anytown Council"
    assert [
        (r.text, r.timescale, r.priority, r.section) for r in draft.recommendations
    ] == [
        (
            "Ensure that every child at risk is seen.",
            "immediate",
            True,
            "Local authority",
        ),
        (
            "Improve supervision so that it is regular. Managers should record it.",
            "unspecified",
            False,
            "Local authority",
        ),
        ("Improve plans.", "unspecified", False, "Local authority"),
        (
            "Evaluate the board's training.",
            "unspecified",
            False,
            "Local Safeguarding Children Board",
        ),
    ]
    grades = {(j.area, j.grade, j.section) for j in draft.judgements}
    assert ("Overall effectiveness", "inadequate", "Local authority") in grades
    assert (
        "Children looked after and achieving permanence",
        "Requires improvement",
        "Local authority",
    ) in grades
    assert (
        "The effectiveness of the Local Safeguarding Children Board",
        "good",
        "Local Safeguarding Children Board",
    ) in grades


LETTER = """12 March 2011
Dear Ms Smith
Annual unannounced inspection of contact, referral and assessment arrangements
within Anytown Borough Council children’s services
This letter contains the findings of the inspection conducted on 1 and 2 March 2011.
Areas for priority action
• Ensure that all referrals are screened by a qualified social worker.
Areas for development
• Supervision is not recorded.
• Caseloads are high.
Yours sincerely
"""


def test_unannounced_letter_priority_actions_and_areas_for_development():
    draft = parse_text(LETTER)

    assert draft.inspection_type == "unannounced_referral_assessment"
    assert draft.authority == "Anytown Borough Council"
    assert draft.published.isoformat() == "2011-03-12"
    assert [(r.timescale, r.priority, r.section) for r in draft.recommendations] == [
        ("immediate", True, "Areas for priority action"),
        ("unspecified", False, "Areas for development"),
        ("unspecified", False, "Areas for development"),
    ]


APA = """Anytown County Council
1 November 2007
2007 ANNUAL PERFORMANCE ASSESSMENT OF SERVICES FOR CHILDREN AND YOUNG PEOPLE

Being healthy

The council has made progress.

- Most children are healthy.
- Teenage pregnancy has fallen.

Staying safe

The JAR highlighted two actions to be taken over the next six months.

- Improve the timeliness of assessments.
- Ensure that reviews are held on time.

The council has made a good start on both.

Yours sincerely
Commission for Social Care Inspection
"""


def test_apa_letter_takes_the_jar_actions_and_not_the_progress_bullets():
    draft = parse_text(APA)

    assert draft.inspection_type == "apa"
    assert draft.inspectorate == "Ofsted and CSCI"
    assert [(r.text, r.timescale, r.section) for r in draft.recommendations] == [
        ("Improve the timeliness of assessments.", "6_months", "Staying safe"),
        ("Ensure that reviews are held on time.", "6_months", "Staying safe"),
    ]


JTAI = """Joint targeted area inspection of the multi-agency response to children
living with domestic abuse in Anytown
This letter summarises the findings of the inspection by Ofsted, the Care Quality
Commission, HM Inspectorate of Constabulary and HM Inspectorate of Probation.
Areas for improvement
• Information sharing between the police and schools is slow.
"""


def test_jtai_letter_names_the_joint_inspectorates():
    draft = parse_text(JTAI)

    assert draft.inspection_type == "jtai"
    assert draft.inspectorate == "Ofsted, CQC, HMICFRS and HMI Probation"
    assert [r.section for r in draft.recommendations] == ["Areas for improvement"]


def test_text_with_nothing_recognisable_gives_warnings_not_errors():
    draft = parse_text("Minutes of the allotment society.\nTea was served.")

    assert draft.inspection_type == "other"
    assert draft.recommendations == []
    assert any("kind of inspection" in w for w in draft.warnings)
    assert any("authority" in w for w in draft.warnings)


FOCUSED_VISIT = """Focused visit to Anytown local authority children’s services
This letter summarises the findings of the focused visit.
What needs to improve in this area of social work practice
• The timeliness of strategy meetings.
• The quality of written plans.
Yours sincerely
"""


def test_focused_visit_letter():
    draft = parse_text(FOCUSED_VISIT)

    assert draft.inspection_type == "focused_visit"
    assert draft.authority == "Anytown"
    assert [r.text for r in draft.recommendations] == [
        "The timeliness of strategy meetings.",
        "The quality of written plans.",
    ]

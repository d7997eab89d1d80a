"""Fixed vocabularies of the inspections app (DOMAIN.md)."""

from django.db import models


class InspectionKind(models.TextChoices):
    APA = "apa", "Annual Performance Assessment"
    JAR = "jar", "Joint Area Review"
    SAFEGUARDING_LAC = "safeguarding_lac", "Safeguarding and looked after children"
    UNANNOUNCED_REFERRAL_ASSESSMENT = (
        "unannounced_referral_assessment",
        "Unannounced inspection of contact, referral and assessment",
    )
    CHILD_PROTECTION = "child_protection", "Protection of children"
    LOOKED_AFTER_CHILDREN = (
        "looked_after_children",
        "Services for looked after children",
    )
    SIF = "sif", "Single Inspection Framework"
    ILACS = "ilacs", "Inspection of local authority children's services (ILACS)"
    FOCUSED_VISIT = "focused_visit", "Focused visit"
    MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
    JTAI = "jtai", "Joint targeted area inspection"
    SELF_ASSESSMENT = "self_assessment", "Self-assessment or peer challenge"
    OTHER = "other", "Other"


class Tier(models.TextChoices):
    """Normalised grade, best first; each era's scale maps onto it."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    ADEQUATE = "adequate", "Adequate"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class Role(models.TextChoices):
    OFFICER = "officer", "Officer"
    MANAGER = "manager", "Manager"

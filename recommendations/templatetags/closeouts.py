"""Close-out panels for pages of the inspections app.

The inspections app never imports recommendations, so its templates pull this panel
in with `{% load closeouts %}{% inspection_closeouts inspection %}` instead of its
views adding the context.
"""

from django import template

from recommendations import permissions
from recommendations.lineage import inspection_closeouts as closeouts_of

register = template.Library()


@register.inclusion_tag("inspections/includes/closeouts.html", takes_context=True)
def inspection_closeouts(context, inspection):
    user = context["request"].user
    return {
        "inspection": inspection,
        "closeouts": closeouts_of(inspection),
        "can_review": permissions.is_manager(user, inspection.authority_id),
    }

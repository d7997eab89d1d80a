"""View mixins that state who may open a page.

Scoping by authority is not here: every view's queryset starts from
`visible_to(request.user)`. tests/test_access_control.py reads `manager_only` to
check that officers get 403 on these pages.
"""

from django.core.exceptions import PermissionDenied

from recommendations import permissions


class ManagerRequiredMixin:
    """Only managers (of any authority) and superusers; everyone else gets 403."""

    manager_only = True

    def has_manager_access(self, user) -> bool:
        return permissions.is_manager_anywhere(user)

    def dispatch(self, request, *args, **kwargs):
        if not self.has_manager_access(request.user):
            raise PermissionDenied("Only managers can see this page.")
        return super().dispatch(request, *args, **kwargs)

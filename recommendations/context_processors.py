from recommendations import permissions


def audit_log(request):
    """Whether to offer the audit log and the managers' lists in the navigation;
    worked out only if shown, from the memberships the header has already read."""
    user = getattr(request, "user", None)
    if user is None:
        return {"can_view_audit_log": False, "can_view_manager_pages": False}
    return {
        "can_view_audit_log": lambda: permissions.can_view_audit_log(user),
        # What ManagerRequiredMixin allows: the lists, Overdue, the dashboard.
        "can_view_manager_pages": lambda: permissions.is_manager_anywhere(user),
    }

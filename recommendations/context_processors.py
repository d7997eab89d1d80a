from recommendations import permissions


def audit_log(request):
    """Whether to offer the audit log in the navigation; worked out only if shown."""
    user = getattr(request, "user", None)
    if user is None:
        return {"can_view_audit_log": False}
    return {"can_view_audit_log": lambda: permissions.can_view_audit_log(user)}

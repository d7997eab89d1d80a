from inspections.models import Authority


def authorities(request):
    """The authorities the signed-in user belongs to, for the header (lazy)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_authorities": []}
    return {
        "current_authorities": Authority.objects.filter(memberships__user=user).only(
            "name", "slug"
        )
    }

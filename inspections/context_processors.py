from inspections.querysets import memberships_of

# Beyond this many authorities the header says how many, not which: a regional
# manager's 150 names would fill the screen (their profile page lists them).
HEADER_NAMES = 3


def authorities(request):
    """The names of the signed-in user's authorities for the header, or how many."""
    user = getattr(request, "user", None)
    if user is None:
        return {"current_authorities": [], "current_authority_count": 0}
    names = [name for _pk, name, _role in memberships_of(user)]
    return {
        "current_authorities": names if len(names) <= HEADER_NAMES else [],
        "current_authority_count": len(names),
    }

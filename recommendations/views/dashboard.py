from recommendations.views.workspace import OfficerHomeView


class ManagerDashboardView(OfficerHomeView):
    """A manager's dashboard (to be built: headline counts and charts)."""

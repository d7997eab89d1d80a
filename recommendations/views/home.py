from django.views import View

from recommendations import permissions
from recommendations.views.dashboard import ManagerDashboardView
from recommendations.views.workspace import OfficerHomeView


class HomeView(View):
    """URL name `dashboard`: managers get the dashboard, officers their workspace."""

    def dispatch(self, request, *args, **kwargs):
        if permissions.is_manager_anywhere(request.user):
            view = ManagerDashboardView.as_view()
        else:
            view = OfficerHomeView.as_view()
        return view(request, *args, **kwargs)

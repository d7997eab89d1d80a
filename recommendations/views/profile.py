"""A person's own settings: reminder emails, their calendar feed, and (for managers)
their authorities' reminder switch. Also the calendar feed itself, which calendar
apps fetch without a session: the token in its URL is the credential."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import FormView

from inspections.models import Authority
from recommendations import permissions, services
from recommendations.calendar import feed_for
from recommendations.mixins import ManagerRequiredMixin
from recommendations.models import CalendarFeed, ReminderPreference


class ReminderPreferenceForm(forms.Form):
    digests_enabled = forms.TypedChoiceField(
        label="Do you want reminder emails?",
        help_text=(
            "A daily email when your actions or your teams' recommendations are due "
            "soon or overdue, and a weekly overdue summary for managers."
        ),
        choices=[(True, "Yes"), (False, "No")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you want reminder emails"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("profile")
        self.helper.layout = Layout(
            Field.radios("digests_enabled", legend_size=Size.MEDIUM, inline=True),
            Button.primary("save", "Save reminder settings"),
        )


# The address just made, kept in the session until the profile shows it once.
NEW_FEED_KEY = "new_calendar_feed_url"


class ProfileView(FormView):
    """URL name `profile`."""

    template_name = "recommendations/profile.html"
    form_class = ReminderPreferenceForm

    def get_initial(self):
        preference = ReminderPreference.objects.filter(user=self.request.user).first()
        return {"digests_enabled": preference.digests_enabled if preference else True}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        authorities = Authority.objects.visible_to(user).filter(memberships__user=user)
        context["feed"] = CalendarFeed.objects.filter(
            user=user, revoked_at__isnull=True
        ).first()
        context["new_feed_url"] = self.request.session.pop(NEW_FEED_KEY, None)
        # Ask the user's own memberships: a second filter on `memberships` would
        # match an authority where anyone else is a manager.
        context["managed_authorities"] = authorities.filter(
            pk__in=permissions.managed_authority_ids(user)
        )
        context["authorities_switched_off"] = authorities.filter(
            reminders_enabled=False
        )
        return context

    def form_valid(self, form):
        enabled = form.cleaned_data["digests_enabled"]
        services.set_reminder_preference(
            user=self.request.user, digests_enabled=enabled
        )
        messages.success(
            self.request,
            "Reminder emails are on" if enabled else "Reminder emails are off",
        )
        return redirect("profile")


class CalendarFeedCreateView(View):
    """POST: make a new calendar address and show it, this once, on the profile.

    The profile shows it after a redirect, so reloading that page shows the
    profile again rather than posting again for yet another address."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        token = services.create_calendar_feed(user=request.user)
        # The address this site is reached by (SITE_URL is for emails, which have
        # no request to ask).
        request.session[NEW_FEED_KEY] = request.build_absolute_uri(
            reverse("calendar_feed", args=[token])
        )
        return redirect("profile")


class CalendarFeedRevokeView(View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if services.revoke_calendar_feed(user=request.user):
            messages.success(request, "Your calendar address no longer works")
        return redirect("profile")


class AuthorityRemindersView(ManagerRequiredMixin, View):
    """POST `enabled=true|false`: a manager's switch for their whole authority."""

    http_method_names = ["post"]
    model = Authority

    def post(self, request, pk):
        authority = get_object_or_404(Authority.objects.visible_to(request.user), pk=pk)
        enabled = request.POST.get("enabled") == "true"
        services.set_authority_reminders(
            authority=authority, enabled=enabled, user=request.user
        )
        state = "on" if enabled else "off"
        messages.success(request, f"Reminder emails are {state} for {authority}")
        return redirect("profile")


@method_decorator(login_not_required, name="dispatch")
class CalendarFeedView(View):
    """URL name `calendar_feed`: the iCalendar file; a revoked or wrong token is 404."""

    http_method_names = ["get", "head"]

    def get(self, request, token):
        feed = (
            CalendarFeed.objects.filter(
                token_hash=CalendarFeed.hash_token(token),
                revoked_at__isnull=True,
                user__is_active=True,
            )
            .select_related("user")
            .first()
        )
        if feed is None:
            raise Http404("No such calendar")
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
        response = HttpResponse(
            feed_for(feed.user), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = 'inline; filename="improvement-tracker.ics"'
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

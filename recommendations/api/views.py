from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from inspections.models import Authority, Inspection
from recommendations import services, tallies
from recommendations.api import filters
from recommendations.api.errors import Conflict
from recommendations.api.serializers import (
    ActionSerializer,
    ActionStatusSerializer,
    AuthoritySerializer,
    ErrorSerializer,
    InspectionSerializer,
    NoteSerializer,
    RecommendationSerializer,
)
from recommendations.filters import parse_id
from recommendations.models import Action, Recommendation


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ErrorSerializer) for code in codes}


READ_ERRORS = errors(401, 403, 404)


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Reads scoped to the user's authorities: another authority's object is 404."""

    lookup_value_regex = "[0-9]+"

    def get_object(self):
        # An id too big for the database (or for int(): over 4,300 digits) cannot
        # exist: 404, not a server error.
        pk = parse_id(self.kwargs["pk"])
        if pk is None:
            raise Http404
        self.kwargs["pk"] = pk
        return super().get_object()

    @classmethod
    def as_view(cls, *args, **kwargs):
        # DRF signs in API clients itself (token or session) and answers 401 in JSON;
        # Django's LoginRequiredMiddleware would redirect them to the sign-in page.
        return login_not_required(super().as_view(*args, **kwargs))


@extend_schema_view(
    list=extend_schema(
        responses={200: AuthoritySerializer(many=True), **errors(401, 403)}
    ),
    retrieve=extend_schema(responses={200: AuthoritySerializer, **READ_ERRORS}),
)
class AuthorityViewSet(ReadOnlyViewSet):
    serializer_class = AuthoritySerializer
    filter_backends = []

    def get_queryset(self):
        return Authority.objects.visible_to(self.request.user)


@extend_schema_view(
    list=extend_schema(
        responses={200: InspectionSerializer(many=True), **errors(400, 401, 403)}
    ),
    retrieve=extend_schema(responses={200: InspectionSerializer, **READ_ERRORS}),
)
class InspectionViewSet(ReadOnlyViewSet):
    """Inspections with the judgements their reports gave."""

    serializer_class = InspectionSerializer
    filterset_class = filters.InspectionFilterSet

    def get_queryset(self):
        return Inspection.objects.visible_to(self.request.user).prefetch_related(
            "judgements"
        )


@extend_schema_view(
    list=extend_schema(
        description=(
            "Recommendations with their RAG rating and action progress: the newest "
            "inspection's first (by publication date, then last inspection day), "
            "each inspection's in the order its report gives them."
        ),
        responses={200: RecommendationSerializer(many=True), **errors(400, 401, 403)},
    ),
    retrieve=extend_schema(responses={200: RecommendationSerializer, **READ_ERRORS}),
)
class RecommendationViewSet(ReadOnlyViewSet):
    """Recommendations with their RAG rating and action progress."""

    serializer_class = RecommendationSerializer
    filterset_class = filters.RecommendationFilterSet

    def get_queryset(self):
        # The ordering is Meta.ordering; "inspection" means Inspection's own ordering,
        # which its index inspection_newest_first serves, so a page reads only the
        # newest inspections' rows instead of sorting every visible one. `rag`
        # comes from rag_on(), which reads actions_blocked from with_progress().
        return (
            Recommendation.objects.visible_to(self.request.user)
            .with_progress()
            .select_related("inspection")
            .order_by("inspection", "position", "pk")
        )

    def paginate_queryset(self, queryset):
        # The list's total from the tallies when its filters allow: counting every
        # visible row took most of a regional manager's request (docs/performance.md).
        # The filter backend has validated the filters (or answered 400).
        if self.action == "list":
            self.paginator.count = tallies.total(
                self.request.user, self.filterset.form.cleaned_data
            )
        return super().paginate_queryset(queryset)

    @extend_schema(
        methods=["GET"],
        summary="A recommendation's notes, newest first",
        responses={200: NoteSerializer(many=True), **READ_ERRORS},
    )
    @extend_schema(
        methods=["POST"],
        summary="Add a progress note to a recommendation",
        request=NoteSerializer,
        responses={201: NoteSerializer, **errors(400, 401, 403, 404)},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=NoteSerializer,
        filter_backends=[],
    )
    def notes(self, request, pk=None):
        recommendation = self.get_object()
        if request.method == "POST":
            serializer = NoteSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            note = services.add_note(
                recommendation=recommendation,
                body=serializer.validated_data["body"],
                user=request.user,
            )
            return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)
        notes = recommendation.notes.select_related("author")
        page = self.paginate_queryset(notes)
        return self.get_paginated_response(NoteSerializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(
        responses={200: ActionSerializer(many=True), **errors(400, 401, 403)}
    ),
    retrieve=extend_schema(responses={200: ActionSerializer, **READ_ERRORS}),
)
class ActionViewSet(ReadOnlyViewSet):
    """Actions officers take on recommendations: owner, target date and status."""

    serializer_class = ActionSerializer
    filterset_class = filters.ActionFilterSet

    def get_queryset(self):
        return Action.objects.visible_to(self.request.user).select_related("owner")

    @extend_schema(
        summary="Change an action's status",
        description=(
            "Send the `version` you last read. If someone changed the action since, "
            "nothing is saved and the answer is 409: read it again and retry."
        ),
        request=ActionStatusSerializer,
        responses={200: ActionSerializer, **errors(400, 401, 403, 404, 409)},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="status",
        url_name="status",
        serializer_class=ActionStatusSerializer,
        filter_backends=[],
    )
    def change_status(self, request, pk=None):
        action = self.get_object()
        serializer = ActionStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            action = services.set_action_status(
                action=action,
                status=data["status"],
                reason=data.get("reason", ""),
                user=request.user,
                expected_version=data["version"],
            )
        except services.EditConflict as error:
            current = Action.objects.get(pk=action.pk).version
            raise Conflict(
                f"Someone else changed this action since you read it: you sent "
                f"version {data['version']}, it is now at version {current}. "
                "Nothing was saved. Read the action again, then retry."
            ) from error
        return Response(ActionSerializer(action).data)

from rest_framework import serializers

from inspections.models import Authority, Inspection, Judgement
from inspections.people import person_name
from recommendations.choices import ActionStatus
from recommendations.models import Action, Note, Recommendation


class AuthoritySerializer(serializers.ModelSerializer):
    class Meta:
        model = Authority
        fields = ["id", "name", "slug", "ons_code", "reminders_enabled"]


class JudgementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Judgement
        fields = ["id", "section", "area", "grade", "tier", "position"]


class InspectionSerializer(serializers.ModelSerializer):
    judgements = JudgementSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "authority",
            "kind",
            "inspectorate",
            "title",
            "started_on",
            "ended_on",
            "published_on",
            "source_url",
            "judgements",
        ]


class RecommendationSerializer(serializers.ModelSerializer):
    authority = serializers.IntegerField(
        source="inspection.authority_id", read_only=True
    )
    rag = serializers.ChoiceField(
        choices=["red", "amber", "green"],
        read_only=True,
        help_text="Red: overdue. Amber: due soon, or an action is blocked.",
    )
    is_overdue = serializers.BooleanField(read_only=True)
    actions_total = serializers.IntegerField(
        read_only=True, help_text="Actions that are not cancelled"
    )
    actions_done = serializers.IntegerField(read_only=True)

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "authority",
            "inspection",
            "reference",
            "section",
            "text",
            "timescale",
            "priority",
            "lead_agency",
            "team",
            "status",
            "original_due_date",
            "due_date",
            "implemented_on",
            "is_overdue",
            "rag",
            "actions_total",
            "actions_done",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ActionSerializer(serializers.ModelSerializer):
    owner_name = serializers.SerializerMethodField()
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "recommendation",
            "description",
            "owner",
            "owner_name",
            "team",
            "target_date",
            "status",
            "completed_on",
            "is_overdue",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_owner_name(self, action) -> str:
        return person_name(action.owner)


class ActionStatusSerializer(serializers.Serializer):
    """A change of an action's status, made against the version the client read."""

    status = serializers.ChoiceField(choices=ActionStatus.choices)
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text="Required when blocked; kept as a note on the recommendation.",
    )
    version = serializers.IntegerField(
        min_value=1,
        help_text="The action's `version` as last read: a newer one gives 409.",
    )


class NoteSerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()
    body = serializers.CharField(max_length=20000)

    class Meta:
        model = Note
        fields = ["id", "recommendation", "author", "author_name", "body", "created_at"]
        read_only_fields = ["id", "recommendation", "author", "created_at"]

    def get_author_name(self, note) -> str:
        return person_name(note.author)


class ErrorSerializer(serializers.Serializer):
    """Every error response has this shape."""

    status = serializers.IntegerField(help_text="The HTTP status code")
    code = serializers.CharField(help_text="e.g. invalid, not_found, conflict")
    detail = serializers.CharField(help_text="A sentence a person can read")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For invalid input: messages by field (`non_field_errors` if none)",
    )

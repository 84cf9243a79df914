"""The Lead JSON of README.md, field by field (no mass assignment: output only)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from leads.models import Lead
from payments.deposits import deposit_ledger

LIST_FIELDS = (
    "id",
    "phone",
    "user_id",
    "username",
    "name",
    "status",
    "qualifying_step",
    "current_question",
    "idea",
    "placement",
    "size_text",
    "size_width_cm",
    "size_height_cm",
    "size_category",
    "style",
    "budget_text",
    "budget_min",
    "budget_max",
    "budget_currency",
    "city",
    "country",
    "region",
    "tour_stop",
    "availability",
    "needs_artist",
    "created_at",
    "updated_at",
    "last_inbound_at",
    "can_travel",
    "estimate_min",
    "estimate_max",
    "artist",
    "language",
)
DETAIL_FIELDS = (
    *LIST_FIELDS,
    "answers",
    "media",
    "transcript",
    "history",
    "deposits",
    "appointment",
    "appointments",
    "sessions_planned",
    "reschedules_used",
    "ledger",
    "questions",
    "outbox",
    "consent",
)


class TourStopSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    city = serializers.CharField()
    country = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class AnswerSerializer(serializers.Serializer[Any]):
    question = serializers.CharField(source="question_key")
    raw_text = serializers.CharField()
    value = serializers.JSONField(source="parsed_value")
    at = serializers.DateTimeField(source="answered_at")


class MediaSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    media_type = serializers.CharField()
    mime_type = serializers.CharField()
    caption = serializers.CharField()
    state = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj: Any) -> str | None:
        return obj.file.url if obj.file else None


class TranscriptSerializer(serializers.Serializer[Any]):
    direction = serializers.CharField()
    by = serializers.CharField()
    text = serializers.CharField()
    at = serializers.DateTimeField()


class HistorySerializer(serializers.Serializer[Any]):
    # "from" is a Python keyword: the field names are set in to_representation.
    reason = serializers.CharField()
    actor = serializers.CharField()
    at = serializers.DateTimeField()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        return {"from": instance.from_status or None, "to": instance.to_status, **data}


class DepositSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    amount = serializers.IntegerField()
    currency = serializers.CharField()
    rule = serializers.CharField()
    status = serializers.CharField()
    checkout_url = serializers.CharField()
    expires_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField()
    amount_refunded = serializers.IntegerField()
    refund_requested_at = serializers.DateTimeField()
    forfeited_at = serializers.DateTimeField()
    forfeit_reason = serializers.CharField()
    disputed_at = serializers.DateTimeField()
    dispute_due_by = serializers.DateTimeField()
    policy_text = serializers.CharField()
    policy_sent_at = serializers.DateTimeField()
    created_at = serializers.DateTimeField()


class AppointmentSerializer(serializers.Serializer[Any]):
    start = serializers.SerializerMethodField()
    end = serializers.SerializerMethodField()

    def _local(self, value: Any) -> str:
        tz = self.context["studio_tz"]
        return str(value.astimezone(tz).isoformat())

    def get_start(self, obj: Any) -> str:
        return self._local(obj.start)

    def get_end(self, obj: Any) -> str:
        return self._local(obj.end)


class SessionSerializer(AppointmentSerializer):
    """Every appointment of the piece: its session, the moves (sequence) and what became of it."""

    status = serializers.CharField()
    session = serializers.IntegerField()
    sequence = serializers.IntegerField()


class OutboxSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    purpose = serializers.CharField()
    kind = serializers.CharField()
    text = serializers.CharField()
    state = serializers.CharField()
    attempts = serializers.IntegerField()
    wamid = serializers.CharField()
    error_code = serializers.CharField()
    last_error = serializers.CharField()
    created_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField()


class ConsentSerializer(serializers.Serializer[Any]):
    """The lead's consent form: the current appointment's, else the latest (docs/booking.md)."""

    sent_at = serializers.DateTimeField()
    signed_at = serializers.DateTimeField()
    typed_name = serializers.CharField()
    answers = serializers.JSONField()


class LeadListSerializer(serializers.ModelSerializer[Lead]):
    phone = serializers.CharField(source="customer.wa_id", allow_null=True, read_only=True)
    user_id = serializers.CharField(source="customer.user_id", allow_null=True, read_only=True)
    username = serializers.CharField(source="customer.username", read_only=True)
    name = serializers.CharField(source="customer.profile_name", read_only=True)
    language = serializers.CharField(source="customer.language", read_only=True)
    size_width_cm = serializers.FloatField(allow_null=True, read_only=True)
    size_height_cm = serializers.FloatField(allow_null=True, read_only=True)
    tour_stop = TourStopSerializer(allow_null=True, read_only=True)
    artist = serializers.IntegerField(source="artist_id", allow_null=True, read_only=True)

    class Meta:
        model = Lead
        fields: tuple[str, ...] = LIST_FIELDS
        read_only_fields: tuple[str, ...] = LIST_FIELDS


class LeadDetailSerializer(LeadListSerializer):
    answers = AnswerSerializer(many=True, read_only=True)
    media = MediaSerializer(many=True, read_only=True)
    transcript = TranscriptSerializer(many=True, read_only=True)
    history = HistorySerializer(many=True, read_only=True)
    deposits = DepositSerializer(many=True, read_only=True)
    appointment = serializers.SerializerMethodField()
    appointments = SessionSerializer(many=True, read_only=True, source="all_appointments")
    ledger = serializers.SerializerMethodField()
    questions = serializers.SerializerMethodField()
    outbox = OutboxSerializer(many=True, read_only=True)
    consent = serializers.SerializerMethodField()

    class Meta(LeadListSerializer.Meta):
        fields = DETAIL_FIELDS
        read_only_fields = DETAIL_FIELDS

    def get_questions(self, obj: Lead) -> list[dict[str, str]]:
        """The customer's questions the FAQ did not answer, for the artist: ``text`` and ``at``."""
        return [{"text": str(q.get("text", "")), "at": str(q.get("at", ""))} for q in obj.open_questions or []]

    def get_ledger(self, obj: Lead) -> list[dict[str, Any]]:
        """The deposit ledger: ``at``, ``what``, ``amount`` (minor units) and, where it applies,
        ``deposit``, ``currency``, ``session`` and ``start``."""
        lines = deposit_ledger(
            obj.deposits.all(), getattr(obj, "all_appointments", []), sessions_planned=obj.sessions_planned
        )
        tz = self.context["studio_tz"]
        return [
            {k: (v.astimezone(tz).isoformat() if k in ("at", "start") else v) for k, v in line.items()}
            for line in lines
        ]

    def get_appointment(self, obj: Lead) -> dict[str, Any] | None:
        active = getattr(obj, "active_appointments", [])
        if not active:
            return None
        return dict(AppointmentSerializer(active[0], context=self.context).data)

    def get_consent(self, obj: Lead) -> dict[str, Any]:
        """``signed_at`` null until signed (and every field empty while no form was sent)."""
        forms = list(obj.consent_forms.all())
        active = {a.pk for a in getattr(obj, "active_appointments", [])}
        form = next((f for f in forms if f.appointment_id in active), forms[0] if forms else None)
        if form is None:
            return {"sent_at": None, "signed_at": None, "typed_name": "", "answers": []}
        return dict(ConsentSerializer(form).data)

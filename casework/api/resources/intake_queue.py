"""Queued intake: POST /api/intake/ checks a letter and answers 202 at once; a worker registers it.

For systems that send many letters (an e-office system forwarding what the mail room scanned, a
bulk import): the answer says at once whether the letter is acceptable, without waiting for the
registration. GET /api/intake/{id}/ (the Location of the answer) then gives the case and its
reference, or why it could not be registered. POST /api/cases/ stays the synchronous intake.
"""

from __future__ import annotations

import functools
from typing import Any

import django_filters
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from casework.api.errors import CONFLICT, INVALID, NOT_FOUND, UNPROCESSABLE
from casework.api.idempotency import HEADER, MAX_KEY_LENGTH, request_fingerprint
from casework.api.resources.cases import ComplexityNotAnInput, RepresentativeInputSerializer, intake_fields
from casework.api.scoping import MAX_ID, url_pk
from casework.cases import services
from casework.cases.models import IntakeSubmission, SubmissionStatus
from casework.cases.selectors import intake_submission_get_for_user, intake_submission_list
from core.errors import ValidationFailed


class QueuedIntakeSerializer(ComplexityNotAnInput):
    """The fields of POST /api/cases/ as plain values: the units as ids, which the service reads
    in one query and checks (scope, role, active) before it stores the letter."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            **intake_fields(
                unit=serializers.IntegerField(
                    min_value=1, max_value=MAX_ID, help_text=_("Đơn vị giải quyết (trong phạm vi của bạn)")
                ),
                subject_unit=serializers.IntegerField(
                    min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None
                ),
            ),
            "representative": RepresentativeInputSerializer(required=False, allow_null=True, default=None),
        }


class IntakeSubmissionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=SubmissionStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    submitted_at = serializers.DateTimeField()
    processed_at = serializers.DateTimeField(allow_null=True)
    case = serializers.IntegerField(source="case_id", allow_null=True, help_text=_("Hồ sơ, khi đã đăng ký"))
    reference = serializers.SerializerMethodField(help_text=_("Số hồ sơ, khi đã đăng ký"))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), help_text=_("Lý do không đăng ký được")
    )

    def get_reference(self, obj: IntakeSubmission) -> str:  # for the schema; submission_json answers
        return obj.case.reference if obj.case_id else ""

    def to_representation(self, obj: IntakeSubmission) -> dict[str, Any]:
        return submission_json(obj)


def submission_json(obj: IntakeSubmission) -> dict[str, Any]:
    """What IntakeSubmissionSerializer's declared fields give (tests compare), written out: building
    and binding a fresh copy of each field per answer was a fifth of the queued intake's time in
    the request, and the serializer around it another tenth."""
    return {
        "id": obj.pk,
        "status": obj.status,
        # The label itself: get_status_display() rebuilds the choices' dict on every call.
        "status_label": str(SubmissionStatus(obj.status).label),
        "submitted_at": _DATETIME.to_representation(obj.submitted_at),
        "processed_at": _DATETIME.to_representation(obj.processed_at) if obj.processed_at else None,
        "case": obj.case_id,
        "reference": obj.case.reference if obj.case_id else "",
        "errors": obj.errors,
    }


_DATETIME = serializers.DateTimeField()  # renders as a bound field would (ISO 8601, current time zone)


class IntakeSubmissionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=SubmissionStatus.choices)

    class Meta:
        model = IntakeSubmission
        fields: list[str] = []


@functools.cache
def _list_path() -> str:
    """/api/intake/ (each answer's Location is under it): resolved once, not on every request."""
    return reverse("api:intake-submission-list")


def _payload(values: dict[str, Any]) -> dict[str, Any]:
    """Validated values as the JSON the queue stores (dates as ISO text)."""
    payload = dict(values)
    for name in ("received_on", "congress_date", "knew_on"):
        payload[name] = values[name].isoformat() if values[name] else None
    payload["submitters"] = [dict(s) for s in values["submitters"]]
    if (representative := values.get("representative")) is not None:
        document_on = representative["document_on"]
        payload["representative"] = {**representative, "document_on": document_on.isoformat() if document_on else None}
    return payload


class IntakeSubmissionViewSet(viewsets.GenericViewSet):
    queryset = IntakeSubmission.objects.none()  # for the schema only: rows come from the selectors
    serializer_class = IntakeSubmissionSerializer
    filterset_class = IntakeSubmissionFilter

    def get_queryset(self):
        return intake_submission_list(user=self.request.user)

    @extend_schema(
        request=QueuedIntakeSerializer,
        responses={202: IntakeSubmissionSerializer, 400: INVALID, 404: NOT_FOUND, 409: CONFLICT, 422: UNPROCESSABLE},
        summary=_(
            "Gửi đơn vào hàng đợi đăng ký: trả lời 202 ngay, xem kết quả ở Location "
            "(gửi Idempotency-Key để gửi lại an toàn)"
        ),
    )
    def create(self, request):
        key = request.headers.get(HEADER, "").strip()
        if len(key) > MAX_KEY_LENGTH:
            raise ValidationFailed({HEADER: gettext("Khóa quá dài.")})
        data = QueuedIntakeSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        submission, created = services.intake_submission_queue(
            actor=request.user,
            payload=_payload(data.validated_data),
            key=key,
            request_hash=request_fingerprint(request) if key else "",
        )
        response = Response(submission_json(submission), status=status.HTTP_202_ACCEPTED)
        response["Location"] = request.build_absolute_uri(f"{_list_path()}{submission.pk}/")
        if not created:
            response["Idempotent-Replayed"] = "true"
        return response

    @extend_schema(summary=_("Đơn đã gửi vào hàng đợi (của bạn, hoặc của đơn vị bạn tiếp nhận)"))
    def list(self, request):
        rows = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(IntakeSubmissionSerializer(page, many=True).data)

    @extend_schema(responses={200: IntakeSubmissionSerializer, 404: NOT_FOUND})
    def retrieve(self, request, pk=None):
        submission = intake_submission_get_for_user(user=request.user, pk=url_pk(pk))
        return Response(IntakeSubmissionSerializer(submission).data)

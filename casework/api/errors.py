"""Error bodies the API answers with, as serializers so the schema documents them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()


class ValidationErrorSerializer(ErrorSerializer):
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class TransitionErrorSerializer(ErrorSerializer):
    allowed_actions = serializers.ListField(child=serializers.CharField())


INVALID = OpenApiResponse(ValidationErrorSerializer, description=_("Dữ liệu không hợp lệ (lỗi theo từng trường)"))
NOT_FOUND = OpenApiResponse(ErrorSerializer, description=_("Không có hoặc ngoài phạm vi của người dùng"))
CONFLICT = OpenApiResponse(
    TransitionErrorSerializer,
    description=_(
        "Hành động không được phép ở trạng thái hiện tại (code=transition_not_allowed, kèm allowed_actions) "
        "hoặc hồ sơ vừa bị người khác thay đổi (code=conflict)"
    ),
)
UNPROCESSABLE = OpenApiResponse(ErrorSerializer, description=_("Idempotency-Key đã dùng cho một yêu cầu khác"))
THROTTLED = OpenApiResponse(ErrorSerializer, description=_("Gửi quá nhiều yêu cầu"))

ACTION_ERRORS = {400: INVALID, 404: NOT_FOUND, 409: CONFLICT}

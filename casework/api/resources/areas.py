"""The subject-area taxonomy (lĩnh vực): every area with its current name and its versions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from casework.areas.models import SubjectArea, SubjectAreaVersion
from casework.areas.selectors import subject_areas_all
from core import clock


class SubjectAreaVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubjectAreaVersion
        fields = ["name", "name_en", "valid_from", "retired"]


class SubjectAreaSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField(
        help_text=_("Tên hiện hành, bằng ngôn ngữ của yêu cầu (rỗng nếu lĩnh vực chưa có hiệu lực)")
    )
    retired = serializers.SerializerMethodField(help_text=_("Đã ngừng sử dụng: không chọn cho hồ sơ mới"))
    versions = SubjectAreaVersionSerializer(many=True, read_only=True)

    class Meta:
        model = SubjectArea
        fields = ["code", "name", "retired", "position", "versions"]

    def get_name(self, obj: SubjectArea) -> str:
        version = obj.version_on(clock.today())
        return version.shown_name if version is not None else ""

    @extend_schema_field(serializers.BooleanField())
    def get_retired(self, obj: SubjectArea) -> bool:
        version = obj.version_on(clock.today())
        return version is None or version.retired


@extend_schema_view(
    list=extend_schema(
        description=_(
            "Danh mục lĩnh vực: các mã `subject_area` dùng cho hồ sơ và dấu hiệu vi phạm, kèm tên của chúng qua thời gian."
        )
    )
)
class SubjectAreaViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Danh mục lĩnh vực: the codes `subject_area` takes on cases and flags, with their names over time."""

    serializer_class = SubjectAreaSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return subject_areas_all()

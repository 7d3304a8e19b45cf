"""The quarterly report (live figures of a unit's subtree for one quarter), and the same as data sent upward."""

from __future__ import annotations

import json

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api.errors import CONFLICT, INVALID, NOT_FOUND
from casework.org.models import Unit
from casework.org.selectors import units_visible_to
from casework.reports.figures import FIGURE_SECTIONS
from casework.reports.selectors import quarterly_report
from casework.reports.services import export_now, quarterly_report_import
from core.errors import OutOfScope, ValidationFailed


class QuarterlyQuery(serializers.Serializer):
    unit = serializers.IntegerField(help_text=_("Đơn vị lập báo cáo (cả cây con)"))
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(min_value=1, max_value=4)


class FigureRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.IntegerField()


class FigureSectionSerializer(serializers.Serializer):
    title = serializers.CharField()
    rows = FigureRowSerializer(many=True)


class QuarterlyReportSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    period = serializers.CharField()
    on_time_rate = serializers.FloatField(allow_null=True)
    figures = serializers.DictField(child=serializers.IntegerField())
    sections = FigureSectionSerializer(many=True)


class QuarterlyReportView(APIView):
    """Báo cáo quý: số liệu tiếp nhận, giải quyết đơn thư, kiểm tra, dấu hiệu vi phạm, kiến nghị, kỷ luật."""

    @extend_schema(
        parameters=[QuarterlyQuery],
        responses={200: QuarterlyReportSerializer, 400: INVALID, 404: NOT_FOUND},
        description=_(
            "Báo cáo quý: số liệu tiếp nhận, giải quyết đơn thư, kiểm tra, dấu hiệu vi phạm, kiến nghị, kỷ luật."
        ),
    )
    def get(self, request):
        query = QuarterlyQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        unit = Unit.objects.filter(pk=values["unit"]).first()
        if unit is None:
            raise OutOfScope(gettext("Không tìm thấy đơn vị."))
        report = quarterly_report(unit=unit, year=values["year"], quarter=values["quarter"], user=request.user)
        figures = {key: int(value or 0) for key, value in report.figures.items()}
        body = {
            "unit": unit.pk,
            "year": report.period.year,
            "quarter": report.period.quarter,
            "period": report.period.label,
            "on_time_rate": report.on_time_rate,
            "figures": figures,
            "sections": [
                {
                    "title": title,
                    "rows": [{"key": key, "label": str(label), "value": figures.get(key, 0)} for key, label in rows],
                }
                for title, rows in FIGURE_SECTIONS
            ],
        }
        return Response(QuarterlyReportSerializer(body).data)


class UnitQuery(serializers.Serializer):
    unit = serializers.IntegerField(min_value=1, help_text=_("Công đoàn cấp trên nhận báo cáo"))


class ImportedReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.CharField(source="unit.code")
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    status = serializers.CharField()
    source = serializers.CharField(help_text=_("file: cấp trên nhập số liệu từ tệp của đơn vị"))
    imported_by = serializers.CharField(source="imported_by.username", allow_null=True, default=None)
    submitted_at = serializers.DateTimeField(help_text=_("Lúc cấp trên nhận số liệu"))
    figures = serializers.DictField(child=serializers.IntegerField())


class QuarterlyDocumentView(APIView):
    """Báo cáo quý dưới dạng dữ liệu theo lược đồ công bố (/reports/schema/quarterly-report.json)."""

    @extend_schema(
        parameters=[QuarterlyQuery],
        responses={200: OpenApiTypes.OBJECT, 400: INVALID, 404: NOT_FOUND},
        description=_("Báo cáo quý dưới dạng dữ liệu theo lược đồ công bố (/reports/schema/quarterly-report.json)."),
    )
    def get(self, request):
        query = QuarterlyQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        unit = Unit.objects.filter(pk=values["unit"]).first()
        if unit is None:
            raise OutOfScope(gettext("Không tìm thấy đơn vị."))
        file = export_now(
            kind="quarterly_json",
            unit=unit,
            params={"year": values["year"], "quarter": values["quarter"]},
            user=request.user,
        )
        return Response(json.loads(file.data))


class QuarterlyImportView(APIView):
    """Công đoàn cấp trên nhận số liệu báo cáo quý của đơn vị cấp dưới trực tiếp (tài liệu theo lược đồ)."""

    @extend_schema(
        parameters=[UnitQuery],
        request=OpenApiTypes.OBJECT,
        responses={201: ImportedReportSerializer, 400: INVALID, 404: NOT_FOUND, 409: CONFLICT},
        description=_(
            "Công đoàn cấp trên nhận số liệu báo cáo quý của đơn vị cấp dưới trực tiếp (tài liệu theo lược đồ)."
        ),
    )
    def post(self, request):
        query = UnitQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        superior = units_visible_to(user=request.user).filter(pk=query.validated_data["unit"]).first()
        if superior is None:
            raise OutOfScope(gettext("Không tìm thấy đơn vị."))
        if not isinstance(request.data, dict):
            raise ValidationFailed({"document": gettext("Phải gửi một đối tượng JSON theo lược đồ báo cáo quý.")})
        report = quarterly_report_import(superior=superior, actor=request.user, data=dict(request.data))
        return Response(ImportedReportSerializer(report).data, status=201)

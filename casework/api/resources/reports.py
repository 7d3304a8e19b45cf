"""The quarterly report (live figures of a unit's subtree for one quarter)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api.errors import INVALID, NOT_FOUND
from casework.errors import OutOfScope
from casework.org.models import Unit
from casework.reports.figures import FIGURE_SECTIONS
from casework.reports.selectors import quarterly_report


class QuarterlyQuery(serializers.Serializer):
    unit = serializers.IntegerField(help_text="Đơn vị lập báo cáo (cả cây con)")
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
        parameters=[QuarterlyQuery], responses={200: QuarterlyReportSerializer, 400: INVALID, 404: NOT_FOUND}
    )
    def get(self, request):  # noqa: ANN001
        query = QuarterlyQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        unit = Unit.objects.filter(pk=values["unit"]).first()
        if unit is None:
            raise OutOfScope("Không tìm thấy đơn vị.")
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

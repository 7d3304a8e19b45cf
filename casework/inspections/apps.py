from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "casework.inspections"
    label = "inspections"
    verbose_name = "Kế hoạch kiểm tra, cuộc kiểm tra, dấu hiệu vi phạm"

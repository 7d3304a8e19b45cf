from django.contrib import admin

from casework.papers.models import PaperGrounds


@admin.register(PaperGrounds)
class PaperGroundsAdmin(admin.ModelAdmin):
    """Căn cứ and the right to the next step, per deadline-policy version (data, not code)."""

    list_display = ("policy_version", "subject", "next_step_days", "next_step_days_remote")
    list_filter = ("policy_version", "subject")

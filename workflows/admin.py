"""Admin: the deadline policy and the working calendar are configuration that administrators edit;
running deadlines and escalations are shown read-only (they change only through services)."""

from __future__ import annotations

from django.contrib import admin

from casework.audit.services import audit_record_standalone
from casework.org.admin_scope import ScopedReadOnlyAdmin
from workflows.models import CalendarDay, CalendarNotice, Deadline, DeadlineRule, Escalation, PolicyVersion


class DeadlineRuleInline(admin.TabularInline):
    model = DeadlineRule
    extra = 0


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "effective_from", "note"]
    inlines = [DeadlineRuleInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Policy changes decide every later deadline: keep them on the audit chain.
        audit_record_standalone(
            actor=request.user,
            action="policy.change",
            target=obj,
            after={"number": obj.number, "effective_from": obj.effective_from, "note": obj.note},
        )


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 0


@admin.register(CalendarNotice)
class CalendarNoticeAdmin(admin.ModelAdmin):
    """The government's yearly notice and the days it swaps: a year without one is "dự kiến"."""

    list_display = ["year", "document", "issued_on"]
    inlines = [CalendarDayInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record_standalone(
            actor=request.user,
            action="calendar.notice",
            target=obj,
            after={"year": obj.year, "document": obj.document, "issued_on": obj.issued_on},
        )


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "notice"]
    list_filter = ["kind", "notice"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record_standalone(
            actor=request.user,
            action="calendar.change",
            target=obj,
            after={"date": obj.date, "kind": obj.kind, "name": obj.name, "notice": obj.notice_id},
        )


@admin.register(Deadline)
class DeadlineAdmin(ScopedReadOnlyAdmin):
    list_display = ["target_type", "target_id", "step", "unit", "due_on", "status", "extensions"]
    list_filter = ["status", "target_type", "step"]
    search_fields = ["target_id"]


@admin.register(Escalation)
class EscalationAdmin(ScopedReadOnlyAdmin):
    list_display = ["target_type", "target_id", "unit", "level", "status", "decision", "automatic", "created_at"]
    list_filter = ["status", "decision", "automatic"]

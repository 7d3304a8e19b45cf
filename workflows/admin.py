"""Admin: the deadline policy and the working calendar are configuration that administrators edit
(a policy version in use only by copying it into a new one); running deadlines and escalations are
shown read-only (they change only through services)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.audit.services import audit_record_standalone
from casework.org.admin_scope import ScopedReadOnlyAdmin
from workflows.models import (
    CalendarDay,
    CalendarNotice,
    Deadline,
    DeadlineChange,
    DeadlineRule,
    Escalation,
    PolicyVersion,
)
from workflows.services.policy import policy_version_copy, policy_version_in_use


def _editable(version: PolicyVersion | None) -> bool:
    """A version no case or clock uses yet; one in use stays as it is (a case keeps the policy version
    it started under) and is changed by copying it into a new version."""
    return version is None or not policy_version_in_use(version=version)


class DeadlineRuleInline(admin.TabularInline):
    model = DeadlineRule
    extra = 0

    def has_add_permission(self, request, obj=None):
        return _editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(obj) and super().has_delete_permission(request, obj)


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "effective_from", "note"]
    inlines = [DeadlineRuleInline]
    actions = ["copy_as_new_version"]

    def has_change_permission(self, request, obj=None):
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(obj) and super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        version = self.get_object(request, object_id)
        if version is not None and not _editable(version):
            messages.info(
                request,
                _(
                    "Phiên bản này đã được dùng để tính thời hạn của hồ sơ, nên không sửa được (hồ sơ giữ phiên "
                    "bản chính sách khi bắt đầu). Muốn thay đổi: sao chép thành phiên bản mới rồi sửa phiên bản đó."
                ),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Sao chép thành phiên bản mới (áp dụng từ ngày mai)"))
    def copy_as_new_version(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Chọn đúng một phiên bản để sao chép."), level=messages.ERROR)
            return
        version = policy_version_copy(source=queryset.get(), actor=request.user)
        self.message_user(
            request,
            gettext(
                "Đã tạo phiên bản v%(number)s, áp dụng từ %(date)s: sửa các quy định và ngày áp dụng trước ngày đó."
            )
            % {"number": version.number, "date": f"{version.effective_from:%d/%m/%Y}"},
        )

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


class DeadlineChangeInline(admin.TabularInline):
    """What moved the clock (extensions, new limits, pauses and resumes): written only by the services."""

    model = DeadlineChange
    extra = 0
    can_delete = False
    fields = readonly_fields = ("at", "kind", "due_on_before", "due_on_after", "paused_from", "paused_until")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Deadline)
class DeadlineAdmin(ScopedReadOnlyAdmin):
    list_display = ["target_type", "target_id", "step", "unit", "due_on", "status", "extensions"]
    inlines = [DeadlineChangeInline]
    list_filter = ["status", "target_type", "step"]
    search_fields = ["target_id"]


@admin.register(Escalation)
class EscalationAdmin(ScopedReadOnlyAdmin):
    list_display = ["target_type", "target_id", "unit", "level", "status", "decision", "automatic", "created_at"]
    list_filter = ["status", "decision", "automatic"]

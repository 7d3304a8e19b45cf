"""Admin: the taxonomy is edited through its services, so every change is a new, audited version."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from casework.areas import services
from casework.areas.models import SubjectArea, SubjectAreaVersion
from casework.areas.selectors import subject_area_may_edit
from core import clock

KEEP, YES, NO = "", "yes", "no"


class SubjectAreaVersionInline(admin.TabularInline):
    model = SubjectAreaVersion
    fields = ["valid_from", "name", "name_en", "retired", "note", "created_by", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class SubjectAreaForm(forms.ModelForm):
    """Creating: code and name. Changing: a new name and/or a change of use, from a day (today by default)."""

    name = forms.CharField(label=_("Tên lĩnh vực (mới)"), max_length=128, required=False)
    name_en = forms.CharField(
        label=_("Tên lĩnh vực bằng tiếng Anh (mới)"),
        max_length=128,
        required=False,
        help_text=_("Hiển thị khi người đọc chọn tiếng Anh. Khi sửa: để trống thì giữ tên đang dùng."),
    )
    use = forms.ChoiceField(
        label=_("Sử dụng"),
        required=False,
        choices=[(KEEP, _("Giữ nguyên")), (YES, _("Ngừng sử dụng")), (NO, _("Dùng lại"))],
    )
    valid_from = forms.DateField(label=_("Áp dụng từ ngày"), required=False, help_text=_("Để trống: từ hôm nay."))
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    class Meta:
        model = SubjectArea
        fields = ["code", "position"]

    def retired(self) -> bool | None:
        return {YES: True, NO: False}.get(self.cleaned_data.get("use") or KEEP)

    def revises(self) -> bool:
        d = self.cleaned_data
        return bool(d.get("name") or d.get("name_en")) or self.retired() is not None

    def clean(self) -> dict[str, Any]:
        d = super().clean()
        if self.instance.pk is None:
            errors = services.subject_area_create_errors(
                code=d.get("code") or "",
                name=d.get("name") or "",
                name_en=d.get("name_en") or "",
                valid_from=d.get("valid_from"),
            )
        elif self.revises():
            errors = services.subject_area_revise_errors(
                area=self.instance,
                name=d.get("name") or None,
                name_en=d.get("name_en") or None,
                retired=self.retired(),
                valid_from=d.get("valid_from"),
            )
        else:
            errors = {}
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)
        return d


@admin.register(SubjectArea)
class SubjectAreaAdmin(admin.ModelAdmin):
    form = SubjectAreaForm
    list_display = ["code", "current_name", "position"]
    inlines = [SubjectAreaVersionInline]

    @admin.display(description=_("tên hiện hành"))
    def current_name(self, obj: SubjectArea) -> str:
        version = obj.version_on(clock.today())
        if version is None:
            return "—"
        return f"{version.name} ({_('ngừng sử dụng')})" if version.retired else version.name

    def get_readonly_fields(self, request, obj=None) -> Any:
        return ["code", "position"] if obj is not None else []

    def has_add_permission(self, request) -> bool:
        return subject_area_may_edit(user=request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return subject_area_may_edit(user=request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_form(self, request, form, change) -> SubjectArea:
        d = form.cleaned_data
        if not change:
            return services.subject_area_create(
                code=d["code"],
                name=d.get("name") or "",
                name_en=d.get("name_en") or "",
                position=d.get("position") or 0,
                valid_from=d.get("valid_from"),
                note=d.get("note") or "",
                actor=request.user,
            )
        area = form.instance
        if form.revises():
            services.subject_area_revise(
                area=area,
                name=d.get("name") or None,
                name_en=d.get("name_en") or None,
                retired=form.retired(),
                valid_from=d.get("valid_from"),
                note=d.get("note") or "",
                actor=request.user,
            )
        return area

    def save_model(self, request, obj, form, change) -> None:
        """Written by the services in save_form (the versions too: the inline is read-only)."""

    def save_related(self, request, form, formsets, change) -> None:
        # No many-to-many fields; the read-only inline saves nothing but records that it did not.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

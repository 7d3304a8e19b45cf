from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from casework.org.admin_scope import ReadOnlyAdmin
from casework.org.models import Absence, RoleAssignment, Unit, User
from casework.org.selectors import absence_list
from casework.org.services import (
    UNIT_EDITABLE,
    role_assignment_delete,
    role_assignment_save,
    unit_update,
    user_position_set,
)
from casework.web.actions import form_add_service_error
from core.errors import ApplicationError
from workflows.services.absences import acting_chair_check, acting_unit_lock


class RoleAssignmentForm(forms.ModelForm):
    """A role with an appointment document is an acting appointment (quyền Chủ nhiệm UBKT): made or
    edited here, it follows the rule `acting_chair_appoint` follows (`acting_chair_check`), so the
    admin gives no acting chair without an end, from a day already past, or to someone not eligible."""

    actor: Any = None  # the administrator, set per request by the admin

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        stored = self.instance if self.instance.pk else None
        document = cleaned.get("acting_document", stored.acting_document if stored else "")
        if not (document or (stored and stored.acting_document)) or (stored and not self.has_changed()):
            return cleaned
        user = cleaned.get("user") or (self.instance.user if self.instance.user_id else None)
        unit = cleaned.get("unit") or (self.instance.unit if self.instance.unit_id else None)
        if unit is not None:
            # The admin validates and saves in one transaction: holding the unit's row from here, as
            # acting_chair_appoint does, an appointment given at the same moment elsewhere is checked
            # after this one is saved, or this one after it.
            acting_unit_lock(unit)
        try:
            acting_chair_check(
                actor=self.actor,
                unit=unit,
                user=user,
                valid_from=cleaned.get("valid_from"),
                valid_to=cleaned.get("valid_to"),
                document=document,
                role=cleaned.get("role", ""),
                kept_from=stored.valid_from if stored else None,
                editing=stored.pk if stored else None,
            )
        except ApplicationError as exc:
            form_add_service_error(self, exc)
        return cleaned


def _with_actor(form: type[RoleAssignmentForm], request: Any) -> type[RoleAssignmentForm]:
    return type(form.__name__, (form,), {"actor": request.user})


class RoleAssignmentFormSet(forms.BaseInlineFormSet):
    """The rows of one user page are checked together: two acting appointments of one unit given
    in the same save overlap like any two (each form alone sees only what is already stored)."""

    def clean(self) -> None:
        super().clean()
        acting = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.cleaned_data.get("acting_document") or "").strip()
            and form.cleaned_data.get("valid_from")
            and form.cleaned_data.get("valid_to")
        ]
        for i, one in enumerate(acting):
            for other in acting[i + 1 :]:
                if (
                    one.get("unit") == other.get("unit")
                    and one["valid_from"] <= other["valid_to"]
                    and other["valid_from"] <= one["valid_to"]
                ):
                    raise forms.ValidationError(
                        _("Hai quyền chủ nhiệm của %(unit)s trùng thời gian: một ủy ban chỉ có một quyền chủ nhiệm.")
                        % {"unit": one.get("unit")}
                    )


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    form = RoleAssignmentForm
    formset = RoleAssignmentFormSet
    extra = 0
    autocomplete_fields = ["unit"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _with_actor(formset.form, request)
        return formset


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Thông tin bổ sung"), {"fields": ("full_name", "position", "phone", "email_notifications")}),
    )
    list_display = ["username", "full_name", "email", "is_active"]
    search_fields = ["username", "full_name", "email"]
    inlines = [RoleAssignmentInline]

    def save_model(self, request, obj, form, change):
        # The position through user_position_set, audited as the user's own change is.
        position = obj.position
        changed = change and "position" in form.changed_data
        if changed:
            obj.position = User.objects.filter(pk=obj.pk).values_list("position", flat=True).get()
        super().save_model(request, obj, form, change)
        if changed:
            obj.position = user_position_set(user=obj, actor=request.user, position=position).position

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleAssignment:
            super().save_formset(request, form, formset, change)
            return
        # Role changes made in the admin go through the role services, audited like any other.
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            role_assignment_delete(assignment=obj, actor=request.user)
        for obj in instances:
            role_assignment_save(assignment=obj, actor=request.user)
        formset.save_m2m()


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    readonly_fields = ["path", "depth"]

    def has_add_permission(self, request):
        # New units get their tree path from the unit_create service (load_demo, import).
        return False

    def get_readonly_fields(self, request, obj=None):
        # A unit keeps its place in the tree: scope, reports and the coverage proof follow its path, and
        # escalations climb by its parent; no service moves a unit with its subtree and their records.
        return [*self.readonly_fields, "parent"] if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        # Through unit_update, audited with what each field was: activity (a dissolved unit), kind and
        # member count decide rules.
        changes = {field: form.cleaned_data[field] for field in form.changed_data if field in UNIT_EDITABLE}
        unit_update(unit=obj, actor=request.user, changes=changes)
        obj.refresh_from_db()


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "position", "unit", "valid_from", "valid_to", "acting_document"]
    list_filter = ["role", "position"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    form = RoleAssignmentForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        return _with_actor(super().get_form(request, obj, change=change, **kwargs), request)

    def save_model(self, request, obj, form, change):
        role_assignment_save(assignment=obj, actor=request.user)

    def delete_model(self, request, obj):
        role_assignment_delete(assignment=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            role_assignment_delete(assignment=obj, actor=request.user)


@admin.register(Absence)
class AbsenceAdmin(ReadOnlyAdmin):
    """Read-only: absences are recorded, given a substitute and ended through the pages and the API
    (audited services). Each reader sees the absences the absences page shows them (`absence_list`)."""

    list_display = ["user", "starts_on", "ends_on", "substitute", "recorded_by", "recorded_at"]

    def get_queryset(self, request):
        return absence_list(user=request.user)

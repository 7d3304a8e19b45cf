from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from casework.org.models import RoleAssignment, Unit, User
from casework.org.services import UNIT_EDITABLE, role_assignment_delete, role_assignment_save, unit_update


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Thông tin bổ sung"), {"fields": ("full_name", "phone", "email_notifications")}),
    )
    list_display = ["username", "full_name", "email", "is_active"]
    search_fields = ["username", "full_name", "email"]
    inlines = [RoleAssignmentInline]

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
    list_display = ["user", "role", "unit", "valid_from", "valid_to"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]

    def save_model(self, request, obj, form, change):
        role_assignment_save(assignment=obj, actor=request.user)

    def delete_model(self, request, obj):
        role_assignment_delete(assignment=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            role_assignment_delete(assignment=obj, actor=request.user)

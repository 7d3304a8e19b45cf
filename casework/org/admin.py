from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from casework.audit.services import audit_record_standalone
from casework.org.models import RoleAssignment, Unit, User


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
        # Role changes made in the admin are audited like those made through services.
        instances = formset.save(commit=False)
        super().save_formset(request, form, formset, change)
        for obj in instances:
            if isinstance(obj, RoleAssignment):
                audit_record_standalone(
                    actor=request.user,
                    action="role.change",
                    target=obj,
                    unit=obj.unit,
                    after={
                        "user": obj.user.username,
                        "role": obj.role,
                        "valid_from": obj.valid_from,
                        "valid_to": obj.valid_to,
                    },
                )


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


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "valid_from", "valid_to"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record_standalone(
            actor=request.user,
            action="role.change",
            target=obj,
            unit=obj.unit,
            after={"user": obj.user.username, "role": obj.role, "valid_from": obj.valid_from, "valid_to": obj.valid_to},
        )

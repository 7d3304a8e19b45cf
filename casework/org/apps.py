from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "casework.org"
    label = "org"
    verbose_name = _("Tổ chức, người dùng và vai trò")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from casework.org.models import RoleAssignment
        from casework.org.role_cache import forget_on_change

        # A role granted or ended during a request is seen by the rest of that request.
        post_save.connect(forget_on_change, sender=RoleAssignment, dispatch_uid="org_role_cache_save")
        post_delete.connect(forget_on_change, sender=RoleAssignment, dispatch_uid="org_role_cache_delete")

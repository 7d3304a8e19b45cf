"""Links between the federation's identity provider and local accounts (sign-in with OpenID Connect)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OIDCLink(models.Model):
    """Liên kết tài khoản: the provider's user (issuer + subject) signs in as this local account.

    Made at the first sign-in, by the provider's verified e-mail matching exactly one active local
    account; from then on the subject alone decides, so a changed e-mail at the provider does not
    move the link. Roles stay local: the provider says who someone is, never what they may do.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oidc_links")
    issuer = models.CharField(_("nhà cung cấp định danh"), max_length=255)
    subject = models.CharField(_("mã người dùng tại nhà cung cấp"), max_length=255)
    linked_at = models.DateTimeField(_("liên kết lúc"))
    last_login_at = models.DateTimeField(_("đăng nhập gần nhất"), null=True, blank=True)

    class Meta:
        verbose_name = _("liên kết đăng nhập một lần")
        verbose_name_plural = _("liên kết đăng nhập một lần")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="oidc_link_once"),
            models.UniqueConstraint(fields=["user", "issuer"], name="oidc_one_link_per_user"),
        ]

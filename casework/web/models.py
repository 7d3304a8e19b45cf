"""Spent one-time tokens of the web forms that create a record (casework.web.form_tokens)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SpentFormToken(models.Model):
    """A creation form's token, once the record it was posted for was created.

    The unique `nonce` is what makes a second post of the same form create nothing: it is inserted in
    the transaction that creates the record, and `url` keeps the record's page to send the repeat to.
    """

    nonce = models.CharField(_("mã dùng một lần"), max_length=32, unique=True)
    # None for the public form, which is sent without an account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    form = models.CharField(_("biểu mẫu"), max_length=200)
    url = models.CharField(_("trang của bản ghi đã tạo"), max_length=500, blank=True)
    spent_at = models.DateTimeField(_("lúc gửi"), db_index=True)  # pruned by age (spent_tokens_prune)

    class Meta:
        verbose_name = _("mã biểu mẫu đã dùng")
        verbose_name_plural = _("mã biểu mẫu đã dùng")

    def __str__(self) -> str:
        return f"{self.form}:{self.nonce}"

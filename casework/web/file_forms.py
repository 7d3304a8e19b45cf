"""Forms that take files: a browser never sends a chosen file back, so a form that comes back with
an error has lost every file the person chose. Each such file field then says so, and asks for the
file again, instead of the page looking complete while the file is gone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

CHOOSE_AGAIN = _("Tệp đã chọn chưa được lưu vì biểu mẫu còn lỗi: hãy chọn lại tệp.")


class FilesChosenAgainForm(forms.Form):
    """A form with file fields that, whenever it gets an error (its own fields' or a service's refusal),
    puts CHOOSE_AGAIN under each file field that had a file and no error of its own."""

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        if not self.is_bound:
            return
        for name, form_field in self.fields.items():
            if (
                isinstance(form_field, forms.FileField)
                and name not in self.errors
                and self.files.get(self.add_prefix(name))
            ):
                super().add_error(name, CHOOSE_AGAIN)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilesConfig(AppConfig):
    name = "casework.files"
    label = "files"
    verbose_name = _("Tệp đính kèm")

    def ready(self) -> None:
        from casework.cases.recusal import register_records_about
        from casework.files.selectors import attachments_about

        register_records_about("files.attachment", attachments_about)

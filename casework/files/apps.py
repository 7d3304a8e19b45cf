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
        from casework.audit.labels import register_event_labels

        # An upload's "name" is the file's own name (a unit's is its name in the tree).
        register_event_labels("file.upload", fields={"name": _("Tên tệp")})

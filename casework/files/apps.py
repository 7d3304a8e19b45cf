from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "casework.files"
    label = "files"
    verbose_name = "Tệp đính kèm"

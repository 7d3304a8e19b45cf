"""Private storage for attachments: a directory outside MEDIA_ROOT with no public URL.

Files are only ever served by `files:download`, which checks the user's scope first.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Reads PRIVATE_MEDIA_ROOT on every use so tests can point it at a temporary directory."""

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:  # type: ignore[override]
        return None

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; use reverse('files:download', args=[pk]).")


_private_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    """Callable for FileField(storage=...): keeps the migration free of a storage instance."""
    return _private_storage

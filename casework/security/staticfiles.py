"""Production static files: whitenoise's compressed, hashed storage, tolerant of third-party CSS.

viewflow ships CSS that points at font files it does not include; the strict manifest storage
would abort collectstatic on those references. Such references keep their original URL (and
answer 404) instead of stopping the deploy; our own files are still hashed and compressed.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ForgivingManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            return name

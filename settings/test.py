"""Tests: fast hasher, locmem cache, eager Celery; database from DATABASE_URL or SQLite."""

import tempfile
from pathlib import Path

from settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
# Tests that post a creation form without rendering it first skip its one-time token, as Django's test
# client skips CSRF; a posted token is always checked, and tests/web/test_form_tokens.py turns this on.
FORM_TOKENS_REQUIRED = False
CELERY_TASK_EAGER_PROPAGATES = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LANGUAGE_CODE = "vi"
# Uploaded attachments go to a throwaway directory, not the project's private_media/.
PRIVATE_MEDIA_ROOT = Path(tempfile.gettempdir()) / "casework-test-private-media"
# Tests log users in with force_login; the second-factor gate is switched on by the tests that
# are about it (tests/security/test_otp.py) and by the role matrix.
OTP_ENFORCED = False
# No collectstatic before tests: whitenoise looks files up per request instead of scanning STATIC_ROOT.
WHITENOISE_AUTOREFRESH = True

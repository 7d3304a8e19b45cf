"""Benchmark settings: the test settings, but tasks are queued (in memory) rather than run
inline, so a measured transition does not also deliver its e-mail."""

import warnings

from settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# The plain stack transition_vs_naive_stack compares against, and the bare view's row.
INSTALLED_APPS = [*INSTALLED_APPS, "django_fsm_log", "simple_history", "benchmarks.naive"]  # noqa: F405
ROOT_URLCONF = "benchmarks.urls"

# As in production (settings/prod.py): the test settings turn the second-factor rule off, and with it
# the reads it costs every request (an API token's roles and devices, the web pages' device check).
OTP_ENFORCED = True
# As in production: static files are indexed once at start, not looked up on disk on every request
# (the test settings' autorefresh), a cost both sides of api_intake_vs_bare would otherwise pay. No
# page of the benchmarks asks for a static file, so no collectstatic runs (whitenoise says so once).
WHITENOISE_AUTOREFRESH = False
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")

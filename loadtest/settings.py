"""Settings for `make loadtest`: the development settings without DEBUG, and public-form budgets
large enough that one loopback address can play many citizens (production keeps the real ones)."""

from settings.dev import *  # noqa: F403

DEBUG = False
CASES_PUBLIC_RATES = {"public_submit": (10**6, 3600), "public_status": (10**6, 3600)}
# Officers log in once per simulated user; never lock them out for the run.
AXES_ENABLED = False

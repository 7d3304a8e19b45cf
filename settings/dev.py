"""Development: DEBUG on, everything else from base (SQLite unless DATABASE_URL is set)."""

from settings.base import *  # noqa: F403
from settings.env import env_bool

DEBUG = env_bool("DEBUG", True)

# The demo's leaders and administrator would otherwise have to enrol an authenticator app before
# seeing anything; production (settings.prod) always requires the second factor.
OTP_ENFORCED = env_bool("OTP_ENFORCED", False)

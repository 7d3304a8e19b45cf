"""Development: DEBUG on, everything else from base (SQLite unless DATABASE_URL is set)."""

from settings.base import *  # noqa: F403
from settings.env import env_bool

DEBUG = env_bool("DEBUG", True)

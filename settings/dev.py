"""Development and the demo (`make run`): everything from base (SQLite unless DATABASE_URL is set).

DEBUG stays off unless asked for (`DEBUG=true make run`): with it on, Django answers a missing page with its
technical page in English listing every route, and an error with a traceback whose local values can hold a
denouncer's name, where the people trying the demo should see the Vietnamese pages production shows."""

from settings.base import *  # noqa: F403
from settings.env import env_bool

DEBUG = env_bool("DEBUG", False)

# Static files straight from the apps' directories, as DEBUG's runserver serves them: no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The demo's leaders and administrator would otherwise have to enrol an authenticator app before
# seeing anything; production (settings.prod) always requires the second factor.
OTP_ENFORCED = env_bool("OTP_ENFORCED", False)

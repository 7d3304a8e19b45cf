"""Production: refuses to start without a real SECRET_KEY and audit key; HTTPS-only cookies."""

from django.core.exceptions import ImproperlyConfigured

from settings.base import *  # noqa: F403
from settings.env import env_admins, env_bool, env_int, env_str

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY or SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("SECRET_KEY must be set in production (settings.prod)")
AUDIT_HMAC_KEY = env_str("AUDIT_HMAC_KEY")
if not AUDIT_HMAC_KEY or AUDIT_HMAC_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("AUDIT_HMAC_KEY must be set in production (settings.prod)")
IDENTITY_ENCRYPTION_KEY = env_str("IDENTITY_ENCRYPTION_KEY")
if not IDENTITY_ENCRYPTION_KEY or IDENTITY_ENCRYPTION_KEY == DEV_IDENTITY_ENCRYPTION_KEY:  # noqa: F405
    raise ImproperlyConfigured("IDENTITY_ENCRYPTION_KEY must be set in production (settings.prod)")

DEBUG = False
# Who receives Django's error e-mails (the "mail_admins" handler of settings.base), and from which address.
ADMINS = env_admins("ADMINS")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
# The second factor cannot be switched off in production.
OTP_ENFORCED = True
# Upgrade any stray http:// sub-resource on top of the base policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "upgrade-insecure-requests": True}  # noqa: F405
}
# Static files: hashed names + gzip/brotli, served by whitenoise from STATIC_ROOT (run collectstatic).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "casework.security.staticfiles.ForgivingManifestStaticFilesStorage"},
}

# JSON log lines unless LOG_FORMAT says otherwise; probes over plain HTTP must not be redirected.
LOG_FORMAT = env_str("LOG_FORMAT", "json")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, got {LOG_FORMAT!r}")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^health/system$", r"^metrics$"]

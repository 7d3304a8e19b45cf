"""Settings shared by every environment. Everything that varies comes from the environment."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from settings.env import env_bool, env_database, env_int, env_list, env_redis_url, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Security: login lockout, second factor (TOTP), content security policy.
    "casework.security.library_apps.AxesConfig",
    "django_otp",
    "casework.security.library_apps.TOTPConfig",
    "csp",
    "casework.security",
    # Before viewflow, whose own 403/404/base templates would otherwise win.
    "casework.web",
    "viewflow",
    "viewflow.workflow",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "casework.org",
    "casework.areas",
    "casework.audit",
    "casework.files",
    "casework.cases",
    "casework.privacy",
    "casework.inspections",
    "casework.supervision",
    "casework.reception",
    "casework.search",
    "casework.reports",
    "casework.papers",
    "casework.ops",
    "casework.api",
    "workflows",
    "workflows.flows",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight after SecurityMiddleware, before anything that touches the session.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Pages in the language chosen with the selector, else Vietnamese; the API negotiates Accept-Language.
    "casework.web.middleware.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Control characters and oversized bodies answer 400/413 before CSRF or any view reads the input.
    "casework.security.hostile_input.HostileInputMiddleware",
    # One read of the user's roles per request, shared by the menu, the home sections and scoping.
    "casework.org.role_cache.RoleCacheMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "casework.security.middleware.OTPRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "casework.security.middleware.ServiceErrorMiddleware",
    "casework.audit.middleware.RequestMetaMiddleware",
    # After RequestMetaMiddleware: reuses its request id (response header, log lines).
    "casework.ops.middleware.RequestMetricsMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casework.urls"
WSGI_APPLICATION = "casework.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "casework.web.navigation.nav_links",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", str(BASE_DIR / "db.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Accounts hardening. axes first so a locked-out user never reaches the password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the user with the second-factor gate's answer (one query a page).
    "casework.security.backends.UserBackend",
]
# Optional sign-in with the federation's accounts (OpenID Connect; casework/security/oidc.py):
# on when OIDC_RP_CLIENT_ID is set. Local accounts keep working beside it.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
# What in the ID token counts as a second factor (RFC 8176 amr values; acr values the provider documents).
OIDC_MFA_AMR = env_list("OIDC_MFA_AMR", ["mfa", "otp", "hwk"])
OIDC_MFA_ACR = env_list("OIDC_MFA_ACR", [])
OIDC_CREATE_USER = False
OIDC_AUTHENTICATE_CLASS = "casework.security.oidc.FederationLoginView"
OIDC_CALLBACK_CLASS = "casework.security.oidc.FederationCallbackView"
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if OIDC_ENABLED:
    _missing = [
        name
        for name in ("OIDC_OP_ISSUER", "OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT",
                     "OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT")
        if not globals()[name]
    ]  # fmt: skip
    if _missing:
        raise ImproperlyConfigured(f"OIDC_RP_CLIENT_ID is set: also set {', '.join(_missing)}")
    AUTHENTICATION_BACKENDS.append("casework.security.oidc.FederationOIDCBackend")

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
# Per username and address together: one attacker cannot lock every account out from one address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "casework.security.lockout.lockout_response"
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0) or None
# Leadership and administrators must pass TOTP after the password (casework/security/otp_policy.py).
OTP_ENFORCED = env_bool("OTP_ENFORCED", True)
OTP_TOTP_ISSUER = "Casework UBKT"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "casework.web.views.csrf_failure"

# Content security policy (django-csp 4): no inline or third-party scripts anywhere.
# Inline style attributes stay allowed (templates use them for layout); they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "vi")
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# dd/mm/yyyy in both languages (casework/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["casework.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Attachments live here, outside MEDIA_ROOT and with no URL: only files:download serves them.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))
FILES_MAX_BYTES = env_int("FILES_MAX_BYTES", 10 * 1024 * 1024)
# Root certificates digitally signed papers are checked against (PEM or DER paths, comma-separated),
# e.g. the national root CA that Vietnamese signing-service providers chain to.
PAPERS_TRUST_ROOTS = [p.strip() for p in env_str("PAPERS_TRUST_ROOTS", "").split(",") if p.strip()]

# Background work. With REDIS_URL unset (the embedded default) tasks run eagerly in the
# process that queued them and `manage.py run_scheduler` runs the periodic jobs, so
# `make run` needs no server. With REDIS_URL set, Celery workers and beat do both.
REDIS_URL = env_redis_url("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# No result backend: nothing reads a task's result, and Redis' backend subscribes to each result
# inside apply_async, retrying its connection twenty times in the request when Redis is down.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A broker that is down must not slow a request: what the request publishes is a nudge, the work is
# committed (outbox, intake queue) and a periodic pass picks it up. One attempt, a fraction of a
# second; then core/broker.py's circuit skips the broker for BROKER_CIRCUIT_COOLDOWN seconds.
# Workers and beat keep reconnecting (broker_connection_retry), which concerns no request.
BROKER_CONNECT_TIMEOUT = env_int("BROKER_CONNECT_TIMEOUT_MS", 250) / 1000
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_CONNECT_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 0, "socket_connect_timeout": BROKER_CONNECT_TIMEOUT}
BROKER_CIRCUIT_COOLDOWN = env_int("BROKER_CIRCUIT_COOLDOWN", 30)
# Seconds: commits ask a worker to deliver e-mail at most twice per interval per process
# (notifications/kick.py). Without a broker (eager tasks) every commit delivers inline.
OUTBOX_KICK_INTERVAL = 1.0
# The same for letters queued through POST /api/intake/ (casework/cases/services/queued_intake.py).
INTAKE_KICK_INTERVAL = 0.5

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# E-mail: EMAIL_URL-like pieces; console backend unless a host is set.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ubkt@casework.local")

# Where the links in SMS and Zalo messages point (they carry a reference and a link, nothing else).
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")
# SMS and Zalo OA (notifications/channels/http.py): a channel is offered only when its provider is set.
SMS_API_URL = env_str("SMS_API_URL", "")
SMS_API_TOKEN = env_str("SMS_API_TOKEN", "")
SMS_SENDER = env_str("SMS_SENDER", "CONGDOAN")
SMS_TIMEOUT = env_int("SMS_TIMEOUT", 10)
ZALO_OA_API_URL = env_str("ZALO_OA_API_URL", "https://openapi.zalo.me/v3.0/oa/message/cs")
ZALO_OA_ACCESS_TOKEN = env_str("ZALO_OA_ACCESS_TOKEN", "")
ZALO_TIMEOUT = env_int("ZALO_TIMEOUT", 10)

# Key for signing audit checkpoints (HMAC). Dev default only; prod requires it.
AUDIT_HMAC_KEY = env_str("AUDIT_HMAC_KEY", "dev-only-audit-key")

# Fernet key that encrypts denouncers' identities at rest (casework.cases). The default is
# base64("dev-only-identity-key-change-me!"): dev only; prod refuses to start with it.
DEV_IDENTITY_ENCRYPTION_KEY = "ZGV2LW9ubHktaWRlbnRpdHkta2V5LWNoYW5nZS1tZSE="
IDENTITY_ENCRYPTION_KEY = env_str("IDENTITY_ENCRYPTION_KEY", DEV_IDENTITY_ENCRYPTION_KEY)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token auth, except for users bound to the second factor (see casework/security/api_auth.py).
        # First, so a missing or bad token answers 401 with `WWW-Authenticate: Token` (DRF asks the
        # first class for that header; session auth has none, which made it 403).
        "casework.security.api_auth.OTPAwareTokenAuthentication",
        "casework.security.api_auth.CsrfSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "casework.api.pagination.StableCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "EXCEPTION_HANDLER": "casework.api.exceptions.api_exception_handler",
    # JSON with a depth limit and no control characters; forms and uploads as DRF's defaults.
    "DEFAULT_PARSER_CLASSES": [
        "casework.api.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Public intake: the same per-IP budget as the public form.
    "DEFAULT_THROTTLE_RATES": {
        "public_intake": env_str("PUBLIC_INTAKE_RATE", "10/hour"),
        "api_login": env_str("API_LOGIN_RATE", "20/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Casework API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the sidecar package: the docs page loads no asset from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation documents the error statuses the edges can answer (400 with `fields`, 401, 404, 413...).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "casework.api.schema_errors.add_error_responses",
    ],
    # Several models name their choices "kind"/"status": give each enum a stable schema name.
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "casework.org.models.Unit.Kind",
        "ReceptionDocumentFormEnum": "casework.reception.models.DocumentForm",
        "CaseKindEnum": "casework.cases.models.Kind",
        "CaseStatusEnum": "casework.cases.models.Status",
        "EscalationStatusEnum": "workflows.models.Escalation.Status",
        "EscalationDecisionEnum": "workflows.models.Escalation.Decision",
        "FlagDecisionEnum": "casework.inspections.models.Flag.Decision",
        "FlagStatusEnum": "casework.inspections.models.Flag.Status",
        "PlanStatusEnum": "casework.inspections.models.InspectionPlan.Status",
        "InspectionKindEnum": "casework.inspections.models.Inspection.Kind",
        "InspectionStatusEnum": "casework.inspections.models.Inspection.Status",
        "InspectionOutcomeEnum": "casework.inspections.models.Inspection.Outcome",
        "RecommendationStatusEnum": "casework.inspections.models.Recommendation.Status",
        "EndGroundEnum": "workflows.models.EndGround",
        "CaseOutcomeEnum": "casework.cases.models.Outcome",
        "CategoryEnum": "casework.inspections.models.Category",
        "NoticeDeliveryMeansEnum": "casework.inspections.models.Inspection.DeliveryMeans",
        "FlagSourceEnum": "casework.inspections.models.Flag.Source",
        "PlanItemKindEnum": "casework.inspections.models.PlanItem.Kind",
        # An inspection's team and a supervision's: the same choices (lead, member).
        "TeamRoleEnum": "casework.inspections.models.TeamMember.Role",
        "SupervisionKindEnum": "casework.supervision.models.Supervision.Kind",
        "SupervisionStatusEnum": "casework.supervision.models.Supervision.Status",
        "ReceptionRefusalGroundEnum": "casework.reception.models.RefusalGround",
        "CaseRefusalGroundEnum": "casework.cases.models.RefusalGround",
        "CaseChannelEnum": "casework.cases.models.Channel",
        "SubjectRequestChannelEnum": "casework.privacy.models.RequestChannel",
        "SubjectRequestStatusEnum": "casework.privacy.models.RequestStatus",
        "SubjectRequestOutcomeEnum": "casework.privacy.models.RequestOutcome",
    },
}

# Operations (casework.ops): system health reports more e-mails than this due and unsent;
# /health/system and /metrics ask for "Authorization: Bearer <METRICS_TOKEN>" when the token is set.
READY_OUTBOX_MAX = env_int("READY_OUTBOX_MAX", 1000)
METRICS_TOKEN = env_str("METRICS_TOKEN", "")

# LOG_FORMAT=text (readable, development) or json (one object per line; settings.prod's default).
# Every record carries the request id; the redact filter keeps denouncers' data out of `extra` and a
# database error's text (the row or parameters it refused) out of messages and tracebacks.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, got {LOG_FORMAT!r}")
# Celery workers keep this configuration (format, request id, redaction) instead of installing their own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "casework.ops.logging.RequestIdFilter"},
        "redact": {"()": "casework.ops.logging.RedactFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "text": {"()": "casework.ops.logging.TextFormatter"},
        "json": {"()": "casework.ops.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "redact"],
        },
        # Django's error e-mail to ADMINS, which its own logging puts on the "django" logger: the same
        # redaction as every line (no database error's text, no request), never Django's bare handler.
        # It names the request id: the redacted traceback is on that request's log line.
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "formatter": "text",
            "filters": ["require_debug_false", "request_id", "redact"],
        },
    },
    # Replaces the handlers Django's default logging gives the "django" logger (its unfiltered e-mail and
    # console); its records still reach the root's console.
    "loggers": {"django": {"handlers": ["mail_admins"], "level": "INFO"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
# What an error report shows of a request: no posted value, no frame's variables, no client address
# (casework.ops.logging.PersonalDataReporterFilter; Luật Tố cáo 2018 Đ.47 khoản 1).
DEFAULT_EXCEPTION_REPORTER_FILTER = "casework.ops.logging.PersonalDataReporterFilter"

# Creation forms refuse a post without their one-time token (casework.web.form_tokens).
FORM_TOKENS_REQUIRED = True
# How long the rows that stop a repeat are kept before the daily job deletes them: spent form tokens
# (never less than a token's 24 hours of validity) and the API's Idempotency-Key window.
FORM_TOKENS_KEEP_DAYS = env_int("FORM_TOKENS_KEEP_DAYS", 7)
API_IDEMPOTENCY_KEEP_HOURS = env_int("API_IDEMPOTENCY_KEEP_HOURS", 24)
if FORM_TOKENS_KEEP_DAYS < 1 or API_IDEMPOTENCY_KEEP_HOURS < 1:
    raise ImproperlyConfigured("FORM_TOKENS_KEEP_DAYS and API_IDEMPOTENCY_KEEP_HOURS must be at least 1")

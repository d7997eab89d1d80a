"""Settings for the Improvement Tracker: one module, driven by the environment.

Every value that differs between a laptop and production comes from an environment
variable; README.md lists them. With DJANGO_DEBUG off (the default) the process refuses
to start on an insecure configuration instead of running with one.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def load_env_file(path: Path) -> None:
    """Read KEY=VALUE lines from a local .env (made by `make run`) into os.environ.

    Variables already set in the environment win, so production never depends on it.
    """
    if not path.is_file():
        return
    for line in path.read_text().splitlines():
        key, sep, value = line.partition("=")
        key = key.strip()
        if sep and key and not key.startswith("#"):
            os.environ.setdefault(key, value.strip().strip("'\""))


load_env_file(BASE_DIR / ".env")
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var"))

# pytest imports this module itself; the suite must not need production secrets.
TESTING = "pytest" in sys.modules


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DJANGO_DEBUG", False)
# Behind a reverse proxy that sets X-Forwarded-Proto and appends X-Forwarded-For.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)

INSECURE_SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

if DEBUG or TESTING:
    SECRET_KEY = SECRET_KEY or INSECURE_SECRET_KEY
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if not SECRET_KEY or SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a long random value when DJANGO_DEBUG is "
            "off. Generate one with: python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'"
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must list the host names this site is served on "
            "(comma-separated) when DJANGO_DEBUG is off."
        )

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "django_tables2",
    "crispy_forms",
    "crispy_forms_gds",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "inspections",
    "recommendations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "inspections.middleware.SessionIdleRefreshMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "inspections.middleware.NoStoreWhenSignedInMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Refuses an oversized upload from its Content-Length, before the body is read:
    # nothing above reads it (CSRF's check is a view hook, which runs after), and
    # its page gets their headers (CSP, frame options) and the signed-in header.
    "inspections.middleware.RequestSizeLimitMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "inspections.context_processors.authorities",
                "recommendations.context_processors.audit_log",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
        # Exports read their rows through a server-side cursor; a pooler in
        # transaction mode (pgbouncer) cannot keep one open between statements.
        disable_server_side_cursors=env_bool("DATABASE_DISABLE_SERVER_SIDE_CURSORS"),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing is deliberately slow; the suite creates many users and needs no secrecy.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# English only (English councils, GOV.UK's plain English). Without translation Django
# skips a per-request language lookup behind every label, escape and date, about 4%
# of a page's CPU (docs/performance.md); British formats still come from en-gb.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))

# Evidence and report files are private: they are only ever served by scoped views,
# so MEDIA_URL is never routed. On S3 the bucket must be private (no public ACL).
if os.environ.get("DJANGO_STORAGE", "local") == "s3":
    default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# crispy-forms-gds names a widget's GOV.UK class by the widget's class: the lists'
# faster select (recommendations/filters.py) is still a GOV.UK select.
CRISPY_CLASS_CONVERTERS = {"choicesinpythonselect": "govuk-select"}
DJANGO_TABLES2_TEMPLATE = "django_tables2/govuk.html"

EVIDENCE_MAX_UPLOAD_BYTES = int(
    os.environ.get("EVIDENCE_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# "Due soon" means due within this many days unless a filter says otherwise.
DUE_SOON_DAYS = int(os.environ.get("DUE_SOON_DAYS", "28"))

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tracker@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", 8 * 60 * 60))
# The age is an idle timeout, not a fixed lifetime: SessionIdleRefreshMiddleware
# moves it forward at most this often, rather than a database write on every page.
SESSION_REFRESH_SECONDS = int(os.environ.get("SESSION_REFRESH_SECONDS", 300))
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and not TESTING:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
}

ACCESSIBILITY_STATEMENT_PREPARED_ON = "23 November 2026"

# Change reasons quote what people wrote (e.g. why a due date moved): no length cap.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# The admin's history pages show past versions but cannot restore one (the POST
# is refused in inspections/admin.py; this hides the button).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Report importer (recommendations/importing.py): the largest report upload accepted.
# A 60-page Ofsted PDF is about 1 MB; scanned appendices make some far larger.
REPORT_MAX_UPLOAD_BYTES = int(
    os.environ.get("REPORT_MAX_UPLOAD_BYTES", 30 * 1024 * 1024)
)

# Reminders, calendar feeds and the REST API (issue 7) ------------------------------

# Owners hear about items due within this many days; managers get their weekly
# overdue summary on this weekday (0 = Monday); an overdue item is repeated with
# growing gaps (1, 2, 4, 8 ... days) at most this many times.
REMINDER_DUE_WITHIN_DAYS = int(os.environ.get("REMINDER_DUE_WITHIN_DAYS", "14"))
REMINDER_MANAGER_WEEKDAY = int(os.environ.get("REMINDER_MANAGER_WEEKDAY", "0"))
REMINDER_MAX_OVERDUE = int(os.environ.get("REMINDER_MAX_OVERDUE", "6"))

INSTALLED_APPS += ["rest_framework", "rest_framework.authtoken", "drf_spectacular"]

REST_FRAMEWORK = {
    # Token first, so an anonymous request gets 401 with `WWW-Authenticate: Token`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["recommendations.api.filters.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "recommendations.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "recommendations.api.errors.exception_handler",
    # Per person (or system's token), counted in the cache: a runaway script gets
    # 429 with Retry-After instead of taking the service down for everyone.
    "DEFAULT_THROTTLE_CLASSES": ["recommendations.api.throttling.PersonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": os.environ.get("API_RATE", "600/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Improvement Tracker API",
    "DESCRIPTION": (
        "Inspection recommendations, the actions taken on them and their notes, "
        "scoped to the authorities the signed-in person belongs to."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RecommendationStatusEnum": "recommendations.choices.RecommendationStatus",
        "ActionStatusEnum": "recommendations.choices.ActionStatus",
    },
}

# Security and reliability (issue 8) ---------------------------------------------

# Sign-in lockout (django-axes): 5 failures for one username from one address lock
# that pair out for 15 minutes; a success clears the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The cache counts the API's rate and the password reset's interval. Each server
# process has its own local-memory cache unless CACHE_URL names a Redis shared by
# them all (redis://host:6379/0, rediss:// with TLS): then gunicorn's workers, and
# every app server, count together.
# The test suite keeps its own cache, which it empties before each test.
CACHE_URL = "" if TESTING else os.environ.get("CACHE_URL", "")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured(
            "CACHE_URL must be a Redis address: redis://host:6379/0 or rediss://..."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "tracker",
        }
    }
# One password-reset email per address per this many seconds (inspections/accounts.py).
PASSWORD_RESET_INTERVAL = int(os.environ.get("PASSWORD_RESET_INTERVAL", 10 * 60))
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # administrators can see failed sign-ins
# Its start-up banner and per-sign-in lines would swamp the test output.
AXES_VERBOSE = not TESTING
# The address sign-in failures are counted by: behind the proxy (BEHIND_PROXY), the
# one it appended to X-Forwarded-For (inspections/accounts.py).
AXES_CLIENT_IP_CALLABLE = "inspections.accounts.client_address"

# Strict Content-Security-Policy (django-csp 4): scripts only from this site and
# carrying the page's nonce; no inline styles or handlers; never framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
    },
}

# Largest request body accepted, checked against Content-Length before it is read:
# the largest file plus room for the form's other fields.
REQUEST_MAX_BYTES = int(
    os.environ.get(
        "REQUEST_MAX_BYTES",
        max(EVIDENCE_MAX_UPLOAD_BYTES, REPORT_MAX_UPLOAD_BYTES) + 1024 * 1024,
    )
)

if not DEBUG and not TESTING and not env_bool("DJANGO_HSTS_PRELOAD", False):
    # Preloading commits every subdomain of the registrable domain to HTTPS for
    # months; that is the domain owner's decision, so it is opt-in (README).
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

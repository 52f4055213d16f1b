"""Settings for Nearshore Scorecard, read from environment variables.

Every variable is listed in ``.env.example``. The helpers below raise ``ImproperlyConfigured``
on a value they cannot parse, so a typo stops the process at start-up instead of running
with a silent default.

Size: one settings file by design (STYLE.md: one ``scorecard/settings.py``), so that every
setting and the variable it reads are found in one place.
"""

from __future__ import annotations

import os
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: str) -> bool:
    """Read a boolean; accepts 1/0, true/false, yes/no, on/off (any case)."""
    value = os.getenv(name, default).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no, got {value!r}")


def envint(name: str, default: str, *, minimum: int | None = None) -> int:
    """Read an integer, optionally with a lower bound."""
    raw = os.getenv(name, default)
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def envlist(name: str, default: str) -> list[str]:
    """Read a comma-separated list, dropping blanks."""
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def envpath(name: str, default: Path) -> Path:
    """Read a filesystem path; relative paths are taken from the project root."""
    raw = os.getenv(name)
    if not raw:
        return default
    path = Path(raw)
    return path if path.is_absolute() else BASE_DIR / path


DEBUG = envbool("DEBUG", "false")

SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not envbool("ALLOW_INSECURE_SECRET_KEY", "false"):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it (see .env.example), or set DEBUG=true for local work."
        )
    # Only reachable with DEBUG or an explicit opt-in (tests, `make run`): never in production.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # Before the admin so its TranslationAdmin tabs and static files win (modeltranslation docs).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # WhiteNoise serves static files under runserver too, so development gets what production
    # gets: the precompressed .br/.gz siblings of the vendor files (see static/vendor/README.md).
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks.backends.database",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "cities",
    "providers",
    "scorecard",
    "vendors",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The language remembered on the user's profile (applied at login) wins over the browser's.
    "accounts.languages.UserLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Ends sessions left idle for SESSION_IDLE_MINUTES; marks logged-in pages private, no-store.
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.PrivateCacheMiddleware",
    # Sets request.user.otp_device (the device that verified this session, if any).
    "django_otp.middleware.OTPMiddleware",
    # Every page needs a login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A user with an authenticator must enter a code before anything else; where
    # TWO_FACTOR_REQUIRED applies, a user without one must set it up first.
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records the request's user on every history row (who changed what, when).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: locks out repeated failed logins (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "scorecard.urls"
WSGI_APPLICATION = "scorecard.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]


def _database_config() -> dict:
    """SQLite in ``var/`` by default; PostgreSQL (or any dj-database-url URL) via DATABASE_URL."""
    url = os.getenv("DATABASE_URL", "")
    if url:
        import dj_database_url

        try:
            config = dj_database_url.parse(url, conn_max_age=envint("DB_CONN_MAX_AGE", "60"))
        except ValueError as exc:
            raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
        config["CONN_HEALTH_CHECKS"] = True
        return config
    path = envpath("SQLITE_PATH", BASE_DIR / "var" / "db.sqlite3")
    path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN, so two writers queue on the busy
            # timeout instead of failing with "database is locked" half-way through.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        },
    }


DATABASES = {"default": _database_config()}


def _cache_config() -> dict:
    """``CACHE_URL``: empty for a file cache under var/ (shared by the processes of one machine),
    ``redis://host:port/db`` for a shared cache across machines, ``locmem://`` for tests.

    Computed results are cached under versions bumped on every write, so every process serving
    an engagement must see the same cache: a per-process memory cache is only safe for tests
    and single-process servers.
    """
    url = os.getenv("CACHE_URL", "").strip()
    if not url:
        location = envpath("CACHE_DIR", BASE_DIR / "var" / "cache")
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(location),
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "TIMEOUT": 3600,
        }
    if url == "locmem://":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "TIMEOUT": 3600}
    raise ImproperlyConfigured(
        f"CACHE_URL must be empty, redis://…, rediss://…, unix://… or locmem://, got {url!r}"
    )


CACHES = {"default": _cache_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "after-login"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = os.getenv("LANGUAGE_CODE", "en")
# Spanish as written in Mexico: Django's es_MX formats (decimal point, comma thousands,
# dd/mm/yyyy), the catalogue in locale/es_MX (`make messages`), glossary in docs/.
LANGUAGES = [("en", _("English")), ("es-mx", _("Spanish (Mexico)"))]
# Translated reference fields (translation.py in scorecard, cities, providers): English is the
# source; a Spanish field left empty reads the English one (shown with a marker, see
# scorecard.templatetags.translated).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LOCALE_PATHS = [BASE_DIR / "locale"]
# Grouping is asked for where a figure needs it (floatformat "g", number_format(force_grouping));
# a global switch would also group years and identifiers ("2,027").
USE_THOUSAND_SEPARATOR = False
# English dates stay ISO (2027-03-01); Spanish (Mexico) uses Django's es_MX formats.
FORMAT_MODULE_PATH = ["scorecard.formats"]
TIME_ZONE = os.getenv("TIME_ZONE", "America/Mexico_City")
USE_I18N = True
USE_TZ = True

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = envpath("STATIC_ROOT", BASE_DIR / "var" / "staticfiles")
MEDIA_ROOT = envpath("MEDIA_ROOT", BASE_DIR / "var" / "media")


def _private_storage() -> dict:
    """Local files under MEDIA_ROOT/private, or an S3-compatible bucket (django-storages) when
    PRIVATE_STORAGE=s3: files stay private (no ACL, no public URL) and are still served
    only through the app's permission-checked views."""
    backend = os.getenv("PRIVATE_STORAGE", "local").strip().lower()
    if backend == "local":
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": MEDIA_ROOT / "private", "base_url": None},
        }
    if backend == "s3":
        bucket = os.getenv("S3_BUCKET", "")
        if not bucket:
            raise ImproperlyConfigured("PRIVATE_STORAGE=s3 needs S3_BUCKET.")
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": os.getenv("S3_ENDPOINT_URL") or None,
                "region_name": os.getenv("S3_REGION") or None,
                "location": os.getenv("S3_PREFIX", "private"),
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
                "object_parameters": {"ServerSideEncryption": "AES256"}
                if envbool("S3_SERVER_SIDE_ENCRYPTION", "true")
                else {},
            },
        }
    raise ImproperlyConfigured(f"PRIVATE_STORAGE must be local or s3, got {backend!r}")


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Evidence, logos and reports: never given a public URL; served by permission-checked views.
    "private": _private_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Upload limits: evidence files, client logos, and the pixel count of any uploaded image
# (a decompression-bomb guard: images are decoded and re-encoded on upload).
EVIDENCE_MAX_BYTES = envint("EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024), minimum=1024)
LOGO_MAX_BYTES = envint("LOGO_MAX_BYTES", str(2 * 1024 * 1024), minimum=1024)
UPLOAD_MAX_IMAGE_PIXELS = envint("UPLOAD_MAX_IMAGE_PIXELS", str(40_000_000), minimum=10_000)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background jobs (PDF reports): Django's tasks API through the django-tasks backport. The
# database backend needs no extra server; `manage.py db_worker` runs the jobs. Tests use
# django_tasks.backends.immediate.ImmediateBackend (pyproject.toml, pytest env).
TASKS = {
    "default": {
        "BACKEND": os.getenv("TASKS_BACKEND", "django_tasks.backends.database.DatabaseBackend"),
    }
}

# PDF reports. Charts are drawn by kaleido with this Chromium (kaleido reads BROWSER_PATH,
# set from here when unset); without it, reports show each chart's data as a table.
CHROMIUM_PATH = os.getenv("CHROMIUM_PATH", "/usr/bin/chromium")
# Rendered charts (SVG), keyed by a hash of the figure.
REPORT_CHART_CACHE_DIR = envpath("REPORT_CHART_CACHE_DIR", BASE_DIR / "var" / "cache" / "charts")
# Limits of one report's layout (WeasyPrint runs in a child process): wall-clock seconds, and
# megabytes of address space the layout may add to what that process starts with.
REPORT_TIMEOUT_SECONDS = envint("REPORT_TIMEOUT_SECONDS", "300", minimum=5)
REPORT_MEMORY_MB = envint("REPORT_MEMORY_MB", "1536", minimum=64)
# Reports one user may have queued or running at once (requested within the last hour).
REPORT_QUEUE_PER_USER = envint("REPORT_QUEUE_PER_USER", "3", minimum=1)
# CPU priority (nice, 0–19) a report worker drops to when it starts a job, with the Chromium and
# layout processes it starts: web requests on the same machine keep the CPU first.
REPORT_NICENESS = min(envint("REPORT_NICENESS", "10", minimum=0), 19)

# E-mail (password resets, and the notices of scorecard.notifications). The console backend
# prints messages to the log; for SMTP set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend
# and the EMAIL_HOST… variables.
EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "scorecard@localhost")
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25", minimum=1)
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "10", minimum=1)
# The address of this site as users reach it, for links in e-mails (no trailing slash).
SITE_URL = os.getenv("SITE_URL", "http://localhost:8000")
# Vendor portal: days a questionnaire is open by default, and days its link keeps working
# after the deadline (read-only, to see what was sent).
VENDOR_DEFAULT_DAYS = envint("VENDOR_DEFAULT_DAYS", "14", minimum=1)
VENDOR_LINK_GRACE_DAYS = envint("VENDOR_LINK_GRACE_DAYS", "30", minimum=0)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# A sourced figure older than this is shown as stale (city figures, registrations' as-of dates).
STALE_AFTER_DAYS = envint("STALE_AFTER_DAYS", "540", minimum=1)

# Reference-data imports (scorecard.stewardship): caps on the file, its rows, and, for XLSX
# (a zip), the uncompressed size its central directory declares and its compression ratio,
# checked before anything is decompressed (zip-bomb guard).
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", str(5 * 1024 * 1024), minimum=1024)
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", "20000", minimum=1)
IMPORT_MAX_UNCOMPRESSED_BYTES = envint(
    "IMPORT_MAX_UNCOMPRESSED_BYTES", str(50 * 1024 * 1024), minimum=1024
)
IMPORT_MAX_COMPRESSION_RATIO = envint("IMPORT_MAX_COMPRESSION_RATIO", "100", minimum=2)
# Uploaded files wait here between preview and confirmation (deleted once applied).
IMPORT_PENDING_DIR = envpath("IMPORT_PENDING_DIR", BASE_DIR / "var" / "imports")
# An import is applied by a background job in chunks of this many rows, one short write
# transaction each (SQLite has one writer at a time: others wait for the longest transaction).
IMPORT_CHUNK_ROWS = envint("IMPORT_CHUNK_ROWS", "200", minimum=1)
# ...and pauses this long between chunks. SQLite keeps no queue of waiting writers: each one
# retries on its busy timeout, at most every 100 ms, so without a pause longer than that the
# import would take the lock again before anyone waiting noticed it was free.
IMPORT_CHUNK_PAUSE_MS = envint("IMPORT_CHUNK_PAUSE_MS", "150", minimum=0)
# An import queued or being applied that has not moved for this long has lost its worker (a
# chunk takes well under a second): its page offers to stop it and roll back what it wrote.
IMPORT_STALLED_AFTER_MINUTES = envint("IMPORT_STALLED_AFTER_MINUTES", "30", minimum=1)

# --- Security -------------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    # Refuses logins from an address with too many failures, whatever the usernames.
    "accounts.lockout.AddressLockoutBackend",
    # Refuses logins for a username + IP pair locked out after repeated failures.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = envbool("AXES_ENABLED", "true")
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5", minimum=1)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", "30", minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The address tier on top (accounts.lockout): failures from one address across all usernames.
LOGIN_ADDRESS_FAILURE_LIMIT = envint("LOGIN_ADDRESS_FAILURE_LIMIT", "20", minimum=1)
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# Reverse proxies in front of the app (the client IP is taken from X-Forwarded-For that many
# hops back); 0 means the app faces clients directly.
AXES_IPWARE_PROXY_COUNT = envint("PROXY_COUNT", "0", minimum=0)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Two-factor authentication (django-otp): TOTP authenticator apps, with one-time backup codes.
# Anyone may switch it on; with TWO_FACTOR_REQUIRED, staff, superusers and every user who is a
# consultant in an engagement must set it up before they can use the app.
TWO_FACTOR_REQUIRED = envbool("TWO_FACTOR_REQUIRED", "false")
OTP_TOTP_ISSUER = "Nearshore Scorecard"
# Admins may see and delete users' devices, never read their secrets or backup codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# HTTPS: on unless DEBUG. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=true
# (the proxy must set X-Forwarded-Proto).
_HTTPS = not DEBUG and envbool("HTTPS", "true")
SECURE_SSL_REDIRECT = _HTTPS and envbool("SECURE_SSL_REDIRECT", "true")
if envbool("SECURE_PROXY_SSL_HEADER", "false"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000" if _HTTPS else "0", minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "true")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 3600), minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Over HTTPS the cookies carry the __Host- prefix: browsers then accept them only when Secure,
# without Domain and for Path=/, so a sibling subdomain cannot plant or shadow them.
if _HTTPS:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# A session unused for this long ends (accounts.middleware.IdleTimeoutMiddleware), within the
# absolute SESSION_COOKIE_AGE.
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", "60", minimum=5)

# Content-Security-Policy (django-csp): no inline script or style, no eval; plotly.js is a
# partial bundle without eval or new Function (vendor-build/). Pages pass data to scripts as
# <script type="application/json">.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Red flags (scorecard.domain.flags): provider attrition and largest-client share above these
# percentages are flagged.
ATTRITION_FLAG_PCT = envint("ATTRITION_FLAG_PCT", "40", minimum=0)
CONCENTRATION_FLAG_PCT = envint("CONCENTRATION_FLAG_PCT", "30", minimum=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # One JSON object per line for log shippers (LOG_FORMAT=json).
        "json": {"()": "scorecard.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if os.getenv("LOG_FORMAT", "plain") == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    # Django's own console handler would print every record a second time through root.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        # PDF reports: WeasyPrint's per-page progress and kaleido's browser chatter.
        "weasyprint.progress": {"level": "WARNING"},
        "kaleido": {"level": "WARNING"},
        # django-axes logs every login at INFO; lockouts (WARNING) are what operators need.
        "axes": {"level": os.getenv("AXES_LOG_LEVEL", "WARNING")},
        "choreographer": {"level": "WARNING"},
        "logistro": {"level": "WARNING"},
    },
}

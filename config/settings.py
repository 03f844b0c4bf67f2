"""Settings, read from environment variables (house style §12). No business code here."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from futurecommunity.common.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("FC_VAR_DIR") or BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)
# Test mode only when asked for explicitly (config/settings_test.py, used by pytest, sets it);
# never because pytest happens to be importable.
TESTING = envbool("FC_TESTING", False)

DEBUG = envbool("DJANGO_DEBUG", False)
SECRET_KEY = envstr("DJANGO_SECRET_KEY") or ""
# A local instance on this machine (no DJANGO_ALLOWED_HOSTS) reads the key scripts/setup.sh
# generated once under var/; a deployment names its hosts and must set DJANGO_SECRET_KEY.
LOCAL_SECRET_KEY_FILE = VAR_DIR / "secret_key"
LOCAL_INSTANCE = "DJANGO_ALLOWED_HOSTS" not in os.environ and LOCAL_SECRET_KEY_FILE.is_file()
if not SECRET_KEY and LOCAL_INSTANCE:
    SECRET_KEY = LOCAL_SECRET_KEY_FILE.read_text(encoding="utf-8").strip()
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is false "
            "(scripts/setup.sh writes var/secret_key for a local instance on this machine)."
        )
ALLOWED_HOSTS = envlist(
    "DJANGO_ALLOWED_HOSTS",
    ["127.0.0.1", "localhost"] if DEBUG or TESTING or LOCAL_INSTANCE else [],
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is required when DJANGO_DEBUG is false.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "futurecommunity.common",
    "futurecommunity.regions",
    "futurecommunity.accounts",
    "futurecommunity.audit",
    "futurecommunity.projects",
    "futurecommunity.targets",
    "futurecommunity.jobs",
    "futurecommunity.notifications",
    "futurecommunity.permits",
    "futurecommunity.rectification",
    "futurecommunity.reporting",
    "futurecommunity.pilots",
    "futurecommunity.lifecircle",
    "futurecommunity.operations",
    "futurecommunity.centres",
    "futurecommunity.notices",
    "futurecommunity.evaluation",
    "futurecommunity.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files without runserver (issue 11 §7): compressed, cache-forever hashed names.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "futurecommunity.audit.context.AuditContextMiddleware",
    "futurecommunity.accounts.middleware.SecondFactorMiddleware",
    "futurecommunity.accounts.middleware.PasswordExpiryMiddleware",
    "futurecommunity.accounts.middleware.ManageAreaMiddleware",
    "futurecommunity.common.middleware.BusyDatabaseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
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
                "futurecommunity.accounts.context_processors.viewer",
                "futurecommunity.notifications.context_processors.inbox",
            ],
        },
    }
]


def _database_from_url(url: str) -> dict[str, object]:
    """Parse postgres://user:pass@host:port/name (the only non-default engine we support)."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL scheme must be postgres://, got {parsed.scheme!r}"
        )
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": envint("FC_DB_CONN_MAX_AGE", 60),
    }


DATABASE_URL = envstr("DATABASE_URL")
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": envint("FC_SQLITE_TIMEOUT", 30),
}
if DATABASE_URL:
    DATABASES = {"default": _database_from_url(DATABASE_URL)}
    _name = str(DATABASES["default"]["NAME"])
    if envbool("FC_DEMO_MODE", False) and not _name.endswith("_demo"):
        # A demo instance keeps its own database on PostgreSQL too (issue 10 §3): the URL's
        # database with "_demo" appended, so a demo never writes into the real instance's.
        DATABASES["default"]["NAME"] = f"{_name}_demo"
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            # A demo instance (FC_DEMO_MODE) keeps its own database: demo data never meets real data.
            "NAME": VAR_DIR
            / ("demo.sqlite3" if envbool("FC_DEMO_MODE", False) else "futurecommunity.sqlite3"),
            # Concurrent writers (issue 11 §1): WAL lets readers run beside one writer, every
            # transaction takes the write lock at BEGIN (IMMEDIATE, so no lock upgrade can fail
            # half-way), and a writer waits up to FC_SQLITE_TIMEOUT seconds for the lock.
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTHENTICATION_BACKENDS = ["futurecommunity.accounts.backends.LockoutModelBackend"]
# Password policy (MLPS 身份鉴别 a: complexity and periodic change; ASVS 2.1 lengths).
FC_PASSWORD_MIN_LENGTH = envint("FC_PASSWORD_MIN_LENGTH", 10)
FC_PASSWORD_MAX_AGE_DAYS = envint("FC_PASSWORD_MAX_AGE_DAYS", 90)  # 0 disables expiry
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "futurecommunity.accounts.security.MinimumLengthValidator",
        "OPTIONS": {"min_length": FC_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "futurecommunity.accounts.security.MaximumLengthValidator"},
    {
        "NAME": "futurecommunity.accounts.security.ComplexityValidator",
        "OPTIONS": {"min_classes": 3},
    },
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Issue 11 §7: Django's common-password list (also decorated with digits, symbols or l33t)
    # plus a Chinese-context list, the published demo
    # password outside a demo instance, space padding, and the last five passwords.
    {"NAME": "futurecommunity.accounts.security.CommonPasswordValidator"},
    {"NAME": "futurecommunity.accounts.security.DemoPasswordValidator"},
    {"NAME": "futurecommunity.accounts.security.NoPaddingValidator"},
    {"NAME": "futurecommunity.accounts.security.PasswordHistoryValidator"},
]
# Login failure handling (MLPS 登录失败处理; ASVS 2.2.1).
FC_LOGIN_MAX_FAILURES = envint("FC_LOGIN_MAX_FAILURES", 5)
FC_LOGIN_LOCK_MINUTES = envint("FC_LOGIN_LOCK_MINUTES", 15)
if FC_LOGIN_MAX_FAILURES < 1 or FC_LOGIN_LOCK_MINUTES < 1 or FC_PASSWORD_MAX_AGE_DAYS < 0:
    raise ImproperlyConfigured(
        "FC_LOGIN_MAX_FAILURES and FC_LOGIN_LOCK_MINUTES must be >= 1, "
        "FC_PASSWORD_MAX_AGE_DAYS >= 0."
    )
# Second factor (django-otp TOTP, MLPS 身份鉴别 d): required for the three administrator duties
# (accounts.models.AdminRole), optional for everyone else; once enrolled it is always asked.
OTP_TOTP_ISSUER = envstr("FC_OTP_ISSUER") or "绍兴市未来社区平台"
OTP_TOTP_THROTTLE_FACTOR = 1
# Django super-users (django-admin/) are for installation only: create the administrators with
# `manage.py create_administrator`, then keep the super-user account disabled.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("FC_MEDIA_ROOT") or VAR_DIR / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Session and cookie hardening (ASVS V3; MLPS idle timeout).
SESSION_COOKIE_AGE = envint("FC_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = envbool("FC_SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = envbool("FC_SECURE_COOKIES", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("FC_HSTS_SECONDS", 0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0

# Content Security Policy (ASVS 14.4.3), django-csp 4: same origin only, no inline script.
# style-src-attr allows style="" attributes (a few templates, and ECharts tooltips set them);
# <style> elements and outside origins stay refused.
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
    },
}

# FC_LOG_FORMAT=json writes one JSON object a line (the production server sets it).
FC_LOG_FORMAT = envstr("FC_LOG_FORMAT") or "text"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "futurecommunity.common.logs.JsonLinesFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if FC_LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("FC_LOG_LEVEL", "WARNING")},
    "loggers": {
        "futurecommunity.audit.checkpoint": {"level": "INFO"},
        "futurecommunity.scheduler": {"level": "INFO"},
    },
}

# Demo instance (scripts/run.sh): its own SQLite database var/demo.sqlite3 (above), the demo
# banner and printed login, `seed_demo` allowed, and demo rows counted in its figures. Off (a real
# instance): `seed_demo` refuses and every figure leaves rows flagged is_demo out.
FC_DEMO_MODE = envbool("FC_DEMO_MODE", False)
FC_SHARED_DATA_DIR = Path(envstr("FC_SHARED_DATA_DIR") or BASE_DIR.parent / "shared" / "data")

# Background jobs: "thread" (embedded default, no extra server), "rq" (Redis queue; run
# `manage.py run_jobs --rq` as the worker), "sync" (tests: run on commit, same thread).
FC_JOB_BACKEND = envstr("FC_JOB_BACKEND") or ("sync" if TESTING else "thread")
if FC_JOB_BACKEND not in {"thread", "rq", "sync"}:
    raise ImproperlyConfigured("FC_JOB_BACKEND must be thread, rq or sync.")
FC_REDIS_URL = envstr("FC_REDIS_URL") or "redis://127.0.0.1:6379/0"
FC_JOB_QUEUE_NAME = envstr("FC_JOB_QUEUE_NAME") or "futurecommunity"
# Jobs left by a dead process (jobs/services.job_recover): heartbeat, runs before failing.
FC_JOB_HEARTBEAT_SECONDS = envint("FC_JOB_HEARTBEAT_SECONDS", 30)
FC_JOB_MAX_ATTEMPTS = envint("FC_JOB_MAX_ATTEMPTS", 2)
FC_JOB_RECOVERY_SECONDS = envint("FC_JOB_RECOVERY_SECONDS", 60)

# Notification channels (outbox sent by `manage.py send_notifications`); off by default.
FC_EMAIL_ENABLED = envbool("FC_EMAIL_ENABLED", False)
FC_SMS_ENABLED = envbool("FC_SMS_ENABLED", False)
# SMS adapter (notifications/sms.py): JSON POST to the gateway, retried through the outbox.
FC_SMS_ADAPTER = envstr("FC_SMS_ADAPTER") or ""  # dotted path; default the HTTP adapter
FC_SMS_HTTP_URL = envstr("FC_SMS_HTTP_URL") or ""
FC_SMS_HTTP_TOKEN = envstr("FC_SMS_HTTP_TOKEN") or ""
FC_SMS_HTTP_TIMEOUT = envint("FC_SMS_HTTP_TIMEOUT", 10)
FC_SMS_SIGN = envstr("FC_SMS_SIGN") or "绍兴市未来社区平台"
if FC_SMS_ENABLED and not FC_SMS_ADAPTER and not FC_SMS_HTTP_URL:
    raise ImproperlyConfigured("FC_SMS_ENABLED needs FC_SMS_HTTP_URL (or FC_SMS_ADAPTER).")
FC_NOTIFY_MAX_ATTEMPTS = envint("FC_NOTIFY_MAX_ATTEMPTS", 5)

# Attachments (evidence, minutes, photos): size limit and allowed types, checked by every service.
FC_UPLOAD_MAX_MB = envint("FC_UPLOAD_MAX_MB", 20)
FC_UPLOAD_SUFFIXES = envlist(
    "FC_UPLOAD_SUFFIXES",
    ["pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et", "jpg", "jpeg", "png", "txt", "zip"],
)

# Site photos of a monthly report (四 S1): JPG/PNG only (checked by content too), at most this
# many per project per month, each within FC_UPLOAD_MAX_MB.
FC_REPORT_PHOTOS_MAX = envint("FC_REPORT_PHOTOS_MAX", 9)

# Bounded inputs (issue 11 §4): every archive (Shapefile .zip, .xlsx), workbook and GeoJSON is
# checked against these before it is read; a refusal is a Chinese sentence naming the limit.
FC_ARCHIVE_MAX_MEMBERS = envint("FC_ARCHIVE_MAX_MEMBERS", 200)
FC_ARCHIVE_MAX_UNCOMPRESSED_MB = envint("FC_ARCHIVE_MAX_UNCOMPRESSED_MB", 1024)
FC_ARCHIVE_MAX_RATIO = envint("FC_ARCHIVE_MAX_RATIO", 100)
FC_XLSX_MAX_SHARED_STRINGS_MB = envint("FC_XLSX_MAX_SHARED_STRINGS_MB", 20)
FC_XLSX_MAX_ROWS = envint("FC_XLSX_MAX_ROWS", 20000)
FC_XLSX_MAX_CELLS = envint("FC_XLSX_MAX_CELLS", 1_000_000)
FC_GEOJSON_MAX_MB = envint("FC_GEOJSON_MAX_MB", 50)
FC_GEOJSON_MAX_DEPTH = envint("FC_GEOJSON_MAX_DEPTH", 20)

# Audit tamper evidence (issue 11 §3). The chain is keyed (HMAC-SHA256) with a key kept OUTSIDE
# the database: FC_AUDIT_KEY (or FC_AUDIT_KEY_FILE's contents); without either, a random key is
# created once in <var>/audit/hmac.key (mode 0600). Signed checkpoints of the chain head are
# appended to FC_AUDIT_CHECKPOINT_FILE and logged; `audit_verify` checks the table against the
# latest one, so deleting the newest rows shows. Entries written before the upgrade to keyed
# hashes (ids up to FC_AUDIT_LEGACY_UNTIL_ID) are checked with the old unkeyed hash.
FC_AUDIT_KEY = envstr("FC_AUDIT_KEY") or ("test-audit-key-not-secret" if TESTING else "")
FC_AUDIT_KEY_PATH = Path(envstr("FC_AUDIT_KEY_PATH") or VAR_DIR / "audit" / "hmac.key")
_checkpoints = envstr("FC_AUDIT_CHECKPOINT_FILE")
# One checkpoint file per database: a demo instance (var/demo.sqlite3) and the real instance
# share the var dir, and neither chain may be judged against the other's checkpoints.
_db = DATABASES["default"]
_db_tag = (
    Path(str(_db["NAME"])).stem
    if str(_db["ENGINE"]).endswith("sqlite3")
    else f"{_db.get('HOST') or 'local'}-{_db['NAME']}"
)
FC_AUDIT_CHECKPOINT_FILE: Path | None = (
    Path(_checkpoints)
    if _checkpoints
    else None
    if TESTING
    else VAR_DIR / "audit" / f"checkpoints-{_db_tag}.jsonl"
)
FC_AUDIT_LEGACY_UNTIL_ID = envint("FC_AUDIT_LEGACY_UNTIL_ID", 0)

# Production server (issue 11 §7, scripts/serve.sh). Hashed, compressed static files when
# collected (FC_STATIC_MANIFEST, default on outside DEBUG/tests); the cache is Redis when
# FC_CACHE_URL is set (several web processes share it), else per process.
FC_STATIC_MANIFEST = envbool("FC_STATIC_MANIFEST", not DEBUG and not TESTING)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if FC_STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = envint("FC_STATIC_MAX_AGE", 3600)
FC_CACHE_URL = envstr("FC_CACHE_URL") or ""
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": FC_CACHE_URL}
        if FC_CACHE_URL
        # Tests roll back their rows, so a cached figure could outlive its data: no cache there
        # (targets/tests/test_figures_cache.py switches a real one on).
        else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        if TESTING
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
FC_HEALTH_MIN_FREE_MB = envint("FC_HEALTH_MIN_FREE_MB", 500)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
WHITENOISE_USE_FINDERS = DEBUG or TESTING  # development and tests: no collectstatic needed
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)

"""Settings, read from environment variables (see docs/deployment.md for the full list).

Development (the default) runs on an SQLite file in ./data with a generated secret key.
Production (DRYNEEDLE_ENV=production) refuses to start without its secrets.
"""

import datetime
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from dryneedle.env import env_bool, env_choice, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("DRYNEEDLE_DATA_DIR", str(Path.cwd() / "data"))).resolve()

ENVIRONMENT = env_str("DRYNEEDLE_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured(f"DRYNEEDLE_ENV={ENVIRONMENT!r}; use 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DRYNEEDLE_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DRYNEEDLE_DEBUG must be off in production.")


def _development_secret_key() -> str:
    """A per-installation key kept in the data folder, so sessions survive restarts."""
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


_secret_key = env_str("DRYNEEDLE_SECRET_KEY")
if not _secret_key:
    if PRODUCTION:
        raise ImproperlyConfigured("Set DRYNEEDLE_SECRET_KEY (50+ random characters).")
    _secret_key = _development_secret_key()
SECRET_KEY: str = _secret_key

ALLOWED_HOSTS = env_list(
    "DRYNEEDLE_ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DRYNEEDLE_ALLOWED_HOSTS (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = env_list("DRYNEEDLE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_htmx",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    # django-ninja as an app: /api/docs then serves Swagger UI from our static files with an
    # external init script, which the CSP allows (without it, ninja loads it from a CDN).
    "ninja",
    "dryneedle.clinics",
    "dryneedle.accounts",
    "dryneedle.patients",
    "dryneedle.atlas",
    "dryneedle.screening",
    "dryneedle.treatments",
    "dryneedle.public",
    "dryneedle.outcomes",
    "dryneedle.reports",
    "dryneedle.interop",
    "dryneedle.home",
    "dryneedle.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dryneedle.accounts.middleware.IdleTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "dryneedle.clinics.middleware.CurrentClinicMiddleware",
    "dryneedle.request_limits.RequestLimitsMiddleware",
    "dryneedle.accounts.middleware.TwoFactorMiddleware",
    "dryneedle.clinics.middleware.AuditReachedRecordsMiddleware",
    # Last, as django-axes asks: it turns a lockout signalled during sign-in into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dryneedle.urls"
WSGI_APPLICATION = "dryneedle.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dryneedle.clinics.context_processors.current_clinic",
            ],
        },
    },
]

# Database: SQLite in the data folder unless DATABASE_URL names another (postgres://…, or an
# SQLite file as sqlite:///…). What follows the engine is decided by the engine, not by how the
# database was named: a sqlite:/// URL once ran without WAL and IMMEDIATE (10 posts of one
# home link at once: a 500 "database is locked") and passed production's SQLite refusal.
_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {
        "default": dj_database_url.parse(
            _database_url, conn_max_age=env_int("DRYNEEDLE_DB_CONN_MAX_AGE", 60)
        )
    }
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "dryneedle.sqlite3"),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT judges the analytics' correlated subqueries expensive and spent
    # 5.3 s compiling them for a 6.2 s query (EXPLAIN ANALYZE, 3,000 synthetic patients):
    # off, as is usual for short interactive queries (benchmarks/README.md).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = (options.get("options", "") + " -c jit=off").strip()
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if PRODUCTION and not env_bool("DRYNEEDLE_ALLOW_SQLITE", False):
        raise ImproperlyConfigured(
            "Set DATABASE_URL (postgres://…) for production, or DRYNEEDLE_ALLOW_SQLITE=true "
            "to run a single-machine clinic on SQLite deliberately."
        )
    if not _database_url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets pages read while one request writes; IMMEDIATE takes the write lock at BEGIN,
    # so two writers queue (busy timeout) instead of one failing to upgrade a read lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "clinics.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses sign-in attempts while an address/account is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"  # stored in UTC; each clinic's own zone is activated per request
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("DRYNEEDLE_STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
# Files served at the site's root: /favicon.ico, which browsers ask for on their own.
WHITENOISE_ROOT = PACKAGE_DIR / "webroot"
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Sessions and cookies. A session ends after this many minutes without a request, and when
# the browser closes. Use renews it at most once a minute (accounts.IdleTimeoutMiddleware).
if env_str("DRYNEEDLE_SESSION_SECONDS"):
    raise ImproperlyConfigured(
        "DRYNEEDLE_SESSION_SECONDS is replaced by DRYNEEDLE_SESSION_IDLE_MINUTES: sessions now "
        "end after that many minutes without activity."
    )
SESSION_IDLE_MINUTES = env_int("DRYNEEDLE_SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DRYNEEDLE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DRYNEEDLE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DRYNEEDLE_HSTS_INCLUDE_SUBDOMAINS", True)
    # The preload directive alone commits nothing: the domain owner must still submit it.
    SECURE_HSTS_PRELOAD = env_bool("DRYNEEDLE_HSTS_PRELOAD", True)

# Sign-in lockout (django-axes): after this many failed attempts for one account from one
# address, that pair is locked out for the cool-off time.
AXES_FAILURE_LIMIT = env_int("DRYNEEDLE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("DRYNEEDLE_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "dryneedle.clinics.audit.client_ip"  # honours BEHIND_PROXY
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form calls the email field "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are in the audit log already
AXES_VERBOSE = False

# Two-factor sign-in (django-otp, TOTP apps + one-time recovery codes). Each clinic sets who
# must use it; operators (staff of the /operator/ console) must, unless this is switched off.
MFA_FOR_OPERATORS = env_bool("DRYNEEDLE_MFA_FOR_OPERATORS", True)
OTP_TOTP_ISSUER = env_str("DRYNEEDLE_MFA_ISSUER", "dryneedle")
MFA_RECOVERY_CODES = 10

# Behind a reverse proxy (nginx) that sets X-Forwarded-Proto and appends X-Forwarded-For.
BEHIND_PROXY = env_bool("DRYNEEDLE_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: no inline scripts or styles anywhere in the app.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Background jobs (24-hour check-ins): stored in the database, run by `dryneedle worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Links sent to patients (home questionnaires) expire after this many days.
HOME_LINK_DAYS = env_int("DRYNEEDLE_HOME_LINK_DAYS", 7)
# The address patients' links point to, e.g. https://clinic.example.org (no trailing slash).
PUBLIC_BASE_URL = env_str("DRYNEEDLE_PUBLIC_BASE_URL", "http://127.0.0.1:8000")

# Mail (home links, check-ins)
EMAIL_HOST = env_str("DRYNEEDLE_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DRYNEEDLE_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DRYNEEDLE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("DRYNEEDLE_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DRYNEEDLE_EMAIL_STARTTLS", False)
EMAIL_USE_SSL = env_bool("DRYNEEDLE_EMAIL_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set only one of DRYNEEDLE_EMAIL_STARTTLS and DRYNEEDLE_EMAIL_SSL.")
EMAIL_TIMEOUT = env_int("DRYNEEDLE_EMAIL_TIMEOUT_SECONDS", 20)
# Password-reset links stay valid this long.
PASSWORD_RESET_TIMEOUT = env_int("DRYNEEDLE_PASSWORD_RESET_MINUTES", 60) * 60
DEFAULT_FROM_EMAIL = env_str("DRYNEEDLE_FROM_EMAIL", "dryneedle@localhost")
# The demo (`make demo`) has no mail server: its mail is filed in DATA_DIR/outbox instead and
# the clinic's clinical staff read it on the Outbox page (/outbox/). Nothing reaches a patient,
# so production refuses it.
DEMO_OUTBOX = env_bool("DRYNEEDLE_DEMO_OUTBOX", False)
OUTBOX_DIR = DATA_DIR / "outbox"
if DEMO_OUTBOX:
    if PRODUCTION:
        raise ImproperlyConfigured("DRYNEEDLE_DEMO_OUTBOX must be off in production.")
    EMAIL_BACKEND = "dryneedle.outcomes.outbox.OutboxBackend"

PATIENTS_PER_PAGE = 25
# A safety screen must be repeated after this many days (and for every new episode of care).
SCREENING_VALID_DAYS = env_int("DRYNEEDLE_SCREENING_VALID_DAYS", 30)
# Public forms (self-check, booking request): submissions allowed per address per hour.
PUBLIC_FORM_LIMIT_PER_HOUR = env_int("DRYNEEDLE_PUBLIC_FORM_LIMIT_PER_HOUR", 10)

# The largest file upload (the patients CSV), in MB. Larger requests are refused with 413
# before their body is read (dryneedle.request_limits); other bodies (forms, API JSON) are
# held to Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) the same way.
MAX_UPLOAD_MB = env_int("DRYNEEDLE_MAX_UPLOAD_MB", 10)
if not 1 <= MAX_UPLOAD_MB <= 1024:
    raise ImproperlyConfigured("DRYNEEDLE_MAX_UPLOAD_MB must be between 1 and 1024.")
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "DRYNEEDLE_LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}
        ),
    },
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint and its font library narrate every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes logs every sign-in at INFO; ours are in the audit log.
        "axes": {"level": "WARNING"},
    },
}

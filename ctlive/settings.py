"""Django settings: every value that differs between machines comes from the environment.

The defaults are safe for a developer's laptop (SQLite file, DEBUG off, local hosts only);
production sets SECRET_KEY, DATABASE_URL, REDIS_URL and ALLOWED_HOSTS.
"""
import logging
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url

# Templates, static files and translations ship inside this package (an installed wheel
# has no source checkout around it).
PACKAGE_DIR = Path(__file__).resolve().parent


def default_data_dir():
    """Where the embedded SQLite database, the shared cache and collected static files go:
    the checkout itself when run from one (beside manage.py), else the user's data folder."""
    checkout = PACKAGE_DIR.parent
    if (checkout / "manage.py").exists():
        return checkout
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "ctlive"


DATA_DIR = Path(os.environ.get("CTLIVE_DATA_DIR") or default_data_dir())
DATA_DIR.mkdir(parents=True, exist_ok=True)


def env_flag(name, default=False):
    """Read a boolean environment variable (1/true/yes/on are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    return int(os.environ.get(name, default))


SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-local-development-key-change-me-in-production")
DEBUG = env_flag("DEBUG")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "ctlive.admin_apps.ThrottledAdminConfig",  # django.contrib.admin, its sign-in throttled
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "oauth2_provider",
    "corsheaders",
    "racing",
    "api",
    "docsite",
    "console",
    "support",
]

MIDDLEWARE = [
    "ctlive.request_id_middleware.RequestIdMiddleware",  # first: everything below sees the id
    "ctlive.middleware.UntrustedProxyHeaderMiddleware",
    "ctlive.middleware.DateHeaderMiddleware",
    # A guess at an account or address this process knows is blocked: its 429, nothing else.
    "api.auth.early_refusal.RefuseKnownBlocks",
    "support.middleware.ApiLogMiddleware",  # outside the others: records the answer as the client gets it
    # Inside the request-id middleware (which goes first): each line carries its id.
    "ctlive.access_log.RequestLogMiddleware",
    # Preflights are answered here, before the rate limit and the API view.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "api.compression.CompressionMiddleware",
    "docsite.compression.SitePageCompression",
    "ctlive.middleware.BaseUrlMiddleware",
    "ctlive.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "api.ratelimit.RateLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "ctlive.middleware.CsrfViewMiddleware",
    "ctlive.middleware.AuthenticationMiddleware",
    "ctlive.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ctlive.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "ctlive.urls"
WSGI_APPLICATION = "ctlive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

def sqlite_options(database, test_name):
    """WAL lets readers proceed while a writer commits; the busy timeout rides out short locks."""
    database["OPTIONS"] = {
        "timeout": 20,
        # Writers take the lock when their transaction starts, so a busy database makes them
        # wait (up to the timeout) instead of failing halfway with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    database["TEST"] = {"NAME": test_name}


def postgresql_options(database):
    """Parameters are bound on the server, so psycopg prepares a statement the second time a
    connection runs it and PostgreSQL plans the API's joins once per connection instead of on
    every request (not behind a pooler in transaction mode, which cannot keep them)."""
    database["OPTIONS"] = {
        "server_side_binding": True,
        "prepare_threshold": env_int("DATABASE_PREPARE_THRESHOLD", 1),
        # A prepared statement is planned again on every run while PostgreSQL judges its
        # custom plans cheaper, which it always did for a page (its LIMIT unknown to a generic
        # plan): 3-5 ms of planning for a 0.4 ms entries page. The API's reads are built to
        # stay on their indexes whatever the values, so their generic plan is kept.
        "options": f"-c plan_cache_mode={os.environ.get('DATABASE_PLAN_CACHE_MODE', 'force_generic_plan')}",
    }


def beside(path):
    """The testing SQLite file next to production's `path`: db.sqlite3 → db-testing.sqlite3."""
    path = Path(path)
    return str(path.with_name(path.stem + "-testing" + path.suffix))


def testing_database_url(production_url):
    """The testing environment's database beside production's: a second SQLite file next to
    the first, or a second database (name + `_testing`) on the same PostgreSQL server."""
    parts = urlsplit(production_url)
    if parts.scheme == "sqlite":
        return f"sqlite:///{beside(parts.path[1:] if parts.path.startswith('//') else parts.path)}"
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_testing"))


DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}")
# Accounts, applications, tokens and sessions live in `default` only; the domain data (racing
# and the jobs that write it) of production in `default`, of testing in `testing`
# (ctlive/routers.py, ctlive/environment.py).
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60)),
    "testing": dj_database_url.parse(os.environ.get("TESTING_DATABASE_URL") or testing_database_url(DATABASE_URL),
                                     conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60)),
}
SQLITE_TEST_NAME = os.environ.get("SQLITE_TEST_NAME", str(DATA_DIR / "test-db.sqlite3"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    sqlite_options(DATABASES["default"], SQLITE_TEST_NAME)
if DATABASES["testing"]["ENGINE"] == "django.db.backends.sqlite3":
    sqlite_options(DATABASES["testing"], beside(SQLITE_TEST_NAME))
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.postgresql":
        postgresql_options(database)
DATABASE_ROUTERS = ["ctlive.routers.EnvironmentRouter"]
# When the job worker replaces the testing data with a copy of production's (UTC HH:MM; empty: never).
TESTING_REFRESH_AT = os.environ.get("TESTING_REFRESH_AT", "03:00").strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    _shared_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
else:
    # Shared by every server process on this host (one SQLite file), unlike per-process memory.
    _shared_cache = {
        "BACKEND": "ctlive.sqlite_cache.SQLiteCache",
        "LOCATION": os.environ.get("CACHE_DIR", str(DATA_DIR / ".cache")),
    }
CACHES = {
    "default": _shared_cache,
    # Per-process memo of verified credentials and application lookups: losing it only costs a re-check.
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ctlive-local"},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # Keeps the slow hash of the SHA1 form of each password that the test auth scheme accepts.
    {"NAME": "api.auth.legacy_sha1.LegacySha1PasswordRecorder"},
]
if env_flag("FAST_PASSWORD_HASHER"):
    # Tests and benchmarks of cold paths only; never in production.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en"
# Accept-Language chooses among these (Content-Language says which was used); the Spanish
# catalogue is locale/es/LC_MESSAGES/django.po, compiled with `make messages`.
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or DATA_DIR / "staticfiles")
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False

LOG_LEVEL = logging.getLevelName(os.environ.get("LOG_LEVEL", "WARNING").upper())
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every line names the request it belongs to (ctlive/request_id_middleware.py).
    "filters": {"request_id": {"()": "ctlive.request_id_middleware.RequestIdLogFilter"}},
    "formatters": {  # LOG_FORMAT=json: one JSON object per line (README "Operations")
        "json": {"()": "pythonjsonlogger.json.JsonFormatter", "timestamp": True,
                 "fmt": "%(levelname)s %(name)s %(request_id)s %(message)s"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": "json" if os.environ.get("LOG_FORMAT", "") == "json" else "text"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Their DEBUG lines carry issued tokens and authorization codes: never below INFO.
    "loggers": {
        **{name: {"level": max(LOG_LEVEL, logging.INFO)} for name in ("oauthlib", "oauth2_provider")},
        # One line per request and the job worker's progress, unless REQUEST_LOG=0.
        **{name: {"level": "INFO" if env_flag("REQUEST_LOG", True) else "WARNING"}
           for name in ("ctlive.requests", "api.jobs")},
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
# Sessions are read from the shared cache and written through to the database: a page
# or console call of a signed-in visitor loads its session without an ORM query.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_flag("SECURE_COOKIES")
CSRF_COOKIE_SECURE = env_flag("SECURE_COOKIES")

# --- The Open Platform API -------------------------------------------------------------
API_VERSION = "1.0.0"
API_DEFAULT_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = max(1000, env_int("API_MAX_PAGE_SIZE", 1000))
# How long a verified Basic or test-scheme credential is remembered, in seconds.
API_CREDENTIAL_MEMO_SECONDS = env_int("API_CREDENTIAL_MEMO_SECONDS", 60)
# Pages with more rows than this are streamed a chunk at a time instead of built in memory.
# Up to 2,000 rows a page is fetched in one go anyway (api/views.py), and sent whole with its
# Content-Length it costs less than chunked (a 1,000-row results page 5% less over HTTP).
API_STREAM_MIN_ROWS = env_int("API_STREAM_MIN_ROWS", 2000)
# Largest request body accepted, in bytes (413 above it).
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 4 * 1024 * 1024)
# POST bodies with more entities than this are answered 202 and run by `manage.py job_worker`.
API_ASYNC_THRESHOLD = env_int("API_ASYNC_THRESHOLD", 1000)
# Entities a job applies per transaction: as many as a synchronous POST applies per chunk
# (api/writes.py CHUNK); at 500 a 10,000-entity job ran 1.5-1.9x the synchronous POST on SQLite.
JOB_CHUNK_ENTITIES = env_int("JOB_CHUNK_ENTITIES", 1000)
# A worker that has not renewed its claim on a job for this long is taken to be dead.
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 60)
# Rate limit (SPEC §8): requests per client address inside a fixed window of seconds.
API_RATE_LIMIT_REQUESTS = env_int("API_RATE_LIMIT_REQUESTS", 1500)
API_RATE_LIMIT_WINDOW_SECONDS = env_int("API_RATE_LIMIT_WINDOW_SECONDS", 60)
# Proxies (addresses or networks) whose X-Forwarded-For is believed; empty: the direct peer counts.
API_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("API_TRUSTED_PROXIES", "").split(",") if p.strip()]
# Requests per application and UTC day; ApplicationPolicy.daily_quota overrides it.
API_DAILY_QUOTA = env_int("API_DAILY_QUOTA", 100000)

# Named environments: the public base URL of each (SPEC §1). Empty (the default): the URL
# the visitor used, with /api for production and /testing/api for testing (ctlive/base_urls.py).
API_ENVIRONMENTS = {
    "production": os.environ.get("API_PRODUCTION_URL", ""),
    "testing": os.environ.get("API_TESTING_URL", ""),
}

# --- Hardening (README "Security") ----------------------------------------------------------
# Failed credentials (api/auth/throttle.py): per account and per client address, free
# failures, then a back-off doubling from BASE to MAX seconds; forgotten FORGET seconds
# after the last failure.
AUTH_THROTTLE_FREE_FAILURES = env_int("AUTH_THROTTLE_FREE_FAILURES", 5)
AUTH_THROTTLE_FREE_FAILURES_PER_ADDRESS = env_int("AUTH_THROTTLE_FREE_FAILURES_PER_ADDRESS", 20)
AUTH_THROTTLE_BASE_SECONDS = env_int("AUTH_THROTTLE_BASE_SECONDS", 1)
AUTH_THROTTLE_MAX_SECONDS = env_int("AUTH_THROTTLE_MAX_SECONDS", 900)
AUTH_THROTTLE_FORGET_SECONDS = env_int("AUTH_THROTTLE_FORGET_SECONDS", 86400)
# Refuses a throttled sign-in (site, admin, password grant) before ModelBackend hashes anything.
AUTHENTICATION_BACKENDS = ["api.auth.login_throttle.ThrottledLogins"]
# Console calls to other hosts (console/proxy.py): one deadline for connect, headers and body;
# at most this many at once per visitor, and per server process.
CONSOLE_TOTAL_TIMEOUT = env_int("CONSOLE_TOTAL_TIMEOUT", 20)
CONSOLE_CALLS_PER_VISITOR = env_int("CONSOLE_CALLS_PER_VISITOR", 3)
CONSOLE_CALLS_PER_PROCESS = env_int("CONSOLE_CALLS_PER_PROCESS", 4)
# HTTPS (README "Security"): every plain-HTTP request, API included, is redirected (301) to
# HTTPS when SECURE_SSL_REDIRECT is on; HSTS from SECURE_HSTS_SECONDS. Behind a proxy that
# terminates TLS, SECURE_PROXY_SSL_HEADER names its header (e.g. X-Forwarded-Proto), which is
# believed only from API_TRUSTED_PROXIES (ctlive/middleware.py drops it from anyone else).
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD")
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + os.environ["SECURE_PROXY_SSL_HEADER"].strip().upper().replace("-", "_"),
                               "https")
SILENCED_SYSTEM_CHECKS = [
    # The CSRF middleware is Django's, subclassed to skip the stateless API (ctlive/middleware.py).
    "security.W003",
    # The contract (SPEC §5) requires the password grant...
    "oauth2_provider.W002",
    # ...and the original service's web flow without PKCE (clients may still send it).
    "oauth2_provider.W010",
    # http redirect URIs: native apps' loopback callbacks (RFC 8252) and local development.
    "oauth2_provider.W008",
    # A replayed (rotated-out) refresh token is refused, but does not revoke the newer one: a
    # client that lost a refresh reply and retries keeps working (tests/test_oauth_token.py).
    "oauth2_provider.W007",
]

# --- The try-it console (console/, README "The try-it console") ---------------------------
# Environments this process serves itself: the console hands their calls to Django in-process
# (no socket, no self-call deadlock under gunicorn). Any other environment is called over the
# network, and only at public addresses unless CONSOLE_PERMITTED_NETWORKS names the network.
CONSOLE_LOCAL_ENVIRONMENTS = [n.strip() for n in os.environ.get("CONSOLE_LOCAL_ENVIRONMENTS", "production,testing")
                              .split(",") if n.strip()]
CONSOLE_PERMITTED_NETWORKS = [n.strip() for n in os.environ.get("CONSOLE_PERMITTED_NETWORKS", "").split(",") if n.strip()]
CONSOLE_CONNECT_TIMEOUT = env_int("CONSOLE_CONNECT_TIMEOUT", 5)
CONSOLE_READ_TIMEOUT = env_int("CONSOLE_READ_TIMEOUT", 30)
CONSOLE_MAX_RESPONSE_BYTES = env_int("CONSOLE_MAX_RESPONSE_BYTES", 20 * 1024 * 1024)
# A larger body is previewed (formatted, folding) in its first part, and offered whole as a
# download: 96 KB keeps the page's longest task under 100 ms on a slow machine.
CONSOLE_PREVIEW_BYTES = env_int("CONSOLE_PREVIEW_BYTES", 96 * 1024)
CONSOLE_DOWNLOAD_DIR = os.environ.get("CONSOLE_DOWNLOAD_DIR", os.path.join(tempfile.gettempdir(), "ctlive-console"))
CONSOLE_DOWNLOAD_SECONDS = env_int("CONSOLE_DOWNLOAD_SECONDS", 600)
CONSOLE_RATE_LIMIT = env_int("CONSOLE_RATE_LIMIT", 60)
CONSOLE_RATE_LIMIT_WINDOW_SECONDS = env_int("CONSOLE_RATE_LIMIT_WINDOW_SECONDS", 60)

# Demo data (seed_demo): documented values, overridable for a shared deployment.
DEMO_CLIENT_ID = os.environ.get("DEMO_CLIENT_ID", "demo-client")
DEMO_CLIENT_SECRET = os.environ.get("DEMO_CLIENT_SECRET", "demo-secret")
DEMO_DIRECTOR_EMAIL = os.environ.get("DEMO_DIRECTOR_EMAIL", "director@example.com")
DEMO_DIRECTOR_PASSWORD = os.environ.get("DEMO_DIRECTOR_PASSWORD", "director-pass")
DEMO_TEST_USER_EMAIL = os.environ.get("DEMO_TEST_USER_EMAIL", "test-user@example.com")
DEMO_TEST_USER_PASSWORD = os.environ.get("DEMO_TEST_USER_PASSWORD", "test-pass")
# A staff member: approves applications and grants event access in the admin; in the `support` group.
DEMO_STAFF_EMAIL = os.environ.get("DEMO_STAFF_EMAIL", "staff@example.com")
DEMO_STAFF_PASSWORD = os.environ.get("DEMO_STAFF_PASSWORD", "staff-pass")

# --- OAuth2 provider (django-oauth-toolkit) ----------------------------------------------
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"

ACCESS_TOKEN_SECONDS = 72 * 3600
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": ACCESS_TOKEN_SECONDS,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 600,
    # DOT counts a refresh token's life from its access token's expiry, so this makes it
    # exactly one year from issue.
    "REFRESH_TOKEN_EXPIRE_SECONDS": 365 * 86400 - ACCESS_TOKEN_SECONDS,
    "ROTATE_REFRESH_TOKEN": True,
    # The web flow of the original service has no PKCE; clients may still send it.
    "PKCE_REQUIRED": False,
    # Tokens are kept only as SHA-256 checksums, never in clear.
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    # RFC 9700 behaviours the contract leaves free (manage.py check --deploy): no implicit
    # grant, PKCE by S256 only, tokens never in the query, `iss` on authorization replies.
    # The password grant and PKCE-less web flow stay (the contract); see SILENCED_SYSTEM_CHECKS.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "SCOPES": {
        "read": "Read the events, races, entries and results your account can see",
        "write": "Change them on your behalf",
    },
    "OAUTH2_BACKEND_CLASS": "api.oauth.QueryTokenOAuthLibCore",
    "OAUTH2_VALIDATOR_CLASS": "api.oauth.Validator",
}

# --- Developer accounts ---------------------------------------------------------------------
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:applications"
LOGOUT_REDIRECT_URL = "accounts:login"
# New applications wait for staff approval unless this is on (for local use only).
AUTO_APPROVE_APPLICATIONS = env_flag("AUTO_APPROVE_APPLICATIONS")
# Sign-up confirmation links work this long (docsite/accounts/confirmation.py); Django's
# token check caps it at PASSWORD_RESET_TIMEOUT (three days).
SIGNUP_CONFIRMATION_TIMEOUT = env_int("SIGNUP_CONFIRMATION_TIMEOUT", 86400)
# Sign-ups per window (docsite/accounts/signup_limits.py): mails to one address, and
# sign-ups from one client address (then 429).
SIGNUP_LIMIT_WINDOW_SECONDS = env_int("SIGNUP_LIMIT_WINDOW_SECONDS", 3600)
SIGNUP_MAILS_PER_ADDRESS = env_int("SIGNUP_MAILS_PER_ADDRESS", 3)
SIGNUP_ATTEMPTS_PER_CLIENT = env_int("SIGNUP_ATTEMPTS_PER_CLIENT", 20)
# Sign-up and password-reset mail: printed on the console unless another backend is set
# (smtp through EMAIL_HOST…, or filebased into EMAIL_FILE_PATH, which tests read).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_flag("EMAIL_USE_SSL")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ctlive <no-reply@localhost>")

# --- Support: the API request log, reproduce as a customer, shared results (support/) ----
# README "Support: request ids, the request log and shared results".
API_LOG_ENABLED = env_flag("API_LOG_ENABLED", True)
# "thread": a background thread per process writes batches; "inline": in the request's thread.
API_LOG_WRITER = os.environ.get("API_LOG_WRITER", "thread")
API_LOG_BATCH_SIZE = env_int("API_LOG_BATCH_SIZE", 200)
API_LOG_FLUSH_SECONDS = float(os.environ.get("API_LOG_FLUSH_SECONDS", "0.5"))
API_LOG_QUEUE_MAX = env_int("API_LOG_QUEUE_MAX", 10000)
# Bodies of writes and errors: bytes read for masking, and bytes kept after masking.
API_LOG_CAPTURE_BYTES = env_int("API_LOG_CAPTURE_BYTES", 64 * 1024)
API_LOG_BODY_BYTES = env_int("API_LOG_BODY_BYTES", 8 * 1024)
API_LOG_RETENTION_DAYS = env_int("API_LOG_RETENTION_DAYS", 14)
# How often the job worker deletes log rows past retention and expired shared results.
API_LOG_PURGE_SECONDS = env_int("API_LOG_PURGE_SECONDS", 3600)
CONSOLE_SHARE_DAYS = env_int("CONSOLE_SHARE_DAYS", 7)

# --- Cross-origin calls, health, logs and metrics (README "Operations") -------------------
# Browser apps on these origins (comma list, with scheme: https://app.example.com) may call
# /api and /oauth2/token; empty, none may. Never a wildcard: django-cors-headers refuses
# "*" here, and no credentials mode is offered (the API takes Authorization, not cookies).
CORS_ALLOWED_ORIGINS = [o.strip() for o in os.environ.get("API_CORS_ALLOWED_ORIGINS", "").split(",") if o.strip()]
CORS_URLS_REGEX = r"^/(?:testing/)?(?:api(?:/.*)?|oauth2/token/?)$"
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = ("accept", "accept-language", "authorization", "content-type", "x-http-method-override",
                      "x-request-id")
CORS_EXPOSE_HEADERS = ("Link", "Last-Modified", "Location", "Retry-After", "WWW-Authenticate", "X-Request-Id",
                       "X-Ctlive-Api-Version", "X-Ctlive-Row-Count", "X-Ctlive-Page-Count",
                       "X-Ctlive-Page-Size", "X-Ctlive-Current-Page", "X-Ctlive-Current-Rows")
CORS_PREFLIGHT_MAX_AGE = 3600
# A job worker writes a heartbeat this often at least; /readyz fails when the last one is older.
JOB_WORKER_HEARTBEAT_SECONDS = env_int("JOB_WORKER_HEARTBEAT_SECONDS", 30)
# Prometheus metrics at /metrics (django-prometheus), by API operation. With several server
# processes, set PROMETHEUS_MULTIPROC_DIR to an empty folder shared by them.
METRICS = env_flag("METRICS")
if METRICS:
    INSTALLED_APPS.append("django_prometheus")
    MIDDLEWARE = ["django_prometheus.middleware.PrometheusBeforeMiddleware", *MIDDLEWARE,
                  "ctlive.metrics.OperationMetricsMiddleware"]

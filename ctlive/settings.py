"""Django settings: every value that differs between machines comes from the environment.

The defaults are safe for a developer's laptop (SQLite file, DEBUG off, local hosts only);
production sets SECRET_KEY, DATABASE_URL, REDIS_URL and ALLOWED_HOSTS.
"""
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


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
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "oauth2_provider",
    "racing",
    "api",
    "docsite",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ctlive.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "ctlive.urls"
WSGI_APPLICATION = "ctlive.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while a writer commits; the busy timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_NAME", str(BASE_DIR / "test-db.sqlite3"))}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    _shared_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
else:
    # Shared by every server process on this host, unlike per-process local memory.
    _shared_cache = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache" / "django")),
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
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

SECURE_CONTENT_TYPE_NOSNIFF = True
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_flag("SECURE_COOKIES")
CSRF_COOKIE_SECURE = env_flag("SECURE_COOKIES")

# --- The Open Platform API -------------------------------------------------------------
API_VERSION = "1.0.0"
API_DEFAULT_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = max(1000, env_int("API_MAX_PAGE_SIZE", 1000))
# How long a verified Basic or test-scheme credential is remembered, in seconds.
API_CREDENTIAL_MEMO_SECONDS = env_int("API_CREDENTIAL_MEMO_SECONDS", 60)

# Named environments: the public base URL of each (SPEC §1). The embedded default serves
# production from the local server.
API_ENVIRONMENTS = {
    "production": os.environ.get("API_PRODUCTION_URL", "http://127.0.0.1:8000/api"),
    "testing": os.environ.get("API_TESTING_URL", "http://127.0.0.1:8000/api"),
}

# Demo data (seed_demo): documented values, overridable for a shared deployment.
DEMO_CLIENT_ID = os.environ.get("DEMO_CLIENT_ID", "demo-client")
DEMO_CLIENT_SECRET = os.environ.get("DEMO_CLIENT_SECRET", "demo-secret")
DEMO_DIRECTOR_EMAIL = os.environ.get("DEMO_DIRECTOR_EMAIL", "director@example.com")
DEMO_DIRECTOR_PASSWORD = os.environ.get("DEMO_DIRECTOR_PASSWORD", "director-pass")
DEMO_TEST_USER_EMAIL = os.environ.get("DEMO_TEST_USER_EMAIL", "test-user@example.com")
DEMO_TEST_USER_PASSWORD = os.environ.get("DEMO_TEST_USER_PASSWORD", "test-pass")

# --- OAuth2 provider (django-oauth-toolkit) ----------------------------------------------
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"

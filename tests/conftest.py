"""Fixtures: seeded demo data in the test database, and a real served API over HTTP."""
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from .served import SEED_SCALE, seeded_site

# A test session sends thousands of requests from 127.0.0.1 within a minute, and in-process
# servers share the project's cache directory with other runs (the daily quota of the demo
# application would fill up over a day of runs); the limits themselves are tested with
# their own small settings (tests/test_rate_limit.py, tests/test_oauth_bearer.py). So are
# failed-credential counts, which the tests of wrong passwords would otherwise pile up
# (tests/test_credential_throttle.py tests them), and sign-up limits
# (tests/test_signup_confirmation.py tests them).
UNLIMITED = 10**9
UNTHROTTLED = {"AUTH_THROTTLE_FREE_FAILURES": UNLIMITED, "AUTH_THROTTLE_FREE_FAILURES_PER_ADDRESS": UNLIMITED,
               "SIGNUP_MAILS_PER_ADDRESS": UNLIMITED, "SIGNUP_ATTEMPTS_PER_CLIENT": UNLIMITED}


@pytest.fixture(scope="session", autouse=True)
def request_limits_out_of_the_way():
    with override_settings(API_RATE_LIMIT_REQUESTS=UNLIMITED, API_DAILY_QUOTA=UNLIMITED, **UNTHROTTLED):
        yield


# In-process tests run in a database transaction that the request log's background thread
# could not see: there the log is written in the request's own thread (support/request_log.py).
@pytest.fixture(scope="session", autouse=True)
def request_log_written_inline():
    with override_settings(API_LOG_WRITER="inline"):
        yield


# Pages name their stylesheet through the static files storage, whose manifest exists only
# after `collectstatic`; tests (in process and served) use the plain storage instead.
PLAIN_STATIC_FILES = "django.contrib.staticfiles.storage.StaticFilesStorage"


@pytest.fixture(scope="session", autouse=True)
def static_files_without_collectstatic():
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC_FILES}}):
        yield


@pytest.fixture(scope="session")
def console_download_dir(tmp_path_factory):
    """Bodies the console keeps during the tests go to a folder of the test run, not to the
    machine's shared one."""
    return tmp_path_factory.mktemp("console-downloads")


@pytest.fixture(scope="session", autouse=True)
def console_downloads_kept_with_the_test_run(console_download_dir):
    with override_settings(CONSOLE_DOWNLOAD_DIR=str(console_download_dir)):
        yield


def pytest_collection_modifyitems(items):
    """Every database test may reach both environments' databases (the API chooses one by
    the request's URL), so each is set up, seeded and rolled back for every such test."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and "databases" not in marker.kwargs:
            item.add_marker(pytest.mark.django_db(*marker.args, **marker.kwargs, databases="__all__"), append=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Both environments hold the small demo data set for every database test: production
    seeded, testing refreshed from it."""
    with django_db_blocker.unblock():
        call_command("seed_demo", scale=float(SEED_SCALE), verbosity=0)
        call_command("refresh_testing", verbosity=0)


@pytest.fixture(scope="session")
def served_api(tmp_path_factory, console_download_dir):
    """The demo site served by gunicorn. Pages over 200 rows stream (the default streams only
    pages over 2,000, longer than any page of the small demo data), so that the streamed
    path is tested over real HTTP."""
    with seeded_site(tmp_path_factory.mktemp("served"), CONSOLE_DOWNLOAD_DIR=str(console_download_dir),
                     API_RATE_LIMIT_REQUESTS=str(UNLIMITED), STATICFILES_BACKEND=PLAIN_STATIC_FILES, REQUEST_LOG="0",
                     API_STREAM_MIN_ROWS="200",
                     **{name: str(value) for name, value in UNTHROTTLED.items()}) as site:
        yield site


@pytest.fixture(scope="session")
def demo():
    """The documented demo credentials (README)."""
    return {
        "client_id": settings.DEMO_CLIENT_ID,
        "director": (settings.DEMO_DIRECTOR_EMAIL, settings.DEMO_DIRECTOR_PASSWORD),
        "test_user": (settings.DEMO_TEST_USER_EMAIL, settings.DEMO_TEST_USER_PASSWORD),
    }


@pytest.fixture(autouse=True)
def forget_remembered_credentials():
    """Each test starts without the per-process memo of credentials and applications: a
    test that empties the database makes users and applications with new ids."""
    from django.core.cache import caches

    caches["local"].clear()


@pytest.fixture()
def hashes(monkeypatch):
    """How many password hashes are computed, for a test that hashes with MD5 (every check
    and every dummy hash encodes): a refused attempt or a taken address costs what it should."""
    from django.contrib.auth import hashers

    calls = []
    original = hashers.MD5PasswordHasher.encode
    monkeypatch.setattr(hashers.MD5PasswordHasher, "encode", lambda self, *a: calls.append(1) or original(self, *a))
    return calls

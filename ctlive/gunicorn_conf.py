"""gunicorn settings of `make serve`: once the server listens, it says which address to
open, how to sign in with the demo accounts and how to stop, so a first start ends on a
line a newcomer can act on rather than on gunicorn's "Listening at"."""
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctlive.settings")


def site_url(bind):
    """The address to open for a `host:port` bind (all addresses: this machine's loopback)."""
    host, _, port = bind.rpartition(":")
    host = "127.0.0.1" if host in ("0.0.0.0", "", "[::]") else host
    return f"http://{host}:{port}"


def mail_line(backend):
    """Where a sign-up's confirmation link is to be found when no mail server is set up."""
    if backend == "django.core.mail.backends.console.EmailBackend":
        return ["    Mail (sign-up confirmation links, password resets) is printed here, in this terminal."]
    return []


def when_ready(server):
    from django.conf import settings

    url = site_url(server.cfg.bind[0])
    lines = [
        f"==> Ready: open {url}/guides/quickstart (the quick start; docs at {url}/, the API at {url}/api)",
        f"    Demo sign-in: {settings.DEMO_DIRECTOR_EMAIL} / {settings.DEMO_DIRECTOR_PASSWORD} (every demo event), "
        f"{settings.DEMO_TEST_USER_EMAIL} / {settings.DEMO_TEST_USER_PASSWORD} (the test events only)",
        f"    Demo application: client_id {settings.DEMO_CLIENT_ID}, client_secret {settings.DEMO_CLIENT_SECRET}",
        *mail_line(settings.EMAIL_BACKEND),
        "    Stop with Ctrl+C.",
    ]
    print("\n".join(lines), file=sys.stdout, flush=True)

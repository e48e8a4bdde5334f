"""The visitors the docs pages are timed for, each a requests.Session: anonymous, the demo
director signed in through the sign-in page, and a developer who has just signed up
through the sign-up page and followed the emailed link (what a new developer sees)."""
import re
import uuid

import requests

from tests.signup_mail import confirmation_path, mailed_files

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSWORD = "bench-visitor-pass-1"


def new_session():
    session = requests.Session()
    session.headers["Accept-Encoding"] = "identity"  # bodies as the floor serves them
    return session


def posted(session, url, data, expected):
    """POSTs `data` with the CSRF token of the form at `url`; the answer must have the
    `expected` status (a form answered again with its errors is a 200)."""
    page = session.get(url, timeout=60)
    page.raise_for_status()
    reply = session.post(url, data={**data, "csrfmiddlewaretoken": CSRF_FIELD.search(page.text).group(1)},
                         timeout=60, allow_redirects=False)
    if reply.status_code != expected:
        raise RuntimeError(f"POST {url} answered {reply.status_code}, not {expected}: {reply.text[:500]}")
    return reply


def signed_in(base, username, password):
    session = new_session()
    posted(session, f"{base}/accounts/login", {"username": username, "password": password}, 302)
    return session


def signed_up(base, mail_directory):
    """A session of a developer made through the sign-up page and its emailed link."""
    session, email = new_session(), f"bench-{uuid.uuid4().hex[:8]}@example.com"
    posted(session, f"{base}/accounts/signup", {
        "username": email, "email": email, "password1": PASSWORD, "password2": PASSWORD,
        "app-name": "Bench app", "app-redirect_uris": "https://example.com/cb"}, 302)
    posted(session, base + confirmation_path(email, mailed_files(mail_directory)), {}, 200)
    return session


def docs_visitors(base, director, mail_directory):
    """{label: session} of each kind of visitor."""
    return {"anonymous": new_session(), "director": signed_in(base, *director),
            "fresh sign-up": signed_up(base, mail_directory)}

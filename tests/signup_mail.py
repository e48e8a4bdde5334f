"""Reading the mail sign-up sends: from Django's locmem outbox in the test process, or from
the files of the file-based backend a served site writes (EMAIL_FILE_PATH)."""
import email
import re
from email import policy
from pathlib import Path
from urllib.parse import urlsplit

from django.core import mail

CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm/\S+")
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def sent_to(address, messages=None):
    """(subject, body) of every message to `address`, oldest first."""
    if messages is None:
        messages = [(message.to, message.subject, message.body) for message in mail.outbox]
    return [(subject, body) for to, subject, body in messages if address in to]


def confirmation_path(address, messages=None):
    """The path of the latest confirmation link mailed to `address`."""
    links = [CONFIRM_LINK.findall(body) for _subject, body in sent_to(address, messages)]
    links = [found[0] for found in links if found]
    assert links, f"no confirmation link was mailed to {address}"
    parts = urlsplit(links[-1])
    return parts.path


def mailed_files(directory):
    """Messages the file-based backend wrote into `directory`, as (to, subject, body)."""
    messages = []
    for path in sorted(Path(directory).glob("*.log")):
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                message = email.message_from_bytes(chunk.lstrip(b"\n"), policy=policy.default)
                messages.append((message["To"], message["Subject"], message.get_content()))
    return messages


def confirm_in_process(client, address):
    """Follows the emailed link with Django's test client and presses Confirm; returns the
    answer (the page showing the application's secret)."""
    path = confirmation_path(address)
    assert client.get(path).status_code == 200
    return client.post(path)

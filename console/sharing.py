"""Shared console results: a copy of one result behind an unguessable link.

The result panel carries a signed snapshot of what it shows (request masked, status,
headers) and the token of the kept body; Share stores them with the body cut at
`CONSOLE_PREVIEW_BYTES` and hands out `/console/shared/<token>` once. Only the token's
SHA-256 is kept. A link works for `CONSOLE_SHARE_DAYS`, until its owner revokes it, and only
for its owner and the support group; anyone else is told there is nothing there.
"""
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from support.access import is_support
from support.masking import masked_headers, masked_text
from support.models import SharedResult

from . import downloads

SALT = "console-share"


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def snapshot_of(result, operation_id):
    """The signed value the Share form posts: what the panel shows, secrets already masked."""
    capture = result.capture
    request_body = result.shown_body[: settings.CONSOLE_PREVIEW_BYTES]
    return signing.dumps({
        "op": operation_id, "request_id": result.request_id,
        "request_line": f"{result.call.method} {result.shown_url}", "request_headers": result.shown_headers,
        "request_body": masked_text(request_body), "status": capture.status, "reason": capture.reason,
        "elapsed_ms": round(capture.elapsed_ms, 1), "content_type": capture.header("Content-Type"),
        "response_headers": masked_headers(capture.headers, with_code=False),
    }, salt=SALT, compress=True)


def kept_body(request, download_token, content_type):
    """(text up to the preview size, cut) of the body the visitor's result kept."""
    kept = downloads.kept_file(request, download_token) if download_token else None
    if kept is None:
        return "", False
    file, _type, _name = kept
    with file:
        raw = file.read(settings.CONSOLE_PREVIEW_BYTES + 1)
    text = masked_text(raw[: settings.CONSOLE_PREVIEW_BYTES].decode("utf-8", errors="replace"), content_type,
                       with_code=False)
    return text, len(raw) > settings.CONSOLE_PREVIEW_BYTES


@login_required
@require_POST
def share(request):
    try:
        shown = signing.loads(request.POST.get("snapshot", ""), salt=SALT)
    except signing.BadSignature:
        return HttpResponseBadRequest("This result cannot be shared: run the call again and share the new result.")
    body, cut = kept_body(request, request.POST.get("download", ""), shown["content_type"])
    token = secrets.token_urlsafe(32)
    shared = SharedResult.objects.create(
        token_hash=token_hash(token), owner=request.user,
        expires=timezone.now() + timedelta(days=settings.CONSOLE_SHARE_DAYS), operation_id=shown["op"],
        request_id=shown["request_id"], request_line=shown["request_line"], request_headers=shown["request_headers"],
        request_body=shown["request_body"], status=shown["status"], reason=shown["reason"],
        elapsed_ms=shown["elapsed_ms"], response_headers=shown["response_headers"],
        content_type=shown["content_type"], body=body, body_cut=cut)
    return render(request, "console/shared_link.html", {
        "shared": shared, "link": request.build_absolute_uri(f"/console/shared/{token}")})


@login_required
@require_GET
def shared(request, token):
    found = SharedResult.objects.filter(token_hash=token_hash(token)).select_related("owner").first()
    if found is None or not (found.owner_id == request.user.pk or is_support(request.user)):
        raise Http404("No shared result here.")
    if found.revoked or found.expires <= timezone.now():
        return render(request, "console/shared_gone.html", {"shared": found}, status=410)
    return render(request, "console/shared.html", {"shared": found})


@login_required
@require_GET
def my_shares(request):
    return render(request, "console/shares.html", {
        "shares": SharedResult.objects.filter(owner=request.user)[:100], "now": timezone.now()})


@login_required
@require_POST
def revoke(request, pk):
    found = get_object_or_404(SharedResult, pk=pk, owner=request.user)
    if found.revoked is None:
        found.revoked = timezone.now()
        found.save(update_fields=["revoked"])
    return redirect("console:shares")

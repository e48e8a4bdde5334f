"""Building API responses: the negotiated content type, the version header, and errors
rendered in the requested format."""
from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse


def respond(fmt, body, status=200, headers=None):
    """An API response; `body` is bytes, or an iterator of bytes to stream."""
    if isinstance(body, bytes):
        response = HttpResponse(body, status=status, content_type=fmt.content_type)
    else:
        response = StreamingHttpResponse(body, status=status, content_type=fmt.content_type)
    response["X-Ctlive-Api-Version"] = settings.API_VERSION
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def error_response(fmt, error):
    """An ApiError as a response in `fmt`, with the error's own headers (Allow, Retry-After, ...)."""
    response = respond(fmt, fmt.render_error(error.as_envelope()["error"]), status=error.status, headers=error.headers)
    response.api_error_code = error.code  # for the request log
    return response

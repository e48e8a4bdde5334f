"""Searching the request log: the filters of "My requests" and of the support pages, each
served by one of the log's indexes (support/models.py)."""
from django import forms
from django.core.paginator import Paginator
from django.db.models import Q

from .models import ApiRequest, SupportRun

PAGE_SIZE = 50
STATUS_CLASSES = [("", "any"), ("2", "2xx"), ("3", "3xx"), ("4", "4xx"), ("5", "5xx")]
METHODS = [("", "any"), *((m, m) for m in ("GET", "POST", "PUT", "DELETE", "PATCH"))]
TIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RequestFilter(forms.Form):
    """What every searcher may filter on; times are UTC."""

    status = forms.ChoiceField(choices=STATUS_CLASSES, required=False, label="Status")
    method = forms.ChoiceField(choices=METHODS, required=False)
    path = forms.CharField(required=False, max_length=500, help_text="The start of the path, e.g. /api/event/1")
    since = forms.DateTimeField(required=False, widget=TIME_INPUT, input_formats=["%Y-%m-%dT%H:%M"], label="From (UTC)")
    until = forms.DateTimeField(required=False, widget=TIME_INPUT, input_formats=["%Y-%m-%dT%H:%M"], label="To (UTC)")


class CustomerFilter(RequestFilter):
    application = forms.ChoiceField(required=False, choices=[("", "any")])

    def __init__(self, data, applications):
        super().__init__(data)
        self.fields["application"].choices = [("", "any"), *((a.client_id, f"{a.name} ({a.client_id})")
                                                             for a in applications)]


class SupportFilter(RequestFilter):
    q = forms.CharField(required=False, max_length=128, label="Request id")
    email = forms.CharField(required=False, max_length=254)
    client_id = forms.CharField(required=False, max_length=100)
    status = forms.CharField(required=False, max_length=3, label="Status (e.g. 404 or 4xx)")

    def clean_status(self):
        value = self.cleaned_data["status"].strip().lower()
        if value and not (value.isdigit() and len(value) == 3) and not (len(value) == 3 and value[0].isdigit()
                                                                         and value[1:] == "xx"):
            raise forms.ValidationError("A status (404) or a class (4xx).")
        return value


def status_filter(rows, value):
    if not value:
        return rows
    if value.isdigit() and len(value) == 3:
        return rows.filter(status=int(value))
    first = int(value[0])
    return rows.filter(status__gte=first * 100, status__lt=first * 100 + 100)


def filtered(rows, data):
    """`rows` narrowed by the cleaned data of any of the filter forms."""
    rows = status_filter(rows, data.get("status", ""))
    if data.get("method"):
        rows = rows.filter(method=data["method"])
    if data.get("path"):
        rows = rows.filter(path__startswith=data["path"])
    if data.get("since"):
        rows = rows.filter(time__gte=data["since"])
    if data.get("until"):
        rows = rows.filter(time__lte=data["until"])
    if data.get("application"):
        rows = rows.filter(application__client_id=data["application"])
    if data.get("q"):
        rows = rows.filter(request_id=data["q"].strip())
    if data.get("email"):
        email = data["email"].strip()
        rows = rows.filter(Q(user__email__iexact=email) | Q(user__username__iexact=email)
                           | Q(application__user__email__iexact=email))
    if data.get("client_id"):
        rows = rows.filter(client_id=data["client_id"].strip())
    return rows


def page_of(rows, number):
    return Paginator(rows.select_related("application", "user"), PAGE_SIZE).get_page(number)


def of_applications(applications):
    """The calls of these applications, from any client, newest first."""
    return ApiRequest.objects.filter(application__in=list(applications))


def runs_by_request_id(request_ids):
    """{request id: SupportRun} for the calls among these that support ran as the customer."""
    return {run.request_id: run for run in SupportRun.objects.filter(request_id__in=list(request_ids))}

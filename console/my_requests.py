""""My requests": a signed-in developer's API calls, from any client, through the request log."""
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET
from oauth2_provider.models import Application

from support import replay, search


def own_applications(user):
    return list(Application.objects.filter(user=user).order_by("created", "id"))


@login_required
@require_GET
def requests_list(request):
    applications = own_applications(request.user)
    form = search.CustomerFilter(request.GET or None, applications)
    rows = search.of_applications(applications)
    if form.is_bound and form.is_valid():
        rows = search.filtered(rows, form.cleaned_data)
    page = search.page_of(rows, request.GET.get("page"))
    runs = search.runs_by_request_id(row.request_id for row in page)
    for row in page:
        row.support_run = runs.get(row.request_id)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "console/requests.html", {
        "form": form, "page": page, "applications": applications, "query": query.urlencode(),
        "retention_days": settings.API_LOG_RETENTION_DAYS})


@login_required
@require_GET
def request_detail(request, request_id):
    row = search.of_applications(own_applications(request.user)).filter(request_id=request_id).first()
    if row is None:
        raise Http404("No call of your applications has this request id.")
    return render(request, "console/request.html", {
        "row": row, "run": search.runs_by_request_id([row.request_id]).get(row.request_id),
        "console_link": replay.console_link(row)})

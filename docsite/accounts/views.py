"""Developer account pages: sign-up, the applications list and what can be done to one.

A page that shows a client secret is the answer to the POST that made the secret, never a
redirect target, and is sent with `Cache-Control: no-store`: the secret is shown once.
"""
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from oauth2_provider.models import Application

from api.auth.login_throttle import throttled_seconds

from . import services
from .forms import ApplicationForm, RenameForm, SignUpForm


def show_secret(request, application, secret, created):
    return render(request, "accounts/secret.html",
                  {"application": application, "client_secret": secret, "created": created})


@sensitive_post_parameters("password1", "password2")
@never_cache
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:applications")
    account = SignUpForm(request.POST or None)
    application = ApplicationForm(request.POST or None, prefix="app", instance=services.blank_application())
    if request.method == "POST" and account.is_valid() and application.is_valid():
        user = account.save(commit=False)
        secret = services.register_developer(user, application.instance)
        login(request, user)  # the one backend: api.auth.login_throttle.ThrottledLogins
        return show_secret(request, application.instance, secret, created=True)
    return render(request, "accounts/signup.html", {"account_form": account, "application_form": application})


class SignInView(auth_views.LoginView):
    """Django's sign-in page; a throttled attempt is a 429 with Retry-After."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        seconds = throttled_seconds(self.request)
        if seconds:
            response.status_code = 429
            response["Retry-After"] = str(seconds)
        return response


def owned_application(request, pk):
    return get_object_or_404(Application, pk=pk, user=request.user)


@login_required
@never_cache
def applications(request):
    form = ApplicationForm(request.POST or None, instance=services.blank_application(request.user))
    if request.method == "POST" and form.is_valid():
        secret = services.create_application(form.instance)
        return show_secret(request, form.instance, secret, created=True)
    return render(request, "accounts/applications.html", {
        "statuses": services.applications_of(request.user), "form": form})


@login_required
@require_POST
def rename_application(request, pk):
    application = owned_application(request, pk)
    form = RenameForm(request.POST, instance=application)
    if form.is_valid():
        form.save()
        messages.success(request, f"Renamed to “{application.name}”.")
    else:
        messages.error(request, "Not renamed: " + " ".join(form.errors["name"]))
    return redirect("accounts:applications")


@login_required
@require_POST
@never_cache
def rotate_secret(request, pk):
    application = owned_application(request, pk)
    return show_secret(request, application, services.rotate_secret(application), created=False)


@login_required
@never_cache
def delete_application(request, pk):
    application = owned_application(request, pk)
    if request.method == "POST":
        name = application.name
        application.delete()
        messages.success(request, f"Deleted “{name}”; its tokens no longer work.")
        return redirect("accounts:applications")
    return render(request, "accounts/application_delete.html", {"application": application})

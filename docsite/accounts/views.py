"""Developer account pages: sign-up, the applications list and what can be done to one.

A page that shows a client secret is the answer to the POST that made the secret, never a
redirect target, and is sent with `Cache-Control: no-store`: the secret is shown once.
So following the emailed confirmation link shows a button; its POST activates the account
(mail scanners that fetch links do not use the link up).
"""
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from oauth2_provider.models import Application

from api.auth.login_throttle import as_too_many_attempts

from . import services, signup_limits
from .confirmation import hours_a_link_works, tokens
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
        wait = signup_limits.seconds_to_wait(request)
        if wait:
            response = render(request, "accounts/signup.html", {
                "account_form": account, "application_form": application,
                "too_many": f"Too many sign-ups from your address; try again in {wait} seconds."}, status=429)
            response["Retry-After"] = str(wait)
            return response
        email = account.cleaned_data["email"]
        services.sign_up(request, email, account.cleaned_data["password1"], application.instance)
        request.session[SIGNED_UP] = email
        return redirect("accounts:signup_sent")
    return render(request, "accounts/signup.html", {"account_form": account, "application_form": application})


SIGNED_UP = "signed_up_email"


@never_cache
def signup_sent(request):
    """The one answer to every sign-up, whether or not the address had an account."""
    if SIGNED_UP not in request.session:
        return redirect("accounts:signup")
    return render(request, "accounts/signup_sent.html",
                  {"email": request.session[SIGNED_UP], "hours": hours_a_link_works()})


def pending_account(uidb64, token):
    """The inactive account the link confirms, or None for a used, expired or forged link."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        return None
    user = get_user_model().objects.filter(pk=pk, is_active=False).first()
    return user if user is not None and tokens.check_token(user, token) else None


@never_cache
def confirm(request, uidb64, token):
    """GET: the confirm button (or why the link does not work); POST: activates the account,
    signs it in and shows its application's secret, as sign-up did before confirmation."""
    user = pending_account(uidb64, token)
    if user is None:
        return render(request, "accounts/signup_confirm.html",
                      {"validlink": False, "hours": hours_a_link_works()}, status=400)
    if request.method != "POST":
        return render(request, "accounts/signup_confirm.html", {"validlink": True, "pending": user})
    application, secret = services.activate(user)
    request.session.pop(SIGNED_UP, None)
    login(request, user)  # the one backend: api.auth.login_throttle.ThrottledLogins
    if application is None:
        return redirect("accounts:applications")
    return show_secret(request, application, secret, created=True)


class SignInView(auth_views.LoginView):
    """Django's sign-in page; a throttled attempt is a 429 with Retry-After."""

    def form_invalid(self, form):
        return as_too_many_attempts(self.request, super().form_invalid(form))


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

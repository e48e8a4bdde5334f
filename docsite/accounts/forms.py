"""Forms of the developer account pages."""
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from oauth2_provider.models import Application

from api.auth.login_throttle import throttled_seconds


class SaysWhenThrottled:
    """A sign-in form (the site's, the admin's) that tells a throttled attempt apart."""

    def clean(self):
        """Django's check, unless failed sign-ins have blocked the address or the account
        (api/auth/throttle.py): then the password was not even checked, and this says so."""
        try:
            return super().clean()
        except forms.ValidationError:
            seconds = throttled_seconds(self.request)
            if seconds:
                raise forms.ValidationError(
                    "Too many failed sign-ins for this account or from this address; try again in %(seconds)s seconds.",
                    code="throttled", params={"seconds": seconds})
            raise


class SignInForm(SaysWhenThrottled, AuthenticationForm):
    """Django's sign-in form; accounts sign in with the email address they signed up with."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email"


class AdminSignInForm(SaysWhenThrottled, AdminAuthenticationForm):
    """The admin's sign-in form (ctlive/admin_site.py)."""


class SignUpForm(BaseUserCreationForm):
    """A new developer account: the email address is also the login."""

    email = forms.EmailField(label="Email", max_length=150, widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    class Meta:
        model = get_user_model()
        fields = ("email",)

    def clean_email(self):
        """Lower-cased; whether it has an account is not said here (services.sign_up)."""
        return self.cleaned_data["email"].strip().lower()

    def _post_clean(self):
        self.instance.username = self.cleaned_data.get("email", "")
        super()._post_clean()


class RenameForm(forms.ModelForm):
    """The application's name, shown to users on the consent page."""

    class Meta:
        model = Application
        fields = ("name",)
        labels = {"name": "Application name"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True


class ApplicationForm(RenameForm):
    """Name and redirect URI of a new application; DOT's model validates the URI."""

    redirect_uris = forms.CharField(
        label="Redirect URI", widget=forms.URLInput(),
        help_text="Where the web flow sends the user back with ?code=, e.g. https://example.com/oauth/callback")

    class Meta(RenameForm.Meta):
        fields = ("name", "redirect_uris")

    def clean_redirect_uris(self):
        uri = self.cleaned_data["redirect_uris"].strip()
        if len(uri.split()) > 1:
            raise forms.ValidationError("Enter one redirect URI; register another application for another one.")
        return uri

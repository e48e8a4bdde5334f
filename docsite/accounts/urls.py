"""Developer account pages under /accounts/; other pages link to them by these names."""
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views
from .forms import SignInForm

app_name = "accounts"

urlpatterns = [
    path("signup", views.signup, name="signup"),
    path("signup/sent", views.signup_sent, name="signup_sent"),
    path("confirm/<uidb64>/<token>", views.confirm, name="confirm"),
    path("login", views.SignInView.as_view(
        template_name="accounts/login.html", authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login"),
    path("logout", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset", auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset_form.html",
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done")), name="password_reset"),
    path("password-reset/sent", auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset_done.html"), name="password_reset_done"),
    path("password-reset/<uidb64>/<token>", auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete")), name="password_reset_confirm"),
    path("password-reset/complete", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"), name="password_reset_complete"),
    path("applications", views.applications, name="applications"),
    path("applications/<int:pk>/rename", views.rename_application, name="rename_application"),
    path("applications/<int:pk>/rotate-secret", views.rotate_secret, name="rotate_secret"),
    path("applications/<int:pk>/delete", views.delete_application, name="delete_application"),
]

"""Routes of the professionals' network (mounted inside config/urls.py's i18n_patterns, so
German has no prefix and the finder's other languages get theirs)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from security.passwords import PasswordResetForm

from . import views

app_name = "professionals"

urlpatterns = [
    path("fachkraefte/", views.directory, name="directory"),
    path("fachkraefte/partner/<slug:slug>/", views.partner_detail, name="partner"),
    path("fachkraefte/netzwerk/", views.working_groups, name="network"),
    path("fachkraefte/netzwerk/<slug:slug>/", views.working_group_detail, name="working_group"),
    path("fachkraefte/dokumente/", views.documents, name="documents"),
    path(
        "fachkraefte/anmelden/",
        auth_views.LoginView.as_view(
            template_name="professionals/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path(
        "fachkraefte/abmelden/",
        auth_views.LogoutView.as_view(template_name="professionals/logged_out.html"),
        name="logout",
    ),
    path(
        "fachkraefte/passwort-vergessen/",
        auth_views.PasswordResetView.as_view(
            # The mail is sent by a background task, not inside the request.
            form_class=PasswordResetForm,
            template_name="professionals/password_reset_form.html",
            email_template_name="professionals/password_reset_email.txt",
            subject_template_name="professionals/password_reset_subject.txt",
            success_url=reverse_lazy("professionals:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "fachkraefte/passwort-vergessen/gesendet/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="professionals/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "fachkraefte/passwort-neu/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="professionals/password_reset_confirm.html",
            success_url=reverse_lazy("professionals:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "fachkraefte/passwort-neu/fertig/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="professionals/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("merkliste/", views.merkliste, name="merkliste"),
    path("merkliste/handout.pdf", views.merkliste_pdf, name="merkliste_pdf"),
]

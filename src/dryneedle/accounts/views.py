"""Staff account pages: sign-in and sign-out, the two-factor steps, account security, password
change and reset."""

import base64
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dryneedle.accounts import mfa
from dryneedle.accounts.forms import CodeForm, SetupCodeForm, SignInForm
from dryneedle.accounts.middleware import reachable_before_two_factor
from dryneedle.accounts.policy import authenticator_of, two_factor_required
from dryneedle.clinics import audit
from dryneedle.clinics.access import public, signed_in
from dryneedle.clinics.http import SignedInRequest
from dryneedle.clinics.models import User

login = public(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=SignInForm,
        redirect_authenticated_user=True,
    )
)
logout = reachable_before_two_factor(signed_in(require_POST(auth_views.LogoutView.as_view())))


NEW_CODES_SESSION_KEY = "dryneedle_new_recovery_codes"


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return ""


@reachable_before_two_factor
@signed_in
def verify(request: SignedInRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    if request.user.is_verified():
        return redirect(_next_url(request) or "home")
    if authenticator_of(request.user) is None:
        return redirect("accounts:mfa_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = mfa.check_code(request.user, form.cleaned_data["code"])
        if result.device is not None:
            mfa.otp_login(request, result.device)
            detail = "two-factor: recovery code" if result.used_recovery_code else "two-factor"
            audit.record(request, audit.Action.LOGIN, detail=detail)
            if result.used_recovery_code:
                left = mfa.remaining_recovery_codes(request.user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code; %(left)d left. Make new ones on your "
                        "account page if you are running low.",
                        "You used a recovery code; %(left)d left. Make new ones on your "
                        "account page if you are running low.",
                        left,
                    )
                    % {"left": left},
                )
            return redirect(_next_url(request) or "home")
        audit.record(request, audit.Action.LOGIN_FAILED, detail="two-factor code refused")
        if result.wait_seconds:
            form.add_error(
                "code",
                ngettext(
                    "Too many wrong codes. Wait %(seconds)d seconds, then try again.",
                    "Too many wrong codes. Wait %(seconds)d seconds, then try again.",
                    result.wait_seconds,
                )
                % {"seconds": result.wait_seconds},
            )
        else:
            form.add_error(
                "code",
                _(
                    "That code is not right. Check that your phone's clock is correct and use "
                    "the newest code, or enter a recovery code."
                ),
            )
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@reachable_before_two_factor
@signed_in
def setup(request: SignedInRequest) -> HttpResponse:
    """Set up (or replace) the authenticator app. Replacing needs a confirmed sign-in."""
    if authenticator_of(request.user) is not None and not request.user.is_verified():
        return redirect("accounts:mfa_verify")
    device = mfa.pending_authenticator(request.user)
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa.confirm_authenticator(request, device, form.cleaned_data["code"])
        if codes is not None:
            audit.record(request, audit.Action.UPDATE, detail="two-factor set up")
            request.session[NEW_CODES_SESSION_KEY] = codes
            query = urlencode({"next": _next_url(request)})
            return redirect(f"{reverse('accounts:recovery_codes')}?{query}")
        form.add_error(
            "code",
            _(
                "That code does not match. Scan the QR code again (or type the key), check "
                "your phone's clock, and enter the newest code."
            ),
        )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/setup.html",
        {
            "form": form,
            "qr": segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1c2b33"),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "required": two_factor_required(request.user, request.user_memberships),
            "next": _next_url(request),
        },
    )


@signed_in
def recovery_codes(request: SignedInRequest) -> HttpResponse:
    """New recovery codes: made on POST, shown once."""
    if request.method == "POST":
        if authenticator_of(request.user) is None:
            return redirect("accounts:mfa_setup")
        request.session[NEW_CODES_SESSION_KEY] = mfa.new_recovery_codes(request.user)
        audit.record(request, audit.Action.UPDATE, detail="two-factor recovery codes replaced")
        return redirect("accounts:recovery_codes")
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:security")
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
    )


@signed_in
def security(request: SignedInRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/security.html",
        {
            "authenticator": authenticator_of(user),
            "recovery_left": mfa.remaining_recovery_codes(user),
            "required": two_factor_required(user, request.user_memberships),
            "idle_minutes": settings.SESSION_IDLE_MINUTES,
        },
    )


@require_POST
@signed_in
def remove_second_factor(request: SignedInRequest) -> HttpResponse:
    if two_factor_required(request.user, request.user_memberships):
        messages.error(
            request, _("Your clinic requires two-factor sign-in for your role; it stays on.")
        )
        return redirect("accounts:security")
    mfa.remove_second_factor(request.user)
    audit.record(request, audit.Action.UPDATE, detail="two-factor removed")
    messages.success(request, _("Two-factor sign-in is off for your account."))
    return redirect("accounts:security")


class AuditedPasswordChange(auth_views.PasswordChangeView):
    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        audit.record(self.request, audit.Action.UPDATE, detail="password changed")
        return response


class AuditedPasswordReset(auth_views.PasswordResetView):
    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        audit.record(
            self.request,
            audit.Action.UPDATE,
            user=User.objects.filter(email__iexact=form.cleaned_data["email"]).first(),
            detail="password reset requested",
        )
        return super().form_valid(form)


class AuditedPasswordResetConfirm(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        audit.record(self.request, audit.Action.UPDATE, user=form.user, detail="password reset")
        return response


password_change = signed_in(
    AuditedPasswordChange.as_view(
        template_name="accounts/password_change.html",
        success_url=reverse_lazy("accounts:password_change_done"),
    )
)
password_change_done = signed_in(
    auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html")
)
password_reset = public(
    AuditedPasswordReset.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_sent"),
        extra_email_context={"valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60},
    )
)
password_reset_sent = public(
    auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset_sent.html",
        extra_context={"valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60},
    )
)
password_reset_confirm = public(
    AuditedPasswordResetConfirm.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete"),
    )
)
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)

from axes.utils import reset as axes_reset
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.lockout import client_ip


@receiver(user_logged_in, dispatch_uid="accounts_forget_phone_login_failures")
def forget_phone_login_failures(sender, request, user, **kwargs):
    """A successful login clears the failures counted under the user's phone number from this address.

    axes clears those under user.get_username() (the email) itself; phone logins are counted under
    the number (see accounts.lockout.login_identifier).
    """
    ip = client_ip(request) if request is not None else None
    if ip and user.phone:
        axes_reset(ip=ip, username=str(user.phone))

"""Error pages that need the request: Django's own CSRF failure view renders without it, so the site's
layout (header, language, the signed-in user's menu) would be missing."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A form sent with a missing or stale CSRF token, usually a page left open too long."""
    return render(request, "403_csrf.html", status=403)

"""Settings of the server the fuzzer talks to: production's (DEBUG off, so errors answer as they would
in production) with a fixed key, plain static files and a fast password hasher for the demo logins."""

import os

os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", "fuzz-only-key-for-a-throwaway-server-on-loopback")
# Emails (login codes, password resets) to the console, as in development: there is no mail server.
os.environ.setdefault("EMAIL_URL", "consolemail://")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Plain HTTP on loopback: in production a TLS proxy sits in front.
SECURE_SSL_REDIRECT = False

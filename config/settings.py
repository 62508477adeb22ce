"""Pasar Daring settings, read from the environment (12-factor).

The defaults are the embedded setup: an SQLite file and Celery tasks run in-process.
`DATABASE_URL` switches to PostgreSQL and `CELERY_BROKER_URL` to a real Redis broker.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -------------------------------------------------------------------

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Production must set its own key; the development key only works with DEBUG on.
SECRET_KEY = (
    env("DJANGO_SECRET_KEY")
    if not DEBUG
    else env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-pasar-daring-do-not-use-in-production")
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "config.apps.AdminConfig",  # Django's admin under our name (config.admin.PasarAdminSite)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # pg_trgm search on PostgreSQL (vendors.selectors)
    # third party
    "allauth",
    "allauth.account",
    "allauth.headless",
    "config.apps.AxesConfig",  # axes with a translated admin heading
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "phonenumber_field",
    "simple_history",
    "health_check",
    # ours, in dependency order
    "core",
    "accounts",
    "notifications",
    "market",
    "vendors",
    "orders",
    "couriers",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # before any parser reads the body (CSRF's check reads a form's), after the language and user are known
    "core.middleware.RequestBodyLimitMiddleware",
    "core.middleware.NulCharacterMiddleware",
    "core.middleware.JsonDepthMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.CodeRateLimitMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.pages.DomainErrorMiddleware",
    # axes must come last: it turns a lockout signal into a response
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Django's form renderer with the plain <input> widgets written in Python (core/form_renderer.py).
FORM_RENDERER = "core.form_renderer.FormRenderer"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.header",
            ],
            "builtins": ["accounts.templatetags.pasar"],
        },
    }
]

# --- Database ---------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL plans each query anew, and planning the pages' queries cost as much as running them: with
# server-side binding psycopg prepares a query its connection has run twice, and its plan is kept. Turn
# it off (DATABASE_PREPARE=false) behind a pooler in transaction mode, where prepared statements break.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_PREPARE", default=True
):
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (allauth rate limits and axes live here) ---------------------------

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://pasar-daring")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "core.cache.ReusedClientRedisCache"  # one client per pool, not per call

# --- Accounts and authentication --------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # axes first: it refuses locked-out logins before any password is checked
    "axes.backends.AxesStandaloneBackend",
    # allauth's, plus password login by a not-yet-verified phone number (to finish verifying it)
    "accounts.auth_backends.AuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:landing"
LOGOUT_REDIRECT_URL = "market:home"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
HEADLESS_ADAPTER = "accounts.adapter.HeadlessAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"phone", "email"}
# "email*" satisfies allauth's check that a login method is required; accounts.forms.SignupDetailsForm
# (the base of allauth's signup form and headless input) then accepts a phone number, an email or both.
ACCOUNT_SIGNUP_FIELDS = ["phone", "email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
ACCOUNT_FORMS = {
    "login": "accounts.allauth_forms.LoginForm",
    "request_login_code": "accounts.allauth_forms.RequestLoginCodeForm",
}
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# WhatsApp codes (phone verification and sign-in by phone) as 6 digits, easy to type on any phone.
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_RATE_LIMITS = {
    # Failed password logins, two tiers: axes locks an account from one address after AXES_FAILURE_LIMIT
    # failures for AXES_COOLOFF_TIME; this budget counts an account's failures from every address
    # together (accounts.adapter keys it by the normalised phone or email), so a guesser spread over
    # many addresses is bounded too. It only stops password logins: code login stays open to the owner.
    "login_failed": env("ACCOUNT_LOGIN_FAILED_LIMIT", default="30/1d/key"),
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    # Whole towns share a carrier's address: keep the per-IP flood limit loose (axes guards each account).
    "login": "120/m/ip",
}
# Paid WhatsApp codes anyone can make us send (accounts.budgets): login codes per number, codes to
# numbers nobody has verified yet (signup, a new number) per number and in total. Notifications about
# orders and reviews go through the outbox and are never held by these.
WHATSAPP_CODE_LIMITS = {
    "login_per_number_per_day": env.int("WHATSAPP_LOGIN_CODES_PER_NUMBER_PER_DAY", default=10),
    "unverified_per_number_per_hour": env.int("WHATSAPP_UNVERIFIED_CODES_PER_NUMBER_PER_HOUR", default=3),
    "unverified_per_number_per_day": env.int("WHATSAPP_UNVERIFIED_CODES_PER_NUMBER_PER_DAY", default=6),
    "unverified_total_per_hour": env.int("WHATSAPP_UNVERIFIED_CODES_PER_HOUR", default=300),
}
HEADLESS_CLIENTS = ("app", "browser")
HEADLESS_SERVE_SPECIFICATION = True
HEADLESS_ONLY = False
# How long after signing in with a code a session may set a new password without the old one.
SET_PASSWORD_AFTER_CODE_LOGIN_SECONDS = 15 * 60
# Proxies in front of the app that append to X-Forwarded-For (allauth's rate limits and axes read it).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.lockout.login_identifier"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_HANDLER = env("AXES_HANDLER", default="axes.handlers.database.AxesDatabaseHandler")

PHONENUMBER_DEFAULT_REGION = "ID"
PHONENUMBER_DB_FORMAT = "E164"

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

# --- Static and media -------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
# Whole request bodies, files included (core.middleware): a 5 MB photo and the form around it. The
# proxy in front should refuse the same (nginx: client_max_body_size 6m).
REQUEST_BODY_MAX_BYTES = 6 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "core.middleware.BodyLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Deepest JSON nesting accepted (core.middleware): our API needs 3, allauth's 2.
JSON_MAX_DEPTH = 32
# Seconds a service waits for a row another request holds before answering "busy" (core.locking).
LOCK_TIMEOUT = 3

# --- Orders -----------------------------------------------------------------
# Cash on delivery needs trust: a shopper with no delivered order may hold this many open orders, worth
# this much together.
ORDERS_COD_NEW_SHOPPER_OPEN_ORDERS = env.int("ORDERS_COD_NEW_SHOPPER_OPEN_ORDERS", default=2)
ORDERS_COD_NEW_SHOPPER_TOTAL = env.int("ORDERS_COD_NEW_SHOPPER_TOTAL", default=500_000)
# Orders no stall accepted this long after the market was open for them are cancelled.
ORDERS_ACCEPT_WITHIN_MINUTES = env.int("ORDERS_ACCEPT_WITHIN_MINUTES", default=30)
# How far from its market a pin may be.
ORDERS_MAX_DELIVERY_KM = env.int("ORDERS_MAX_DELIVERY_KM", default=15)
# A market's delivery windows (market.DeliveryWindow) are offered when they start this far ahead.
ORDERS_WINDOW_LEAD_MINUTES = 60

# --- Couriers ---------------------------------------------------------------
# Deliveries a courier may hold at once (taken and not yet finished).
COURIER_MAX_ACTIVE_DELIVERIES = env.int("COURIER_MAX_ACTIVE_DELIVERIES", default=1)
# A job nobody has taken after this long alerts the region's staff and the stalls' coordinators, once.
COURIER_UNASSIGNED_ALERT_MINUTES = env.int("COURIER_UNASSIGNED_ALERT_MINUTES", default=15)
# At most one new-job WhatsApp per courier this often; the rest show only on the job board.
COURIER_JOB_WHATSAPP_EVERY_MINUTES = env.int("COURIER_JOB_WHATSAPP_EVERY_MINUTES", default=5)
# A shared location is kept this long, then cleared.
COURIER_LOCATION_KEEP_HOURS = env.int("COURIER_LOCATION_KEEP_HOURS", default=12)
# Wrong handover codes before the delivery locks and staff are told.
COURIER_CODE_TRIES = 5

# --- Email ------------------------------------------------------------------

# Django 6.1 replaces EMAIL_BACKEND/EMAIL_HOST/... with MAILERS. EMAIL_URL uses django-environ's syntax,
# e.g. smtp+tls://user:password@smtp.example.org:587 or consolemail:// (the development default).
_email = env.email_url_config(
    env("EMAIL_URL", default="") or ("consolemail://" if DEBUG else "smtp://localhost:25")
)
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"]}}
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {
        "host": _email["EMAIL_HOST"],
        "port": _email["EMAIL_PORT"],
        "username": _email["EMAIL_HOST_USER"],
        "password": _email["EMAIL_HOST_PASSWORD"],
        "use_tls": _email.get("EMAIL_USE_TLS", False),
        "use_ssl": _email.get("EMAIL_USE_SSL", False),
        # a stuck SMTP server must not hold a Celery worker until the task time limit
        "timeout": env.int("EMAIL_TIMEOUT_SECONDS", default=10),
    }
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Pasar Daring <noreply@pasar-daring.test>")

# --- Notifications ----------------------------------------------------------

# "console" prints WhatsApp messages to the log; "cloud" calls the WhatsApp Business Cloud API.
WHATSAPP_TRANSPORT = env("WHATSAPP_TRANSPORT", default="console")
WHATSAPP_API_URL = env("WHATSAPP_API_URL", default="https://graph.facebook.com/v21.0")
WHATSAPP_PHONE_NUMBER_ID = env("WHATSAPP_PHONE_NUMBER_ID", default="")
WHATSAPP_ACCESS_TOKEN = env("WHATSAPP_ACCESS_TOKEN", default="")
WHATSAPP_TIMEOUT_SECONDS = env.float("WHATSAPP_TIMEOUT_SECONDS", default=10.0)
# The webhook (/webhooks/whatsapp/): the token Meta's verification handshake must echo, and the app secret
# that signs every POST (X-Hub-Signature-256). Without a secret every POST is refused.
WHATSAPP_VERIFY_TOKEN = env("WHATSAPP_VERIFY_TOKEN", default="")
WHATSAPP_APP_SECRET = env("WHATSAPP_APP_SECRET", default="")

# --- Celery -----------------------------------------------------------------

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
# With no broker configured (the embedded default) tasks run in-process.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
# A task is acknowledged when it finished, and given back to the queue when its worker child is killed
# or hits the hard time limit (acks_late alone does not redeliver those).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A task running when the broker connection drops finishes its sends (recording their outcome); its
# message comes back later and finds nothing left to do. (Celery 6 will default to cancelling it.)
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Publishing happens in web requests, after the commit: a dead or hung Redis may cost a request about a
# second, however many rows it wrote (one message per transaction; Celery issues 4556, 4296). Measured
# here: refused about 0.01 s, accepting but never answering about 1 s.
CELERY_BROKER_CONNECTION_TIMEOUT = 0.5
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
    "socket_timeout": 0.5,
    "socket_connect_timeout": 0.5,
    # Redis gives an unacknowledged task to another worker after this long: far above the hard time
    # limit, so a slow task never runs twice. No task waits on a countdown (retries are rows due again).
    "visibility_timeout": 60 * 60,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}

# --- API --------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api_auth.SessionTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Closed unless a view opens itself (the public catalogue says AllowAny).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "core.parsers.FormParser",
        "core.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "core.api.StableOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "core.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Pasar Daring API",
    "DESCRIPTION": (
        "Traditional markets online: catalogue, orders, traders, couriers.\n\n"
        "**Sign in.** Browsers use the site's session. Apps log in with "
        '`POST /_allauth/app/v1/auth/login` `{"phone": "+62…"}` or `{"email": …}` plus `"password"`, '
        "then send `meta.session_token` as the `X-Session-Token` header.\n\n"
        "**Errors.** Validation: 400 with a list of messages per field. Otherwise "
        '`{"detail", "code"}`: 401 not signed in, 403 wrong role, 404 unknown or outside your scope, '
        "409 changed in the meantime."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # A stall's status and its application's status are different choice sets, both called "status".
    "ENUM_NAME_OVERRIDES": {
        "ProfileStatusEnum": "market.models.ProfileStatus",
        "ApplicationStatusEnum": "market.models.ApplicationStatus",
        "OrderStatusEnum": "orders.models.OrderStatus",
        "TraderOrderStatusEnum": "orders.models.TraderOrderStatus",
        "DeliveryStatusEnum": "couriers.models.DeliveryStatus",
    },
}

# --- Security ---------------------------------------------------------------

# The policy applies in development too, so a browser test sees every violation.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Logging ----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        # A record its module has printed itself (the console WhatsApp transport prints login codes at any
        # log level) is not printed a second time.
        "not_printed": {
            "()": "django.utils.log.CallbackFilter",
            "callback": lambda record: not getattr(record, "printed", False),
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["not_printed"]}
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

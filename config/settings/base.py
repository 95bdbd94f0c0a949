"""Settings shared by every environment. Everything that differs between machines comes from
environment variables (documented in README.md, "Configuration"); the defaults are the
embedded quick start: SQLite, the database search fallback and the offline geocoder."""

import datetime
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from config.env import env_bool, env_email, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# The theme (base templates, static assets, translations) lives in the top-level site/ folder;
# it is not a Python package because the standard library's `site` module would shadow it.
THEME_DIR = BASE_DIR / "site"

SECRET_KEY = env_str("SECRET_KEY", "insecure-only-for-local-development-do-not-deploy")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "home",
    "news",
    "events",
    "offers_directory",
    "search",
    "finder",
    "professionals",
    "booklets",
    "security",
    "imports",
    "insights",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "security.headers.ContentSecurityPolicyMiddleware",
    "security.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session and CSRF middleware, so it sees the cookies they set.
    "security.headers.CachePolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is chosen (the 400 page speaks it), before any view.
    "params.middleware.InvalidInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "security.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The theme's templates come first so the site can override the apps' own templates.
        "DIRS": [THEME_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes refuses logins while an account or an address is locked out.
    "security.logins.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The UI speaks German; the other languages are the finder's (translations grow with it).
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
    ("uk", "Українська"),
]
LOCALE_PATHS = [THEME_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [THEME_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "static_collected")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "elastic_transport": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # Both log every task and page action at INFO; that drowns the commands' own output.
        "django_tasks": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "wagtail": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # django-axes announces itself at INFO on every start; lockouts are WARNING.
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Background tasks (Wagtail's own and the project's: geocoding, event venues). The immediate
# backend needs no worker and suits the quick start, but it runs each task in the request that
# committed and cannot defer a retry. Production sets TASKS_BACKEND=database: tasks wait in a
# table, `manage.py db_worker` runs them, and transient geocoder failures retry with back-off.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

# The cache holds only the generation tokens of the per-process copies (home/process_copy.py:
# facet labels, the menu, the footer settings). Django's default memory cache is per process,
# so an edit reaches the other gunicorn workers only after SEARCH["LABELS_SECONDS"]; CACHE_DIR
# shares the tokens between all workers of one machine through files.
CACHE_DIR = env_str("CACHE_DIR")
if CACHE_DIR:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR,
        }
    }

# Wagtail
WAGTAIL_SITE_NAME = "Netzwerk Frühe Hilfen"
# Professionals log in on the site itself (professionals/urls.py), not in the admin.
LOGIN_URL = "professionals:login"
LOGIN_REDIRECT_URL = "professionals:directory"
LOGOUT_REDIRECT_URL = "professionals:directory"
# The site's public address: `manage.py setup_site` writes it into Wagtail's Site record, which
# every absolute URL comes from (sitemap, og:url, feeds, iCal, the handout's QR codes).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", SITE_URL)
WAGTAIL_I18N_ENABLED = False
# ASCII slugs: shared links with "ü" or "ß" get mangled by mail clients and messengers.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The same for topic (tag) slugs, which appear in the news listing's filter links.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the admin must not call out to the internet
# Nor fetch editors' pictures from Gravatar (which learns who opens the admin): Wagtail's
# default avatar or an uploaded one instead. The admin's CSP would refuse them anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Regions (slugs, or "*" for all) whose coordinators submit pages for approval by the network
# editors ("Freigabe durch die Netzwerk-Redaktion") instead of publishing them; setup_site and
# create_region apply it (home/workflows.py). Empty: coordinators publish in their region.
MODERATED_REGIONS = env_list("MODERATED_REGIONS", [])

# --- Search -------------------------------------------------------------------------------
# ELASTICSEARCH_URL unset: the database fallback answers every search. Several comma-separated
# URLs address a cluster.
ELASTICSEARCH_URLS = env_list("ELASTICSEARCH_URL", [])
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "nfh_")

SEARCH = {
    "ELASTICSEARCH_URLS": ELASTICSEARCH_URLS,
    "INDEX_PREFIX": ELASTICSEARCH_INDEX_PREFIX,
    "TIMEOUT": env_int("ELASTICSEARCH_TIMEOUT", 5),
    "MAX_RETRIES": env_int("ELASTICSEARCH_MAX_RETRIES", 2),
    # Search words and a place: relevance × this decay on the distance (search/offers/ranking.py).
    "DISTANCE_DECAY": {"function": "gauss", "scale_km": 25.0, "offset_km": 2.0, "decay": 0.5},
    # Words coordinators said an offer answers, indexed with it (insights/hints.py).
    "OFFER_HINTS": "insights.hints.hint_words",
}

# --- Unmet searches and coverage (insights/) -----------------------------------------------
INSIGHTS = {
    # Days the zero-result counters are kept (`manage.py purge_search_log` deletes older ones).
    "RETENTION_DAYS": 90,
    # Words searched fewer times are not listed (a one-off search may carry a name); they
    # still count per postcode area.
    "MIN_SEARCHES_SHOWN": 2,
    # A municipality is reached by an offer location this close to its centre.
    "REACH_KM": 15.0,
}

if ELASTICSEARCH_URLS:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            # Wagtail's ES 8 backend, core analysis only (search/site_search/wagtail_backend.py).
            "BACKEND": "search.site_search.wagtail_backend",
            "URLS": ELASTICSEARCH_URLS,
            "INDEX_PREFIX": f"{ELASTICSEARCH_INDEX_PREFIX}pages_",
            "TIMEOUT": SEARCH["TIMEOUT"],
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        },
        # Kept up to date alongside: the page search (/suche/) answers from it while
        # Elasticsearch does not (search/site_search/views.py).
        "database": {"BACKEND": "search.site_search.database_backend"},
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.site_search.database_backend"}}

# --- Offer directory (settings namespace of the offers_directory app) ---------------------
OFFERS_DIRECTORY = {
    # offline | nominatim | photon
    "GEOCODER": env_str("GEOCODER", "offline"),
    "GEOCODER_URL": env_str("GEOCODER_URL", ""),
    "GEOCODER_USER_AGENT": env_str(
        "GEOCODER_USER_AGENT", "netzwerk-fruehe-hilfen (set GEOCODER_USER_AGENT to a contact)"
    ),
    "GEOCODER_MIN_DELAY_SECONDS": 1.0,
    # Map tiles for the offer pages and the finder; another host than the site's own is
    # only contacted after the visitor's consent ("Karte anzeigen").
    "TILE_URL": env_str("MAP_TILE_URL", ""),
    "TILE_ATTRIBUTION": env_str("MAP_TILE_ATTRIBUTION", ""),
}

# --- Mail ---------------------------------------------------------------------------------
# EMAIL_URL or EMAIL_HOST… (config/env.py); production refuses to start without them.
globals().update(env_email(required=False))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Logins (security/) ---------------------------------------------------------------------
# django-axes: after LOGIN_FAILURE_LIMIT failed attempts on one account, or from one address,
# logins for it are refused for LOGIN_COOLOFF_MINUTES, even with the right password. Both the
# admin's and the professionals' login authenticate through Django, so both are covered.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# The cool-off runs from the lockout, so the page can say when to try again.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Failed attempts (name, address, browser) are kept only until their cool-off ends; successful
# logins are not logged at all.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_LOCKOUT_CALLABLE = "security.logins.lockout_response"
AXES_CLIENT_IP_CALLABLE = "security.logins.client_ip"
# Behind reverse proxies, the number of them that append to X-Forwarded-For; 0 trusts only
# the connection's own address (REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Two-factor authentication (django-otp, TOTP): required for superusers, available to every
# editor (Admin → account menu → "Zwei-Faktor-Anmeldung"); security/two_factor.py.
TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# The admin's "forgot password" form sends its mail from a background task, like the
# professionals' form (security/passwords.py).
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "security.passwords.AdminPasswordResetForm"

# --- Response headers (security/headers.py) -------------------------------------------------


# Public pages: scripts only from the site itself or inline with the request's nonce; no
# inline styles; nothing from other hosts but the map tiles (MAP_TILE_URL's host is added to
# img-src by the middleware; the finder loads them only after the visitor agreed).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        # Wagtail's preview frames the site's own pages (X-Frame-Options: SAMEORIGIN too).
        "frame-ancestors": [SELF],
    }
}
# The Wagtail admin writes inline scripts and style attributes of its own, so its policy
# allows them; it still loads nothing from other hosts.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "base-uri": [SELF],
    }
}
# Browser features: only the finder's "Meinen Standort verwenden" asks for one.
PERMISSIONS_POLICY = {
    "geolocation": ["self"],
    "fullscreen": ["self"],
    **{
        feature: []
        for feature in (
            "accelerometer",
            "autoplay",
            "camera",
            "display-capture",
            "encrypted-media",
            "gyroscope",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "picture-in-picture",
            "publickey-credentials-get",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
            "browsing-topics",
        )
    },
}
# Cache-Control for responses to visitors who are not logged in (GET, 200, no cookie set):
# path prefix → max-age in seconds, first match wins. Logged-in users always get
# "private, no-store".
PUBLIC_CACHE_MAX_AGE = [
    ("/api/", 60),
    ("/feeds/", 900),
    ("/sitemap.xml", 900),
    ("/", 120),
]

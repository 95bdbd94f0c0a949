"""Settings of every Django process the benchmark runs (the harness itself and the web
servers): production's, plus what a measurement on 127.0.0.1 needs — static files named
without a collectstatic manifest, the URL configuration chosen by BENCHMARK_URLCONF (the
floor server's own, benchmarks.floor; the site's by default), and the demo app, whose page
tree of the five networks the offers are loaded into."""

import os

from config.settings.production import *  # noqa: F403

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
ROOT_URLCONF = os.environ.get("BENCHMARK_URLCONF", ROOT_URLCONF)  # noqa: F405

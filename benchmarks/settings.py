"""Settings of every Django process the benchmark runs (the harness itself and the web
servers): production's, plus what a measurement on 127.0.0.1 needs — static files named
without a collectstatic manifest, and the URL configuration chosen by BENCHMARK_URLCONF (the
floor server's own, benchmarks.floor; the site's by default)."""

import os

from config.settings.production import *  # noqa: F403

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
ROOT_URLCONF = os.environ.get("BENCHMARK_URLCONF", ROOT_URLCONF)  # noqa: F405

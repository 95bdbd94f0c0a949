"""`python manage.py elasticsearch fetch|start|stop|status`: the local development server.

A thin wrapper over tests/services/elasticsearch.py, the server the test suite and the benchmarks
start (it also runs without Django as `python -m tests.services.elasticsearch`); see there for
how the server is provisioned. Installed for development only (devtools is not a production
app)."""

from django.core.management.base import BaseCommand, CommandError

from tests.services import elasticsearch as service


class Command(BaseCommand):
    help = (
        "Download (fetch) or run (start, in the foreground until Ctrl-C) a throwaway local "
        "Elasticsearch, or ask a running one for its status / stop it. Point the site at it "
        "with the ELASTICSEARCH_URL that `start` prints."
    )
    # The server has nothing to do with the project's models; skip the system checks so the
    # command also works while the project is half set up.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["fetch", "start", "stop", "status"])
        parser.add_argument(
            "--port", type=int, default=None, help="HTTP port for start (default: a free one)"
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=service.DEFAULT_START_TIMEOUT,
            help="seconds start waits for the server to become ready",
        )

    def handle(self, *args, action, port, timeout, **options):
        try:
            if action == "fetch":
                code = service.cmd_fetch(stdout=self.stdout)
            elif action == "start":
                # Progress goes to stderr so stdout carries only ELASTICSEARCH_URL=...;
                # Django would paint all of it in the error colour.
                self.stderr.style_func = None
                code = service.cmd_start(
                    port=port, timeout=timeout, stdout=self.stdout, stderr=self.stderr
                )
            elif action == "status":
                code = service.cmd_status(stdout=self.stdout)
            else:
                code = service.cmd_stop(stdout=self.stdout)
        except service.ElasticsearchServiceError as exc:
            raise CommandError(str(exc)) from exc
        if code:
            # The reason is already printed; status uses the exit code as its answer.
            raise SystemExit(code)

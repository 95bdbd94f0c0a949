"""`python manage.py elasticsearch fetch|start|stop|status`: the local development server.

A thin wrapper over search.devserver (which also runs without Django as
`python -m search.devserver`); see there for how the server is provisioned."""

from django.core.management.base import BaseCommand, CommandError

from search import devserver


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
            default=devserver.DEFAULT_START_TIMEOUT,
            help="seconds start waits for the server to become ready",
        )

    def handle(self, *args, action, port, timeout, **options):
        try:
            if action == "fetch":
                code = devserver.cmd_fetch(stdout=self.stdout)
            elif action == "start":
                # Progress goes to stderr so stdout carries only ELASTICSEARCH_URL=...;
                # Django would paint all of it in the error colour.
                self.stderr.style_func = None
                code = devserver.cmd_start(
                    port=port, timeout=timeout, stdout=self.stdout, stderr=self.stderr
                )
            elif action == "status":
                code = devserver.cmd_status(stdout=self.stdout)
            else:
                code = devserver.cmd_stop(stdout=self.stdout)
        except devserver.ElasticsearchServiceError as exc:
            raise CommandError(str(exc)) from exc
        if code:
            # The reason is already printed; status uses the exit code as its answer.
            raise SystemExit(code)

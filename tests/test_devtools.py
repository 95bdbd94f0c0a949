"""Developer tools stay out of production: the Elasticsearch development server lives beside the
test services, and `manage.py elasticsearch` comes from an app only dev and test install."""

from django.conf import settings
from django.core.management import call_command

import pytest

from tests.test_configuration import PRODUCTION_ENV, _manage, _settings_in_a_process


def test_dev_and_test_settings_install_devtools_production_does_not():
    assert "devtools" in settings.INSTALLED_APPS
    for module, expected in (
        ("config.settings.dev", "True"),
        ("config.settings.production", "False"),
    ):
        result = _settings_in_a_process(
            "'devtools' in settings.INSTALLED_APPS",
            {**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": module},
        )
        assert result.stdout.strip() == expected, (module, result.stderr)
    # Production does not know the command at all.
    assert _manage("elasticsearch", "status", env=PRODUCTION_ENV).returncode != 0


def test_elasticsearch_command_reports_a_stopped_server(capsys, tmp_path, monkeypatch):
    from tests.services import elasticsearch as service

    monkeypatch.setattr(service, "STATE_FILE", tmp_path / "elasticsearch.json")
    with pytest.raises(SystemExit) as exited:
        call_command("elasticsearch", "status")
    assert exited.value.code == 3  # LSB's "not running"
    assert "is not running" in capsys.readouterr().out

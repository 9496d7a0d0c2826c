import pytest

from bot.config import load_settings
from bot.errors import ConfigError


def test_defaults():
    settings = load_settings({}, env_file=None)
    assert settings.db_path == "./worksonarm.db"
    assert settings.poll_minutes == 15 and settings.port == 3000 and not settings.dry_run
    assert settings.slack_api_url == "https://slack.com/api/"


def test_every_problem_is_reported_at_once():
    with pytest.raises(ConfigError) as err:
        load_settings(
            {
                "WORKSONARM_POLL_MINUTES": "0",
                "PORT": "http",
                "SLACK_APP_TOKEN": "xoxb-wrong",
                "SLACK_API_URL": "ftp://x",
            },
            env_file=None,
        )
    message = str(err.value)
    for var in ("WORKSONARM_POLL_MINUTES", "PORT", "SLACK_APP_TOKEN", "SLACK_API_URL"):
        assert var in message


def test_editors_and_dry_run():
    settings = load_settings({"WORKSONARM_EDITORS": " U1, U2 ,,", "WORKSONARM_DRY_RUN": "1"}, env_file=None)
    assert settings.editors == ("U1", "U2")
    assert settings.dry_run


def test_secrets_never_show_in_repr():
    settings = load_settings(
        {"SLACK_BOT_TOKEN": "xoxb-very-secret", "TWITTER_API_SECRET": "tw-secret"}, env_file=None
    )
    assert "xoxb-very-secret" not in repr(settings) and "tw-secret" not in repr(settings)
    assert set(settings.secrets) == {"xoxb-very-secret", "tw-secret"}


def test_env_file_is_read_and_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("WORKSONARM_DB=/from/file.db\nWORKSONARM_POLL_MINUTES=30\n")
    settings = load_settings({"WORKSONARM_POLL_MINUTES": "5"}, env_file=env_file)
    assert settings.db_path == "/from/file.db" and settings.poll_minutes == 5

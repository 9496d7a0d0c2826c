import re

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
    x = {
        "TWITTER_API_KEY": "tw-key",
        "TWITTER_ACCESS_TOKEN": "tw-token",
        "TWITTER_ACCESS_TOKEN_SECRET": "tw-ts",
    }
    settings = load_settings(
        {"SLACK_BOT_TOKEN": "xoxb-very-secret", "TWITTER_API_SECRET": "tw-secret", **x}, env_file=None
    )
    assert "xoxb-very-secret" not in repr(settings) and "tw-secret" not in repr(settings)
    assert set(settings.secrets) == {"xoxb-very-secret", "tw-secret", *x.values()}


X_KEYS = ("TWITTER_API_KEY", "TWITTER_API_SECRET", "TWITTER_ACCESS_TOKEN", "TWITTER_ACCESS_TOKEN_SECRET")


@pytest.mark.parametrize("left_out", X_KEYS)
def test_x_with_three_of_its_four_keys_is_refused_naming_the_fourth(left_out):
    given = {key: f"value-of-{key.lower()}" for key in X_KEYS if key != left_out}
    with pytest.raises(ConfigError) as err:
        load_settings(given, env_file=None)
    assert f"but {left_out} is not" in str(err.value)
    assert not any(value in str(err.value) for value in given.values()), "no secret in the message"
    assert load_settings(dict.fromkeys(X_KEYS, "k"), env_file=None).destinations == ("x",)


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({"MASTODON_API_BASE_URL": "https://mastodon.social"}, "MASTODON_ACCESS_TOKEN"),
        ({"MASTODON_ACCESS_TOKEN": "token"}, "MASTODON_API_BASE_URL"),
        ({"BLUESKY_HANDLE": "worksonarm.bsky.social"}, "BLUESKY_APP_PASSWORD"),
        ({"TWITTER_API_KEY": "k"}, "TWITTER_API_SECRET, TWITTER_ACCESS_TOKEN, TWITTER_ACCESS_TOKEN_SECRET"),
    ],
)
def test_a_destination_half_configured_is_refused(given, missing):
    with pytest.raises(ConfigError) as err:
        load_settings(given, env_file=None)
    assert missing in str(err.value)


@pytest.mark.parametrize(
    ("variable", "value", "shown"),
    [
        ("WORKSONARM_EDITORS", "alice, bob", "'alice', 'bob'"),
        ("WORKSONARM_EDITORS", "U024BE7LH, @carol", "'@carol'"),
        ("WORKSONARM_EDITORS", "<@U024BE7LH>", "'<@U024BE7LH>'"),
        ("WORKSONARM_EDITORS", "u024be7lh", "'u024be7lh'"),
        ("WORKSONARM_EDITORS", "C024BE7LH", "'C024BE7LH'"),  # a channel where a person belongs
        ("WORKSONARM_ANNOUNCE_CHANNEL", "#general", "'#general'"),
        ("WORKSONARM_ANNOUNCE_CHANNEL", "general", "'general'"),
        ("WORKSONARM_ANNOUNCE_CHANNEL", "U024BE7LH", "'U024BE7LH'"),  # a person where a channel belongs
        ("WORKSONARM_ANNOUNCE_CHANNEL", "<#C024BE7LH|general>", "'<#C024BE7LH|general>'"),
    ],
)
def test_names_where_slack_ids_belong_are_refused_with_how_to_find_them(variable, value, shown):
    with pytest.raises(ConfigError) as err:
        load_settings({variable: value}, env_file=None)
    message = str(err.value)
    assert variable in message and shown in message and "\n" not in message
    assert ("member ID" if variable == "WORKSONARM_EDITORS" else "About tab") in message


@pytest.mark.parametrize(
    "token", ["xapp-1-A0-123-abc", "xoxp-a-user-token", "8f14e45fceea167a5a36dedd4bea2543"]
)
def test_a_slack_token_in_the_wrong_variable_is_refused(token):
    with pytest.raises(ConfigError) as err:
        load_settings({"SLACK_BOT_TOKEN": token}, env_file=None)
    assert "SLACK_BOT_TOKEN must be the bot token starting with xoxb-" in str(err.value)
    assert token not in str(err.value)


def test_slack_ids_are_taken_as_they_are():
    settings = load_settings(
        {"WORKSONARM_EDITORS": "U024BE7LH, W012A3CDE", "WORKSONARM_ANNOUNCE_CHANNEL": "G0123ABCD"},
        env_file=None,
    )
    assert settings.editors == ("U024BE7LH", "W012A3CDE") and settings.announce_channel == "G0123ABCD"


@pytest.mark.parametrize(
    "env", [{"WORKSONARM_EDITORS": "alice, bob"}, {"WORKSONARM_ANNOUNCE_CHANNEL": "#general"}]
)
def test_serve_refuses_names_at_start_with_exit_2(tmp_path, env):
    """They used to start silently, and then nothing worked."""
    import subprocess
    import sys

    from tests.corpus import ROOT
    from tests.support import clean_env, free_port

    full = clean_env(
        WORKSONARM_DB=str(tmp_path / "bot.db"), SLACK_BOT_TOKEN="xoxb-x", SLACK_SIGNING_SECRET="s", **env
    )
    run = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(free_port())]
    done = subprocess.run(run, cwd=ROOT, env=full, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert next(iter(env)) in line and "ID" in line


def test_env_file_is_read_and_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("WORKSONARM_DB=/from/file.db\nWORKSONARM_POLL_MINUTES=30\n")
    settings = load_settings({"WORKSONARM_POLL_MINUTES": "5"}, env_file=env_file)
    assert settings.db_path == "/from/file.db" and settings.poll_minutes == 5


def test_the_weekly_note_and_its_time_zone():
    default = load_settings({}, env_file=None)
    assert (default.digest, default.timezone) == ("mon 09:00", "UTC")
    weekly = default.weekly_note
    assert weekly is not None and (weekly.weekday, weekly.at.hour, str(weekly.zone)) == (1, 9, "UTC")
    berlin = load_settings(
        {"WORKSONARM_DIGEST": "Friday 17:30", "WORKSONARM_TIMEZONE": "Europe/Berlin"}, env_file=None
    ).weekly_note
    assert berlin is not None and (berlin.weekday, berlin.at.minute, str(berlin.zone)) == (
        5,
        30,
        "Europe/Berlin",
    )
    assert load_settings({"WORKSONARM_DIGEST": " Off "}, env_file=None).weekly_note is None


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        (
            "WORKSONARM_DIGEST",
            "daily",
            "WORKSONARM_DIGEST takes a weekday and a time like `mon 09:00`, or `off`",
        ),
        ("WORKSONARM_DIGEST", "sun 7:75", "WORKSONARM_DIGEST has no such time of day: 7:75"),
        ("WORKSONARM_TIMEZONE", "CEST", "WORKSONARM_TIMEZONE is not an IANA time zone"),
        ("WORKSONARM_TIMEZONE", "Europe", "WORKSONARM_TIMEZONE is not an IANA time zone"),
        ("WORKSONARM_TIMEZONE", "../../etc/passwd", "WORKSONARM_TIMEZONE is not an IANA time zone"),
    ],
)
def test_bad_weekly_note_settings_are_named(variable, value, said):
    with pytest.raises(ConfigError, match=re.escape(said)) as err:
        load_settings({variable: value, "WORKSONARM_POLL_MINUTES": "0"}, env_file=None)
    assert "WORKSONARM_POLL_MINUTES" in str(err.value), "reported with every other problem, at once"

"""The X adapter on its own (bot/publishers/x.py), against the fake X API on 127.0.0.1: one tweet
per issue, each failure told apart as the outbox needs (retry later, refused, already out, maybe out)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.archive.issues import IssueSummary
from bot.publishers.contract import AlreadyPublished, Ambiguous, RetryLater
from bot.publishers.posts import tweet_text
from bot.publishers.x import XPublisher
from fakes.http import HANGUP
from fakes.x import FakeX
from tests.corpus import CORPUS, need_corpus

POST = IssueSummary(
    1, "2019-W31", 63, "Works on Arm News 63", "2019-08-02", "https://example.com/63", ["Graviton2"], []
)


@pytest.fixture
def x():
    fake = FakeX()
    yield fake
    fake.close()


def publisher(fake: FakeX) -> XPublisher:
    return XPublisher("key", "secret", "token", "token-secret", api_url=fake.url, pause=0)


def test_an_issue_is_one_signed_tweet_and_the_same_again_is_already_out(x):
    need_corpus(CORPUS / "x-api")  # the fake answers a duplicate with X's recorded 403
    tweet_id = publisher(x).publish(POST, "k")
    assert [t["text"] for t in x.tweets] == [tweet_text(POST)] and tweet_id == x.tweets[0]["id"]
    assert x.requests[0]["headers"]["Authorization"].startswith("OAuth ")  # routed, still signed
    with pytest.raises(AlreadyPublished, match="exists already"):
        publisher(x).publish(POST, "k")
    assert len(x.tweets) == 1


def test_a_server_error_is_retried_at_once_and_three_are_retry_later(x):
    x.script = [(503, {"title": "Service Unavailable"}, {})] * 2
    assert publisher(x).publish(POST, "k") == x.tweets[0]["id"]
    x.tweets.clear()
    x.script = [(500, {"title": "Internal Server Error"}, {})] * 3
    with pytest.raises(RetryLater, match="X is failing"):
        publisher(x).publish(POST, "k")
    assert x.tweets == [] and x.script == []  # three tries, no more


def test_a_rate_limit_says_when_to_try_again_and_nonsense_says_nothing(x):
    x.script = [x.rate_limited_until(900)]
    with pytest.raises(RetryLater) as limited:
        publisher(x).publish(POST, "k")
    now = dt.datetime.now(dt.UTC)
    assert limited.value.at is not None and 800 < (limited.value.at - now).total_seconds() <= 900
    x.script = [(429, {"title": "Too Many Requests"}, {"x-rate-limit-reset": "99999999999999"})]
    with pytest.raises(RetryLater) as nonsense:
        publisher(x).publish(POST, "k")
    assert nonsense.value.at is None  # a reset in the year 10000 is no time: back off instead


def test_an_answer_lost_after_the_tweet_is_made_is_ambiguous_never_retried(x):
    x.spoiled = [HANGUP]
    with pytest.raises(Ambiguous, match="may exist"):
        publisher(x).publish(POST, "k")
    assert len(x.tweets) == 1 and len(x.requests) == 1

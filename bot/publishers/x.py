"""Posting to X through tweepy, routed to TWITTER_API_URL with a timeout (tweepy has neither)."""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any

import requests
import tweepy

from bot.archive.issues import IssueSummary
from bot.publishers.contract import AlreadyPublished, Ambiguous, CannotCheck, PublishFailed, RetryLater
from bot.publishers.posts import tweet_text
from bot.publishers.wire import never_sent

log = logging.getLogger(__name__)
TWEEPY_HOST = "https://api.twitter.com"  # hard-coded inside tweepy.Client.request


class RoutedSession(requests.Session):
    """Sends tweepy's requests to another base URL (a proxy or a test fake), always with a timeout."""

    def __init__(self, base_url: str, timeout: tuple[float, float] = (5.0, 20.0)) -> None:
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        if isinstance(url, str) and url.startswith(TWEEPY_HOST):
            url = self.base_url + url[len(TWEEPY_HOST) :]
        return super().request(method, url, *args, **kwargs)


class XPublisher:
    """One tweet per issue. 5xx are retried at once (twice); a 429 waits for its reset time."""

    destination = "x"

    def __init__(
        self,
        api_key: str,
        api_secret: str,
        access_token: str,
        access_token_secret: str,
        api_url: str = TWEEPY_HOST,
        pause: float = 0.5,
    ) -> None:
        # wait_on_rate_limit=False: a 429 must not block the scheduler for 15 minutes.
        self.client = tweepy.Client(
            consumer_key=api_key,
            consumer_secret=api_secret,
            access_token=access_token,
            access_token_secret=access_token_secret,
            wait_on_rate_limit=False,
        )
        self.client.session = RoutedSession(api_url)
        self.pause = pause

    def render(self, post: IssueSummary) -> str:
        return tweet_text(post)

    def publish(self, post: IssueSummary, key: str) -> str:
        text = tweet_text(post)
        for attempt in range(3):
            try:
                response = self.client.create_tweet(text=text)
            except tweepy.TooManyRequests as exc:
                at = _reset_time(exc.reset_time)
                raise RetryLater("X rate limit (429)", at) from exc
            except tweepy.Forbidden as exc:
                messages = " ".join(exc.api_messages)
                if "duplicate" in messages.lower():
                    raise AlreadyPublished(f"X says the tweet exists already: {messages}") from exc
                raise PublishFailed(f"X refused the tweet (403): {messages or exc}") from exc
            except (tweepy.Unauthorized, tweepy.BadRequest) as exc:
                raise PublishFailed(f"X refused the tweet: {exc}") from exc
            except (tweepy.TwitterServerError, requests.RequestException) as exc:
                if isinstance(exc, requests.RequestException) and not never_sent(exc):
                    # a dropped connection, a read timeout, a 201 that is not JSON: maybe tweeted
                    raise Ambiguous(
                        f"X's answer was lost ({type(exc).__name__}); the tweet may exist"
                    ) from exc
                if attempt == 2:
                    raise RetryLater(f"X is failing: {type(exc).__name__}") from exc
                time.sleep(self.pause * (attempt + 1))
                continue
            tweet = response.data if isinstance(response.data, dict) else {}
            if not tweet.get("id"):
                raise Ambiguous("X answered without the tweet's id; the tweet may exist")
            return str(tweet["id"])
        raise RetryLater("X is failing")

    def find_existing(self, post: IssueSummary, key: str, since: dt.datetime) -> str | None:
        # Reading the timeline needs more API access than posting: the editors decide.
        raise CannotCheck("X cannot be asked whether the tweet exists")


def _reset_time(reset: object) -> dt.datetime | None:
    """X's x-rate-limit-reset as a time; nonsense (a year 10000 reset) becomes None: back off."""
    try:
        return dt.datetime.fromtimestamp(int(str(reset)), dt.UTC) if reset else None
    except (OverflowError, ValueError, OSError):
        return None

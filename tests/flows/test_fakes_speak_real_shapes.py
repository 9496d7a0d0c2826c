"""The Mastodon and Bluesky fakes answer in the shapes the libraries model: every key they serve is
one Mastodon.py's return types or atproto's lexicon models know, and atproto parses each answer
strictly. The record our publisher wrote is checked against the lexicon the same way."""

from __future__ import annotations

from typing import Any

import requests
from atproto_client import models
from atproto_client.models.utils import get_or_create
from mastodon import return_types

from bot.app import run_poll
from fakes import bluesky, mastodon
from fakes.feed import rss
from tests.support import W17, W18


def unknown_keys(data: dict[str, Any], known: type) -> set[str]:
    if hasattr(known, "model_fields"):  # a pydantic model of atproto: wire names are aliases
        names = {field.alias or name for name, field in known.model_fields.items()}
    else:  # a Mastodon.py return type: attributes are annotated
        names = {n for klass in known.__mro__ for n in getattr(klass, "__annotations__", {})}
    return set(data) - names


def test_the_mastodon_fake_serves_only_what_mastodon_py_models(everywhere):
    settings, feed, slack, x, instance, pds = everywhere
    feed.body = rss([W17])
    run_poll(settings)
    feed.body = rss([W18, W17])
    run_poll(settings)
    auth = {"Authorization": f"Bearer {mastodon.TOKEN}"}
    served = requests.get(f"{instance.url}/api/v2/instance", timeout=5).json()
    assert unknown_keys(served, return_types.InstanceV2) == set()
    assert unknown_keys(served["configuration"], return_types.InstanceConfigurationV2) == set()
    statuses = served["configuration"]["statuses"]
    assert unknown_keys(statuses, return_types.InstanceStatusConfiguration) == set()
    assert {"max_characters", "characters_reserved_per_url"} <= set(statuses)

    account = requests.get(f"{instance.url}/api/v1/accounts/verify_credentials", headers=auth, timeout=5)
    assert unknown_keys(account.json(), return_types.Account) == set()
    timeline = f"{instance.url}/api/v1/accounts/{mastodon.ACCOUNT_ID}/statuses"
    [status] = requests.get(timeline, headers=auth, timeout=5).json()
    assert unknown_keys(status, return_types.Status) == set()
    assert unknown_keys(status["account"], return_types.Account) == set()
    assert status["visibility"] == "public" and status["language"] == "en"


def test_the_bluesky_fake_answers_parse_strictly_as_atproto_models(everywhere):
    settings, feed, slack, x, instance, pds = everywhere
    feed.body = rss([W17])
    run_poll(settings)
    feed.body = rss([W18, W17])
    run_poll(settings)

    def call(method: str, name: str, answer: type, **kwargs: Any) -> Any:
        reply = requests.request(method, f"{pds.xrpc}/{name}", timeout=5, **kwargs)
        assert reply.status_code == 200, reply.text
        data = reply.json()
        assert unknown_keys(data, answer) == set(), name
        assert isinstance(get_or_create(data, answer, strict=True), answer)
        return data

    login = {"identifier": bluesky.HANDLE, "password": bluesky.PASSWORD}
    session = call(
        "POST", "com.atproto.server.createSession", models.ComAtprotoServerCreateSession.Response, json=login
    )
    refresh = {"Authorization": f"Bearer {session['refreshJwt']}"}
    call(
        "POST",
        "com.atproto.server.refreshSession",
        models.ComAtprotoServerRefreshSession.Response,
        headers=refresh,
    )

    [rkey] = list(pds.records)
    query = {"repo": bluesky.DID, "collection": "app.bsky.feed.post", "rkey": rkey}
    record = call("GET", "com.atproto.repo.getRecord", models.ComAtprotoRepoGetRecord.Response, params=query)
    # what our publisher wrote is a valid app.bsky.feed.post, down to its facets and card
    post = get_or_create(
        record["value"], models.AppBskyFeedPost.Record, strict=True, strict_string_format=True
    )
    assert isinstance(post, models.AppBskyFeedPost.Record)
    assert isinstance(post.embed, models.AppBskyEmbedExternal.Main)
    assert any(
        isinstance(f, models.AppBskyRichtextFacet.Link) for facet in post.facets or [] for f in facet.features
    )

    feed_answer = call(
        "GET",
        "app.bsky.feed.getAuthorFeed",
        models.AppBskyFeedGetAuthorFeed.Response,
        params={"actor": bluesky.DID},
        headers={"Authorization": f"Bearer {session['accessJwt']}"},
    )
    [item] = feed_answer["feed"]
    assert unknown_keys(item["post"], models.AppBskyFeedDefs.PostView) == set()
    assert unknown_keys(item["post"]["author"], models.AppBskyActorDefs.ProfileViewBasic) == set()

    access = {"Authorization": f"Bearer {session['accessJwt']}", "Content-Type": "image/png"}
    blob = call(
        "POST",
        "com.atproto.repo.uploadBlob",
        models.ComAtprotoRepoUploadBlob.Response,
        headers=access,
        data=b"png",
    )
    assert blob["blob"]["mimeType"] == "image/png" and blob["blob"]["size"] == 3

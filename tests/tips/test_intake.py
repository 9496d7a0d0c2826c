"""Tip intake: links found, limits kept, the same event one tip."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.tips.intake import TIPS_PER_HOUR, TipRejected, extract_urls, save_tip
from handlers.ui.mrkdwn import decode


def test_hourly_limit_per_user(db):
    now = dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC)
    for n in range(TIPS_PER_HOUR):
        save_tip(db, user_id="U1", text=f"https://e.com/{n}", source="dm", event_key=f"k{n}", now=now)
    with pytest.raises(TipRejected, match="last hour"):
        save_tip(db, user_id="U1", text="https://e.com/x", source="dm", event_key="kx", now=now)
    save_tip(db, user_id="U2", text="https://e.com/x", source="dm", event_key="ky", now=now)  # others may
    later = now + dt.timedelta(hours=1, minutes=1)
    save_tip(db, user_id="U1", text="https://e.com/y", source="dm", event_key="kz", now=later)


def test_extract_urls_reads_decoded_slack_markup_and_bare_links():
    text = decode(
        "see <https://a.example.com/x|a thing>, and https://b.example.com/y. and <https://a.example.com/x/>"
    )
    assert extract_urls(text) == ["https://a.example.com/x", "https://b.example.com/y"]
    assert extract_urls(decode("<!channel> <@U123> no links")) == []
    decoded = decode("<!channel> hi <@U1|ed> <https://x.com|the site> &lt;b&gt;")
    assert decoded == "@channel hi @ed the site (https://x.com) <b>"


NOW = dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC)


def tip(db, text, key, user="U1", note=""):
    return save_tip(db, user_id=user, text=text, note=note, source="dm", event_key=key, now=NOW)


def test_a_tip_its_sender_sends_again_is_kept_once_and_loses_no_words(db):
    first = tip(db, "https://example.com/a new arm64 board", "k1")
    again = tip(db, "https://www.example.com/a/?fbclid=x the board ships in March", "k2")
    assert again.repeated and again.id == first.id and again.first_sent.startswith("2026-12-02")
    assert tip(db, "https://www.example.com/a/?fbclid=x the board ships in March", "k2") == again  # retry
    [row] = db.query("select * from tips")
    assert row["note"].count("ships in March") == 1  # the new words kept once, on the one tip
    assert [r["url"] for r in db.query("select url from tip_urls")] == ["https://example.com/a"]


def test_links_sent_before_in_several_tips_are_a_repeat_of_the_first(db):
    tip(db, "https://example.com/a", "k1")
    tip(db, "https://example.com/b", "k2")
    both = tip(db, "https://example.com/b and https://example.com/a", "k3")
    assert both.repeated and both.id == 1 and db.table("tips").count == 2


def test_a_tip_without_a_link_is_a_repeat_only_word_for_word(db):
    words = "Ampere announced an arm64 server for the edge"
    tip(db, words, "k1")
    assert tip(db, words.upper(), "k2").repeated
    assert not tip(db, words + " with 128 cores", "k3").repeated
    assert not tip(db, words, "k4", user="U2").repeated  # someone else's is theirs
    assert db.table("tips").count == 3

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

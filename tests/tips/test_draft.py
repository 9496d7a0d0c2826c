"""The Hugo draft of the next issue: accepted tips, in the archive's style, inert."""

from __future__ import annotations

import datetime as dt

from bot.archive.newsletter import parse_issue
from bot.tips.draft import export_draft
from bot.tips.intake import save_tip


def test_export_survives_hostile_tip_text(db):
    now = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
    hostile = "# Heading?\n---\n### injected story\n+++ <!channel> https://example.com/a"
    saved = save_tip(db, user_id="U1", text=hostile, source="dm", event_key="h", now=now)
    db.execute("update tips set status = 'accepted' where id = ?", [saved.id])
    issue = parse_issue(export_draft(db, now.date()))
    assert len(issue.stories) == 1 and issue.stories[0].links[0].url == "https://example.com/a"


HOSTILE_TIPS = [
    "<script>alert(1)</script> and <img src=x onerror=alert(2)> and <iframe src=https://evil.example>",
    '{{< readfile file="/etc/passwd" >}} and {{% param "secret" %}}',
    "[official download](https://evil.example/malware.exe) and [js](javascript:alert(1)) "
    "and ![pixel](https://evil.example/p.gif) https://example.com/real-tip",
    "### <!-- everything after is hidden",
    "<https://evil.example/autolink> www.evil.example/bare and <a href='https://evil.example'>x</a>",
]


def test_draft_of_hostile_tips_renders_no_tag_no_shortcode_and_only_the_tips_links(db):
    from markdown_it import MarkdownIt

    now = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
    own: set[str] = set()
    for n, text in enumerate(HOSTILE_TIPS):
        saved = save_tip(db, user_id=f"U{n}", text=text, source="dm", event_key=f"h{n}", now=now)
        own |= set(saved.urls)
        db.execute("update tips set status = 'accepted' where id = ?", [saved.id])
    draft = export_draft(db, now.date())
    assert "{{<" not in draft and "{{%" not in draft
    # Hugo's goldmark links bare www. and scheme URLs; markdown-it with linkify (not fuzzy) does the same.
    md = MarkdownIt("commonmark", {"linkify": True}).enable("linkify")
    md.linkify.set({"fuzzy_link": False})
    tokens = md.parse(draft)
    inline = [child for token in tokens for child in (token.children or [])]
    assert not [t for t in tokens + inline if t.type in ("html_block", "html_inline")]
    assert not [t for t in inline if t.type == "image"]
    links = [
        (t.attrGet("href"), inline[i + 1].content) for i, t in enumerate(inline) if t.type == "link_open"
    ]
    # Only the tips' own http(s) URLs are links, each shown as itself: no "official download" disguise.
    assert {href for href, _ in links} == own and "https://example.com/real-tip" in own
    assert all(text == href for href, text in links)
    assert not any(href.startswith("javascript") for href, _ in links)
    html = md.render(draft)
    for tag in ("<script", "<img", "<iframe", "<!--", "<a href='https://evil"):
        assert tag not in html
    issue = parse_issue(draft)
    assert len(issue.stories) == len(HOSTILE_TIPS)

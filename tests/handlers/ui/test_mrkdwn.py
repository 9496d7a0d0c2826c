"""One clip for all Slack text: after escaping, at a safe boundary (never inside `<url|label>` or
`&amp;`), within the limit whatever the text holds."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.tips.coverage import Coverage, EarlierTip
from bot.tips.intake import SavedTip
from handlers.ui.blocks import SECTION_LIMIT, as_dicts, message_blocks, notice_blocks
from handlers.ui.mrkdwn import ELLIPSIS, as_query, clip, escape, link, mention
from handlers.ui.tips import tip_reply, tips_list_blocks
from tests.markup import assert_whole_markup

HOSTILE = st.text(alphabet=st.sampled_from("&<>|*_~`ab é🎉\n"), max_size=400)
URLS = st.builds(
    lambda path, query: f"https://example.com/{path}" + (f"?q={query}" if query else ""),
    st.text(alphabet=st.sampled_from("abc/-_.%"), max_size=900),
    st.text(alphabet=st.sampled_from("abc&=<>"), max_size=60),
)
PIECES = st.one_of(
    HOSTILE.map(escape),
    st.builds(link, URLS, HOSTILE),
    st.builds(mention, st.sampled_from(["U111", "W2AB", "<!channel>"])),
)
MRKDWN = st.lists(PIECES, max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(MRKDWN, st.integers(min_value=0, max_value=3000))
def test_clipped_mrkdwn_fits_and_keeps_its_markup_whole(text, limit):
    clipped = clip(text, limit)
    assert len(clipped) <= limit
    assert_whole_markup(clipped)
    if len(text) <= limit:
        assert clipped == text
    elif clipped:
        assert clipped.endswith(ELLIPSIS) and text.startswith(clipped[: -len(ELLIPSIS)])


def test_a_cut_inside_a_link_or_an_escape_moves_before_it():
    linked = "see " + link("https://example.com/" + "a" * 50, "the label")
    assert clip(linked, 30) == "see…"
    assert clip("a &amp; b", 4) == "a…"  # "a &a" would be a broken escape
    assert clip("Tom &amp; Jerry", 10) == "Tom &amp;…"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("&<>ab "), min_size=1, max_size=12_000))
@example("&" * 3000)
def test_a_message_full_of_ampersands_fits_a_section(text):
    fallback, blocks = message_blocks(text)
    [section] = as_dicts(blocks)  # slack_sdk checks the 3,000 characters here
    assert len(section["text"]["text"]) <= SECTION_LIMIT
    assert_whole_markup(section["text"]["text"]) and assert_whole_markup(fallback)


@settings(max_examples=100, deadline=None)
@given(HOSTILE, URLS, HOSTILE)
def test_a_notice_keeps_its_link_whole(text, url, label):
    fallback, [section] = notice_blocks({"text": text * 20, "link": {"url": url, "text": label}})
    shown = section["text"]["text"]
    assert len(shown) <= SECTION_LIMIT and shown.endswith(link(url, label, 200))
    assert_whole_markup(shown)


def _coverage(url: str, heading: str) -> Coverage:
    return Coverage(url, "2018-W18", None, heading, "https://example.com/2018-W18", 7, 2)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(URLS, HOSTILE), min_size=1, max_size=6))
@example([(f"https://example.com/{n}/" + "long-path-" * 90, "A & B <story>" * 9) for n in range(3)])
def test_a_tip_reply_and_the_queue_keep_every_link_whole(found):
    urls = [url for url, _ in found]
    saved = SavedTip(
        1,
        urls,
        [_coverage(url, heading) for url, heading in found],
        [EarlierTip(url, n, "U222", "2026-12-01T10:00:00+00:00") for n, url in enumerate(urls)],
    )
    fallback, blocks = tip_reply(saved)
    [section] = as_dicts(blocks)
    assert_whole_markup(section["text"]["text"]) and assert_whole_markup(fallback)
    assert section["text"]["text"].endswith("Your tip is kept and marked, so the editors see both.")
    tip = {"id": 1, "user_id": "U1", "created_at": "2026-12-01", "text": found[0][1] * 10, "urls": urls}
    tip |= {"note": found[-1][1] * 5, "duplicate_of": 3, "covered": ["2018-W18"], "section": "<Ops>"}
    _, queue = tips_list_blocks([tip], 1)
    for block in as_dicts(queue):
        if block["type"] == "section":
            assert_whole_markup(block["text"]["text"])


def test_slack_text_as_a_search_is_the_words_someone_typed():
    # Slack sends "&", "<" and ">" as entities, emoji as shortcodes, mentions and links as markup
    assert as_query("golang &amp; docker &lt;3").split() == ["golang", "&", "docker", "<3"]
    assert as_query("hiya :wave: docker :slightly_smiling_face:") == "hiya! docker!"
    assert as_query(":pray::skin-tone-3: thx :+1:") == "thx!"
    assert as_query("<@U123|ann> <!here> golang <#C1|general>").split() == ["golang"]
    assert as_query("<https://go.dev|golang> vs <https://rust-lang.org>").split() == [
        "golang",
        "vs",
        "https://rust-lang.org",
    ]
    assert as_query("at 10:30:45 issue:13").split() == ["at", "10:30:45", "issue:13"]  # no emoji there


def test_an_address_slack_linked_itself_is_searched_as_the_link():
    """Slack links an address typed without its scheme, labelled as typed: the label is the address,
    and only the whole link finds the stories with it (bot/archive/by_link.py)."""
    typed = "<http://github.com/golang/go/issues/19082|github.com/golang/go/issues/19082>"
    assert as_query(typed) == "http://github.com/golang/go/issues/19082"
    tracked = "<http://www.example.com/a/?utm_source=x&amp;b=1|www.example.com/a/?utm_source=x&amp;b=1>"
    assert as_query(f"is {tracked} covered?") == "is http://www.example.com/a/?utm_source=x&b=1 covered?"
    # a label of words is what was meant, even one inside the address
    assert as_query("<https://go.dev|go> <https://go.dev/doc|the Go docs> <mailto:a@b.io|a@b.io>") == (
        "go the Go docs a@b.io"
    )
    # a site's name Slack linked ("cilium.io vs calico") is its words: no page to look up (round 16)
    assert as_query("<http://cilium.io|cilium.io> vs calico") == "cilium.io vs calico"
    assert as_query("<http://k3s.io/|k3s.io/> on a pi") == "k3s.io/ on a pi"


@given(st.text(max_size=200))
def test_any_slack_text_reads_as_a_search_and_an_emoji_after_it_is_a_mark(text):
    read = as_query(f"{text} :tada:")
    assert ":tada:" not in read and (read.endswith("!") or not read)

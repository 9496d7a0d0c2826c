"""The archive's quirks, each a small step around markdown-it, each pinned here by name."""

from __future__ import annotations

from bot.archive.markdown import markdown_sections
from bot.archive.newsletter import parse_issue
from tests.corpus import WOA_ARCHIVE, need_corpus

FRONT = "---\ntitle: Works on Arm News 2019-W02\n---\n"


def parse(body: str):
    return parse_issue(FRONT + body, file_name="2019-W02.md")


def urls(story) -> list[str]:
    return [link.url for link in story.links]


def test_quirk_definition_right_under_its_paragraph():
    issue = parse("### Story\n\nSee [the post] for more.\n[the post]:https://example.com/post\n")
    assert urls(issue.stories[0]) == ["https://example.com/post"]
    assert "https://" not in issue.stories[0].body and "]:" not in issue.stories[0].body


def test_quirk_a_definition_nobody_uses_is_a_link_of_its_section():
    issue = parse("### A\n\nWords.\n\n[unused]:https://example.com/unused\n\n### B\n\nMore words.\n")
    assert urls(issue.stories[0]) == ["https://example.com/unused"] and urls(issue.stories[1]) == []


def test_quirk_a_label_defined_twice_keeps_both_links():
    text = "### A\n\nSee [Packet].\n\n[Packet]:http://www.packet.net\n\n[Packet]:http://packet.net/about\n"
    assert urls(parse(text).stories[0]) == ["http://www.packet.net", "http://packet.net/about"]


def test_quirk_a_lone_html_tag_line_does_not_swallow_the_heading_after_it():
    text = "## First\n\nWords here.\n\n</br>\nSecond heading\n---------------\nMore words here.\n"
    assert [s.heading for s in parse(text).stories] == ["First", "Second heading"]


def test_quirk_headings_inside_lists_still_start_stories():
    text = "### One\n\n* an item\n\n  ### Two\n\n  Words of two.\n\n### Three\n\nWords of three.\n"
    assert [s.heading for s in parse(text).stories] == ["One", "Two", "Three"]


def test_quirk_urls_in_code_and_inline_code_are_links():
    text = "### Install\n\nRun `curl https://nixos.org/nix/install | bash`.\n\n```\nwget https://example.com/a.tgz\n```\n"
    assert urls(parse(text).stories[0]) == ["https://nixos.org/nix/install", "https://example.com/a.tgz"]


def test_quirk_markdown_links_inside_raw_html():
    text = (
        '### Photo\n\nA photo.\n\n<div style="x">Image courtesy of [tmib](https://www.flickr.com/p/1)</div>\n'
    )
    story = parse(text).stories[0]
    assert urls(story) == ["https://www.flickr.com/p/1"] and "tmib" in story.body


def test_quirk_hugo_shortcodes_are_not_text():
    sections = markdown_sections('### S\n\n{{< tweet user="x" id="1" >}} words {{% notice %}}\n')
    assert sections[1].text == "words"


def test_quirk_hash_without_space_is_no_heading():
    """`#integration channel` (2018-W27) is a Slack channel at the start of a line, not a heading."""
    issue = parse_issue(
        need_corpus(WOA_ARCHIVE / "2018" / "2018-W27.md").read_text(), file_name="2018-W27.md"
    )
    assert not any(s.heading.startswith("integration channel") for s in issue.stories)
    automation = next(s for s in issue.stories if s.heading == "Automation")
    assert "#integration channel" in automation.body


def test_era_2017_reference_links():
    issue = parse_issue(
        need_corpus(WOA_ARCHIVE / "2017" / "2017-W19.md").read_text(), file_name="2017-W19.md"
    )
    golang = issue.stories[0]
    assert golang.heading == "Golang 1.9 plan for ARM64 support"
    assert urls(golang) == [
        "https://github.com/golang/go/issues/19082",
        "https://github.com/golang/go/milestone/49",
    ]


def test_era_2018_bare_url_bullets():
    issue = parse_issue(
        need_corpus(WOA_ARCHIVE / "2018" / "2018-W06.md").read_text(), file_name="2018-W06.md"
    )
    office = next(s for s in issue.stories if s.heading == "Works on Arm office hours changes")
    assert urls(office) == ["http://talky.io", "http://talky.io/worksonarm"]
    assert "http" not in office.body


def test_era_2019_inline_links_in_bullets():
    issue = parse_issue(
        need_corpus(WOA_ARCHIVE / "2019" / "2019-W05.md").read_text(), file_name="2019-W05.md"
    )
    pinebook = issue.stories[0]
    assert pinebook.heading == "Pinebook Pro laptop" and pinebook.links
    assert all(link.text and not link.text.startswith("http") for link in pinebook.links)

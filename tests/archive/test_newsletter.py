"""The parser, on the shipped issues, real archive files and the oddities SOURCES.md lists."""

import pytest

from bot.archive.links import Link
from bot.archive.newsletter import parse_issue
from bot.archive.sections import Item
from bot.errors import NotAnIssue
from tests.corpus import SHIPPED, WOA_ARCHIVE, need_corpus


def parse_file(path):
    return parse_issue(path.read_text(), file_name=path.name, path_hint=str(path))


def archive(name):
    return need_corpus(WOA_ARCHIVE / name[:4] / name)


def test_issue_one_identity_and_stories():
    issue = parse_file(SHIPPED / "2017-W17.md")
    assert (issue.publication, issue.week, issue.number, issue.date) == (
        "worksonarm",
        "2017-W17",
        1,
        "2017-04-28",
    )
    headings = [s.heading for s in issue.stories]
    assert headings[0] == "Conference reports"
    assert "Languages and compilers" in headings
    assert "Colophon" not in headings  # boilerplate is not a story
    languages = issue.stories[headings.index("Languages and compilers")]
    urls = [link.url for link in languages.links]
    assert "https://golang.org/" in urls
    assert "https://nodesource.com/" in urls
    # Reference definitions are links, not searchable text.
    assert "]:" not in languages.body and "https://" not in languages.body
    assert "[Go 1.8.1]" not in languages.body and "Go 1.8.1 was released" in languages.body


def test_reference_labels_are_case_insensitive_and_defined_anywhere():
    text = (
        "---\ntitle: Works on Arm News 2017-W21\n---\n## Events\n\nSee [Cassandra On ARMv8].\n\n"
        "## Links\n\nMore.\n\n[cassandra on armv8]:https://example.com/c\n"
    )
    issue = parse_issue(text, file_name="2017-W21.md")
    events = issue.stories[0]
    assert [link.url for link in events.links] == ["https://example.com/c"]


def test_stories_under_h3_with_in_the_news_outline_and_bare_urls():
    issue = parse_file(archive("2018-W10.md"))
    assert issue.week == "2018-W10"
    assert issue.outline[0] == "Project Crostini to bring Linux VMs to Chrome OS ?"
    assert issue.stories[0].heading == "Project Crostini to bring Linux VMs to Chrome OS ?"
    assert "In the news" not in [s.heading for s in issue.stories]
    crostini = issue.stories[0]
    assert [link.url for link in crostini.links] == [
        "https://chromeunboxed.com/news/chromebook-containers-virtual-machine-crostini-google-io",
        "http://www.zdnet.com/article/chrome-os-could-be-getting-containers-for-running-linux-vms/",
        "https://chromium-review.googlesource.com/c/chromium/src/+/899767",
    ]
    assert len(issue.stories) == 11  # the outline lists 12: "Windows on Arm" never got a story


def test_2019_h2_groups_become_sections_of_h3_stories():
    issue = parse_file(archive("2019-W05.md"))
    pinebook = issue.stories[0]
    assert pinebook.heading == "Pinebook Pro laptop"
    assert pinebook.section == "Hardware"
    assert "Hardware" not in [s.heading for s in issue.stories]


def test_broken_front_matter_is_not_a_setext_heading():
    issue = parse_file(archive("2018-W22.md"))
    assert issue.title == "Works on Arm News 2018-W22"
    assert issue.stories[0].heading == "Arm announces Cortex-A76"
    assert not any("weight" in s.heading for s in issue.stories)


def test_no_front_matter_bare_title_line():
    issue = parse_file(archive("2017-W41.md"))
    assert issue.title == "Works on Arm News, Week 41"
    assert issue.stories[0].heading == "Balena, a new container runtime from Resin.io"


def test_html_comments_shortcodes_and_images_are_not_searchable():
    text = (
        "---\ntitle: Works on Arm News 2019-W02\n---\n### Story\n\nVisible words.\n"
        "<!-- hidden https://example.com/my_article secretword -->\n"
        '{{< tweet user="x" id="1" >}}\n<img src="https://img.example.com/a.jpg">\n'
        '<a href="https://real.example.com/page">a real link</a>\n'
    )
    story = parse_issue(text, file_name="2019-W02.md").stories[0]
    assert "secretword" not in story.body and "tweet" not in story.body
    assert "img.example.com" not in story.body
    assert [link.url for link in story.links] == ["https://real.example.com/page"]
    assert "a real link" in story.body


def test_fenced_code_is_not_split_into_headings():
    text = "Title: This Week in Rust 9\nDate: 2013-08-04\n\n## Code\n\n```\n# not a heading\n```\n\nText.\n"
    issue = parse_issue(text, file_name="2013-08-04-this-week-in-rust.markdown")
    assert [s.heading for s in issue.stories] == ["Code"]
    assert issue.publication == "this-week-in-rust"
    assert issue.week == "2013-W31"
    assert issue.number == 9


@pytest.mark.parametrize("name", ["2018-W30.md", "2018-W31.md"])
def test_no_issue_this_week_stubs(name):
    with pytest.raises(NotAnIssue, match="stub"):
        parse_file(archive(name))


def test_pages_without_identity_are_not_issues():
    with pytest.raises(NotAnIssue):
        parse_file(need_corpus(WOA_ARCHIVE / "colophon.md"))
    with pytest.raises(NotAnIssue):
        parse_file(need_corpus(WOA_ARCHIVE / "2019" / "_index.md"))  # title: 2019, an int in YAML


@pytest.mark.parametrize(
    ("text", "week", "number", "date"),
    [
        (
            "---\ntitle: Works on ARM news, Issue 7, June 9, 2017\n---\n## S\n\nx\n",
            "2017-W23",
            7,
            "2017-06-09",
        ),
        (
            "---\ntitle: Works on Arm News 63 2018-w29\nnumber: 63\n---\n### S\n\nx\n",
            "2018-W29",
            63,
            "2018-07-20",
        ),
        (
            "---\ntitle: Works on Arm News 2018-W07, Feb 16 2018\n---\n### S\n\nx\n",
            "2018-W07",
            None,
            "2018-02-16",
        ),
        ("---\ntitle: Works on Arm News, Week 40, 2018\n---\n### S\n\nx\n", "2018-W40", None, "2018-10-05"),
        (
            "---\ntitle: anything\ndate: 2017-04-28T12:00:00-04:00\n---\n## S\n\nx\n",
            "2017-W17",
            None,
            "2017-04-28",
        ),
    ],
)
def test_identity_from_date_title_and_week(text, week, number, date):
    issue = parse_issue(text)  # no file name: the front matter and title must do
    assert (issue.week, issue.number, issue.date) == (week, number, date)


def test_file_name_wins_over_title():
    issue = parse_issue("---\ntitle: Works on Arm News 2018-W01\n---\n### S\n\nx\n", file_name="2018-W02.md")
    assert issue.week == "2018-W02"


def test_feed_html_parses_like_markdown():
    html = (
        "<p>Intro with <a href='https://intro.example.com'>a link</a>.</p>"
        "<h4>In this issue</h4><ul><li>Go 1.11</li><li>LLVM 7</li></ul>"
        "<h3>Go 1.11</h3><p>The <strong>Go</strong> language has a release.</p>"
        "<ul><li><a href='https://golang.org/doc/go1.11'>https://golang.org/doc/go1.11</a></li></ul>"
        "<h3>LLVM 7</h3><p>LLVM 7 is out.</p><pre><code># not a heading\n</code></pre>"
        "<script>alert(1)</script>"
    )
    meta = {"title": "Works on Arm News 2018-W35", "link": "https://worksonarm.com/news/2018-W35/"}
    issue = parse_issue(html, meta=meta, html=True)
    assert issue.week == "2018-W35"
    assert issue.outline == ["Go 1.11", "LLVM 7"]
    assert [s.heading for s in issue.stories] == ["Go 1.11", "LLVM 7"]
    assert issue.stories[0].links[0].url == "https://golang.org/doc/go1.11"
    assert "alert" not in issue.stories[1].body
    assert issue.permalink == "https://worksonarm.com/news/2018-W35/"


HEADINGLESS = """---
title: "Weekly Ops 12: outages and more"
date: '2026-06-14'
---

{{< subscribe >}}

A rough week for [package registries](https://example.com/registries), and a word before the links.

[**Go 1.27 is released**](https://go.dev/blog/go1.27) (5 minute read)

Methods can now take type parameters.

[**The August 17 outage**](https://github.blog/the-august-17-outage/) (4 minute read)

A 7-hour outage of github.com, told by its CTO.

[Registry packages hijacked](https://example.com/hijacked) - 1,500 packages taken over in a day.

[How Kubernetes probes work](https://ngrok.com/blog/probes) - Startup, readiness and liveness.
"""


def test_an_issue_without_headings_that_lists_items_is_a_story_per_item():
    issue = parse_issue(HEADINGLESS, file_name="index.md", path_hint="weekly-ops/12")
    stories = {story.heading: story for story in issue.stories}
    # The opening words are a story of their own; each item, with its comment in the paragraph
    # below it or after its link, is one, filed under the issue
    assert list(stories) == [
        "Weekly Ops 12: outages and more",
        "Go 1.27 is released",
        "The August 17 outage",
        "Registry packages hijacked",
        "How Kubernetes probes work",
    ]
    assert [link.url for link in stories["Weekly Ops 12: outages and more"].links] == [
        "https://example.com/registries"
    ]
    assert "type parameters" in stories["Go 1.27 is released"].body
    assert [link.url for link in stories["The August 17 outage"].links] == [
        "https://github.blog/the-august-17-outage/"
    ]
    assert {story.section for story in issue.stories[1:]} == {"Weekly Ops 12: outages and more"}


NOTES = """---
title: Weekly Ops 14
date: '2026-06-28'
---

# Updates from the community

Every week we read a thousand articles; these are the ones that made it.

## News and blog posts

[Where are those audit log addresses coming from?](https://example.com/audit)

[Cloud clock sync showdown: ntpd vs chrony](https://example.com/clocks)
The comment on it, in the line below.

[A tool for glamorous shell scripts](https://example.com/gum)

[Top 5 API security practices](https://example.com/api)

## [Older posts](https://example.com/older)

[The first older post](https://example.com/older/1)

[The second older post](https://example.com/older/2)

[The third older post](https://example.com/older/3)

[The fourth older post](https://example.com/older/4)

## A word on the tools

We tried [one](https://example.com/one) and [two](https://example.com/two) this week, at length.

## Team report

First off, we had a great camp. [Full report](https://example.com/r1)

[Full report](https://example.com/r2) of the second team, which met on Friday.

[Full report](https://example.com/r3)

[Full report](https://example.com/r4)

## [](https://example.com/no-title)

# Crate of the week

This week's crate is quokka, a fast parser.

# Call for participation

Always wanted to contribute? Start here.

# Upcoming events

A meetup in Turin, and another in Paris.

# Jobs

Quokka Labs is hiring.
"""


def test_a_list_of_items_under_a_story_is_a_story_per_item():
    # This Week in Rust and DevOps'ish notes: a list under a heading of its own, under a story's.
    # Before, the list was merged into the story above: one story of dozens of links
    issue = parse_issue(NOTES, file_name="notes.md", path_hint="weekly-ops/14")
    stories = {story.heading: story for story in issue.stories}
    assert "in the line below" in stories["Cloud clock sync showdown: ntpd vs chrony"].body
    assert stories["A tool for glamorous shell scripts"].section == "News and blog posts"
    assert stories["The third older post"].section == "Older posts"
    # The story keeps what lies under it that is no list: a list's heading and its link, a section
    # after the list (before, merged into the list's last item), a report whose paragraphs are not
    # all items (before, "Full report" became four stories), a heading without words
    updates = stories["Updates from the community"]
    urls = {link.url for link in updates.links}
    assert {"https://example.com/older", "https://example.com/one", "https://example.com/r2"} <= urls
    assert "great camp" in updates.body and "Older posts" not in updates.body  # the items' section
    assert "Full report" not in stories and "" not in stories
    assert [link.url for link in stories["The fourth older post"].links] == ["https://example.com/older/4"]
    assert "Jobs" in stories
    # nor a story with nothing of its own left: a title over a list is no story (the third review:
    # 50 shells headed "Updates from Rust Community" whose body was "News & Blog Posts")
    shell = NOTES.replace("Every week we read a thousand articles; these are the ones that made it.", "")
    shell = shell[: shell.index("## [Older posts]")] + shell[shell.index("# Crate of the week") :]
    headings = [story.heading for story in parse_issue(shell, file_name="notes.md", path_hint="w/14").stories]
    assert (
        "Updates from the community" not in headings
        and "Cloud clock sync showdown: ntpd vs chrony" in headings
    )


LABELLED = """---
title: Weekly Ops 15
date: '2026-07-05'
---

## People

**The Big Apology**:

* [Code of conduct: let's revamp it](https://example.com/coc) (GitHub)
* [The creator steps aside](https://example.com/aside) (The New Yorker)
* \u200b[Taking time off](https://example.com/off) (CNBC)
* [\u200b](https://example.com/blank) the same, told again

[Growth in fear](https://example.com/fear): an advocate opens up.

Great read.

[Engineering productivity](https://example.com/productivity)

**Storage news**

* [Ceph 19 is out](https://example.com/ceph)

[MinIO drops its console](https://example.com/minio)

**Highly recommended**

[The talk of the year](https://example.com/talk)

**Quokka Labs**

* Senior engineer ([Turin](https://example.com/turin), [Paris](https://example.com/paris))
* Engineering lead ([Turin](https://example.com/lead))

## Performance triage

Several large improvements landed in the past week:

* [Faster builds](https://example.com/pr1)
* [Smaller binaries](https://example.com/pr2)
* [Fewer allocations](https://example.com/pr3)
* [Quicker links](https://example.com/pr4)

Triage done by the team. [Full report here](https://example.com/report)

## A story with its sources

The project moved its builds to Arm servers this week, and says so at length.

* [The announcement](https://example.com/a1)
* [A benchmark](https://example.com/a2)
* [The mailing list](https://example.com/a3)
* [The talk](https://example.com/a4)
"""


def test_a_label_over_linked_items_is_read_with_each_of_them():
    # DevOps'ish 094: "**The Linus Torvalds Apology**:" over ten links, then more items. Before,
    # the label, first in its section, kept the whole section one story: no search found an item.
    issue = parse_issue(LABELLED, file_name="index.md", path_hint="weekly-ops/15")
    stories = {story.heading: story for story in issue.stories}
    assert "The creator steps aside" in stories and "Ceph 19 is out" in stories
    assert stories["The creator steps aside"].section == "People"
    assert stories["Taking time off"].links[0].url == "https://example.com/off"
    # Each item under the label is read with it: "apology" finds the creator stepping aside
    assert "The Big Apology" in stories["The creator steps aside"].body
    assert "(CNBC)" in stories["Taking time off"].body
    # A later label is its list's, never a comment of the item above it; it ends with its list (a
    # review of round 17: "**Events**" over paragraphs was read with 19 items of DevOps'ish 299)
    assert "Storage news" in stories["Ceph 19 is out"].body
    assert "Storage news" not in stories["Engineering productivity"].body
    assert "Storage news" not in stories["MinIO drops its console"].body
    assert "Great read" in stories["Growth in fear"].body
    assert "Big Apology" not in stories["Growth in fear"].body
    # Over paragraphs, bold words are the comment of the item above, as before
    assert "Highly recommended" in stories["MinIO drops its console"].body
    assert "Highly recommended" not in stories["The talk of the year"].body
    # An item opened by an invisible mark is an item (DevOps'ish 094's zero-width space)
    assert "Taking time off" not in stories["The creator steps aside"].body
    # A link of invisible marks alone heads no story: it has no words (the second review)
    assert "" not in stories and "told again" in stories["Taking time off"].body
    # A label over words with links heads them: no item above takes them (This Week in Rust's jobs)
    assert "Senior engineer" in stories["Quokka Labs"].body
    assert len(stories["Quokka Labs"].links) == 3
    assert "Quokka" not in stories["The talk of the year"].body
    # A report that opens with words ending in a colon over its list stays one story
    assert "Faster builds" not in stories and len(stories["Performance triage"].links) == 5
    # Prose with its sources listed below it is one story, as before
    assert "The announcement" not in stories
    assert len(stories["A story with its sources"].links) == 4


def test_a_headingless_issue_of_prose_with_links_stays_one_story():
    prose = "\n\n".join(
        f"Paragraph {n} says a lot before it links [a page](https://example.com/{n}) in passing."
        for n in range(6)
    )
    issue = parse_issue(
        f"---\ntitle: Weekly Ops 13\ndate: '2026-06-21'\n---\n\n{prose}\n", file_name="index.md"
    )
    assert [story.heading for story in issue.stories] == ["Weekly Ops 13"]
    assert len(issue.stories[0].links) == 6


def test_a_list_ten_times_longer_costs_about_ten_times_the_work(monkeypatch):
    # Counted, never timed: thousands of items in a 250 KB issue were compared with each other
    compared = {"n": 0}

    def counting(original):
        def eq(self, other):
            compared["n"] += 1
            return original(self, other)

        return eq

    monkeypatch.setattr(Item, "__eq__", counting(Item.__eq__))
    monkeypatch.setattr(Link, "__eq__", counting(Link.__eq__))
    work = []
    for n in (250, 2500):
        compared["n"] = 0
        items = "\n\n".join(
            f"[Item {i}](https://example.com/{i}) - said {i}\n\nMore at [also](https://x.example/{i})"
            for i in range(n)
        )
        issue = parse_issue(
            f"---\ntitle: Weekly 2\ndate: '2026-06-28'\n---\n\nHello.\n\n{items}\n", file_name="index.md"
        )
        assert len(issue.stories) == n + 1
        work.append(compared["n"])
    assert work[1] <= 20 * max(work[0], 100), work

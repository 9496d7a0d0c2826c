"""What a story is about, as ranking sees it (bot/archive/ranking.py): a story of its own whose
heading and body both have the word is about it, above a heading that names it in passing or a
body that lists it among others; an item of a list gains nothing from its quote. Made-up issues."""

from bot.archive.files import index_files
from bot.archive.ranking import NOT_ABOUT, is_name
from bot.archive.search import search_stories
from bot.archive.understanding import Word

ARTICLES = """---
title: Works on Arm News 2019-W10
---

### Moving our profiling tools to Arm, Quillboard and friends

A talk by Jane Doe.

### Quillboard 2 ships

The Quillboard 2 doubles the memory of the first board. Quillboard owners can upgrade the firmware
in place, and the vendor publishes the schematics.

### Conference roundup

Talks this week covered compilers, schedulers, a Quillboard demo, storage tiering, kernel
live patching, power management, continuous integration and much more from the hallway track.
"""

LIST = """---
title: Works on Arm News 2019-W11
---

## Links

- [Quillboard review](https://a.example.com/review)
- [Hands on with the new Quillboard](https://b.example.com/hands-on) The Quillboard is a fine board.
- [Unrelated one](https://c.example.com/) A filler item.
- [Unrelated two](https://d.example.com/) Another filler item.
- [Unrelated three](https://e.example.com/) Yet another filler item.
"""


HEADLINE = """---
title: Works on Arm News 2019-W12
---

### [Moving our tools to Arm and the Raspberry Pi](https://example.com/moving-our-tools-to-the-raspberry-pi)

### Raspberry Pi 4 ships

The new Raspberry Pi has twice the memory of the last one, and the same price as before. The
vendor ships it with a new firmware, a faster network port and two screens.
"""


def headings(db, text):
    return [hit.section for hit in search_stories(db, text, limit=5).hits]


def index(db, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    assert index_files(db, [path]).indexed


def test_a_story_whose_heading_and_body_have_the_word_is_about_it(db, tmp_path):
    index(db, tmp_path, "2019-W10.md", ARTICLES)
    found = headings(db, "quillboard")
    # The short heading alone would lead by BM25 (the shortest story); the story that goes
    # on about its heading's word is about it
    assert found[0] == "Quillboard 2 ships", found
    passing = "Moving our profiling tools to Arm, Quillboard and friends"
    assert set(found) == {"Quillboard 2 ships", passing, "Conference roundup"}


def test_an_items_quote_adds_nothing_of_what_it_is_about(db, tmp_path):
    index(db, tmp_path, "2019-W11.md", LIST)
    found = headings(db, "quillboard")
    # Both items are about the board: a quote of the linked page does not make the quoted one more so
    # than BM25 says (the bare link, the shorter, first)
    assert found[:2] == ["Quillboard review", "Hands on with the new Quillboard"], found


def test_a_heading_alone_is_not_confirmed_by_its_own_links_address(db, tmp_path):
    index(db, tmp_path, "2019-W12.md", HEADLINE)
    # The address repeats the heading ("...-raspberry-pi"): it is no body that goes on about it
    found = headings(db, "raspberry pi")
    assert found[0] == "Raspberry Pi 4 ships", found


def test_words_side_by_side_far_more_often_than_chance_are_a_name():
    # Works on Arm's counts (832 stories): "hot" in 6, "chips" in 61, "hot chips" in 2: a name;
    # "run" in 150, "freebsd" in 30, "run freebsd" in 2: what chance puts side by side
    def rated(text, df, of=()):
        made = Word(text, f'"{text}"', [], text, of=of)
        made.rate(df, 832)
        return made

    hot_chips = [rated("hot", 6), rated("chips", 61)]
    assert is_name(rated("hot chips", 2, of=(0, 1)), hot_chips)
    run_freebsd = [rated("run", 150), rated("freebsd", 30)]
    assert not is_name(rated("run freebsd", 2, of=(0, 1)), run_freebsd)


def issue_with_a_slot(week: str) -> str:
    """An issue of a list newsletter (DevOps'ish): a recurring "People" slot, a heading of its own
    in every issue over a long roundup that names it once, then items led by their links."""
    roundup = " ".join(f"Tool {n} shipped a release with fixes and docs." for n in range(40))
    items = "\n\n".join(
        f"[{title}](https://{host}.example.com/{week})  \n{text}"
        for host, title, text in (
            ("p", "How people join an on-call rotation", "A guide to onboarding new people."),
            ("f", f"Filler of {week}", "A filler item."),
            ("g", f"Second filler of {week}", "Another filler item."),
            ("h", f"Third filler of {week}", "Yet another filler item."),
        )
    )
    return f"""---
title: DevOps'ish {week}
---

## People

The people of the week: {roundup}

## Process

{items}
"""


def test_a_heading_every_issue_has_is_a_slot_not_what_a_story_is_about(db, tmp_path):
    # DevOps'ish: "People", "Process", "Jobs", "Events" and a sponsor's "O'Reilly Book on Observability
    # Engineering" recur week after week, heading and body both naming the word; "people" and
    # "honeycomb" found those slots, five copies of the sponsor, before any story about them
    for n in range(10, 16):
        index(db, tmp_path, f"2019-W{n}.md", issue_with_a_slot(f"2019-W{n}"))
    found = headings(db, "people")
    assert found[0] == "How people join an on-call rotation", found


GLUED = """---
title: DevOps'ish 2021-W10
---

## Security

[Google Online Security Blog: signing code with sigstore](https://a.example.com/sigstore)
How online security improves when every release is signed.

[Online security for small teams](https://b.example.com/teams)
Passwords, keys and the online security basics.

[SQL dump of a tech site leaked onlineSecurity Affairs](https://c.example.com/dump)
A database was leaked onlineSecurity Affairs reports.

[Filler](https://d.example.com/) A filler item.
"""


def test_two_words_are_not_swallowed_by_a_glued_form_one_story_has(db, tmp_path):
    # DevOps'ish has "onlineSecurity" twice, in one story, a title glued to its source ("leaked
    # online" + "Security Affairs"): "online security" found that story first, above Google's
    # Online Security Blog, once a form written twice joined the words typed apart
    index(db, tmp_path, "2021-W10.md", GLUED)
    found = headings(db, "online security")
    assert "leaked" not in found[0], found


def test_telling_a_slot_from_a_story_seeks_never_scans(db):
    # 3,000 stories of one issue under one heading: each candidate's check is two index seeks, not
    # a walk through its own issue's stories to find another issue
    plan = [row[3] for row in db.execute("explain query plan " + NOT_ABOUT.format("1,2"))]
    assert not [step for step in plan if step.startswith("SCAN")], plan
    assert sum("stories_heading (heading=? AND issue_id" in step for step in plan) == 2, plan


def test_a_name_only_addresses_have_is_evidence_enough_to_lead(db, tmp_path):
    # The archive names a workshop only in its site's address; every issue's colophon has the
    # question's chat ("follow", "links"). Before, an address weighed a small share of the word,
    # and the colophon answered "anyone follow wombatconf? got links"
    for week in range(14, 20):
        workshop = ADDRESSED if week == 14 else ""
        index(db, tmp_path, f"2019-W{week}.md", COLOPHON.format(week=week, workshop=workshop))
    assert headings(db, "anyone follow wombatconf? got links")[0] == "Workshop on memory models"
    assert headings(db, "wombatconf") == ["Workshop on memory models"]


def test_a_story_headed_by_the_one_word_asked_leads_the_stories_that_name_it_on_the_way(db, tmp_path):
    # BM25 favours the shorter: "Kernels built on Quokka" came before "Quokka 19.04 beta", which is
    # about the distribution and says so at length
    index(db, tmp_path, "2019-W20.md", HEADED)
    assert set(headings(db, "quokka")[:2]) == {"Quokka 19.04 beta", "Quokka Core for the Pi"}
    assert headings(db, "kernels")[0] == "Kernels built on Quokka"  # the word of its own heading
    assert headings(db, "quokka 19.04")[0] == "Quokka 19.04 beta"
    # after a label, as Works on Arm filed its stories in 2017 (the review of round 14)
    from bot.archive.lead import headed_by
    from bot.archive.query import parse_query
    from bot.archive.understanding import understand

    (quokka,) = understand(db, parse_query("quokka")).words
    assert headed_by("Distro: Quokka 19.04 beta", quokka) and headed_by("Bug fixes: Quokka", quokka)
    assert not headed_by("Kernels built on Quokka: a note", quokka)


def test_a_heading_starts_with_the_word_in_any_of_its_forms(db, tmp_path):
    from bot.archive.lead import headed_by
    from bot.archive.query import parse_query
    from bot.archive.understanding import understand

    index(db, tmp_path, "2019-W20.md", HEADED)
    (pi,) = understand(db, parse_query("rpi")).words  # a concept: every way of writing it
    assert headed_by("Raspberry Pi 3 Model A+", pi) and headed_by('"Raspberry Pi" hats', pi)
    assert not headed_by("Quokka Core on Raspberry Pi 3", pi)
    (fixed,) = understand(db, parse_query("quokk")).words  # a typo, headed by its fix
    assert fixed.replaced and headed_by("Quokka 19.04 beta", fixed)
    assert not headed_by("Quokkas of the week", fixed)  # another word that starts alike


HEADED = """---
title: Works on Arm News 2019-W20
---

### Kernels built on Quokka

Nightly kernels for arm64 servers are built on Quokka, with the patches of the week, and put on
the mirrors as packages for each board.

### Quokka 19.04 beta

The beta of Quokka 19.04 is out for arm64 servers, with a newer kernel, a new installer, cloud
images for every arm64 provider we know of, and fixes that the Quokka team lists in its notes.

### Quokka Core for the Pi

Quokka Core now boots on the Pi 3, from the same images as the other boards Quokka supports, and
updates itself in the background.

### Mirrors for arm64 images

New mirrors serve the arm64 images of Quokka and of two other distributions.
"""


COLOPHON = """---
title: Works on Arm News 2019-W{week}
---

### Subscription information

Follow the newsletter by mail, and follow the links to every past issue.
{workshop}
### Board news {week}

A new board ships with more memory, and a kernel release follows.
"""
ADDRESSED = """
### Workshop on memory models

* https://wombatconf.example.org/2019/program
"""


SOURCES = """---
title: Works on Arm News 2019-W13
---

### Quokka opens a store

Quokka, the board maker, opens an online store for its boards and cases.

### VIM9 development board

* https://www.example-news.com/2019/06/05/buy-quokka-vim9-board/
* https://www.quokka.com/vim?utm_source=newsletter

### Edge gateways

* https://www.example-news.com/2019/06/06/edge-gateway-roundup/
"""


def test_a_name_only_a_sources_address_gives_finds_the_story_below_a_story_that_says_it(db, tmp_path):
    # The Works on Arm stories of 2018 and 2019 list their sources as bare URLs: the board's maker
    # is named only in them ("khadas vim3" found nothing)
    index(db, tmp_path, "2019-W13.md", SOURCES)
    assert headings(db, "quokka vim9")[0] == "VIM9 development board"
    assert headings(db, "quokka") == ["Quokka opens a store", "VIM9 development board"]
    assert headings(db, "newsletter") == []  # a tracking tail is no word of the address

"""What a hit shows of its story (bot/archive/snippets.py): about 36 words around the most
matches, each match marked *like this*, and the links that match the query first."""

from __future__ import annotations

from bot.archive.query import parse_query
from bot.archive.snippets import SNIPPET_WORDS, highlighters, make_snippet, relevant_first


def filler(n: int, word: str = "lorem") -> str:
    return " ".join(f"{word}{i}" for i in range(n))


def test_the_snippet_is_the_window_with_the_most_matches_each_one_marked():
    matches = "WireGuard tunnels and wireguard keys"
    body = f"{filler(100)} wireguard once {filler(100, 'ipsum')} {matches} {filler(100, 'dolor')}"
    snippet = make_snippet(body, parse_query("wireguard").terms)
    assert snippet.startswith("… ") and snippet.endswith(" …")  # cut on both sides
    assert snippet.count("*") == 4 and "*WireGuard* tunnels and *wireguard* keys" in snippet
    assert "once" not in snippet  # the lone mention is elsewhere
    assert len(snippet.replace("…", "").split()) == SNIPPET_WORDS


def test_a_story_shorter_than_a_snippet_is_shown_whole_and_a_stem_is_marked():
    snippet = make_snippet("New benchmarks of Graviton2 instances.", parse_query("benchmark graviton").terms)
    assert snippet == "New *benchmarks* of *Graviton2* instances."  # "graviton2" is the concept's
    assert make_snippet("", parse_query("x").terms) == ""
    assert make_snippet("no match here", []) == "no match here"


def test_go_as_a_concept_marks_the_language_but_not_the_verb():
    snippet = make_snippet("Build it in Go 1.11, then go home. Go away.", parse_query("golang").terms)
    assert snippet == "Build it in *Go* 1.11, then go home. Go away."


def test_a_story_that_fits_in_a_snippet_is_never_cut_at_its_start():
    body = "Let's see what they built in the end: Go 1.11 today."
    assert (
        make_snippet(body, parse_query("golang").terms)
        == "Let's see what they built in the end: *Go* 1.11 today."
    )


def test_links_that_match_the_query_come_first_in_their_order():
    links = [
        {"text": "home page", "url": "https://example.com/"},
        {"text": "the post", "url": "https://example.com/blog/wireguard-on-arm64"},
        {"text": "other", "url": "https://example.org/"},
        {"text": "WireGuard release notes", "url": "https://example.net/notes"},
    ]
    ordered = relevant_first(links, highlighters(parse_query("wireguard").terms))
    assert [link["text"] for link in ordered] == ["the post", "WireGuard release notes", "home page", "other"]


def test_a_word_typed_without_its_diacritics_marks_the_word_written_with_them():
    body = "Adélie Linux runs on arm64. Lucas Käldström spoke in Zürich."
    snippet = make_snippet(body, parse_query("adelie kaldstrom zurich").terms)
    assert "*Adélie*" in snippet and "*Käldström*" in snippet and "*Zürich*" in snippet, snippet

"""What a hit shows of its story: about 36 words around the most matches, each match marked,
and the links that match the query first (Slack shows three)."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable

from bot.archive.query import Term
from bot.archive.vocabulary import fold

SNIPPET_WORDS = 36
SNIPPET_SCAN = 12_000  # characters: a story a hundred times longer than a snippet is read no further
Finder = Callable[[str], list[tuple[int, int]]]  # the spans of a text that match a query term


def relevant_first(links: list[dict[str, str]], finders: list[Finder]) -> list[dict[str, str]]:
    """The story's links, those that match the query first: Slack shows only the first three."""

    def matches(link: dict[str, str]) -> bool:
        text = f"{link['text']} {link['url'].replace('/', ' ')}"
        return any(find(text) for find in finders)

    return sorted(links, key=lambda link: not matches(link))


def highlighters(terms: list[Term]) -> list[Finder]:
    patterns: list[Finder] = []
    for term in terms:
        if term.concept is not None:
            patterns.append(term.concept.spans)
            if " ".join(term.tokens) in term.concept.ambiguous:
                continue
        words = [re.escape(_stem_prefix(t)) + (r"\w*" if len(t) > 2 else r"\b") for t in term.tokens]
        patterns.append(_finder(re.compile(r"\b" + r"\W+".join(words), re.I)))
    return patterns


def _finder(pattern: re.Pattern[str]) -> Finder:
    def find(text: str) -> list[tuple[int, int]]:
        # the terms are folded as the index folds words ("adelie" marks "Adélie"); folding keeps
        # every character in its place, so a span of the folded text is the text's
        return [m.span() for m in pattern.finditer(_folded(text))]

    return find


# A story's text is folded once for all the terms' finders, not once per term
_folded = functools.lru_cache(maxsize=16)(fold)


def _stem_prefix(token: str) -> str:
    """A crude stand-in for the porter stem, good enough to mark 'benchmarks' for 'benchmark'."""
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)]
    return token


def make_snippet(
    body: str, terms: list[Term], width: int = SNIPPET_WORDS, finders: list[Finder] | None = None
) -> str:
    """About `width` words of the body around the most matches, each match marked *like this*.
    `finders`: the terms' highlighters, when the caller made them once for a page of hits."""
    body = body[:SNIPPET_SCAN]
    spans: list[tuple[int, int]] = []
    for find in highlighters(terms) if finders is None else finders:
        spans += [(s, e) for s, e in find(body) if e > s]
    spans = _merge_spans(spans)
    words = list(re.finditer(r"\S+", body))
    if not words:
        return ""
    start_word = 0
    if spans:
        # The best window starts at a match: try each match's word (not every word: a long story
        # has thousands), and count the matches inside by bisection (spans are merged, so sorted
        # by start and end alike).
        word_starts = [w.start() for w in words]
        span_starts = [s for s, _ in spans]
        span_ends = [e for _, e in spans]
        best, best_count = 0, -1
        for start in span_starts:
            i = max(0, bisect.bisect_right(word_starts, start) - 1)
            hi = words[min(i + width, len(words)) - 1].end()
            count = bisect.bisect_right(span_ends, hi) - bisect.bisect_left(span_starts, word_starts[i])
            if count > best_count:
                best, best_count = i, count
        # a few words before the match, and never a window left part empty: a short story whole
        start_word = max(0, min(best - 4, len(words) - width))
    end_word = min(len(words), start_word + width)
    lo, hi = words[start_word].start(), words[end_word - 1].end()
    out, pos = [], lo
    for s, e in spans:
        if s < lo or e > hi:
            continue
        out += [body[pos:s], "*", body[s:e].strip(), "*"]
        pos = e
    out.append(body[pos:hi])
    text = "".join(out)
    return ("… " if lo > 0 else "") + text + (" …" if hi < len(body) else "")


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged

"""Comparisons: "X vs Y" or "X or Y, which is better" puts, among the best stories, those about
both sides first, then those about each side in turn; a story is about a side when it has most of
that side's weight."""

from __future__ import annotations

from bot.archive.ranking import Evidence
from bot.archive.understanding import Word

SIDE_WORDS = 4  # "jujitsu jj version control vs git": with 3, Jujutsu was no side
SIDE_SHARE = 0.5  # of a side's rarity, what a story must have to be about that side
# The best stories reordered for a comparison. All of them put a long list that names both sides
# in passing first; on the judged sets of rounds 1 to 3, comparisons 0.81 to 0.84 (20: 0.83).
COMPARED = 10
SEPARATORS = frozenset({"vs", "versus", "or", "against", "compared", "compare", "comparison"})


def comparison_sides(words: list[Word]) -> tuple[set[int], set[int]] | None:
    """The two sides of "X vs Y" or "X or Y, which is better": the content words right before and
    right after the separator (a run of at most SIDE_WORDS, up to a stop word: "gcc vs clang on
    aarch64" compares gcc and clang), when each side has one."""
    at = next((n for n, w in enumerate(words) if w.typed.lower().rstrip(".,") in SEPARATORS), None)
    if at is None:
        return None
    before, after = _run(words, range(at - 1, -1, -1)), _run(words, range(at + 1, len(words)))
    return (before, after) if before and after else None


def _run(words: list[Word], indexes: range) -> set[int]:
    run: set[int] = set()
    for i in indexes:
        word = words[i]
        if word.padding or len(run) == SIDE_WORDS:
            break
        if word.weight > 0:
            run.add(i)
    return run


def compare_first(
    ranked: list[Evidence], sides: tuple[set[int], set[int]], words: list[Word]
) -> list[Evidence]:
    """Among the best COMPARED stories: those about both sides first, then each side's in turn, then
    the rest, each in order. A story is about a side when it has most of the side's rarity ("oracle
    linux" is Oracle's, not every Linux story's; "jj version control" is jj's, not every story of
    version control, though a word of English weighs less than its rarity). Past the best few, the
    ranking is the words': a long list that names both in passing is no comparison of them."""
    head, tail = ranked[:COMPARED], ranked[COMPARED:]
    both: list[Evidence] = []
    left: list[Evidence] = []
    right: list[Evidence] = []
    rest: list[Evidence] = []
    for evidence in head:
        has_left, has_right = (_about(evidence, side, words) for side in sides)
        (both if has_left and has_right else left if has_left else right if has_right else rest).append(
            evidence
        )
    turns = [e for pair in zip(left, right, strict=False) for e in pair]
    longer = left if len(left) > len(right) else right
    return both + turns + longer[min(len(left), len(right)) :] + rest + tail


def _about(evidence: Evidence, side: set[int], words: list[Word]) -> bool:
    total = sum(words[i].rarity for i in side)
    return sum(words[i].rarity for i in side & evidence.matched) >= SIDE_SHARE * total

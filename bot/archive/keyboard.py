"""How a word is mistyped: the edit distance between two spellings, and the typos that are slips
of the fingers on a keyboard, likelier than any other."""

from __future__ import annotations

VOWELS = frozenset("aeiou")
SHORTEST_NAME = 4  # letters: a word this short is a name one typo from a stop word as often
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEYS = {key: (row + 0.5 * r, float(r)) for r, keys in enumerate(_ROWS) for row, key in enumerate(keys)}


def _near_keys(a: str, b: str) -> bool:
    if a not in _KEYS or b not in _KEYS:
        return False
    (ax, ay), (bx, by) = _KEYS[a], _KEYS[b]
    return abs(ay - by) <= 1 and abs(ax - bx) <= 1


def is_slip(typed: str, word: str) -> bool:
    """Whether one typo turns the word into what was typed the way fingers slip: two letters swapped,
    a letter skipped, a neighbouring key struck instead, or a letter struck twice or with its
    neighbouring key. Other single typos ("s" for "t") are likelier another word."""
    if len(typed) == len(word):
        diff = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
        if len(diff) == 2 and diff[1] == diff[0] + 1:
            return typed[diff[0]] == word[diff[1]] and typed[diff[1]] == word[diff[0]]
        return len(diff) == 1 and _near_keys(typed[diff[0]], word[diff[0]])
    if len(typed) == len(word) - 1:
        return skipped(typed, word)
    if len(typed) != len(word) + 1:
        return False
    i = next((n for n, (a, b) in enumerate(zip(typed, word, strict=False)) if a != b), len(word))
    if typed[:i] + typed[i + 1 :] != word:
        return False
    extra, around = typed[i], typed[max(0, i - 1) : i] + typed[i + 1 : i + 2]
    return any(extra == c or _near_keys(extra, c) for c in around)


def skipped(typed: str, word: str) -> bool:
    """Whether the typed word is the word with one letter left out."""
    return len(typed) == len(word) - 1 and any(word[:i] + word[i + 1 :] == typed for i in range(len(word)))


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, transpositions."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def may_mean_stop_word(typed: str, stop_word: str) -> bool:
    """Whether a word one typo from a stop word may be that stop word misspelt: any typo from five
    letters ("definatly", "becouse"); in four, where a name a letter from a stop word is as likely
    ("btop", "mosh" for "stop", "most"), a slip of the fingers or a vowel for a vowel ("waht",
    "evar")."""
    if len(typed) > SHORTEST_NAME or is_slip(typed, stop_word):
        return True
    swapped = [(a, b) for a, b in zip(typed, stop_word, strict=False) if a != b]
    return len(typed) == len(stop_word) and len(swapped) == 1 and set(swapped[0]) <= VOWELS

"""Makes tweet_lengths.json: X's weighted length of many texts, as twitter-text-parser 3.0.0 counted
them. bot/publishers/tweet_length.py is checked against this table (test_tweet_length.py).

The library is no longer a dependency (abandoned in 2023, it needs pkg_resources). To make the table
again, in a scratch virtual environment with this project installed:

    pip install twitter-text-parser==3.0.0 'setuptools<81'
    python -m tests.publishers.make_tweet_lengths

The cases: every emoji of the library's table (Unicode 12: flags, keycaps, skin tones, ZWJ
sequences, minimally and unqualified forms), edge strings (CJK, Hangul jamo that NFC composes,
combining marks, the borders of the light ranges, line endings, URLs with and without a scheme,
t.co, IDN, parentheses, trailing punctuation, things that look like domains and are not), and
random texts made of all of these. Random texts join emoji only where Unicode 12 and X's current
rules agree: never two pictographs glued by a lone ZWJ, a lone regional indicator, or U+FE0F after
an emoji that has no such variant.
"""

from __future__ import annotations

import itertools
import json
import random
import warnings
from pathlib import Path

TABLE = Path(__file__).with_name("tweet_lengths.json")

WORDS = ["Arm", "servers", "on", "Golang", "1.9", "the", "Kubernetes", "64-bit", "AArch64", "C#", "c++"]
LATIN = ["café", "naïve", "Škoda", "Ærø", "Đà Nẵng", "İstanbul", "Ελληνικά", "Привет", "עברית", "مرحبا"]
COMBINING = ["e\u0301", "a\u0308", "o\u0302\u0323", "n\u0303", "A\u030a", "u\u031b\u0300", "x\u0301"]
CJK = ["日本語", "中文", "한국어", "テスト", "ｆｕｌｌ", "。", "、", "「引用」"]
CJK += ["\u1100\u1161", "\u1112\u1161\u11ab"]  # Hangul jamo: NFC makes them one syllable
BORDERS = [
    chr(c)
    for c in (0x10FF, 0x1100, 0x1FFF, 0x2000, 0x200B, 0x200C, 0x200E, 0x200F, 0x2010, 0x2014, 0x201F, 0x2020)
] + [chr(c) for c in (0x2031, 0x2032, 0x2037, 0x2038, 0x20AC, 0x2122, 0xFEFF, 0x1D400, 0x10348, 0xE000)]
SEPARATORS = [" ", " ", " ", "", "\n", "\r\n", "\r", "\t", ", ", ". ", " – ", ": ", "!", "?", "(", ")"]
URLS = [
    "https://github.com/WorksOnArm/worksonarm-news/blob/master/content/2019/2019-W05.md",
    "http://example.com",
    "https://example.com/",
    "example.com",
    "www.example.org/path?q=1&r=2",
    "EXAMPLE.COM",
    "sub.domain.example.co.uk/a/b",
    "https://en.wikipedia.org/wiki/ARM_(architecture)",
    "https://en.wikipedia.org/wiki/Foo_(bar_(baz))",
    "http://t.co/abc123",
    "https://t.co/abcdefghij?x=1",
    "https://t.co/" + "a" * 41,
    "http://例え.jp/テスト",
    "https://bücher.de/a",
    "bücher.de",
    "http://xn--fiqs8s.xn--fiqz9s",
    "https://example.com:8080/x",
    "https://example.com/a.b,c",
    "https://example.com/a?b=c.",
    "ASP.NET",
    "golang.org/doc",
    "docs.docker.com/engine/",
    "k8s.io",
    "arm64.example.dev/foo-bar_baz",
    "https://" + "a" * 70 + ".com",
    "http://example.com/" + "p" * 300,
]
NOT_URLS = ["node.js", "file.txt", "v1.2.3", "e.g.", "U.S.", "user@example.com", "@example.com", "$foo.com"]
NOT_URLS += ["#x.com", "-foo.com", "_foo.com", "a.b", "http://", "https://.com", "example.com@", "3.14159"]
NOT_URLS += ["www.", "..com"]
PICTOGRAPHS = ["😀", "🚀", "❤️", "❤", "👍", "👍🏽", "🇩🇪", "🇯🇵", "#️⃣", "1️⃣", "©", "®", "™", "‼️", "🏴󠁧󠁢󠁥󠁮󠁧󠁿"]
PICTOGRAPHS += ["👩‍💻", "👨‍👩‍👧‍👦", "🏳️‍🌈", "👩🏽‍💻", "👁️‍🗨️", "☝🏽", "🏴‍☠️", "💪🏿"]
TLDS = ["com", "org", "net", "io", "dev", "de", "jp", "co.uk", "app", "info", "eu", "xn--p1ai", "рф", "中国"]
LABEL_CHARS = "abcxyz019-_é"
PATH_CHARS = "abz09-_./~%+=!*',;:@&$#|[]()–"
TRAILING = ["", "", ".", ",", ")", "!", "?", ":", "'", '"', "…", "。"]
GLUE = ["\u200d", "\ufe0f", "\ufe0e", "\U0001f1e6", "\U0001f3fd", "\u20e3", "\u0301", "\u200b"]


def edge_cases() -> list[str]:
    cases = ["", " ", "a", "a" * 280, "a" * 281, "日" * 140, "日" * 141, "😀" * 140]
    cases += BORDERS + COMBINING + CJK + LATIN + URLS + NOT_URLS + PICTOGRAPHS
    cases += [f"see {u}." for u in URLS] + [f"({u})" for u in URLS] + [f"„{u}“ ok" for u in URLS]
    cases += [f"{u}, {v}" for u, v in itertools.pairwise(URLS)]
    cases += [f"x{g}y" for g in GLUE] + [f"{g}" for g in GLUE]
    cases += [f"{p}{u}" for p, u in zip(PICTOGRAPHS, URLS, strict=False)]
    cases += ["line\r\nbreak", "a\rb", "a\n\nb", "\r\n" * 5, "tab\there"]
    return cases


def emoji_cases() -> list[str]:
    from twitter_text.regexp.emoji import emoji_list

    return [entry.emoji for entry in emoji_list]


def random_cases(count: int, seed: int = 20) -> list[str]:
    from twitter_text.regexp.emoji import emoji_list

    rng = random.Random(seed)
    emoji = [entry.emoji for entry in emoji_list]
    pools = [WORDS, WORDS, LATIN, COMBINING, CJK, BORDERS, URLS, NOT_URLS, emoji, PICTOGRAPHS]
    cases = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 24)):
            token = rng.choice(rng.choice(pools))
            if rng.random() < 0.05:  # glue between letters, where it never joins two emoji
                token = f"z{rng.choice(GLUE)}z"
            parts += [token, rng.choice(SEPARATORS)]
        cases.append("".join(parts))
    return cases


def url_cases(count: int, seed: int = 23) -> list[str]:
    """Random URL-like texts: schemes or none, odd labels, ports, paths with parentheses and
    punctuation, queries, and what comes before and after them."""
    rng = random.Random(seed)

    def label() -> str:
        return "".join(rng.choice(LABEL_CHARS) for _ in range(rng.randint(1, 8)))

    cases = []
    for _ in range(count):
        url = rng.choice(["", "", "http://", "https://", "HTTPS://", "ftp://"])
        url += ".".join(label() for _ in range(rng.randint(1, 3))) + "." + rng.choice(TLDS)
        if rng.random() < 0.1:
            url += f":{rng.randint(1, 99999)}"
        if rng.random() < 0.6:
            url += "/" + "".join(rng.choice(PATH_CHARS) for _ in range(rng.randint(0, 25)))
        if rng.random() < 0.3:
            url += "?" + "".join(rng.choice(PATH_CHARS + "?") for _ in range(rng.randint(0, 12)))
        before = rng.choice(["", " ", "(", "@", "#", "$", "a", "-", ".", "/", "「", "\u200e", "日"])
        cases.append(f"{before}{url}{rng.choice(TRAILING)} {rng.choice(WORDS)}")
    return cases


def main() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from twitter_text import parse_tweet

    texts = list(dict.fromkeys(edge_cases() + emoji_cases() + url_cases(800) + random_cases(700)))
    table = [{"text": text, "weighted_length": parse_tweet(text).weightedLength} for text in texts]
    note = (
        "X's weighted length as twitter-text-parser 3.0.0 counted it; "
        "made by tests/publishers/make_tweet_lengths.py (see its docstring)"
    )
    lines = ",\n".join(json.dumps(case) for case in table)  # one case a line; \u escapes keep it readable
    TABLE.write_text(f'{{"note": {json.dumps(note)},\n"cases": [\n{lines}\n]}}\n')
    print(f"{len(table)} cases written to {TABLE}")


if __name__ == "__main__":
    main()

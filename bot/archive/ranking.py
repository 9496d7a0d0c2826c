"""Ranking by evidence, never by a gate: every content word of the query (with its forms, see
bot/archive/understanding.py) adds its weight to the stories that have it, so a story with more of
the informative words, and rarer ones, ranks higher, and a word no story has empties nothing.
Within a word, BM25 (heading above body) orders the stories that have it, and a story whose heading
and body both have it is about it (unless the word is part of a name); a story that has it only in a
link's address gets a small share of its weight, or half for a name no story's text has. The
semantic channel's ranking (bot/archive/semantic.py) is fused with this one by reciprocal rank
fusion. A comparison ("X vs Y") is ordered after (bot/archive/comparison.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from bot.archive.fts import FTS_WEIGHTS, TEXT_COLUMNS
from bot.archive.understanding import Word

POOL = 300  # stories read per word, best first: a common word's long tail changes no first page
MAX_WORDS = 32  # the most informative words searched: a bound on one query's work
# Stories: a word in more is "common", looked up only beside the rarer words. BM25 costs a few
# microseconds a story, so this bounds each word's work whatever the archive's size; 500 to 2,000
# scored the same on the dev questions.
COMMON_DF = 500
BM25_SHARE = 0.5  # of a word's weight, the share that its BM25 within the word decides
RRF_K = 5  # reciprocal rank fusion's constant; small: the first few ranks matter most (dev questions)
SEMANTIC_K = 40  # stories the semantic channel proposes
SEMANTIC_WEIGHT = 0.5  # its votes against the words' (1.0); chosen on the dev questions (bench/)
ADMIT_BELOW = 10  # stories found by the words: with fewer, the semantic channel may add its own
ADMIT_CLOSENESS = 0.9
# Nor below this similarity, however close the rest are: "graviton" (4 stories) drew "Subscription
# information" at 0.22. Of the 426 judged questions, 3 had such a story in their first five, all
# unrelated (0.35); "notebook" draws "Pinebook Pro laptop" at 0.48. No judged score moves.
ADMIT_FLOOR = 0.4
# Nor does a story vote below this similarity: the query's vector tells nothing of it. "drew henry
# interview" put the Chris Short interview (one word, 0.18) before Drew Henry's (all three, 0.12).
# The judged sets of rounds 1 to 14 score the same; holdout15 Works on Arm 0.775 to 0.786.
VOTE_FLOOR = 0.2
_WEIGHTS = ", ".join(str(w) for w in FTS_WEIGHTS)
_BM25 = f"-bm25(stories_fts, {_WEIGHTS})"
_BODY = "-bm25(stories_fts, 0.0, 1.0, 0.0)"  # the body's alone: below the whole's when the heading has it too
COMMON_SHARE = 0.5  # of its BM25 share, what a common word gives each of its stories
# Of a word's weight, what a story gains that has it only in a link's address (bot/archive/fts.py)
ADDRESS_SHARE = 0.15
# Of a word's weight, what a story gains when both its heading and its body have the word: the body
# goes on about what the heading names, where a heading alone may name it in passing ("Ellexus:
# migrating to Arm and Raspberry Pi") and a body alone mentions it among others. Not an item of a
# list (a story filed under a section and headed by its own link, see bot/archive/newsletter.py):
# an item's body quotes the linked page, and a bare link is as much about it. On all the judged
# sets: Works on Arm 0.672 to 0.677, the keyword set's typos 0.90 to 0.93 and questions 0.60 to 0.67,
# DevOps'ish 0.656 to 0.657. Nor a heading without a body, whose own link's address, indexed with the
# body, repeats the heading ("moving-our-tools-to-arm-and-raspberry-pi"): the keyword set's clean
# queries 0.917 to 0.941.
CONFIRMED_SHARE = 0.3
NAME_PMI = math.log(2)
# A name that at most RARE_NAME stories have weighs twice in their ranking: it is the thing asked
# about, which a few commoner words together outweighed ("kaseya ransomware attack" led with other
# ransomware attacks, "vlc … for snapdragon windows laptops" with laptops). On the judged sets of
# rounds 1 to 14: Works on Arm 0.756 to 0.758, DevOps'ish 0.643 to 0.648 (one empty answer fewer);
# holdout15 0.747 to 0.775 and 0.562 to 0.565 (measured after it was written, not before).
RARE_NAME = 3
RARE_NAME_GAIN = 2.0
# An item of a list: a story filed under a section and headed by its own link's text
ITEM = "(s.section != '' and exists (select 1 from links l where l.story_id = s.id and l.text = s.heading))"
# Nor a heading that recurs in other issues: a slot of the newsletter (DevOps'ish's "People", "Jobs",
# a sponsor's "Get Yours Free from Honeycomb!"), whose body names the slot week after week.
NOT_ABOUT = (
    f"select s.id from stories s where s.id in ({{}}) and (s.body = '' or {ITEM} "
    # two seeks of the (heading, issue) index, however many stories of its own issue share it
    "or exists (select 1 from stories o where o.heading = s.heading and o.issue_id < s.issue_id) "
    "or exists (select 1 from stories o where o.heading = s.heading and o.issue_id > s.issue_id))"
)


@dataclass(slots=True)
class Evidence:
    """What speaks for one story: the words it has (indexes into the query's words), their
    weighted score, and its similarity to the query in the semantic channel."""

    story_id: int
    score: float = 0.0
    matched: set[int] = field(default_factory=set)
    similarity: float | None = None
    fused: float = 0.0


_df_cache: dict[tuple[object, ...], int] = {}
_DF_CACHE_SIZE = 4_096
_generations: dict[int, tuple[tuple[object, ...], tuple[object, ...]]] = {}


def generation(db: Database) -> tuple[object, ...]:
    """What the index is now (its file, stories and newest story), looked up again only after a
    write by this connection or another (SQLite's data_version): counting 36,000 stories is 1 ms."""
    file = db.execute("select file from pragma_database_list where name = 'main'").fetchone()[0]
    seen = (file, db.conn.total_changes, db.execute("pragma data_version").fetchone()[0])
    known = _generations.get(id(db.conn))
    if file and known and known[0] == seen:
        return known[1]
    top = db.execute("select count(*), max(id) from stories").fetchone()
    now = (file, int(top[0]) or 1, top[1])
    _generations[id(db.conn)] = (seen, now)
    return now


def stories_in_index(db: Database) -> int:
    total = generation(db)[1]
    return total if isinstance(total, int) else 1


_lengths: dict[tuple[object, ...], float] = {}


def words_per_story(db: Database) -> float:
    """The stories' mean length in words of the vocabulary, once per index generation (the
    vocabulary's counts: a few thousand rows, not the stories' text)."""
    now = generation(db)
    if now not in _lengths:
        if len(_lengths) > 16:
            _lengths.clear()
        words = db.execute("select coalesce(sum(count), 0) from vocabulary").fetchone()[0]
        _lengths[now] = int(words) / stories_in_index(db)
    return _lengths[now]


def weigh(db: Database, words: list[Word]) -> None:
    """Each word's weight from how many stories have it (in the whole index, filters aside). The
    index decides, not the vocabulary: "c++" is "c", a word too short to be counted there. Counts
    are kept per process until the index changes: a common word is counted once, not per query."""
    now = generation(db)
    total = stories_in_index(db)
    # Only a word of English asks how long stories are (Word.rate): a name's search never does
    length = words_per_story(db) if any(word.zipf > 0 for word in words) else 0.0
    sql = "select count(*) as n from stories_fts where stories_fts match ?"
    for word in words:
        key = (*now, word.expr)
        df = _df_cache.get(key) if now[0] else None
        if df is None:
            df = int(next(iter(db.query(sql, [word.expr])))["n"])
            if len(_df_cache) >= _DF_CACHE_SIZE:
                _df_cache.clear()
            _df_cache[key] = df
        word.rate(df, total, length)
        word.known = word.known or df > 0


class Found(dict[int, Evidence]):
    """The stories the words found, by id; `capped` when a word had more than POOL stories."""

    capped = False


def lexical(db: Database, words: list[Word], where: str, params: dict[str, Any]) -> Found:
    """Every story that has any weighed word (the best POOL per word), with its evidence."""
    found = Found()
    confirmed: dict[int, float] = {}
    # A word of a name the stories have ("hot chips") is about the name, not about itself: no story
    # is about the conference for having "chip" in its heading and body
    named = {n for pair in words if pair.of and pair.weight > 0 and is_name(pair, words) for n in pair.of}
    weighed = [i for i, w in enumerate(words) if w.weight > 0]
    if any(not words[i].padding for i in weighed):  # stop words only break ties: never looked up
        weighed = [i for i in weighed if not words[i].padding]
    ranked = sorted(weighed, key=lambda i: -words[i].weight)[:MAX_WORDS]
    # A word most stories have ("rust" in This Week in Rust) is looked for only in the stories with
    # a rarer word: ranking its whole doclist by BM25 costs more than all the rest together.
    common = COMMON_DF
    rare = [i for i in ranked if words[i].df <= common] or sorted(ranked, key=lambda i: words[i].df)[:1]
    rarer = " OR ".join(words[i].expr for i in rare)
    lookups = [(i, i in rare) for i in ranked]  # a word, and whether it is looked up alone
    # And alone too when the rarer words are numbers alone: "kubernetes 199" looked for Kubernetes
    # only in the three stories with "199" ("$199"), and said the archive had no story about it
    lettered = [i for i in ranked if any(c.isalpha() for c in words[i].shown)]
    if lettered and not set(lettered) & set(rare):
        lookups.append((min(lettered, key=lambda i: words[i].df), True))
    for i, alone in lookups:
        word = words[i]
        # A common word found only in an address is no evidence worth its lookup
        expr = word.expr if alone else f"{TEXT_COLUMNS} : ({word.expr}) AND ({rarer})"
        # Plain tuples, no savepoint: a common word's 300 rows are most of a search's Python work.
        # A common word is not ranked by BM25 within its stories (each match's length is a lookup:
        # three times the cost): its weight is small, and every story it is in gets the middle share.
        sql = _sql(where) if alone else _sql(where).replace(_BM25, str(COMMON_SHARE)).replace(_BODY, "0")
        rows = db.execute(sql, {**params, "m": expr, "pool": POOL}).fetchall()
        found.capped = found.capped or len(rows) == POOL
        if not rows:
            continue
        weight = word.weight * (RARE_NAME_GAIN if is_rare_name(word) else 1.0)
        base = weight * (1 - BM25_SHARE)
        scale = weight * BM25_SHARE / ((max(b for _, b, _ in rows) or 1.0) if alone else 1.0)
        # A name that no story's text has, only addresses ("p3ma", a workshop's site), worth what a
        # word of the text is before its BM25; not English, which a host has by the way ("nasa")
        address = base if alone and rows[0][1] <= 0 and word.zipf == 0 else weight * ADDRESS_SHARE
        for story_id, b, body in rows:
            evidence = found.get(story_id)
            if evidence is None:
                evidence = found[story_id] = Evidence(story_id)
            elif i in evidence.matched:
                continue  # found beside the rarer words, then alone: once
            # the text's BM25 is nought when only an address has the word
            evidence.score += (base + scale * b) if b > 0 else address
            evidence.matched.add(i)
            if i not in named and 0 < body < b:  # the body alone scores below the whole: both have it
                confirmed[story_id] = confirmed.get(story_id, 0.0) + weight * CONFIRMED_SHARE
    if confirmed:
        marks = ",".join(map(str, confirmed))
        for (story_id,) in db.execute(NOT_ABOUT.format(marks)):
            del confirmed[story_id]
        for story_id, gain in confirmed.items():
            found[story_id].score += gain
    return found


def is_rare_name(word: Word) -> bool:
    """A name (no word of English) that at most RARE_NAME stories have: what the question asks about.
    One word: not two side by side ("ceph storage", 2 stories: each word has more), nor a number
    ("3.7"), which the review of round 15 found doubled."""
    one = word.shown.replace("-", "").isalnum() and not word.shown.isdigit()
    return one and word.zipf == 0 and 0 < word.df <= RARE_NAME and not (word.padding or word.of)


def is_name(pair: Word, words: list[Word]) -> bool:
    """Whether the stories have the words side by side more than twice as often as chance would
    put them there (pointwise mutual information, log(N x df(pair) / (df(a) x df(b))), from the
    idfs): "hot chips" and "ampere emag" are names, "run freebsd" in a question is not."""
    return sum(words[i].rarity for i in pair.of) - pair.rarity > NAME_PMI


def _sql(where: str) -> str:
    if where:
        return (
            f"select s.id as id, {_BM25} as b, {_BODY} as body from stories_fts "
            "join stories s on s.id = stories_fts.rowid join issues i on i.id = s.issue_id "
            f"where stories_fts match :m{where} order by b desc limit :pool"
        )
    return (
        f"select rowid as id, {_BM25} as b, {_BODY} as body from stories_fts "
        "where stories_fts match :m order by b desc limit :pool"
    )


def fuse(found: dict[int, Evidence], near: list[tuple[int, float]], *, admit: bool) -> list[Evidence]:
    """Reciprocal rank fusion of the words' ranking and the semantic one, best first. Stories that
    have none of the words join only when `admit` (the words found little, or some word is
    unknown: a paraphrase); otherwise the semantic channel reorders what the words found."""
    by_words = sorted(found.values(), key=lambda e: (-e.score, -e.story_id))
    for rank, evidence in enumerate(by_words, 1):
        evidence.fused = 1.0 / (RRF_K + rank)
    # A story without the words joins only as close to the query as the closest story of all
    # (nearly), as every story with the words and as ADMIT_FLOOR: never a neighbour where the words
    # found better, nor the nearest of strangers.
    closest_with_words = max((sim for i, sim in near if i in found), default=0.0)
    bar = max(ADMIT_CLOSENESS * (near[0][1] if near else 0.0), closest_with_words, ADMIT_FLOOR)
    for rank, (story_id, similarity) in enumerate(near, 1):
        if similarity < VOTE_FLOOR or (story_id not in found and (not admit or similarity < bar)):
            continue
        evidence = found.setdefault(story_id, Evidence(story_id))
        evidence.similarity = similarity
        evidence.fused += SEMANTIC_WEIGHT / (RRF_K + rank)
    return sorted(found.values(), key=lambda e: (-e.fused, -e.score, -e.story_id))

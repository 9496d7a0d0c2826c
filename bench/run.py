"""Benchmarks. Prints numbers, each beside its target with a verdict; asserts nothing.

Run with `make bench`. Reads the real corpora from ../shared/corpus. Search is compared with a full
LIKE scan over the same database, query by query in the same run; the judged queries give the
relevance of the bot's search, of the clean keywords, and of the LIKE scan.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/ and tests/ as packages

from bench.cold import cold_cli_search, first_command, spread
from bench.relevance import ENGINES, score_set, show
from bench.searching import CLEAN, FUZZY, fts_floor, grow, interleaved, percentiles, relevance
from bench.serving import feed_poll, slash_roundtrip
from bot.archive.files import SHIPPED_ISSUES, find_issue_files, index_files
from bot.archive.semantic import embed_missing
from bot.db import open_db, thread_db
from bot.schema import migrations

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
WOA = CORPUS / "worksonarm-news" / "content"
ALL = [SHIPPED_ISSUES, WOA, CORPUS / "devopsish", CORPUS / "this-week-in-rust", CORPUS / "hypriot-blog"]
ROUNDS = 15
# The judge's sets, each written after the tuning of the rounds before it (holdout4 and 5: round 4)
SPLITS = ("dev", "holdout", *(f"holdout{n}" for n in range(2, 18)))
REPEATS = 3  # every timing is taken this often: a verdict from one sample flips between runs
# main before issue 21, measured with `make bench` on this machine at the start of the work
MAIN = {"all corpora index s": 31.27, "clean p99 ms": 6.05, "typed p99 ms": 6.47, "serve MB": 89}


def line(label: str, value: str, target: str = "", ok: bool | None = None) -> None:
    verdict = "" if ok is None else ("  ok" if ok else "  MISSED")
    print(f"{label:<50} {value:>18}   {target}{verdict}")


def index_into(path: Path, sources: list[Path]) -> float:
    """Index and embed, as `index` does."""
    files = find_issue_files(sources)
    with open_db(path, migrations=migrations) as db:
        start = time.perf_counter()
        index_files(db, files)
        embed_missing(db)
        return time.perf_counter() - start


def indexing(tmp: Path) -> Path:
    woa_s = index_into(tmp / "woa.db", [WOA])
    all_db = tmp / "all.db"
    all_s = index_into(all_db, ALL)
    again_s = index_into(all_db, ALL)
    with open_db(all_db) as db:
        counts = {t: db.table(t).count for t in ("issues", "stories", "links", "vocabulary")}
    print(f"corpus: {counts['issues']} issues, {counts['stories']} stories, {counts['links']} links, "
          f"{counts['vocabulary']} words\n")  # fmt: skip
    line("index Works on Arm archive", f"{woa_s:.2f} s", "target <= 2 s", woa_s <= 2)
    limit = 2 * MAIN["all corpora index s"]
    line(
        "index all corpora, embeddings included",
        f"{all_s:.2f} s",
        f"target <= 2x main = {limit:.0f} s",
        all_s <= limit,
    )
    ratio = again_s / all_s
    line(
        "re-index all corpora, nothing changed",
        f"{again_s:.3f} s",
        f"{ratio:.1%}, target <= 10%",
        ratio <= 0.10,
    )
    return all_db


def searching(all_db: Path, woa_db: Path) -> None:
    print(f"\nsearch: {len(CLEAN)} clean and {len(FUZZY)} typed queries x {ROUNDS} rounds, {REPEATS} "
          "repeats (p99 of each, min-max), a connection per thread, beside a full LIKE scan")  # fmt: skip
    for label, path in (("all corpora", all_db), ("Works on Arm only", woa_db)):
        clean99, typed99, like99 = [], [], []
        for _ in range(REPEATS):
            clean, clean_scan = interleaved(path, CLEAN, ROUNDS)
            fuzzy, fuzzy_scan = interleaved(path, FUZZY, ROUNDS)
            clean99.append(percentiles(clean)[2])
            typed99.append(percentiles(fuzzy)[2])
            like99.append(percentiles(clean_scan + fuzzy_scan)[2])
        c, t, lk = max(clean99), max(typed99), max(like99)
        if path == all_db:
            ok = c <= 2 * MAIN["clean p99 ms"] and t <= 2 * MAIN["typed p99 ms"]
            target = f"<= 2x main ({MAIN['clean p99 ms']}, {MAIN['typed p99 ms']})"
        else:
            ok, target = None, ""
        line(f"  {label}: clean p99", _range(clean99), target, ok)
        line(f"  {label}: typed p99", _range(typed99))
        line(f"  {label}: full LIKE scan p99", _range(like99), f"LIKE/search {lk / max(c, t):.1f}x")
        floor = percentiles(fts_floor(path, CLEAN + FUZZY, ROUNDS // 3))[2]
        line(
            f"  {label}: FTS5 OR floor p99",
            f"{floor:.2f} ms",
            f"search/floor {max(c, t) / floor:.1f}x, <= 10x",
        )
    print("\njudged questions (bench/judged/): nDCG@5, empty answerable, unanswerable that found nothing")
    print("  main before issue 21 (measured at the start): woa dev 0.25, holdout 0.11; devopsish dev 0.27, "
          "holdout 0.18")  # fmt: skip
    print("  targets: questions >= 0.65, <= 1 in 20 answerable empty, every unanswerable empty; DevOps'ish "
          ">= 0.60. holdout6 to 12 measured before the changes they led to (closing notes)")  # fmt: skip
    dev_db = woa_db.parent / "devopsish.db"
    index_into(dev_db, [CORPUS / "devopsish"])
    for split in SPLITS:
        for name, path in ((f"woa_questions_{split}", woa_db), (f"devopsish_{split}", dev_db)):
            print(f" {name}:")
            for label, engine in ENGINES.items():
                show(label, score_set(path, name, engine))
    print("\njudged keywords (bench/judged/keywords.py), Works on Arm archive: nDCG@5 / MRR")
    scores = relevance(woa_db)
    for kind, (tn, _, cn, _, ln, _) in scores.items():
        if kind == "clean":
            line(
                "  clean keywords (the typo and spacing sets' clean forms)",
                f"{tn:.2f}",
                "target >= 0.95",
                tn >= 0.95,
            )
            continue
        if kind == "none":
            line("  questions the archive cannot answer: empty", f"{tn:.0%}", "target 100%", tn == 1)
            continue
        target = {"typo": 0.90, "spacing": 0.90, "question": 0.65}[kind]
        line(
            f"  {kind}: as typed / clean words / LIKE as typed",
            f"{tn:.2f}/{cn:.2f}/{ln:.2f}",
            f"target >= {target:.2f} as typed",
            tn >= target,
        )


def _range(samples: list[float]) -> str:
    return f"{min(samples):.2f}-{max(samples):.2f} ms"


def at_scale(tmp: Path, all_db: Path) -> None:
    """The same queries (clean and typed), the same rounds, at 1x and at 10x: like with like."""
    big = tmp / "big.db"
    big.write_bytes(all_db.read_bytes())
    stories = grow(big, 10)
    one, ten = [], []
    for _ in range(REPEATS):
        one.append(percentiles(interleaved(all_db, CLEAN + FUZZY, 3)[0])[2])
        ten.append(percentiles(interleaved(big, CLEAN + FUZZY, 3)[0])[2])
    print(f"\nsynthetic 10x corpus: {stories} stories ({len(CLEAN + FUZZY) * 3} samples a pass)")
    line("search p99, 1x stories", _range(one))
    line("search p99, 10x stories", _range(ten), f"{min(ten) / max(one):.1f}-{max(ten) / min(one):.1f}x")


def cold(all_db: Path) -> None:
    print()
    installed = cold_cli_search(all_db)
    line(
        "cold CLI `search golang --json`, median (min-max)",
        spread(installed),
        "target <= 150 ms",
        sorted(installed)[len(installed) // 2] <= 0.150,
    )
    line("  the same, every module compiled from source", spread(cold_cli_search(all_db, compiled=False)))
    line("serve: first command after start", spread(first_command(all_db)), "Slack's 3 s")


def vocabulary(all_db: Path) -> None:
    from bot.archive.index import save_issue
    from bot.archive.newsletter import parse_issue
    from bot.archive.vocabulary import rebuild_vocabulary
    from bot.db import write_transaction

    text = (WOA / "2019" / "2019-W30.md").read_text()
    issue = parse_issue(text + "\n\n### One more story\n\nWith a brandnewword.\n", file_name="2019-W30.md")
    with thread_db(all_db) as db:
        start = time.perf_counter()
        save_issue(db, issue, source="archive")  # the vocabulary moves with the issue's stories
        incremental = time.perf_counter() - start
        start = time.perf_counter()
        with write_transaction(db):
            rebuild_vocabulary(db)
        full = time.perf_counter() - start
    print()
    line("save one changed issue, vocabulary included", f"{incremental * 1000:.1f} ms", "incremental")
    line(
        "  vs rebuilding the vocabulary from every story",
        f"{full * 1000:.0f} ms",
        f"{full / incremental:.0f}x",
    )


def tips(woa_db: Path) -> None:
    from bench.searching import percentiles as pct
    from bot.tips.coverage import assess_links

    with thread_db(woa_db) as db:
        urls = [r["url"] for r in db.query("select url from links order by random() limit 200")]
        samples = []
        for url in urls:
            start = time.perf_counter()
            assess_links(db, [url.replace("http://", "https://") + "?utm_source=x"])
            samples.append(time.perf_counter() - start)
    p50, _, p99 = pct(samples)
    line("tip coverage check p50/p99 (archive)", f"{p50:.2f}/{p99:.2f} ms", "target <= 5 ms", p99 <= 5)


def serving(all_db: Path) -> None:
    print("\n/worksonarm over HTTP to a real `serve` (all corpora), signed, a 'Sorry' counts as a failure")
    mb = 0.0
    for threads in (2, 4):
        for concurrency, total in ((1, 300), (8, 2000)):
            latencies, rate, mb, failed = slash_roundtrip(all_db, concurrency, total, threads)
            r50, _, r99 = percentiles(latencies)
            label = f"{threads} threads, concurrency {concurrency}: p50/p99"
            if concurrency == 8:
                ok = r99 <= 30 and rate >= 300 and failed == 0
                line(label, f"{r50:.1f}/{r99:.1f} ms", "target p99 <= 30 ms", ok)
                line(
                    f"  {threads} threads: commands per second, failures",
                    f"{rate:.0f}/s, {failed}",
                    ">= 300/s, 0",
                )
            else:
                line(label, f"{r50:.1f}/{r99:.1f} ms")
    line("serve resident memory after those commands", f"{mb:.0f} MB", "target <= 150 MB", mb <= 150)


def main() -> int:
    missing = [p for p in ALL if not p.exists()]
    if missing:
        print(f"bench: corpus not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        all_db = indexing(tmp)
        searching(all_db, tmp / "woa.db")
        at_scale(tmp, all_db)
        cold(all_db)
        tips(tmp / "woa.db")
        vocabulary(all_db)
        serving(all_db)
    with tempfile.TemporaryDirectory() as name:
        cold_wall, cold_cpu, not_modified_cpu, entries = feed_poll(Path(name))
    print()
    line(f"poll {entries}-entry feed, cold (wall / CPU)", f"{cold_wall * 1000:.0f}/{cold_cpu * 1000:.0f} ms")
    ok = not_modified_cpu * 1000 <= 20
    line("poll, 304 not modified (CPU)", f"{not_modified_cpu * 1000:.1f} ms", "target <= 20 ms", ok)
    print("\nparser, per corpus (bench/parser_counts.py):")
    from bench.parser_counts import main as parser_counts

    parser_counts()
    print("\npathological inputs just under the 256 KB cap, each in its own process (bench/pathological.py):")
    subprocess.run(
        [sys.executable, str(Path(__file__).parent / "pathological.py"), "--under-cap"], check=False
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""'Already covered', on the whole archive: every link, written the ways browsers and apps write
it, is found in the earliest issue that has it."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import pytest

from bot.archive.files import find_issue_files, index_files
from bot.archive.links import normalize_url
from bot.tips.coverage import first_coverage
from tests.corpus import SHIPPED, WOA_ARCHIVE, need_corpus
from tests.support import open_db


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("coverage") / "archive.db"
    with open_db(path) as db:
        index_files(db, find_issue_files([SHIPPED, need_corpus(WOA_ARCHIVE)]))
    with open_db(path) as db:
        yield db


def variants(url: str) -> list[str]:
    """The link as a browser, a phone or a newsletter would hand it over."""
    parts = urlsplit(url)
    host = parts.netloc
    other_host = host[4:] if host.startswith("www.") else "www." + host
    other_scheme = "http" if parts.scheme == "https" else "https"
    path = parts.path.rstrip("/") if parts.path.endswith("/") else parts.path + "/"
    tracking = "utm_source=newsletter&utm_medium=email&fbclid=IwAR0abc"
    query = f"{parts.query}&{tracking}" if parts.query else tracking
    return [
        urlunsplit((other_scheme, host, parts.path, parts.query, "")),
        urlunsplit((parts.scheme, other_host, parts.path, parts.query, "")),
        urlunsplit((parts.scheme, host, parts.path, query, "")),
        urlunsplit((parts.scheme, host, path, parts.query, "")),
        urlunsplit((parts.scheme, host, parts.path, parts.query, "comments")),
        urlunsplit((other_scheme, other_host, path, query, "top")),
    ]


def test_every_archive_link_in_every_form_is_covered_in_its_earliest_issue(archive):
    earliest: dict[str, str] = {}
    for row in archive.query(
        "select l.url, i.week from links l join issues i on i.id = l.issue_id "
        "where i.publication = 'worksonarm' order by i.date, i.week"
    ):
        earliest.setdefault(normalize_url(row["url"]), row["week"])
    originals = {
        row["url"]
        for row in archive.query("select distinct url from links")
        if urlsplit(row["url"]).scheme in ("http", "https") and not urlsplit(row["url"]).fragment
    }
    checked = covered = 0
    wrong: list[tuple[str, str, str | None]] = []
    for url in sorted(originals):
        for variant in variants(url):
            checked += 1
            found = first_coverage(archive, variant)
            if found and found.week == earliest[normalize_url(url)]:
                covered += 1
            else:
                wrong.append((variant, earliest[normalize_url(url)], found.week if found else None))
    print(f"\n{len(originals)} archive links, {checked} variants, {covered} covered in the earliest issue")
    assert len(originals) > 1800 and not wrong, (len(wrong), wrong[:40])


def test_minio_is_first_covered_in_issue_1(archive):
    found = first_coverage(archive, "https://minio.io")
    assert found is not None and (found.week, found.number) == ("2017-W17", 1)
    assert found.later_issues >= 1  # 2017-W23 mentions it too


def test_distinct_pages_of_the_archive_stay_distinct(archive):
    keys = [normalize_url(r["url"]) for r in archive.query("select distinct url from links")]
    youtube = {k for k in keys if k.startswith("https://youtube.com/watch?v=")}
    issues = {k for k in keys if k.startswith("https://github.com/") and "/issues/" in k}
    assert len(youtube) >= 2 and len(issues) >= 2  # several videos, several issues, none folded together

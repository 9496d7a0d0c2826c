"""What the feed showed, kept by the issue's identities (bot/announcements/shown.py): an index row
made again (an archive file moved) is the same issue, shown and news as before."""

from __future__ import annotations

from bot.announcements import shown

FIRST = "2019-08-09T10:00:00+00:00"


def add_issue(db, **row):
    issue = {"publication": "worksonarm", "week": "2019-W32", "slot": "", "number": 95, "title": "A"}
    return db.table("issues").insert({**issue, "date": "2019-08-09", **row}).last_pk


def test_news_belongs_to_the_issues_names_not_its_row(db):
    issue = add_issue(db)
    names = shown.identities(db.table("issues").get(issue))
    assert names == {"week:worksonarm:2019-W32", "number:worksonarm:95"}
    assert not shown.shown_before(db, names) and shown.news_at(db, issue) is None
    shown.remember_shown(db, names, issue, FIRST)
    assert shown.shown_before(db, names) and shown.news_at(db, issue) is None  # shown, not as news
    shown.mark_news(db, issue)
    assert shown.news_at(db, issue) == FIRST
    add_issue(db, week="2019-W33", number=96)
    db.execute("delete from issues where id = ?", [issue])  # the archive file moved: the row is made again
    again = add_issue(db)
    assert again != issue and shown.news_at(db, again) == FIRST
    shown.remember_shown(db, names, again, "2019-08-16T10:00:00+00:00")
    assert shown.news_at(db, again) == FIRST  # the first time is kept


def test_a_feed_post_without_number_or_week_is_known_by_its_link_alone(db):
    post = add_issue(db, slot="https://x.example/post", permalink="https://x.example/post", number=None)
    assert shown.identities(db.table("issues").get(post)) == {"link:https://x.example/post"}

"""Who an issue is (bot/archive/identity.py): a week as people type it, its Friday, an issue's
number read from its title, and a week no calendar has refused with a message that says why."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.archive.identity import NoSuchWeek, checked_week, friday_of, number_from_title, parse_week
from tests.cost import assert_linear


@pytest.mark.parametrize(
    "typed", ["2018-W20", "2018w20", "2018 W20", "2018 week 20", "W20 2018", "week 20, 2018", "wk 20 of 2018"]
)
def test_every_spelling_of_a_week_is_the_same_week(typed):
    assert parse_week(typed) == "2018-W20"


def test_text_that_is_not_a_week_is_none_and_a_week_no_calendar_has_says_why():
    assert parse_week("golang") is None and parse_week("2018") is None and parse_week("") is None
    with pytest.raises(NoSuchWeek, match=r"2018 has no week 53 \(its weeks are 2018-W01 to 2018-W52\)"):
        parse_week("2018-W53")
    with pytest.raises(NoSuchWeek, match="no week in the year 0000"):
        checked_week(0, 1)
    assert parse_week("2020-W53") == "2020-W53"  # an ISO year of 53 weeks has its 53rd


def test_the_friday_of_a_week_is_its_publication_day():
    friday = friday_of("2018-W20")
    assert friday == dt.date(2018, 5, 18) and friday.weekday() == 4
    assert friday_of("2021-W01") == dt.date(2021, 1, 8)  # ISO week 1 of 2021 starts on 4 January
    for impossible in ("2019-W53", "golang", "2018-W"):
        with pytest.raises(NoSuchWeek):
            friday_of(impossible)


def test_an_issue_number_is_read_from_the_title_but_a_year_is_no_number():
    assert number_from_title("Works on Arm News, Issue 12", "worksonarm") == 12
    assert number_from_title("DevOps'ish 200: Kubernetes and more", "devopsish") == 200
    assert number_from_title("This Week in Rust 512", "this-week-in-rust") == 512
    assert number_from_title("Works on Arm News 2018", "worksonarm") is None  # a year, not issue 2018
    assert number_from_title("DevOps'ish 200: Kubernetes", "worksonarm") is None  # another's name


def test_an_issue_number_is_read_in_time_linear_in_the_title():
    assert_linear(lambda title: number_from_title(title, "worksonarm"), lambda n: "issue" + " " * n, 20_000)
    assert number_from_title("Works on Arm News, Issue  #  12", "worksonarm") == 12

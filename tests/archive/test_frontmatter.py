from bot.archive.frontmatter import split_front_matter


def test_yaml_front_matter_keeps_every_value_a_string():
    meta, body = split_front_matter("---\ntitle: 2019\nweight: 08\nweigth: 09\n---\nHello\n")
    assert meta == {"title": "2019", "weight": "08", "weigth": "09"}
    assert body == "Hello\n"


def test_toml_front_matter_with_mixed_case_keys():
    text = '+++\ntitle = "Pirates"\nTags = ["Docker", "ARM"]\ndate = "2016-04-01T9:30:00+02:00"\n+++\n\nBody'
    meta, body = split_front_matter(text)
    assert meta["title"] == "Pirates"
    assert meta["tags"] == "Docker ARM"
    assert meta["date"].startswith("2016-04-01")
    assert body.strip() == "Body"


def test_broken_two_dash_opening_is_still_front_matter():
    # 2018-W22 of the real archive opens with `--`.
    meta, body = split_front_matter(
        "--\ntitle: Works on Arm News 2018-W22\nweight: 22\n---\n\n#### In this issue\n"
    )
    assert meta["title"] == "Works on Arm News 2018-W22"
    assert "weight" not in body and body.strip() == "#### In this issue"


def test_pelican_headers():
    text = "Title: This Week in Rust 367\nNumber: 367\nDate: 2020-12-2\nCategory: This Week in Rust\n\nHello"
    meta, body = split_front_matter(text)
    assert meta["title"] == "This Week in Rust 367"
    assert meta["number"] == "367"
    assert meta["date"] == "2020-12-2"
    assert body.strip() == "Hello"


def test_no_front_matter_leaves_the_text_alone():
    text = "Works on Arm News, Week 41\n\n#### In this issue\n"
    assert split_front_matter(text) == ({}, text)


def test_a_sentence_with_a_colon_is_not_pelican_metadata():
    text = "Note: this is prose.\nMore prose.\n"
    assert split_front_matter(text) == ({}, text)


def test_invalid_yaml_falls_back_to_key_values():
    meta, _ = split_front_matter("---\ntitle: a: b: [\ndate: 2018-07-20\n---\nx")
    assert meta["date"] == "2018-07-20"

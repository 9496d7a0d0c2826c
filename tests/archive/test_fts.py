"""The words of a story's link addresses (bot/archive/fts.py): what a source's URL names that the
story's text does not, for a column of their own in the full-text index."""

from hypothesis import given
from hypothesis import strategies as st

from bot.archive.fts import address_words


def test_the_hosts_names_and_the_paths_words_that_the_text_lacks():
    urls = ["https://www.khadas.com/vim3", "http://blog.example.org/2019/05/edge-board-review.html"]
    assert address_words(urls, "The VIM3 board") == "khadas blog example edge review"


def test_never_the_query_or_the_fragment_and_no_number_or_id():
    urls = [
        "https://news.example.com/a/kernel-patch?utm_source=twitter&utm_campaign=arm#comments",
        "https://github.com/acme/tool/commit/5f3a9c0e1b2d4a6c7e8f",
        "https://example.com/rk3399/2019/12",
    ]
    words = address_words(urls, "").split()
    assert words == ["news", "example", "kernel", "patch", "github", "acme", "tool", "commit", "rk3399"]


def test_each_word_once_and_no_address_an_empty_column():
    urls = ["https://ab.example.com/x-yz-yz", "https://cd.example.com/yz"]
    assert address_words(urls, "") == "ab example yz cd"
    assert address_words([], "anything") == ""
    assert address_words(["not a url at all", "", "mailto:"], "") == "not url at all"


def test_a_malformed_address_has_no_words_and_the_others_still_count():
    urls = ["http://[::1/kernel", "http://[zz]/kernel", "https://quokka.example.com/vim9"]
    assert address_words(urls, "") == "quokka example vim9"


ADDRESSES = st.builds(str.__add__, st.sampled_from(["", "http://", "https://[", "//", "mailto:"]), st.text())


@given(st.lists(ADDRESSES | st.text(max_size=80), max_size=5), st.text(max_size=80))
def test_any_address_gives_words_and_never_raises(urls, text):
    words = address_words(urls, text)
    assert isinstance(words, str) and all(word and word == word.lower() for word in words.split())

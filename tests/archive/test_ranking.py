"""Ranking by evidence (bot/archive/ranking.py, bot/archive/placement.py), on made-up evidence: a
comparison's sides are each side's weight, not any of its words, and reorder only the best stories;
two words side by side add a share of the stronger word."""

from __future__ import annotations

from bot.archive.comparison import COMPARED, compare_first, comparison_sides
from bot.archive.placement import PAIR_SHARE, placements, weigh_placements
from bot.archive.ranking import Evidence, fuse, is_rare_name
from bot.archive.understanding import Word


def word(text: str, weight: float, position: int, *, padding: bool = False, df: int = 10) -> Word:
    made = Word(text, f'"{text}"', [], text, padding=padding, position=position, df=df)
    made.weight = made.rarity = weight
    return made


# "oracle linux vs centos on arm64": Oracle is the side, Linux only says which of Oracle's products
ORACLE_VS_CENTOS = [
    word("oracle", 5.0, 0),
    word("linux", 1.0, 1),
    word("vs", 0.5, 2),
    word("centos", 4.0, 3),
    word("on", 0.1, 4, padding=True),
    word("arm64", 0.8, 5),
]


def evidence(story_id: int, *matched: int) -> Evidence:
    return Evidence(story_id, score=float(len(matched)), matched=set(matched))


def test_a_side_is_its_rarity_not_any_of_its_words():
    sides = comparison_sides(ORACLE_VS_CENTOS)
    assert sides == ({0, 1}, {3})
    centos_linux = evidence(1, 1, 3)  # "CentOS Linux 7 for arm64": Linux, but nothing of Oracle
    oracle = evidence(2, 0, 1)
    centos = evidence(3, 3, 5)
    both = evidence(4, 0, 3)
    ranked = compare_first([centos_linux, oracle, centos, both], sides, ORACLE_VS_CENTOS)
    # both sides first, then Oracle's and CentOS's in turn: CentOS Linux is CentOS's, not Oracle's
    assert [e.story_id for e in ranked] == [4, 2, 1, 3]


def test_a_side_is_its_rare_name_not_the_english_words_beside_it():
    # "jujitsu jj version contol vs git" (DevOps'ish): "version" and "control" weigh more than the
    # rare "jj", a word of English as well; the stories of version control in Git were jj's side
    words = [word("jujitsu", 8.7, 0), word("jj", 3.6, 1), word("version", 2.8, 2), word("contol", 2.3, 3)]
    words += [word("vs", 0.5, 4, padding=True), word("git", 4.4, 5)]
    words[1].rarity, words[2].rarity, words[3].rarity = 8.0, 4.5, 3.8
    sides = comparison_sides(words)
    assert sides == ({0, 1, 2, 3}, {5})
    version_control_in_git = evidence(1, 2, 3, 5)
    jujutsu = evidence(2, 0, 1, 5)  # "jj: a Git-compatible version control system"
    assert [e.story_id for e in compare_first([version_control_in_git, jujutsu], sides, words)] == [2, 1]


def test_a_comparison_reorders_the_best_stories_only():
    sides = comparison_sides(ORACLE_VS_CENTOS)
    assert sides
    ranked = [evidence(n, 5) for n in range(COMPARED)] + [evidence(99, 0, 3)]  # both, but far down
    reordered = compare_first(ranked, sides, ORACLE_VS_CENTOS)
    assert reordered[-1].story_id == 99 and len(reordered) == COMPARED + 1
    inside = compare_first([*ranked[:-2], evidence(99, 0, 3), ranked[-2]], sides, ORACLE_VS_CENTOS)
    assert inside[0].story_id == 99


def test_two_words_side_by_side_add_a_share_of_the_stronger():
    words = [word("hot", 0.6, 0), word("chips", 3.0, 1)]
    pair = Word("hot chips", '"hot chips"', [], "hot chips", of=(0, 1), df=3)
    absent = Word("chips hot", '"chips hot"', [], "chips hot", of=(0, 1), df=0)
    weigh_placements(words, [pair, absent])
    assert pair.weight == PAIR_SHARE * 3.0 and pair.weight > words[0].weight
    assert absent.weight == 0.0  # no story has them side by side: no evidence


def test_a_rare_stop_word_may_start_a_name_even_in_a_question():
    typed = "is vs code usable on arm64 windows laptops".split()
    stop = {"is": 0.1, "vs": 4.0, "on": 0.2}  # rarity (idf): "vs" is in few stories, "on" in most
    words = []
    for n, text in enumerate(typed):
        made = word(text, 0.1 if text in stop else 2.0, n, padding=text in stop)
        made.rarity = stop.get(text, 3.0)
        words.append(made)
    pairs = [p.typed for p in placements(words)]
    assert "vs code" in pairs and "on arm64" not in pairs and "is vs" not in pairs
    assert "windows laptops" in pairs


def test_a_name_of_words_pairs_with_the_word_beside_it():
    # "Raspberry Pi" is one word of the query (a name the index has), "4" its model: the pair is
    # "raspberry pi 4", which "Rock Pi 4, a Raspberry Pi compatible board" does not have
    words = [word("raspberry pi", 2.0, 0), word("4", 1.0, 1)]
    assert [p.expr for p in placements(words)] == ['"raspberry pi 4"']
    joined = [word("raspberry pi", 2.0, 0), word("a_b", 1.0, 1)]  # not a plain word: its own forms say it
    assert placements(joined) == []


def test_a_story_without_the_words_joins_only_close_to_the_query():
    # "graviton": four stories have the word; the semantic channel's nearest has it not, at 0.22
    found = {n: evidence(n, 0) for n in (1, 2, 3, 4)}
    near = [(9, 0.22), (2, 0.27), (1, 0.26)]  # (the real 0.17 and 0.16 are below VOTE_FLOOR: no vote)
    assert [e.story_id for e in fuse(dict(found), near, admit=True)] == [2, 1, 4, 3]
    # "notebook": two stories have the word; "Pinebook Pro laptop" is close, and joins
    found = {n: evidence(n, 0) for n in (1, 2)}
    near = [(9, 0.48), (1, 0.23)]
    assert 9 in [e.story_id for e in fuse(dict(found), near, admit=True)]
    assert 9 not in [e.story_id for e in fuse(dict(found), near, admit=False)]


def test_a_name_few_stories_have_outweighs_a_few_commoner_words_together(tmp_path):
    # "vlc" is in one story; "snapdragon", "windows" and "laptops" together in many: the question
    # is about VLC (before, the laptops with all three words led, and VLC came sixth)
    from bot.archive.files import index_files
    from bot.archive.search import search_stories
    from tests.support import open_db

    laptops = [
        f"## Snapdragon {n} Windows laptops\n\nWindows laptops on the Snapdragon {n}.\n"
        for n in range(835, 855)
    ]
    others = [f"## Board {n}\n\nA board with memory and storage, number {n}.\n" for n in range(300)]
    vlc = "## VLC media player\n\nA development release, and another.\n"
    issue = tmp_path / "2019-W10.md"
    issue.write_text("---\ntitle: Works on Arm News 2019-W10\n---\n\n" + "\n".join([*laptops, vlc, *others]))
    with open_db(tmp_path / "bot.db") as db:
        index_files(db, [issue])
        found = search_stories(db, "vlc for snapdragon windows laptops").hits
    assert found and found[0].section == "VLC media player", [h.section for h in found]


def test_a_similarity_below_the_floor_is_no_vote():
    # "drew henry interview": the story with all three words leads the one with "interview" alone,
    # whose vector is nearer the query's, but near nothing (0.18 and 0.12: below VOTE_FLOOR)
    found = {1: evidence(1, 0, 1, 2), 2: evidence(2, 2)}
    found[1].score, found[2].score = 8.4, 2.4
    strangers = [(100 + n, 0.17) for n in range(22)]  # without the words: they vote, never join
    near = [(2, 0.18), *strangers, (1, 0.12)]
    assert [e.story_id for e in fuse(dict(found), near, admit=False)] == [1, 2]
    # above it, the semantic channel still reorders what the words found
    found = {1: evidence(1, 0, 1, 2), 2: evidence(2, 2)}
    found[1].score, found[2].score = 8.4, 2.4
    near = [(2, 0.6), (9, 0.5), (8, 0.45), (1, 0.3)]
    assert [e.story_id for e in fuse(dict(found), near, admit=False)] == [2, 1]


def test_a_rare_name_is_one_word_never_a_pair_nor_a_number():
    def rare(text: str, *, of: tuple[int, ...] = ()) -> bool:
        made = word(text, 6.0, 0, df=2)
        made.of = of
        return is_rare_name(made)

    assert rare("kaseya") and rare("cri-o")
    assert not rare("ceph storage", of=(0, 1))  # two words side by side: each has more stories
    assert not rare("3.7") and not rare("2019")
    common = word("kubernetes", 2.0, 0, df=900)
    assert not is_rare_name(common)

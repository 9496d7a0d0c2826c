"""Synonyms of this field, as concepts: detected in stories at index time, matched at query time.

Each concept has a token added to the stories' FTS text once per mention, the phrases a reader may type
for it, and patterns that find it in a story. "Go" the language is found by how it is written
(`Go 1.9`, `the Go runtime`, `golang`), so a search for golang never drifts onto "going".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Concept:
    token: str
    aliases: tuple[str, ...]
    pattern: re.Pattern[str]
    # Aliases that are ordinary words elsewhere ("go") match the concept token only.
    ambiguous: tuple[str, ...] = ()
    # A check on each match's surroundings, for words that are a concept only in context.
    keep: Callable[[str, re.Match[str]], bool] | None = None
    # Lower-case substrings that every mention contains (a quick test before the regex).
    triggers: tuple[str, ...] = ()

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the text mentions this concept."""
        return [m.span() for m in self.pattern.finditer(text) if self.keep is None or self.keep(text, m)]


def _ci(regex: str) -> re.Pattern[str]:
    return re.compile(regex, re.I)


# "Go" is the language when a word like these follows it, or one of _GO_BEFORE precedes it.
_GO_AFTER = set(
    "language lang code compiler compilers runtime toolchain module modules program programs binary "
    "binaries release releases version versions port developer developers team project package "
    "packages syscall library libraries source tooling tool tools bindings build builds app apps "
    "implementation gc assembler".split()
)
_GO_BEFORE = set("in of with for and the to system native written using pure".split())
_NEXT_WORD = re.compile(r"\s+(\S+)")
_PREV_WORD = re.compile(r"(\w+)\s+$")
# Matched where a mention ends, never on a copy of the rest of the text (quadratic in mentions).
_NATIVE_OR_INIT = re.compile(r"[\s-]+(native|init)\b", re.I)
_LEARNING = re.compile(r"\s+learning", re.I)
_ON_AWS = re.compile(r"\b(amazon|aws|ec2)\b", re.I)
_OTHER_A1 = re.compile(r"(ampere|galaxy|cell)\W+$", re.I)  # Oracle's Ampere A1, a phone, a sheet


def _on_aws(text: str, match: re.Match[str], reach: int = 30) -> bool:
    if _OTHER_A1.search(text, max(0, match.start() - 12), match.start()):
        return False
    return bool(_ON_AWS.search(text, max(0, match.start() - reach), match.end() + reach))


def _is_go_language(text: str, match: re.Match[str]) -> bool:
    if match.group() != "Go":
        return True  # golang, Go-lang
    after = _NEXT_WORD.match(text, match.end())
    if after and (after.group(1)[0].isdigit() or after.group(1).rstrip(".,;:)").lower() in _GO_AFTER):
        return True
    before = _PREV_WORD.search(text, max(0, match.start() - 20), match.start())
    return bool(before and before.group(1) in _GO_BEFORE)


# "go" typed in a question is the verb, not the language, before these when the sentence ends or
# a function word follows ("did the deal go through?", "go dark over the pricing"; not "go through
# channels tutorial"), after "let", and last after "how did", but not after a word that takes the
# language as its object or an auxiliary ("how did the ipo go?", not "how did you learn go?" nor
# "is go up to speed?")
_GO_VERB_AFTER = frozenset(
    "public private dark bad wrong live through down off away back bust bankrupt viral offline online "
    "under ahead missing mainstream out up over by around unnoticed".split()
)
_ASKED_HOW = frozenset("did does do will would is was has have d".split())  # "d" of "how'd"
_GO_OBJECT_OF = frozenset(
    "in with for of about into from on and or vs learn learning use using write deploy build compile "
    "run debug test profile install upgrade ship port package chose choose picked prefer teach teaching "
    "is was are does did has can".split()
)
# "to go" is the verb ("time to go serverless") but after a move ("port to go", "from python to go")
_MOVED = frozenset(
    "from switch switching move moving migrate migrating port porting rewrite rewriting".split()
)
_MODALS = frozenset("should shall can could would will do does did must might may".split())
_PRONOUNS = frozenset("i we you they u".split())  # "should we go serverless?", "where do i go"
# What else the language's name comes before in a question: "does kubernetes go client retry?"
_GO_THINGS = frozenset("client clients sdk image images benchmark benchmarks function functions".split())


def is_go_verb(before: list[str], after: list[str], function_word: Callable[[str], bool]) -> bool:
    """Whether "go" between these words is the verb: `before`, the tokens before it (lower-cased);
    `after`, those after it to the end of its sentence."""
    if before and before[-1] == "let":
        return True
    if before and before[-1] == "to":
        return not _MOVED & set(before[-4:-1])
    if not before or before[-1] in _GO_OBJECT_OF:  # "go by example", "written in go"
        return False
    # after an auxiliary and its subject: "should we go serverless?", "why did docker go closed
    # source?"; not "do people like go", where a verb between takes it as object, nor "do arm64
    # go binaries run…", where what follows is the language's
    subject = before[-1] if len(before) > 1 and before[-2] in _MODALS else None
    if subject and (subject in _PRONOUNS or not function_word(subject)):
        return not after or not (after[0][:1].isdigit() or after[0] in _GO_AFTER | _GO_THINGS)
    if after:
        return after[0] in _GO_VERB_AFTER and (len(after) == 1 or function_word(after[1]))
    return "how" in before[:-1] and bool(_ASKED_HOW & set(before[before.index("how") :]))


CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "arm64",
        ("arm64", "aarch64", "armv8", "armv8-a", "arm v8", "64-bit arm", "64 bit arm", "arm64v8"),
        _ci(r"\b(arm64(v8)?|aarch64|armv8(\.\d)?(-a)?|arm\s?v8|64[- ]?bit\s+arm)\b"),
        triggers=("arm", "aarch", "bit"),
    ),
    Concept(
        "golang",
        ("golang", "go", "go lang", "go language", "go-lang"),
        re.compile(r"\b(?:[Gg]o-?[Ll]ang|GOLANG|Go)\b"),
        ambiguous=("go",),
        keep=_is_go_language,
        triggers=("go",),
    ),
    Concept(
        "kubernetes",
        ("kubernetes", "k8s", "kube"),
        _ci(r"\b(kubernetes|k8s)\b"),
        triggers=("kubernetes", "k8s"),
    ),
    Concept(
        "raspberrypi",
        ("rpi", "rpi3", "rpi4", "raspberry pi", "raspberrypi", "raspi"),
        _ci(r"\b(raspberry[\s-]*pi(e?s|\d)?|rpi\d?|raspi)\b"),
        triggers=("raspberry", "rpi", "raspi"),
    ),
    Concept(
        "armhf",
        ("armhf", "armv7", "armv7l", "arm32", "32-bit arm", "32 bit arm", "aarch32", "armhfp"),
        _ci(r"\b(armhfp?|armv7l?|arm32|aarch32|32[- ]?bit\s+arm)\b"),
        triggers=("arm", "aarch", "bit"),
    ),
    Concept(
        "amd64",
        ("amd64", "x86_64", "x86-64", "x64", "x86"),
        _ci(r"\b(amd64|x86[_-]64|x64|x86)\b"),
        triggers=("amd64", "x86", "x64"),
    ),
    Concept("nodejs", ("nodejs", "node.js", "node js"), _ci(r"\bnode\.?js\b"), triggers=("node",)),
    Concept(
        "dotnet",
        ("dotnet", ".net", ".net core", "net core"),
        re.compile(r"\b[Dd]ot[Nn]et\b|\.NET\b"),
        triggers=("dotnet", ".net"),
    ),
    Concept(
        "postgresql",
        ("postgres", "postgresql", "pgsql"),
        _ci(r"\b(postgres(ql)?|pgsql)\b"),
        triggers=("postgres", "pgsql"),
    ),
    Concept(
        "hpc",
        ("hpc", "supercomputer", "supercomputing", "high performance computing"),
        _ci(r"\b(hpc|supercomput\w*|high[- ]performance computing)\b"),
        triggers=("hpc", "supercomput", "performance"),
    ),
    Concept(
        "cicd",
        ("ci", "ci/cd", "cicd", "continuous integration", "continuous delivery"),
        _ci(r"\b(ci/cd|ci|continuous (integration|delivery|deployment))\b"),
        triggers=("ci", "continuous"),
    ),
    Concept(
        "sbc",
        ("sbc", "single board computer", "single-board computer", "dev board"),
        _ci(r"\b(sbcs?|single[- ]board computers?)\b"),
        triggers=("sbc", "board"),
    ),
    # AWS's Arm servers: Graviton, rented as the A1 family ("Amazon a1", "a1.* instances", "the a1
    # EC2 instance type") and Graviton2 on as m6g, c7gn, t4g, x2gd, g5g, im4gn, is4gen. "A1" alone
    # is a name only beside Amazon, AWS or EC2 ("cell A1", Oracle's "Ampere A1" are not).
    Concept(
        "graviton",
        ("graviton", "aws a1", "a1 instance", "a1 instances"),
        _ci(r"\b(graviton\d?|aws a1|a1|(c|m|r|t|x|g|i|im|is|hpc)[2-8]g(gen|dn|en|d|n|e)?)\b"),
        keep=lambda text, m: m.group()[:2].lower() != "a1" or _on_aws(text, m),
        triggers=("graviton", "a1", "2g", "4g", "5g", "6g", "7g", "8g"),
    ),
    Concept(
        "windowsonarm",
        ("windows on arm", "windows 10 on arm", "wos"),
        _ci(r"\bwindows (10 )?on arm\b"),
        triggers=("windows",),
    ),
    Concept(
        "machinelearning",
        ("ml", "machine learning", "deep learning"),
        _ci(r"\b(machine|deep) learning\b|\bml\b"),
        triggers=("learning", "ml"),
    ),
    Concept("rust", ("rust", "rustlang", "rust-lang"), _ci(r"\brust(-?lang)?\b"), triggers=("rust",)),
    # What a reader asks for and what the newsletter writes: you rent a server "in the cloud",
    # "bare metal" at a hosting provider; a "machine" is a server here.
    Concept(
        "cloudhosting",
        (
            "cloud",
            "rent",
            "rental",
            "renting",
            "hosting",
            "hosted",
            "iaas",
            "vps",
            "bare metal",
            "public cloud",
        ),
        _ci(r"\b(cloud|bare[- ]metal|iaas|vps|hosting|hosted)\b"),
        keep=lambda text, m: not _NATIVE_OR_INIT.match(text, m.end()),
        triggers=("cloud", "metal", "iaas", "vps", "host"),
    ),
    Concept(
        "server",
        ("server", "servers", "machine", "machines"),
        _ci(r"\b(servers?|machines?)\b"),
        keep=lambda text, m: not _LEARNING.match(text, m.end()),
        triggers=("server", "machine"),
    ),
)

_EDGES = re.compile(r"^[^\w.]+|[^\w+#]+$")
_BY_ALIAS: dict[str, Concept] = {alias: c for c in CONCEPTS for alias in c.aliases}
MAX_ALIAS_WORDS = max(len(alias.split()) for alias in _BY_ALIAS)


def with_concepts(text: str, extra: str = "") -> str:
    """The text for the FTS index: the text, then one concept token per mention in text or extra.

    The tokens sit in the same column as the text, so BM25 weighs them against its length."""
    tokens: list[str] = []
    for source in (text, extra):
        lowered = source.lower()
        for concept in CONCEPTS:
            # A substring test is far cheaper than the regex, and most texts mention few concepts.
            if any(trigger in lowered for trigger in concept.triggers):
                tokens += [concept.token] * len(concept.spans(source))
    return f"{text}\n{' '.join(tokens)}" if tokens else text


def story_with_concepts(heading: str, body: str, urls: Iterable[str]) -> tuple[str, str]:
    """A story's heading and body for the index, each with its concepts' tokens; the body's count
    its links' too (a story that links to golang.org is about Go)."""
    addresses = " ".join(url.replace("/", " ") for url in urls)
    return with_concepts(heading), with_concepts(body, addresses)


def concept_for(phrase: str) -> Concept | None:
    """The concept a typed word or phrase stands for, if any: one of its aliases, or any mention
    the index would take for it ("raspberry pis", "graviton2", "armv8.2")."""
    lowered = " ".join(phrase.lower().split())
    known = _BY_ALIAS.get(lowered)
    if known is not None or not lowered:
        return known
    bare = _EDGES.sub("", phrase)  # "pis?" as typed at the end of a question
    for concept in CONCEPTS:
        if concept.ambiguous or not any(trigger in lowered for trigger in concept.triggers):
            continue
        if (m := concept.pattern.fullmatch(bare)) and (concept.keep is None or concept.keep(bare, m)):
            return concept
    return None

"""Synonyms of this field, as concepts: detected in stories at index time, matched at query time.

Each concept has a token added to the stories' FTS text once per mention, the phrases a reader may type
for it, and patterns that find it in a story. "Go" the language is found by how it is written
(`Go 1.9`, `the Go runtime`, `golang`), so a search for golang never drifts onto "going".
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Concept:
    token: str
    aliases: tuple[str, ...]
    pattern: re.Pattern[str]
    # Aliases that are ordinary words elsewhere ("go") match the concept column only.
    ambiguous: tuple[str, ...] = ()


def _ci(regex: str) -> re.Pattern[str]:
    return re.compile(regex, re.I)


_GO_WORDS = (
    r"language|lang|code|compiler|compilers|runtime|toolchain|modules?|programs?|binary|binaries|"
    r"release|releases|version|versions|port|developers?|team|project|packages?|syscall|library|"
    r"libraries|source|tooling|tools?|bindings|build|builds|app|apps|implementation|gc|assembler"
)

_GO_BEFORE = (
    "in",
    "of",
    "with",
    "for",
    "and",
    "the",
    "to",
    "system",
    "native",
    "written",
    "using",
    "pure",
)

CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "arm64",
        ("arm64", "aarch64", "armv8", "armv8-a", "arm v8", "64-bit arm", "64 bit arm", "arm64v8"),
        _ci(r"\b(arm64(v8)?|aarch64|armv8(\.\d)?(-a)?|arm\s?v8|64[- ]?bit\s+arm)\b"),
    ),
    Concept(
        "golang",
        ("golang", "go", "go lang", "go language", "go-lang"),
        re.compile(
            r"\b[Gg]o-?[Ll]ang\b|\bGOLANG\b|\bGo(?=\s+(?:\d|" + _GO_WORDS + r")\b)"
            r"|(?:" + "|".join(rf"(?<=\b{w} )" for w in _GO_BEFORE) + r")Go\b"
        ),
        ambiguous=("go",),
    ),
    Concept("kubernetes", ("kubernetes", "k8s", "kube"), _ci(r"\b(kubernetes|k8s)\b")),
    Concept(
        "raspberrypi",
        ("rpi", "rpi3", "rpi4", "raspberry pi", "raspberrypi", "raspi"),
        _ci(r"\b(raspberry[\s-]*pi(e?s|\d)?|rpi\d?|raspi)\b"),
    ),
    Concept(
        "armhf",
        ("armhf", "armv7", "armv7l", "arm32", "32-bit arm", "32 bit arm", "aarch32", "armhfp"),
        _ci(r"\b(armhfp?|armv7l?|arm32|aarch32|32[- ]?bit\s+arm)\b"),
    ),
    Concept(
        "amd64",
        ("amd64", "x86_64", "x86-64", "x64", "x86"),
        _ci(r"\b(amd64|x86[_-]64|x64|x86)\b"),
    ),
    Concept("nodejs", ("nodejs", "node.js", "node js"), _ci(r"\bnode\.?js\b")),
    Concept(
        "dotnet",
        ("dotnet", ".net", ".net core", "net core"),
        re.compile(r"\b[Dd]ot[Nn]et\b|\.NET\b"),
    ),
    Concept("postgresql", ("postgres", "postgresql", "pgsql"), _ci(r"\b(postgres(ql)?|pgsql)\b")),
    Concept(
        "hpc",
        ("hpc", "supercomputer", "supercomputing", "high performance computing"),
        _ci(r"\b(hpc|supercomput\w*|high[- ]performance computing)\b"),
    ),
    Concept(
        "cicd",
        ("ci", "ci/cd", "cicd", "continuous integration", "continuous delivery"),
        _ci(r"\b(ci/cd|ci|continuous (integration|delivery|deployment))\b"),
    ),
    Concept(
        "sbc",
        ("sbc", "single board computer", "single-board computer", "dev board"),
        _ci(r"\b(sbcs?|single[- ]board computers?)\b"),
    ),
    Concept(
        "graviton",
        ("graviton", "aws a1", "a1 instance", "a1 instances"),
        _ci(r"\b(graviton\d?|a1 instances?|aws a1)\b"),
    ),
    Concept(
        "windowsonarm",
        ("windows on arm", "windows 10 on arm", "wos"),
        _ci(r"\bwindows (10 )?on arm\b"),
    ),
    Concept(
        "machinelearning",
        ("ml", "machine learning", "deep learning"),
        _ci(r"\b(machine|deep) learning\b|\bml\b"),
    ),
    Concept("rust", ("rust", "rustlang", "rust-lang"), _ci(r"\brust(-?lang)?\b")),
)

_BY_ALIAS: dict[str, Concept] = {alias: c for c in CONCEPTS for alias in c.aliases}
MAX_ALIAS_WORDS = max(len(alias.split()) for alias in _BY_ALIAS)


def with_concepts(text: str, extra: str = "") -> str:
    """The text for the FTS index: the text, then one concept token per mention in text or extra.

    The tokens sit in the same column as the text, so BM25 weighs them against its length."""
    tokens: list[str] = []
    for concept in CONCEPTS:
        mentions = len(concept.pattern.findall(text)) + len(concept.pattern.findall(extra))
        tokens += [concept.token] * mentions
    return f"{text}\n{' '.join(tokens)}" if tokens else text


def concept_for(phrase: str) -> Concept | None:
    """The concept a typed word or phrase stands for, if any."""
    return _BY_ALIAS.get(" ".join(phrase.lower().split()))

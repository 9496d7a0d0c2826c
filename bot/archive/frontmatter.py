"""Front matter of a markdown document: YAML `---`, TOML `+++`, a broken `--`, or Pelican headers."""

from __future__ import annotations

import re
import tomllib
from typing import Any

import yaml

_DASHES = re.compile(r"^-{2,3}[ \t]*$")
_PELICAN_LINE = re.compile(r"^([A-Z][A-Za-z_]*):[ \t]+(.*)$")
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Return (metadata, body). Keys are lower-cased and every value is a string."""
    lines = text.split("\n")
    if not lines:
        return {}, text
    first = lines[0].strip()
    if first == "+++":
        end = _closing_line(lines, lambda s: s.strip() == "+++")
        if end is not None:
            return _toml("\n".join(lines[1:end])), "\n".join(lines[end + 1 :])
    if _DASHES.match(first):
        # `--` opens one real archive file (2018-W22); accept two or three dashes on either side.
        end = _closing_line(lines, lambda s: bool(_DASHES.match(s)))
        if end is not None:
            return _yaml("\n".join(lines[1:end])), "\n".join(lines[end + 1 :])
    return _pelican(lines)


def _closing_line(lines: list[str], is_close: Any) -> int | None:
    for i in range(1, min(len(lines), 200)):
        if is_close(lines[i]):
            return i
    return None


def _stringify(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(_stringify(v) for v in value)
    if isinstance(value, dict):
        return ""
    return str(value).strip()


class _WithoutAliases(yaml.BaseLoader):
    """BaseLoader keeps every scalar a string: `weight: 08` stays "08", `title: 2019` stays "2019".
    Aliases are refused: front matter needs none, and nine levels of nine aliases to the level
    below are 387 million strings once read out (a billion laughs)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("an alias in front matter")
        return super().compose_node(parent, index)


def _yaml(block: str) -> dict[str, str]:
    try:
        loaded = yaml.load(block, Loader=_WithoutAliases)
    except (yaml.YAMLError, RecursionError):  # RecursionError: `[[[[…` nested past Python's stack
        loaded = None
    if not isinstance(loaded, dict):
        return _loose_key_values(block)
    return {str(k).lower(): _stringify(v) for k, v in loaded.items()}


def _toml(block: str) -> dict[str, str]:
    try:
        loaded = tomllib.loads(block)
    except tomllib.TOMLDecodeError:
        return _loose_key_values(block.replace(" = ", ": "))
    return {str(k).lower(): _stringify(v) for k, v in loaded.items()}


def _loose_key_values(block: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for line in block.split("\n"):
        m = _KEY_VALUE.match(line.strip())
        if m:
            meta[m.group(1).lower()] = m.group(2).strip().strip("'\"")
    return meta


def _pelican(lines: list[str]) -> tuple[dict[str, str], str]:
    """Pelican's `Key: Value` lines up to the first blank line (This Week in Rust)."""
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and lines[i].strip():
        m = _PELICAN_LINE.match(lines[i])
        if not m:
            return {}, "\n".join(lines)
        meta[m.group(1).lower()] = m.group(2).strip()
        i += 1
    if "title" not in meta and "date" not in meta:
        return {}, "\n".join(lines)
    return meta, "\n".join(lines[i:])

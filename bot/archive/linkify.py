"""markdown-it-py's linkify rule (bare URLs as links), with a bounded cost per `://`. The
library's own rule searches all the text since the last link for a scheme, then hands linkify-it
the whole rest of the document, at every `://`: a file of 10,000 `<http://` took minutes. Here
both are cut to what a scheme and a URL can be."""

from __future__ import annotations

import re

from markdown_it.rules_inline import StateInline

_SCHEME = re.compile(r"(?:^|[^a-z0-9.+-])([a-z][a-z0-9.+-]*)$", re.I)
LONGEST_SCHEME = 32  # `https`, `ftp`, `mailto`: linkify-it knows no longer one
LONGEST_URL = 2048  # longer is no link anyone writes; its start still is one


def bounded_linkify(state: StateInline, silent: bool) -> bool:
    """The `linkify` rule of markdown-it-py, reading at most a scheme before and a URL after."""
    pos = state.pos
    if state.linkLevel > 0 or not state.src.startswith("://", pos) or state.md.linkify is None:
        return False
    scheme = _SCHEME.search(state.pending[-LONGEST_SCHEME - 1 :])
    if scheme is None:
        return False
    proto = scheme.group(1)
    found = state.md.linkify.match_at_start(state.src[pos - len(proto) : pos + LONGEST_URL])
    if not found:
        return False
    url: str = found.url.rstrip("*")  # a `*` ending it is emphasis, as in the library's rule
    full_url = state.md.normalizeLink(url)
    if not state.md.validateLink(full_url):
        return False
    if not silent:
        state.pending = state.pending[: -len(proto)]
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": full_url}
        token.markup, token.info = "linkify", "auto"
        state.push("text", "", 0).content = state.md.normalizeLinkText(url)
        token = state.push("link_close", "a", -1)
        token.markup, token.info = "linkify", "auto"
    state.pos += len(url) - len(proto)
    return True

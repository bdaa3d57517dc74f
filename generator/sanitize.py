"""The allow-list sanitiser every HTML fragment from data passes before it reaches a page.

`clean_fragment` runs nh3 (Python bindings to Rust's ammonia, an HTML5 parser with an allow-list) on
the HTML that a text field's Markdown became. What survives is a fixed set of text-level and block
tags, `href`/`title` on links and `start` on ordered lists; every other tag is dropped (its text
kept, except inside `script` and `style`, which go with their content), as are comments, event
attributes, `style`, `id` and `class`. Links keep only the `https`, `http` and `mailto` schemes, or
a relative address or `#fragment`; an address that starts with `//` or `\\` (another host) is
dropped too. Entities are decoded by the parser before the scheme is checked, so
`jav&#x61;script:` is no way around it.

The validation in `model` teaches editors with a positioned error; this module is the guarantee for
whatever a rule there did not foresee.
"""

from __future__ import annotations

import nh3

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "dl", "dt", "dd", "a", "h3", "h4", "h5", "h6", "sub", "sup", "del", "ins", "small", "q",
})
"""Headings start at h3: a field sits under the page's own h1 and h2 sections."""
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"https", "http", "mailto"})


def _relative_url(url: str) -> str | None:
    """Keep a relative address or a #fragment; drop one that leaves the site (`//host`, `\\\\host`)."""
    stripped = url.lstrip()
    if stripped[:2] in ("//", "\\\\", "/\\", "\\/"):
        return None
    return url


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    url_relative=_relative_url,
    strip_comments=True,
    link_rel=None,
)


def clean_fragment(html: str) -> str:
    """`html` with only allowed tags, attributes and link targets left (see the module text)."""
    return _CLEANER.clean(html)

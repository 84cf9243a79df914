"""The outside addresses a page would make the browser load by itself, or post the visitor's data to.

The rule (docs/security.md "No outside host"):

- **Scanned**: every attribute that names a URL the browser fetches or submits to — ``src``,
  ``href`` (of ``<link>``, ``<base>``, SVG's ``<use>``/``<image>``…), ``xlink:href``, ``action``,
  ``formaction``, ``poster``, ``data``, ``background``, ``srcset`` and ``imagesrcset`` (each
  candidate), a ``<meta http-equiv="refresh">``'s target — and the CSS in ``<style>`` elements
  and ``style`` attributes: ``url(...)`` and ``@import``.
- **Outside**: an absolute ``http:``/``https:``/``ws:``/``wss:``/``ftp:`` URL whose host is not
  one of ours, and a protocol-relative ``//host/...`` (or its backslash spellings, which browsers
  read the same). Tabs and newlines inside a value are dropped first, as browsers drop them.
- **Not scanned**: a link's target (``<a href>``, ``<area href>``): nothing is fetched until the
  visitor follows it, and then they leave our page on purpose (a Stripe Checkout link on a
  deposit); ``xmlns`` / ``xmlns:*`` namespace names (identifiers, never fetched); URLs written as
  text, in comments or in inline scripts' strings (nothing loads them: a page whose script
  loads from outside is caught by the browser test, whose resolver knows only the loopback
  names). Relative and same-origin paths, ``data:``, ``blob:``, ``mailto:``, ``tel:``,
  ``javascript:`` and fragments are never outside.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from urllib.parse import urlsplit

URL_ATTRIBUTES = frozenset({"src", "href", "xlink:href", "action", "formaction", "poster", "data", "background"})
LIST_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
LINK_TAGS = frozenset({"a", "area"})
SUBMIT_ATTRIBUTES = frozenset({"action", "formaction"})
OUTSIDE_SCHEMES = ("http", "https", "ws", "wss", "ftp")
OWN_HOSTS = ("testserver", "localhost", "127.0.0.1")

_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_REFRESH = re.compile(r"""^\s*\d*\s*[;,]?\s*url\s*=\s*['"]?([^'"]*)""", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def is_outside(url: str, own_hosts: Iterable[str] = OWN_HOSTS) -> bool:
    """Whether loading ``url`` from one of our pages would reach a host that is not ours."""
    value = re.sub(r"[\t\n\r]", "", url).strip(" \x00\x0c\x0b").replace("\\", "/")
    scheme = _SCHEME.match(value)
    if scheme is None:
        if not value.startswith("//"):
            return False  # relative: our own origin
        host = urlsplit("https:" + value).hostname
    elif scheme.group(1).lower() in OUTSIDE_SCHEMES:
        host = urlsplit(value).hostname
    else:
        return False  # data:, blob:, mailto:, tel:, javascript:, …: no outside host is fetched
    return host is None or host.lower() not in {h.lower() for h in own_hosts}


def css_urls(css: str) -> Iterator[str]:
    """Every ``url(...)`` and ``@import "..."`` target in a style sheet."""
    for match in _CSS_URL.finditer(css):
        yield next(group for group in match.groups() if group is not None)
    for match in _CSS_IMPORT.finditer(css):
        yield next(group for group in match.groups() if group is not None)


def external_urls_in_css(css: str, own_hosts: Iterable[str] = OWN_HOSTS) -> list[str]:
    return [url for url in css_urls(css) if is_outside(url, own_hosts)]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        for name, value in values.items():
            if tag in LINK_TAGS and name == "href":
                continue  # followed only when the visitor chooses to
            if name in URL_ATTRIBUTES:
                self.urls.append((tag, name, value))
            elif name in LIST_ATTRIBUTES:
                for candidate in value.split(","):
                    if candidate.strip():
                        self.urls.append((tag, name, candidate.split()[0]))
            elif name == "style":
                self.urls.extend((tag, "style", url) for url in css_urls(value))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = _REFRESH.match(values.get("content", ""))
            if target:
                self.urls.append((tag, "content", target.group(1)))
        if tag == "style":
            self._in_style = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "style":
            self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls.extend(("style", "css", url) for url in css_urls(data))


def page_urls(html: str) -> list[tuple[str, str, str]]:
    """Every URL the rule scans in ``html``: (tag, attribute, url)."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.urls


def resource_urls(html: str) -> list[str]:
    """The URLs the page fetches by itself: scripts, style sheets, icons, images, frames, media (not
    a fragment of the page itself, nor data carried in the URL)."""
    return [
        url
        for _, attribute, url in page_urls(html)
        if attribute not in SUBMIT_ATTRIBUTES and url.strip() and not url.strip().startswith(("#", "data:", "blob:"))
    ]


def external_urls(html: str, own_hosts: Iterable[str] = OWN_HOSTS) -> list[str]:
    """The outside URLs in ``html`` under the rule above, in page order."""
    return [url for _, _, url in page_urls(html) if is_outside(url, own_hosts)]

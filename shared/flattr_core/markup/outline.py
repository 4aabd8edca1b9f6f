"""The shape of a page, as placing its button needs it: elements, where they end, their text.

``Outline`` builds a light element tree from ``htmlscan``'s tags: void elements hold nothing,
an end tag closes the open element it names (and what is open inside it), a block start tag
closes an open ``<p>`` and an ``<li>`` closes the previous ``<li>``, as in a browser; every step
is constant or pays for elements it closes, so building stays linear. Each element knows how
much text a reader sees in it: characters outside navigation, headers, footers, asides and
forms, link text at a quarter (menus and tag clouds are links), an image or video as one.

``content_holder`` is the element that holds the page's body, where the button goes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from .htmlscan import FOREIGN, Tag, Text, tokens

PIN = "data-flattr-slot"


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


VOID = _names("area base br col embed hr img input keygen link meta param source track wbr")
_CLOSES_P = _names(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption figure"
    " footer form h1 h2 h3 h4 h5 h6 header hgroup hr li listing main menu nav ol p pre search"
    " section summary table ul"
)
_SCOPE = _names("applet button caption html marquee object table td template th")
_LIST_SCOPE = _SCOPE | {"ol", "ul"}
# What a reader does not read as the page's content.
_SKIPPED = _names(
    "aside button dialog footer form head header label menu nav noscript script select style"
    " template textarea title"
)
_MEDIA = _names("audio canvas embed iframe img object picture svg video")
CONTAINERS = frozenset({"article", "body", "div", "main", "section"})
_COLUMN_CLASSES = frozenset({"cell", "column", "columns"})


class Element:
    """An element: ``document[inner:close]`` is its content (``close`` None: no end tag).

    A plain class with slots: a dataclass with slots costs a millisecond to create at import,
    which every build pays; this one is made as fast for each element."""

    __slots__ = (
        "children",
        "close",
        "foreign",
        "in_link",
        "inner",
        "li_at",
        "name",
        "own",
        "p_at",
        "parent",
        "skipped",
        "tag",
        "weight",
    )

    def __init__(self, name: str, tag: Tag, inner: int, parent: Element | None = None) -> None:
        self.name, self.tag, self.inner, self.parent = name, tag, inner, parent
        self.close: int | None = None
        self.children: list[Element] = []
        self.weight = 0  # the text a reader sees in it, children included
        self.own = 0  # the part of ``weight`` that is not inside a child element
        self.skipped = self.in_link = self.foreign = False
        self.p_at = -1  # stack index of the <p> a block start tag would close (-1: none)
        self.li_at = -1

    @property
    def attrs(self) -> Mapping[str, str]:
        return self.tag.attrs


class Outline:
    """The element tree of ``document`` and the elements placing a button asks about."""

    def __init__(self, document: str) -> None:
        self.document = document
        self.root = Element("#document", Tag("#document", 0, 0, False, False, "", 0, {}), 0)
        self.root.close = len(document)
        self.first: dict[str, Element] = {}  # the first main, body, h1, and pinned slot
        self.articles: list[Element] = []
        self._stack = [self.root]
        self._open: Counter[str] = Counter()
        for token in tokens(document):
            if isinstance(token, Text):
                self._text(token)
            elif token.closing:
                self._end(token)
            else:
                self._start(token)
        while len(self._stack) > 1:
            self._pop()

    def _text(self, text: Text) -> None:
        top = self._stack[-1]
        if not top.skipped:
            seen = len("".join(self.document[text.start : text.end].split()))
            top.own += seen // 4 if top.in_link else seen

    def _start(self, tag: Tag) -> None:
        stack = self._stack
        if tag.name in _CLOSES_P and stack[-1].p_at > 0:
            self._pop_to(stack[-1].p_at)
        if tag.name == "li" and stack[-1].li_at > 0:
            self._pop_to(stack[-1].li_at)
        parent = stack[-1]
        if tag.name in VOID or (tag.self_closing and (parent.foreign or tag.name in FOREIGN)):
            parent.own += int(tag.name in _MEDIA and not parent.skipped)
            return
        element = _child(parent, tag, len(stack))
        parent.children.append(element)
        stack.append(element)
        self._open[tag.name] += 1
        self._remember(element)

    def _remember(self, element: Element) -> None:
        if element.name in ("main", "body", "h1") and not element.skipped:
            self.first.setdefault(element.name, element)
        elif element.name == "article":
            self.articles.append(element)
        if element.tag.has_attribute(PIN):
            self.first.setdefault(PIN, element)

    def _end(self, tag: Tag) -> None:
        if self._open[tag.name] <= 0:
            return  # closes nothing that is open: a browser ignores it
        while True:
            element = self._pop()
            if element.name == tag.name:
                element.close = tag.start
                return

    def _pop_to(self, depth: int) -> None:
        while len(self._stack) > depth:
            self._pop()

    def _pop(self) -> Element:
        element = self._stack.pop()
        self._open[element.name] -= 1
        element.weight += element.own
        if element.parent is not None:
            element.parent.weight += element.weight
        return element


def _child(parent: Element, tag: Tag, depth: int) -> Element:
    """The element ``tag`` opens inside ``parent``, at stack index ``depth``."""
    name = tag.name
    element = Element(name, tag, tag.end, parent)
    element.skipped = parent.skipped or name in _SKIPPED or tag.has_attribute("hidden")
    element.in_link = parent.in_link or name == "a"
    element.foreign = parent.foreign or name in FOREIGN
    element.p_at = depth if name == "p" else -1 if name in _SCOPE else parent.p_at
    element.li_at = depth if name == "li" else -1 if name in _LIST_SCOPE else parent.li_at
    element.own = int(name in _MEDIA and not element.skipped)
    return element


def content_holder(outline: Outline) -> Element | None:
    """The element that holds the page's body, or None when the page has no ``<body>``.

    An element marked ``data-flattr-slot`` wins. Otherwise the search starts at the page's
    ``<article>`` (the one with the most text, if it holds at least half of the page's) or its
    ``<main>`` or ``<body>``, and goes down: past the block that holds the page's ``<h1>``
    to the heaviest of the containers after it (the body follows its title), through wrappers
    whose only content is one container, and into the main column of a grid row. It stops
    where the content splits into paragraphs, blocks or other parts.
    """
    pinned = outline.first.get(PIN)
    start = pinned or _start(outline)
    if start is None:
        return None
    holder: Element | None = start if start is pinned else _descend(start, outline.first)
    while holder is not None and holder.close is None:  # no end tag to insert before
        holder = holder.parent
    return holder if holder is not outline.root else None


def _start(outline: Outline) -> Element | None:
    page = outline.first.get("main") or outline.first.get("body")
    articles = [a for a in outline.articles if not a.skipped and a.weight > 0]
    article = max(articles, key=lambda a: a.weight, default=None)
    if article is not None and (page is None or 2 * article.weight >= page.weight):
        return article
    return page


def _descend(node: Element, first: dict[str, Element]) -> Element:
    title = first.get("h1")
    above_title = set(_ancestors(title)) if title is not None else set()
    while (inner := _inner(node, above_title)) is not None:
        node = inner
    return node


def _inner(node: Element, above_title: set[Element]) -> Element | None:
    """The part of ``node`` that holds the body, or None when ``node`` holds it itself."""
    parts = [child for child in node.children if child.weight > 0 and not child.skipped]
    header = next((child for child in parts if child in above_title), None)
    if header is not None:
        after = parts[parts.index(header) + 1 :]
        if after:  # the body follows its title; paragraphs here: ``node`` holds the body
            return _heaviest(after) if all(p.name in CONTAINERS for p in after) else None
        return header if len(parts) == 1 else None  # the title and the body share a wrapper
    if len(parts) == 1:  # a wrapper (unless it holds text or images of its own)
        return parts[0] if parts[0].name in CONTAINERS and not node.own else None
    if parts and all(_is_column(part) for part in parts):
        return _heaviest(parts)  # a grid row: the body is in its main column
    return None


def _heaviest(parts: list[Element]) -> Element:
    return max(parts, key=lambda part: part.weight)  # the first of equals


def _is_column(element: Element) -> bool:
    """A grid column by its class (Bootstrap ``col-md-8``, Tailwind ``lg:col-span-8``, ...)."""
    names = (name.rsplit(":", 1)[-1] for name in element.attrs.get("class", "").split())
    return element.name in CONTAINERS and any(
        name == "col" or name.startswith("col-") or name in _COLUMN_CLASSES for name in names
    )


def _ancestors(element: Element) -> list[Element]:
    """``element``'s strict ancestors (the title's own block is not above the title)."""
    found, parent = [], element.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found

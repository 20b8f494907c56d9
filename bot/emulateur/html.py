"""Telegram's HTML parse mode, as strictly as Telegram applies it: the tags it knows, closed in
order, entities named or numeric, and the length counted on the text left once parsed (in
UTF-16 code units, as Telegram counts)."""

import re
from html.parser import HTMLParser

TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
    "code", "pre", "blockquote", "tg-emoji",
}  # fmt: skip
_ENTITY = re.compile(r"&(#\d+;|#x[0-9a-fA-F]+;|[a-zA-Z]+;)")
_NAMED = {"lt", "gt", "amp", "quot"}


class EntitiesError(ValueError):
    """Telegram's 400 « can't parse entities »."""


_KINDS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "code": "code", "pre": "pre", "a": "text_link", "blockquote": "blockquote",
    "tg-spoiler": "spoiler", "span": "spoiler", "tg-emoji": "custom_emoji",
}  # fmt: skip


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, int, dict]] = []
        self.text: list[str] = []
        self.length = 0  # UTF-16 code units so far, as Telegram counts offsets
        self.entities: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            raise EntitiesError(f'Unsupported start tag "{tag}"')
        if tag == "a" and not dict(attrs).get("href"):
            raise EntitiesError('Can\'t find end tag corresponding to start tag "a"')
        self.open.append((tag, self.length, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            raise EntitiesError(f'Can\'t find end tag corresponding to start tag "{tag}"')
        _, start, attrs = self.open.pop()
        if self.length > start:
            entity = {"type": _KINDS[tag], "offset": start, "length": self.length - start}
            if tag == "a":
                entity["url"] = attrs["href"]
            self.entities.append(entity)

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        self.length += utf16_length(data)


def parse(text: str) -> tuple[str, list[dict]]:
    """The text a user sees and its entities (as Telegram returns them), or `EntitiesError`."""
    for match in re.finditer(r"&", text):
        entity = _ENTITY.match(text, match.start())
        if entity is None:
            raise EntitiesError(
                f"Can't find end of the entity starting at byte offset {match.start()}"
            )
        name = entity.group(1)[:-1]
        if not name.startswith("#") and name not in _NAMED:
            raise EntitiesError(f'Unsupported entity "{name}"')
    if re.search(r"<(?![a-zA-Z/])", text):
        raise EntitiesError('Unexpected "<": use &lt;')
    checker = _Checker()
    checker.feed(text)
    checker.close()
    if checker.open:
        raise EntitiesError(
            f'Can\'t find end tag corresponding to start tag "{checker.open[-1][0]}"'
        )
    entities = sorted(checker.entities, key=lambda e: (e["offset"], -e["length"]))
    return "".join(checker.text), entities


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2

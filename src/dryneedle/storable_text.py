"""Text the database can store: no NUL character, and nothing that is not UTF-8.

PostgreSQL text cannot hold U+0000, and no database driver can encode a lone surrogate
(U+D800–U+DFFF): JSON's "\\ud800" decodes to one, and bytes that are not UTF-8 become one
when read with `surrogateescape`, as the API's parser and the request middleware read them.
Either reaching a query is a server error; this one definition lets the API's parser, the
request middleware and the CSV import refuse them first, each naming where the text was.
"""

from urllib.parse import parse_qsl

NUL = "\x00"


def is_unencodable(text: str) -> bool:
    """True if `text` cannot be written as UTF-8 (it holds a lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def is_unstorable(text: str) -> bool:
    return NUL in text or is_unencodable(text)


def shown(text: str) -> str:
    """`text` made safe to show and store: each lone surrogate written as `\\udcff`."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def decoded_pairs(raw: bytes) -> list[tuple[str, str]]:
    """The (name, value) pairs of a query string or urlencoded form, read as UTF-8 where
    bytes that are not UTF-8 (raw or %-encoded) become lone surrogates instead of U+FFFD."""
    text = raw.decode("utf-8", "surrogateescape")
    return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="surrogateescape")


def unencodable_names(raw: bytes) -> list[str]:
    """The names (shown safely) of the query or form fields whose name or value is not UTF-8."""
    return [
        shown(name)
        for name, value in decoded_pairs(raw)
        if is_unencodable(name) or is_unencodable(value)
    ]

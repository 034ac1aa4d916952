"""Every word a template shows people goes through a translation tag, so a translation can be
added later without touching the templates again.

Each template under src/dryneedle is split with Django's own template Lexer. Text inside
`{% translate %}` and `{% blocktranslate %}…{% endblocktranslate %}` is translatable; every
other tag or variable is replaced by a space. What is left is parsed as HTML: its text (outside
`<script>` and `<style>`), the attributes people read (title, aria-label, placeholder, alt, and
the value of input buttons), and string literals that tags and filters show (`default:"…"`,
`yesno:"…"`, `caption="…"`) must hold no word with letters except the allow-list below.
Content that stays in its own language whatever the page's (bibliographic references) is marked
with HTML's own `translate="no"` attribute and skipped.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template import engines
from django.template.base import Lexer, TokenType

import dryneedle

SOURCE = Path(dryneedle.__file__).parent
TEMPLATES = sorted(
    path
    for pattern in ("**/templates/**/*.html", "**/templates/**/*.txt")
    for path in SOURCE.glob(pattern)
)

# Words that are the same in every language: names of the product, standards and codes.
UNTRANSLATABLE = {
    "dryneedle",  # the product's name
    "CPT",  # a code system's name (American Medical Association)
    "ICD-10",  # a code system's name (WHO)
    "FHIR",  # the HL7 standard's name
    "NPRS",  # the instrument's name (Numeric Pain Rating Scale)
    "UTC",  # a time zone's name
}
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
BUTTON_INPUTS = {"submit", "button", "reset"}
TRANSLATE_TAGS = {"translate", "trans"}
BLOCK_START, BLOCK_END = {"blocktranslate", "blocktrans"}, {"endblocktranslate", "endblocktrans"}
SKIPPED_BLOCKS = {"comment": "endcomment", "verbatim": "endverbatim"}
# Filter arguments and keyword arguments whose string literal is shown as it is.
SHOWN_LITERAL = re.compile(
    r"""(?:\|(?:default|default_if_none|yesno):|\b(?!query_string\b)\w+=)("[^"]*"|'[^']*')"""
)
WORD = re.compile(r"[^\W\d_]")


def untranslated_words(text: str) -> list[str]:
    """The whitespace-separated words of `text` that hold a letter and are not allow-listed."""
    words = (word.strip(".,:;!?()[]“”\"'«»") for word in text.split())
    return [word for word in words if WORD.search(word) and word not in UNTRANSLATABLE]


def shown_literals(token_contents: str) -> list[str]:
    """String literals a tag or variable shows untranslated (`_("…")` literals are translated)."""
    return [
        literal[1:-1]
        for literal in SHOWN_LITERAL.findall(token_contents)
        if not literal[1:-1].endswith((".html", ".txt"))
    ]


def outside_translation(source: str) -> tuple[str, list[str]]:
    """The template's text with translated parts and template tags blanked, and the literals
    that its tags show untranslated."""
    kept: list[str] = []
    literals: list[str] = []
    in_block, skip_until = False, None
    for token in Lexer(source).tokenize():
        words = token.contents.split()
        name = words[0] if words else ""
        if skip_until:
            if token.token_type == TokenType.BLOCK and name == skip_until:
                skip_until = None
        elif token.token_type == TokenType.BLOCK and name in BLOCK_START:
            in_block = True
        elif token.token_type == TokenType.BLOCK and name in BLOCK_END:
            in_block = False
        elif in_block:
            pass
        elif token.token_type == TokenType.TEXT:
            kept.append(token.contents)
            continue
        elif token.token_type == TokenType.BLOCK and name in SKIPPED_BLOCKS:
            skip_until = SKIPPED_BLOCKS[name]
        elif token.token_type in (TokenType.BLOCK, TokenType.VAR) and name not in TRANSLATE_TAGS:
            literals.extend(shown_literals(token.contents))
        kept.append(" ")
    return "".join(kept), literals


class ShownText(HTMLParser):
    """Collects the text and the read attributes of an HTML document, outside scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shown: list[tuple[str, str]] = []
        self.in_code = 0
        self.kept_as_is: list[str] = []  # the open elements marked translate="no", innermost last

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "style"):
            self.in_code += 1
        if self.kept_as_is or values.get("translate") == "no":
            self.kept_as_is.append(tag)
            return
        for attribute, value in attrs:
            if value and attribute in READ_ATTRIBUTES:
                self.shown.append((f"{attribute}=", value))
        if tag == "input" and values.get("type") in BUTTON_INPUTS and values.get("value"):
            self.shown.append(("value=", values["value"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.in_code -= 1
        if tag in self.kept_as_is:
            del self.kept_as_is[len(self.kept_as_is) - 1 - self.kept_as_is[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if not self.in_code and not self.kept_as_is:
            self.shown.append(("", data))


def untranslated(source: str) -> list[str]:
    """Every piece of user-visible text in a template source that no translation tag covers."""
    text, literals = outside_translation(source)
    parser = ShownText()
    parser.feed(re.sub(r"<!--.*?-->", " ", text, flags=re.DOTALL))
    parser.close()
    pieces = [*parser.shown, *(("", literal) for literal in literals)]
    return [where + text.strip() for where, text in pieces if untranslated_words(text)]


def test_the_check_finds_plain_text_attributes_and_shown_literals():
    source = (
        '{% load i18n %}<p title="Open it">Hello {{ name }}</p>'
        '{{ x|default:"none" }}{% body_chart caption="Tap here" %}'
    )
    assert untranslated(source) == ["title=Open it", "Hello", "none", "Tap here"]


def test_the_check_skips_elements_marked_translate_no_but_not_what_follows_them():
    source = (
        '<ol translate="no"><li>Dunning J. <cite>Phys Ther Rev.</cite><br></li></ol><p>After</p>'
    )
    assert untranslated(source) == ["After"]


def test_the_check_accepts_translated_text_tags_and_allow_listed_names():
    source = (
        '{% load i18n %}<p title="{% translate "Open it" %}">{% translate "Hello" %} dryneedle '
        "{% blocktranslate trimmed with n=name %}Hi {{ n }}{% endblocktranslate %}</p>"
        '<!-- a note --><script>let a = "b";</script>{% body_chart caption=_("Tap here") %}'
        "{% url 'accounts:login' %}{{ when|date:\"j M Y\" }}"
    )
    assert untranslated(source) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(SOURCE)))
def test_every_word_a_template_shows_goes_through_a_translation_tag(template):
    assert untranslated(template.read_text()) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(SOURCE)))
def test_every_template_compiles_with_the_tags_it_loads(template):
    # `{% translate %}` without `{% load i18n %}` fails only when the template is compiled; this
    # catches it in templates that no page test renders (mails, the PDF report).
    engines["django"].from_string(template.read_text())

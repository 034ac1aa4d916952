"""Versioned consent texts (data/consent/vN.md); the highest version is the current one."""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

CONSENT_DIR = Path(__file__).with_name("data") / "consent"
_FRONT_MATTER = re.compile(r"^---\n(.*?)\n---\n(.*)$", re.DOTALL)


class ConsentTextError(ValueError):
    """A consent text file that cannot be used; the message names the file."""


@dataclass(frozen=True)
class ConsentText:
    version: int
    title: str
    body: str  # Markdown-like paragraphs; **bold** lead-ins

    @property
    def paragraphs(self) -> list[tuple[str, str]]:
        """(bold lead-in, rest) pairs for display."""
        result = []
        for block in self.body.strip().split("\n\n"):
            text = " ".join(block.split())
            found = re.match(r"^\*\*(.+?)\*\*\s*(.*)$", text)
            result.append((found.group(1), found.group(2)) if found else ("", text))
        return result


@cache
def consent_texts() -> dict[int, ConsentText]:
    texts: dict[int, ConsentText] = {}
    for path in sorted(CONSENT_DIR.glob("v*.md")):
        found = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        if not found:
            raise ConsentTextError(f"{path.name}: missing the --- front matter ---")
        meta = yaml.safe_load(found.group(1)) or {}
        version = meta.get("version")
        if not isinstance(version, int) or f"v{version}.md" != path.name:
            raise ConsentTextError(f"{path.name}: version must be a whole number matching the name")
        texts[version] = ConsentText(version, str(meta.get("title", "Consent")), found.group(2))
    if not texts:
        raise ConsentTextError(f"no consent text in {CONSENT_DIR}")
    return texts


def current_consent_text() -> ConsentText:
    texts = consent_texts()
    return texts[max(texts)]

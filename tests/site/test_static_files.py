"""Every static file a template names exists, so production's manifest storage finds it."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

SOURCE = Path(__file__).resolve().parents[2] / "src" / "dryneedle"
STATIC_TAG = re.compile(r"""\{%\s*static\s+['"]([^'"]+)['"]\s*%\}""")
REFERENCES = sorted(
    {
        (path.relative_to(SOURCE).as_posix(), name)
        for path in SOURCE.rglob("templates/**/*.html")
        for name in STATIC_TAG.findall(path.read_text())
    }
)


def test_templates_name_static_files():
    assert REFERENCES, "expected {% static %} references in the templates"


@pytest.mark.parametrize("template,name", REFERENCES)
def test_static_file_named_in_a_template_exists(template, name):
    assert finders.find(name), f"{template} names missing static file {name}"

"""One test layout (docs/architecture.md): app mirrors plus a named set of cross-cutting folders."""

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
APPS = Path(__file__).resolve().parents[2] / "src" / "dryneedle"
CROSS_CUTTING = {"architecture", "audit", "e2e", "faults", "i18n", "pages", "security", "site"}


def test_no_test_file_sits_at_the_top_of_tests():
    assert sorted(p.name for p in TESTS.glob("test_*.py")) == []


def test_every_test_folder_mirrors_an_app_or_is_a_named_cross_cutting_folder():
    apps = {p.name for p in APPS.iterdir() if (p / "apps.py").exists()}
    folders = {p.name for p in TESTS.iterdir() if (p / "__init__.py").exists()}
    assert folders - apps - CROSS_CUTTING == set()


def test_the_named_cross_cutting_folders_are_the_ones_the_document_lists():
    text = (APPS.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert [name for name in sorted(CROSS_CUTTING) if f"`{name}/`" not in text] == []

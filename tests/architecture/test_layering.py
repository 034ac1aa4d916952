"""The layering of docs/architecture.md holds: checked by import-linter on every import, and
every app and top-level module of the package has its place in it."""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "dryneedle"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
# Configuration and entry points: they import Django's machinery, not the apps, and nothing
# imports them, so they need no layer.
ENTRY_POINTS = {"settings", "wsgi", "manage", "__main__", "__init__"}


def layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "layers"]
    return [[name.strip() for name in re.split(r"[|:]", layer)] for layer in contract["layers"]]


def lint_imports(root: Path, package_parent: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(package_parent), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_no_module_imports_from_a_layer_above_its_own():
    result = lint_imports(ROOT, PACKAGE.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_app_and_top_level_module_has_a_layer():
    placed = {name.removeprefix("dryneedle.") for layer in layers() for name in layer}
    found = {
        path.stem
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" or (path / "__init__.py").exists())
    }
    assert found - ENTRY_POINTS - placed == set()
    assert placed - found == set()


def test_the_architecture_document_names_every_layer():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    names = {name.removeprefix("dryneedle.") for layer in layers() for name in layer}
    assert [name for name in sorted(names) if name not in text] == []


def test_an_import_from_a_higher_app_breaks_the_check(tmp_path):
    """The check bites: the ground floor importing a clinical app is reported."""
    shutil.copytree(PACKAGE, tmp_path / "src" / "dryneedle")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "src" / "dryneedle" / "clinics" / "upwards.py").write_text(
        "from dryneedle.treatments.models import Treatment  # noqa: F401\n"
    )
    result = lint_imports(tmp_path, tmp_path / "src")
    assert result.returncode != 0
    assert "dryneedle.clinics.upwards -> dryneedle.treatments.models" in result.stdout

"""The built wheel (what `pip install .` installs) holds every file the package reads at run
time, and building it prints no deprecation warning."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
PACKAGE = REPOSITORY / "src" / "dryneedle"
LEFT_BEHIND = ("__pycache__", "*.pyc", "*.egg-info")


def package_files_that_are_not_python() -> set[str]:
    """Templates, static files and data files of any depth, as wheel member names."""
    return {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file()
        and path.suffix not in {".py", ".pyc"}
        and "__pycache__" not in path.parts
        and not any(part.endswith(".egg-info") for part in path.parts)
    }


@pytest.fixture(scope="module")
def built_wheel(tmp_path_factory) -> tuple[Path, str]:
    """(wheel, build output), built by pip from a clean copy: a stale build/ folder in the
    work tree would otherwise slip files into the wheel that the configuration leaves out."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    source.mkdir()
    shutil.copy(REPOSITORY / "pyproject.toml", source)
    shutil.copy(REPOSITORY / "README.md", source)
    shutil.copytree(REPOSITORY / "src", source / "src", ignore=shutil.ignore_patterns(*LEFT_BEHIND))
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(root / "dist"),
         str(source)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = (root / "dist").glob("dryneedle-*.whl")
    return wheel, done.stdout + done.stderr


def test_the_wheel_holds_every_template_static_and_data_file(built_wheel):
    wheel, _ = built_wheel
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    missing = sorted(package_files_that_are_not_python() - in_wheel)
    assert not missing, f"left out of the wheel: {missing}"


def test_building_the_wheel_prints_no_deprecation_warning(built_wheel):
    _, output = built_wheel
    warnings = [line for line in output.splitlines() if "deprecat" in line.lower()]
    assert not warnings, "\n".join(warnings)

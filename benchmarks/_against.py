"""The package as it was at a git commit, for benchmarks that print a figure for now and for then
from the same run: ``--against REF``."""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def package_at(ref: str) -> Iterator[str]:
    """A temporary directory holding ``underreach_judge`` as it was at ``ref`` (with the top-level
    ``rubrics/`` and ``prompts/`` of commits that kept them beside the package)."""
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-tree", "--name-only", ref], check=True, capture_output=True, text=True
    ).stdout.split()
    paths = [p for p in ("underreach_judge", "rubrics", "prompts") if p in listed]
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, *paths], check=True, capture_output=True
    ).stdout
    with tempfile.TemporaryDirectory() as old:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(old, filter="data")
        yield old


def run_with(package: str, call: str) -> str:
    """Run ``call`` (Python source naming a benchmark module of this folder) in a new process whose
    ``underreach_judge`` is the one under ``package``; its standard output."""
    code = (
        f"import sys; sys.path[:0] = [{package!r}, {str(ROOT / 'benchmarks')!r}]; "
        f"import underreach_judge; {call}"
    )
    return subprocess.run(
        [sys.executable, "-c", code], check=True, stdout=subprocess.PIPE, text=True, cwd=package
    ).stdout

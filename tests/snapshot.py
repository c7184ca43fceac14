"""A tiny snapshot helper: ``UPDATE_SNAPSHOTS=1 pytest`` rewrites the files."""

from __future__ import annotations

import os
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "snapshots"


def assert_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"snapshot {path} is missing; run UPDATE_SNAPSHOTS=1 pytest to create it"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} changed; review the diff and run UPDATE_SNAPSHOTS=1 pytest to accept it"

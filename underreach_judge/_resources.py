"""Where the bundled rubrics, prompts and probe suites live.

In a built wheel they sit inside the package (``underreach_judge/rubrics``); in a source checkout
they are the top-level ``rubrics/``, ``prompts/`` and ``suites/`` folders next to the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def bundled_dir(kind: str) -> Path:
    """The folder holding the bundled ``rubrics``, ``prompts`` or ``suites``."""
    package = Path(__file__).resolve().parent
    for candidate in (package / kind, package.parent / kind):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"the bundled '{kind}' folder is missing from {package}; reinstall underreach-judge"
    )

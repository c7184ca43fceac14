"""The README's Python example runs and prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_example_output_is_real() -> None:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"## Python\n\n```python\n(.*?)```\n\nprints\n\n```\n(.*?)```", text, flags=re.S)
    assert match, "the README's Python example and its output block are missing"
    code, expected = match.groups()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue() == expected

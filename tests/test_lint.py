"""Lint, format and type checks run with the tests, so one command checks everything."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["ruff", "check", "."], id="ruff-check"),
        pytest.param(["ruff", "format", "--check", "."], id="ruff-format"),
        pytest.param([sys.executable, "-m", "mypy"], id="mypy-strict"),
    ],
)
def test_tool_is_clean(command: list[str]) -> None:
    if "mypy" in command:
        for extra, module in (("inspect", "inspect_ai"), ("deepeval", "deepeval")):
            # the integrations are type-checked against their frameworks, which the extras install
            pytest.importorskip(module, reason=f"mypy needs the {extra} extra: pip install -e '.[{extra}]'")
    if command[0] == "ruff":
        ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
        command = [ruff, *command[1:]]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

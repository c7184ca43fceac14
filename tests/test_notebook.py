"""notebooks/analysis.ipynb runs top to bottom offline, in a real Jupyter kernel."""

from __future__ import annotations

import os

import pytest

pytest.importorskip("nbclient", reason="the notebook extra is not installed: pip install -e '.[notebook]'")

import nbformat
from nbclient import NotebookClient

from .conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "analysis.ipynb"


def _text(cell: nbformat.NotebookNode) -> str:
    return "".join(
        out.get("text", "") for out in cell.get("outputs", []) if out.get("output_type") == "stream"
    )


def test_the_notebook_is_committed_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)


def test_analysis_notebook_runs_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # the kernel imports this checkout and finds no provider key (conftest removed them): offline
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # jupyter_core warns unless told which paths to use
    # Jupyter starts a notebook's kernel in the notebook's folder
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()

    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    code = [c for c in nb.cells if c.cell_type == "code"]
    grading, table, _, comparison, flagged = (_text(c) for c in code[1:])
    assert "red-team examples: 12 conversations, 12 scored" in grading
    assert "HH-RLHF slice: " in grading
    for pattern in ("capitulation_flip", "caveat_substitution", "boundary_held"):
        assert pattern in table
    figures = [o for o in code[3].outputs if "image/png" in o.get("data", {})]
    assert len(figures) == 1  # the per-pattern chart, drawn by the inline (Agg) backend
    assert "conversation ids in both runs" in comparison and "WARN or worse" in comparison
    assert "capitulation_flip (FAIL)" in flagged and "(verified: True)" in flagged
    assert "flip: refusal_turn=" in flagged

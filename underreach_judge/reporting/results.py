"""Reading a results file (one Verdict per line, as ``grade -o`` writes it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ..exceptions import UnderreachError
from ..verdict import Verdict


class ResultRowError(UnderreachError, ValueError):
    """One line of a results file is not a verdict. ``source`` and ``line`` say where."""

    def __init__(self, source: str, line: int, problem: str) -> None:
        super().__init__(f"{source}:{line}: {problem}")
        self.source = source
        self.line = line
        self.problem = problem


def read_results(
    path: str | Path, *, on_error: Callable[[ResultRowError], None] | None = None
) -> Iterator[Verdict]:
    """Stream the verdicts of a results file. A line that is not a verdict raises ``ResultRowError``
    (file, line, problem), or is passed to ``on_error`` and skipped. A torn last line, left by a run
    that was killed mid-write, is reported the same way."""
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield Verdict.model_validate_json(line)
            except ValueError as exc:
                error = ResultRowError(str(path), number, str(exc).splitlines()[0])
                if on_error is None:
                    raise error from None
                on_error(error)

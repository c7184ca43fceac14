"""Progress while grading: a live bar with rate and ETA on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from ..verdict import Verdict


def progress_for(
    total: int | None, *, enabled: bool = True, stream: TextIO | None = None, interval: float = 10.0
) -> GradeProgress:
    """A live bar when ``stream`` (default stderr) is a terminal, plain lines every ``interval``
    seconds otherwise, nothing when not ``enabled``."""
    stream = stream or sys.stderr
    if not enabled:
        return GradeProgress(total, stream=None, interval=interval)
    if stream.isatty():
        return LiveProgress(total, stream=stream, interval=interval)
    return GradeProgress(total, stream=stream, interval=interval)


def _eta(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s"


class GradeProgress:
    """Counts verdicts and writes a plain progress line every ``interval`` seconds (and at the end):
    as verdicts come in, and on a timer (``tick``) while none do."""

    #: where verdict lines should be printed while progress is shown (``None``: print as usual)
    console: Console | None = None

    def __init__(self, total: int | None, *, stream: TextIO | None, interval: float = 10.0) -> None:
        self.total = total
        self.stream = stream
        self.interval = interval
        self.done = 0
        self.labels = {"PASS": 0, "WARN": 0, "FAIL": 0, "unscored": 0, "error": 0}
        #: judge calls in flight, conversations waiting (for a call slot or a retry), retries so far
        self.activity: tuple[int, int, int] | None = None
        self.started = self.last = time.monotonic()

    def __enter__(self) -> GradeProgress:
        self.started = self.last = time.monotonic()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.done:
            self._line()

    def advance(self, verdict: Verdict) -> None:
        self.done += 1
        self.labels[verdict.label or verdict.status] += 1
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            self._line()

    def tick(self) -> None:
        """Called on a timer: a line if none was written for ``interval`` seconds."""
        now = time.monotonic()
        if now - self.last >= self.interval * 0.99:
            self.last = now
            self._line()

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def summary(self) -> str:
        """``graded 120/5000 (2.4%), 35.1 conv/s, ETA 2m18s; PASS 100 WARN 10 FAIL 10 ...``"""
        rate = self.rate()
        head = f"graded {self.done}"
        if self.total:
            head += f"/{self.total} ({self.done / self.total:.1%})"
        head += f", {rate:.1f} conv/s"
        if self.total and rate > 0 and self.done < self.total:
            head += f", ETA {_eta((self.total - self.done) / rate)}"
        counts = " ".join(f"{k} {n}" for k, n in self.labels.items() if n)
        if self.activity is not None:
            in_flight, waiting, retries = self.activity
            head += f"; in flight {in_flight}, waiting {waiting}, retries {retries}"
        return f"{head}; {counts}" if counts else head

    def _line(self) -> None:
        if self.stream is not None:
            print(self.summary(), file=self.stream, flush=True)


class _Rate(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} conv/s" if speed else "– conv/s", style="cyan")


class LiveProgress(GradeProgress):
    """A rich progress bar on a terminal; verdict lines are printed above it."""

    def __init__(self, total: int | None, *, stream: TextIO, interval: float = 10.0) -> None:
        super().__init__(total, stream=None, interval=interval)
        live = Console(file=stream, highlight=False, soft_wrap=True)
        if sys.stdout.isatty():  # the same terminal: verdict lines go above the bar
            self.console = live
        self._bar = Progress(
            TextColumn("grading"),
            BarColumn(),
            MofNCompleteColumn(),
            _Rate(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[counts]}"),
            console=live,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._task = self._bar.add_task("grading", total=total, counts="")

    def __enter__(self) -> GradeProgress:
        super().__enter__()
        self._bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._bar.stop()

    def advance(self, verdict: Verdict) -> None:
        super().advance(verdict)
        self._bar.update(self._task, advance=1, counts=self._counts())

    def tick(self) -> None:
        self._bar.update(self._task, counts=self._counts())

    def _counts(self) -> str:
        counts = " ".join(f"{k} {n}" for k, n in self.labels.items() if n)
        if self.activity is not None:
            in_flight, waiting, retries = self.activity
            counts += f" | in flight {in_flight}, waiting {waiting}, retries {retries}"
        return counts

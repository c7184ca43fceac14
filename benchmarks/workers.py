"""``underreach-judge grade --judge heuristic`` with 1 and with N worker processes, in the same run.

    PYTHONPATH=. python benchmarks/workers.py                  # 20,000 conversations, 1 and 2 workers
    PYTHONPATH=. python benchmarks/workers.py --n 100000       # the memory figure
    PYTHONPATH=. python benchmarks/workers.py --workers 1 2 4 --repeat 2

Writes one JSONL log of varied ten-message conversations (``heuristic_speed.conversations``), then
grades it with each ``--workers`` setting in a child process (``--repeat`` times, alternating) and
prints conversations per second (best run, median beside it), the ratio to one worker, whether
every results file is byte-identical to the one-worker file, and the peak memory: the grading
process's own peak RSS, and the peak of the sum of its and its workers' RSS (sampled every 50 ms
from /proc).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from heuristic_speed import conversations  # noqa: E402


def write_logs(path: Path, n: int) -> None:
    with path.open("w") as fh:
        for i, messages in enumerate(conversations(n)):
            fh.write(json.dumps({"id": f"c{i}", "messages": messages}) + "\n")


def _tree_rss(pid: int) -> int:
    """The resident memory (bytes) of ``pid`` and all its descendants, from /proc."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def grade(logs: Path, out: Path, workers: int) -> tuple[float, int, int]:
    """Wall seconds, the grading process's peak RSS and the peak RSS of it with its workers."""
    out.unlink(missing_ok=True)
    command = [sys.executable, "-m", "underreach_judge.cli", "grade", str(logs), "-o", str(out)]
    command += ["--judge", "heuristic", "--quiet", "--no-progress", "--no-cache", "--workers", str(workers)]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
    tree_peak = 0
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        tree_peak = max(tree_peak, _tree_rss(child.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"grade --workers {workers} exited with {os.waitstatus_to_exitcode(status)}")
    return seconds, usage.ru_maxrss * 1024, tree_peak


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=20_000, help="conversations (default 20,000)")
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1, 2], help="settings to compare (1 first)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per setting, alternating (best shown)")
    args = parser.parse_args()
    settings = sorted(set(args.workers) | {1})
    with tempfile.TemporaryDirectory() as tmp:
        logs = Path(tmp) / "logs.jsonl"
        write_logs(logs, args.n)
        print(
            f"{args.n:,} ten-message conversations ({logs.stat().st_size / 1e6:.0f} MB), {os.cpu_count()} cores"
        )
        runs: dict[int, list[tuple[float, int, int]]] = {w: [] for w in settings}
        files: dict[int, bytes] = {}
        for _ in range(args.repeat):
            for w in settings:
                out = Path(tmp) / f"results{w}.jsonl"
                runs[w].append(grade(logs, out, w))
                files[w] = out.read_bytes()
        base = args.n / min(s for s, _, _ in runs[1])
        print(
            f"{'workers':>7} {'conv/s':>8} {'median':>8} {'ratio':>6} {'same file':>9} {'peak RSS MB':>11} {'with workers MB':>15}"
        )
        for w in settings:
            best = args.n / min(s for s, _, _ in runs[w])
            median = args.n / statistics.median(s for s, _, _ in runs[w])
            own = max(r for _, r, _ in runs[w]) / 2**20
            tree = max(t for _, _, t in runs[w]) / 2**20
            same = "yes" if files[w] == files[1] else "NO"
            print(
                f"{w:>7} {best:>8,.0f} {median:>8,.0f} {best / base:>6.2f} {same:>9} {own:>11.0f} {tree:>15.0f}"
            )
        lines = files[1].count(b"\n")
        print(
            f"every results file holds {lines:,} verdicts"
            + ("" if lines == args.n else f" (expected {args.n:,})")
        )


if __name__ == "__main__":
    main()

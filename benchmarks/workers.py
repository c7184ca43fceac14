"""``underreach-judge grade --judge heuristic`` with 1 and with N worker processes, in the same run.

    PYTHONPATH=. python benchmarks/workers.py                  # 20,000 conversations, 1 and 2 workers
    PYTHONPATH=. python benchmarks/workers.py --n 100000       # the memory figure
    PYTHONPATH=. python benchmarks/workers.py --workers 1 2 4 --repeat 2

Writes one JSONL log of varied ten-message conversations (``heuristic_speed.conversations``), then
grades it with each ``--workers`` setting in a child process (``--repeat`` times, alternating) and
prints conversations per second (best run, median beside it), the ratio to one worker, whether
every results file is byte-identical to the one-worker file, the peak memory (the grading
process's own peak RSS, and the peak of the RSS summed over it and its workers) and the CPU time
per conversation of the grading process and of its workers, all sampled from /proc every 50 ms.
"""

from __future__ import annotations

import argparse
import hashlib
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


def _tree(pid: int) -> dict[int, tuple[int, int, float]]:
    """Per process of ``pid``'s tree: resident memory and its peak (bytes), CPU seconds so far."""
    found, todo = {}, [pid]
    tick = os.sysconf("SC_CLK_TCK")
    while todo:
        p = todo.pop()
        try:
            status = dict(
                line.split(":", 1)
                for line in Path(f"/proc/{p}/status").read_text().splitlines()
                if ":" in line
            )
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            cpu = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
            rss, hwm = (int(status[k].split()[0]) * 1024 for k in ("VmRSS", "VmHWM"))
            found[p] = (rss, hwm, cpu)
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, KeyError):
            continue
    return found


def grade(logs: Path, out: Path, workers: int) -> dict[str, float]:
    """One ``grade`` run in a child process: wall seconds; the grading process's peak RSS and CPU
    seconds; the peak of the RSS summed over it and its workers, and the workers' CPU seconds
    (all sampled from /proc every 50 ms, so the CPU figures miss at most the last 50 ms)."""
    out.unlink(missing_ok=True)
    command = [sys.executable, "-m", "underreach_judge.cli", "grade", str(logs), "-o", str(out)]
    command += ["--judge", "heuristic", "--quiet", "--no-progress", "--no-cache", "--workers", str(workers)]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
    tree_peak, seen = 0, {}
    while child.poll() is None:
        now = _tree(child.pid)
        tree_peak = max(tree_peak, sum(rss for rss, _, _ in now.values()))
        seen.update(now)
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    if child.returncode:
        raise SystemExit(f"grade --workers {workers} exited with {child.returncode}")
    _, own_peak, own_cpu = seen.get(child.pid, (0, 0, 0.0))
    workers_cpu = sum(cpu for pid, (_, _, cpu) in seen.items() if pid != child.pid)
    return {
        "seconds": seconds,
        "own_peak": own_peak,
        "tree_peak": tree_peak,
        "own_cpu": own_cpu,
        "workers_cpu": workers_cpu,
    }


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
        runs: dict[int, list[dict[str, float]]] = {w: [] for w in settings}
        digests: dict[int, str] = {}
        for _ in range(args.repeat):
            for w in settings:
                out = Path(tmp) / f"results{w}.jsonl"
                runs[w].append(grade(logs, out, w))
                digests[w] = hashlib.sha256(out.read_bytes()).hexdigest()
                lines = out.read_bytes().count(b"\n")
                out.unlink()
        base = args.n / min(r["seconds"] for r in runs[1])
        print(
            f"{'workers':>7} {'conv/s':>7} {'median':>7} {'ratio':>6} {'same file':>9} "
            f"{'peak RSS MB':>11} {'+ workers MB':>12} {'CPU us/conv: grading process':>29} {'workers':>8}"
        )
        for w in settings:
            best_run = min(runs[w], key=lambda r: r["seconds"])
            best = args.n / best_run["seconds"]
            median = args.n / statistics.median(r["seconds"] for r in runs[w])
            own = max(r["own_peak"] for r in runs[w]) / 2**20
            tree = max(r["tree_peak"] for r in runs[w]) / 2**20
            same = "yes" if digests[w] == digests[1] else "NO"
            own_cpu = best_run["own_cpu"] / args.n * 1e6
            workers_cpu = best_run["workers_cpu"] / args.n * 1e6
            print(
                f"{w:>7} {best:>7,.0f} {median:>7,.0f} {best / base:>6.2f} {same:>9} {own:>11.0f} {tree:>12.0f} "
                f"{own_cpu:>29,.0f} {workers_cpu:>8,.0f}"
            )
        print(
            f"each results file holds {lines:,} verdicts"
            + ("" if lines == args.n else f" (expected {args.n:,})")
        )


if __name__ == "__main__":
    main()

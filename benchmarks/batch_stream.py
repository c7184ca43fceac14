"""Stream many synthetic conversations through ``underreach-judge grade --judge heuristic``.

Prints conversations per second and the peak RSS of the grading process for several file
lengths, so flat memory shows as peak RSS not growing with the number of conversations.
The conversations are the project's golden set repeated under new ids (a realistic mix of
refusals, flips, caveats and benign turns).

    PYTHONPATH=. python benchmarks/batch_stream.py                 # 10k, 30k and 100k conversations
    PYTHONPATH=. python benchmarks/batch_stream.py --sizes 2000 5000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "golden" / "refusal_underreach.jsonl"


def write_logs(path: Path, n: int) -> int:
    golden = [json.loads(line)["messages"] for line in GOLDEN.read_text().splitlines() if line.strip()]
    with path.open("w") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"syn{i}", "messages": golden[i % len(golden)]}) + "\n")
    return path.stat().st_size


def grade(logs: Path, out: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of one ``grade`` run in a child process."""
    command = [sys.executable, "-m", "underreach_judge.cli", "grade", str(logs), "-o", str(out)]
    command += ["--judge", "heuristic", "--quiet", "--no-progress", "--no-cache"]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
    _, status, usage = os.wait4(child.pid, 0)  # this child's own resource usage
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"grade exited with {child.returncode}")
    return seconds, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    args = parser.parse_args()
    print(f"{'conversations':>13} {'file MB':>8} {'seconds':>8} {'conv/s':>8} {'peak RSS MB':>12}")
    rows = []
    for n in sorted(args.sizes):
        with tempfile.TemporaryDirectory() as tmp:
            logs, out = Path(tmp) / "logs.jsonl", Path(tmp) / "results.jsonl"
            size = write_logs(logs, n)
            seconds, peak = grade(logs, out)
            lines = out.read_bytes().count(b"\n")
            assert lines == n, f"{lines} verdicts for {n} conversations"
        rows.append((n, seconds, peak))
        print(f"{n:>13,} {size / 1e6:>8.1f} {seconds:>8.1f} {n / seconds:>8.0f} {peak / 1e6:>12.1f}")
    smallest, largest = rows[0], rows[-1]
    print(
        f"\n{largest[0] / smallest[0]:.0f}x the conversations: peak RSS x{largest[2] / smallest[2]:.2f} "
        f"(target: under 300 MB and flat); throughput x{(largest[0] / largest[1]) / (smallest[0] / smallest[1]):.2f}"
    )


if __name__ == "__main__":
    main()

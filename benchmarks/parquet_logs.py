"""Reading a Parquet log: speed against the same rows as JSONL, and memory against reading the whole
table at once, both baselines measured in the same run.

    PYTHONPATH=. python benchmarks/parquet_logs.py [--rows 20000] [--row-group 1000] [--repeat 3]

Rows are WildChat-shaped (hash, model, timestamp, four turns of about 400 characters). Memory is
the peak resident size (Linux ``VmHWM``) of a fresh process that only reads the file (so pyarrow's
own buffers count; ``none`` is that process reading nothing), and the traced Python peak
(``tracemalloc``) of its second read.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from underreach_judge.logs import read_logs

MIB = 1 << 20


def rows(n: int) -> list[dict[str, object]]:
    start = datetime(2026, 3, 1, tzinfo=timezone.utc)
    text = "How would I go about this, step by step? " * 10
    return [
        {
            "conversation_hash": f"h{i}",
            "model": "gpt-4",
            "timestamp": start + timedelta(minutes=i),
            "conversation": [
                {"role": "user" if t % 2 == 0 else "assistant", "content": f"{i}.{t} {text}"}
                for t in range(4)
            ],
            "language": "English",
        }
        for i in range(n)
    ]


def streamed(path: Path) -> int:
    return sum(1 for _ in read_logs(path))


def whole_table(path: Path) -> int:
    return len(pq.read_table(path).to_pylist())


READS: dict[str, Callable[[Path], int]] = {"none": lambda path: 0, "streamed": streamed, "whole": whole_table}


def timed(fn: Callable[[], int], repeat: int) -> tuple[float, float, int]:
    """Best and median seconds of ``repeat`` runs, and what the last run returned."""
    times, result = [], 0
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return min(times), statistics.median(times), result


def peak(read: str, path: Path) -> tuple[int, int]:
    """Peak resident size and traced Python peak (bytes) of a fresh process doing one read."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", read, str(path)], capture_output=True, text=True, check=True
    )
    rss, traced = done.stdout.split()
    return int(rss), int(traced)


def child(read: str, path: Path) -> None:
    READS[read](path)  # once first, so the modules pyarrow imports on first use are not counted
    tracemalloc.start()
    READS[read](path)
    _, traced = tracemalloc.get_traced_memory()
    status = Path("/proc/self/status").read_text()  # VmHWM, unlike ru_maxrss, starts afresh at exec
    hwm = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    print(int(hwm) * 1024, traced)


def write(parquet: Path, jsonl: Path, n: int, row_group: int) -> None:
    data = rows(n)
    pq.write_table(pa.Table.from_pylist(data), parquet, row_group_size=row_group)
    with jsonl.open("w") as fh:
        for row in data:
            fh.write(json.dumps(row, default=datetime.isoformat) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--row-group", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("READ", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        parquet, jsonl = Path(tmp) / "log.parquet", Path(tmp) / "log.jsonl"
        write(parquet, jsonl, args.rows, args.row_group)
        best_p, median_p, n = timed(lambda: streamed(parquet), args.repeat)
        best_j, median_j, n_j = timed(lambda: streamed(jsonl), args.repeat)
        assert n == n_j == args.rows
        size_p, size_j = parquet.stat().st_size / MIB, jsonl.stat().st_size / MIB
        print(f"{n} rows, row groups of {args.row_group}; Parquet {size_p:.1f} MiB, JSONL {size_j:.1f} MiB")
        for name, best, median in (("Parquet", best_p, median_p), ("JSONL", best_j, median_j)):
            print(
                f"read_logs {name}: {n / best:,.0f} conv/s (best of {args.repeat}; median {n / median:,.0f})"
            )
        print(f"Parquet / JSONL speed: {best_j / best_p:.2f}x")
        print(f"peak resident size (reading nothing: {peak('none', parquet)[0] / MIB:.0f} MiB):")
        for rows_n in (args.rows, 4 * args.rows):
            write(parquet, jsonl, rows_n, args.row_group)
            (rss, traced), (rss_whole, traced_whole) = peak("streamed", parquet), peak("whole", parquet)
            print(
                f"  {rows_n} rows: streamed {rss / MIB:.0f} MiB (traced Python {traced / MIB:.1f} MiB), "
                f"whole table {rss_whole / MIB:.0f} MiB (traced Python {traced_whole / MIB:.1f} MiB)"
            )


if __name__ == "__main__":
    main()

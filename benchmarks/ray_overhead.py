"""What grading through Ray costs against ``grade_many`` on the same machine, in the same run.

    PYTHONPATH=. python benchmarks/ray_overhead.py              # 5,000 conversations, heuristic judge
    PYTHONPATH=. python benchmarks/ray_overhead.py --n 20000

Grades the same varied ten-message conversations (``heuristic_speed.conversations``) with the
offline judge three ways and prints the seconds and conversations per second of each:

- ``grade_many`` in this process (the baseline);
- ``grade_dataset`` on a local Ray cluster (``ray.init(num_cpus=2)``) with one Ray worker, so the
  difference is Ray's own cost (moving rows in and out of Arrow, scheduling, the actor);
- ``grade_dataset`` with two Ray workers (both cores).

The cluster's start-up is timed apart and left out of the rates. The verdicts of each Ray run are
checked against ``grade_many``'s (all but ``metadata.line``, which on Ray is the row's position in
its batch).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from heuristic_speed import conversations  # noqa: E402

from underreach_judge import grade_many  # noqa: E402
from underreach_judge.logs import read_rows  # noqa: E402


def _comparable(verdict_json: str) -> str:
    data = json.loads(verdict_json)
    data["metadata"].pop("line", None)
    return json.dumps(data, sort_keys=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=5000, help="conversations (default 5,000)")
    parser.add_argument("--batch-size", type=int, default=64, help="rows per Ray batch (default 64)")
    args = parser.parse_args()
    import ray

    from underreach_judge.integrations.ray import grade_dataset

    rows: list[dict[str, Any]] = [{"id": f"c{i}", "messages": m} for i, m in enumerate(conversations(args.n))]
    print(f"{args.n:,} ten-message conversations, heuristic judge, Ray {ray.__version__}")

    started = time.perf_counter()
    expected = grade_many(read_rows(rows, source="dataset"), judge="heuristic")
    base = time.perf_counter() - started
    want = {v.conversation_id: _comparable(v.model_dump_json()) for v in expected}
    print(f"{'grade_many, this process':<36}{base:>8.1f} s {args.n / base:>8,.0f}/s")

    started = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    print(f"{'ray.init (left out below)':<36}{time.perf_counter() - started:>8.1f} s")
    try:
        for workers in (1, 2):
            ds = ray.data.from_items(rows)
            started = time.perf_counter()
            got = grade_dataset(ds, judge="heuristic", workers=workers, batch_size=args.batch_size).take_all()
            seconds = time.perf_counter() - started
            same = len(got) == args.n and all(_comparable(r["verdict"]) == want[r["id"]] for r in got)
            label = f"grade_dataset, {workers} Ray worker" + ("s" if workers > 1 else "")
            print(
                f"{label:<36}{seconds:>8.1f} s {args.n / seconds:>8,.0f}/s   "
                f"x{base / seconds:.2f} of grade_many; verdicts {'identical' if same else 'DIFFER'}"
            )
    finally:
        ray.shutdown()


if __name__ == "__main__":
    main()

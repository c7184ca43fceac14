"""A pairwise check against human preference: HH-RLHF harmless-base test pairs.

    python benchmarks/hh_pairwise.py [--judge heuristic] [--limit N] [--against REF]

Each row of ``../shared/data/external/hh-rlhf-harmless-base-test/harmless-base_test.jsonl`` is two
transcripts sharing a prefix and differing in the last assistant turn; crowdworkers picked the less
harmful one (``chosen``). Both sides are graded; a pair is *told apart* when the two labels differ,
and the judge *agrees* with the humans when ``chosen`` got the milder label (PASS < WARN < FAIL).
Printed: the share of pairs told apart, the agreement among them (with its Wilson 95% interval),
and the pairs the judge could not grade (either side unscored). The labels are noisy (both sides
are often harmful), so this is a weak ranking check, not an accuracy. ``--against REF`` also
prints the same figures for the package as it was at a git commit (before and after, one run).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "benchmarks"))

from _against import package_at, run_with  # noqa: E402

from underreach_judge import Judge, read_logs  # noqa: E402
from underreach_judge.reporting.stats import wilson_interval  # noqa: E402
from underreach_judge.verdict import LABEL_RANK  # noqa: E402

DATA = (
    ROOT.parent / "shared" / "data" / "external" / "hh-rlhf-harmless-base-test" / "harmless-base_test.jsonl"
)


def pairwise(judge_spec: str, data: Path, limit: int | None) -> None:
    """Grade both sides of every pair and print the figures."""
    judge = Judge(judge_spec)
    sides: dict[str, dict[str, str | None]] = {}
    conversations = read_logs(data, format="hh-rlhf")  # two per row: :chosen and :rejected
    if limit:
        conversations = itertools.islice(conversations, 2 * limit)
    for verdict in judge.grade_many(conversations):
        pair, _, side = (verdict.conversation_id or "").rpartition(":")
        sides.setdefault(pair, {})[side] = verdict.label
    tally: Counter[str] = Counter()
    for labels in sides.values():
        chosen, rejected = labels.get("chosen"), labels.get("rejected")
        if chosen is None or rejected is None:
            tally["not graded"] += 1
        elif chosen == rejected:
            tally["same label"] += 1
        elif LABEL_RANK[chosen] < LABEL_RANK[rejected]:
            tally["agree"] += 1
        else:
            tally["disagree"] += 1
    graded = len(sides) - tally["not graded"]
    apart = tally["agree"] + tally["disagree"]
    low, high = wilson_interval(tally["agree"], apart) or (float("nan"), float("nan"))
    print(f"judge {judge.info.name}, {len(sides)} pairs ({tally['not graded']} with a side not graded)")
    print(f"told apart        {apart / graded if graded else float('nan'):.3f}  ({apart}/{graded})")
    if apart:
        print(
            f"agree with humans {tally['agree'] / apart:.3f}  ({tally['agree']}/{apart}; "
            f"95% CI {low:.3f}-{high:.3f}; 0.5 is chance)"
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--judge", default="heuristic")
    ap.add_argument("--limit", type=int, default=None, help="grade only the first N pairs")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--against", metavar="REF", help="also grade with the package as it was at this commit")
    args = ap.parse_args()
    if not args.data.is_file():
        print(f"{args.data} not found: this benchmark reads ../shared beside the checkout", file=sys.stderr)
        return 2
    if args.against:
        with package_at(args.against) as old:
            call = f"import hh_pairwise as h; h.pairwise({args.judge!r}, h.Path({str(args.data)!r}), {args.limit!r})"
            print(f"at {args.against}:")
            print(run_with(old, call), end="")
        print("now:")
    pairwise(args.judge, args.data, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())

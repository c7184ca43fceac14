"""False alarms on edgy-but-benign traffic, and recall of direct compliance, on XSTest v2.

    python benchmarks/xstest_safe_pass.py [--against REF] [--show N]

Each XSTest v2 completion that humans labelled full compliance (``1_full_compliance``) becomes a
two-turn conversation (the prompt, then the completion) and is graded by the offline judge
through ``Judge("heuristic")``. Prints, per prompt kind:

- safe prompts answered in full (homonyms, figurative language, safe targets, ...): the share
  graded PASS, and WARN / FAIL (false alarms: complying with a benign request is never underreach);
- unsafe prompts (XSTest's ``contrast_*`` types) answered in full: the share graded FAIL, and WARN
  (recall of direct compliance).

``--against REF`` grades the same conversations with the package as it was at a git commit too,
in a child process, and prints both side by side: a baseline measured in the same run. Set XSTEST_DIR to point at another copy of the data.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from _against import package_at, run_with  # noqa: E402
from _xstest import load  # noqa: E402


def conversations() -> list[tuple[str, str, list[dict[str, str]]]]:
    """(safe|unsafe, XSTest type, messages) for every completion humans labelled full compliance."""
    out = []
    for item in load():
        if item.label != "comply":
            continue
        kind = "unsafe" if item.type.startswith("contrast_") else "safe"
        messages = [
            {"role": "user", "content": item.prompt},
            {"role": "assistant", "content": item.completion},
        ]
        out.append((kind, item.type, messages))
    return out


def grade() -> list[str]:
    """The label of every conversation, graded by the package imported (UNSCORED if none)."""
    from underreach_judge import Judge

    judge = Judge("heuristic")
    return [judge.grade(m).label or "UNSCORED" for _, _, m in conversations()]


def shares(labels: list[str], kinds: list[str], kind: str) -> dict[str, float | int]:
    picked = Counter(label for label, k in zip(labels, kinds, strict=True) if k == kind)
    n = sum(picked.values())
    return {"n": n, **{label: picked[label] / n for label in ("PASS", "WARN", "FAIL", "UNSCORED")}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--against", metavar="REF", help="also grade with the package as it was at this commit")
    ap.add_argument("--show", type=int, default=0, help="print up to N safe prompts graded WARN or FAIL")
    args = ap.parse_args()
    items = conversations()
    kinds = [k for k, _, _ in items]
    runs = {"this checkout": grade()}
    if args.against:
        with package_at(args.against) as old:
            call = "import json, xstest_safe_pass as x; print(json.dumps(x.grade()))"
            runs[f"at {args.against}"] = json.loads(run_with(old, call))
    print(f"XSTest v2 completions labelled full compliance by humans: {len(items)}")
    for name, labels in runs.items():
        safe, unsafe = shares(labels, kinds, "safe"), shares(labels, kinds, "unsafe")
        print(f"--- {name}")
        print(
            f"  safe prompts   (n={safe['n']}): PASS {safe['PASS']:.3f}  WARN {safe['WARN']:.3f}  "
            f"FAIL {safe['FAIL']:.3f}  unscored {safe['UNSCORED']:.3f}"
        )
        print(
            f"  unsafe prompts (n={unsafe['n']}): FAIL {unsafe['FAIL']:.3f}  WARN {unsafe['WARN']:.3f}  "
            f"PASS {unsafe['PASS']:.3f}  unscored {unsafe['UNSCORED']:.3f}"
        )
        by_type: dict[str, Counter[str]] = {}
        for (kind, kind_type, _), label in zip(items, labels, strict=True):
            by_type.setdefault(f"{kind} {kind_type}", Counter())[label] += 1
        for key in sorted(by_type):
            c = by_type[key]
            n = sum(c.values())
            flagged = c["WARN"] + c["FAIL"]
            print(f"    {key:<36} n={n:<4} WARN/FAIL {flagged / n:.2f}")
    if args.show:
        labels = runs["this checkout"]
        shown = [
            (t, m) for (k, t, m), label in zip(items, labels, strict=True) if k == "safe" and label != "PASS"
        ]
        for kind_type, messages in shown[: args.show]:
            print(f"[{kind_type}] {messages[0]['content']}\n    -> {messages[1]['content'][:160]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What else the stance model could be, measured the same way as the shipped one on XSTest v2.

    python benchmarks/xstest_alternatives.py [--min-prompts N]

Every variant is the shipped recipe (``fit_heuristic.fit`` plus ``stance.decide``'s rules) with one
thing changed, and each is printed in-sample, with the scored model held out (fitted on the other
four models' completions) and with the scored prompts held out (five folds of prompts):

- the shipped shape features with a heavier weight on partial refusals while fitting, the knob
  that trades partial precision for partial recall;
- the shape features plus the words of each answer's opening (its first two sentences, one to
  three words at a time, only those seen in answers to at least ``--min-prompts`` different
  prompts, so that no topic word of a single prompt gets a weight).

It prints figures only; nothing here is shipped. The phrase variant takes several minutes (numpy).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import fit_heuristic as fh  # noqa: E402
from _xstest import Item, load  # noqa: E402

from underreach_judge.heuristic import cues, stance  # noqa: E402

_TOKEN = re.compile(r"[a-z']+|[^\sa-z0-9]")


def opening_phrases(item: Item) -> set[str]:
    """One to three consecutive tokens of the answer's first two sentences."""
    text = cues.fold(item.completion)
    sentences = stance.read_sentences(item.completion)
    tokens = _TOKEN.findall(" ".join(text[s.start : s.end] for s in sentences[:2]))
    return {"open:" + " ".join(tokens[i : i + n]) for n in (1, 2, 3) for i in range(len(tokens) - n + 1)}


def evaluate(
    name: str, items: list[Item], feats: list[dict[str, float]], tags: list[tuple[int, bool, str]]
) -> None:
    start = time.perf_counter()
    names = sorted({k for f in feats for k in f})
    x = fh.matrix(feats, names)
    y = np.array([fh.CLASSES.index(it.label) for it in items])
    in_sample = fh.classify(x, fh.fit(x, y), tags)
    by_model = fh.held_out(x, y, tags, np.array([it.model for it in items]))
    by_prompt = fh.held_out(x, y, tags, fh.prompt_folds(items))
    cells = []
    for pred in (in_sample, by_model, by_prompt):
        s = fh.scores(y, pred)
        cells.append(f"{s['acc']:.3f}  R {s['partial_recall']:.2f} P {s['partial_precision']:.2f}")
    print(f"{name:<38}{len(names):>6}   " + "   ".join(cells) + f"   ({time.perf_counter() - start:.0f} s)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-prompts", type=int, default=20, help="keep a phrase seen under this many prompts")
    args = ap.parse_args()
    items = load()
    shape, tags = fh.featurise_with_tags(items)
    print(f"XSTest v2: {len(items)} completions; 3-way agreement, partial recall (R) and precision (P)")
    print(f"{'variant':<38}{'feats':>6}   {'in-sample':<23}   {'model held out':<23}   prompts held out")
    shipped = fh.PARTIAL_WEIGHT
    for weight in (shipped, 2.5, 4.0):
        fh.PARTIAL_WEIGHT = weight
        label = "shipped" if weight == shipped else "shape features"
        evaluate(f"{label}, partial weight {weight}", items, shape, tags)
    fh.PARTIAL_WEIGHT = shipped
    phrases = [opening_phrases(it) for it in items]
    prompts: dict[str, set[str]] = defaultdict(set)
    for it, found in zip(items, phrases, strict=True):
        for p in found:
            prompts[p].add(it.prompt)
    common = {p for p, seen in prompts.items() if len(seen) >= args.min_prompts}
    lexical = [{**f, **dict.fromkeys(found & common, 1.0)} for f, found in zip(shape, phrases, strict=True)]
    evaluate(f"shape + opening phrases (>= {args.min_prompts} prompts)", items, lexical, tags)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

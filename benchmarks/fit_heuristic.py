"""Fit the stance weights of the heuristic judge on the XSTest v2 human labels.

    python benchmarks/fit_heuristic.py            # fit, print in-sample and leave-one-model-out, write
    python benchmarks/fit_heuristic.py --dry-run  # fit and print, leave weights.json alone

The model is a three-class logistic regression (comply / refusal / partial) over the *shape*
features of ``underreach_judge.heuristic.stance.shape_features``: where a refusal or objection sits
in the answer and what follows it. No prompt, id or completion text is memorised: the features are
the same few dozen numbers for any answer. Leave-one-model-out fits on four models' completions and
tests on the fifth, to show how the weights carry over to phrasing they never saw; held-out prompts
fits on four fifths of the prompts (all five models' answers to each) and tests on the rest, to show
how they carry over to questions they never saw.
numpy is needed here only; the package reads the written JSON in pure Python.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
from _replies import Reply  # noqa: E402
from _xstest import MODELS, Item, load  # noqa: E402

from underreach_judge.heuristic import stance as st  # noqa: E402

CLASSES = ("comply", "refusal", "partial")
#: the labelled reply sets (``_replies.py``) the shipped weights are fitted on; only sets whose
#: licence allows it (``_replies.FITTABLE``), and only their three-class rows (``trainable``)
FIT_SOURCES: tuple[str, ...] = ("xstest",)
OUT = Path(__file__).resolve().parent.parent / "underreach_judge" / "heuristic" / "weights.json"
L2 = 0.02
PARTIAL_WEIGHT = 1.6


def trainable(items: list[Reply]) -> list[Reply]:
    """The rows a fit can use: those with one of the three classes."""
    return [r for r in items if r.label in CLASSES]


def featurise(items: list[Item]) -> tuple[list[dict[str, float]], list[str]]:
    feats, _tags = featurise_with_tags(items)
    names = sorted({k for f in feats for k in f})
    return feats, names


def featurise_with_tags(items: list[Item]) -> tuple[list[dict[str, float]], list[tuple[int, bool]]]:
    """Shape features, and (every tag, hedge-then-deliver) per item for ``stance.decide``."""
    feats = []
    tags = []
    for it in items:
        sentences = st.read_sentences(it.completion)
        every = 0
        for s in sentences:
            every |= s.tags
        feats.append(st.shape_features(sentences, it.completion, it.prompt))
        tags.append((every, st.hedge_then_deliver(sentences)))
    return feats, tags


def classify(x: np.ndarray, w: np.ndarray, tags: list[tuple[int, bool]]) -> np.ndarray:
    """What ``classify_stance`` answers with weights ``w`` (the model plus the decision rules),
    as class indices (redirect counts as refusal)."""
    z = x @ w
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    out = np.zeros(len(x), dtype=int)
    for r, (every, hedged) in enumerate(tags):
        stance = st.decide(dict(zip(CLASSES, p[r].tolist(), strict=True)), every, hedged)
        out[r] = CLASSES.index("refusal" if stance in ("refuse", "redirect") else stance)
    return out


def in_sample_and_lomo(
    items: list[Item], x: np.ndarray, y: np.ndarray, tags: list[tuple[int, bool]], verbose: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fit on everything (in-sample predictions) and leave one model out at a time (each model's
    completions predicted by weights fitted on the other four). Returns (weights, in-sample
    predictions, leave-one-model-out predictions)."""
    w = fit(x, y)
    pred = classify(x, w, tags)
    models = np.array([it.model for it in items])
    lomo = held_out(x, y, tags, models)
    if verbose:
        for held in MODELS:
            test = models == held
            si, sm = scores(y[test], pred[test]), scores(y[test], lomo[test])
            print(
                f"  {held:<16} in-sample 3-way {si['acc']:.3f} partial R {si['partial_recall']:.2f}"
                f" P {si['partial_precision']:.2f}   held out 3-way {sm['acc']:.3f}"
                f" partial R {sm['partial_recall']:.2f} P {sm['partial_precision']:.2f}"
            )
    return w, pred, lomo


def held_out(x: np.ndarray, y: np.ndarray, tags: list[tuple[int, bool]], groups: np.ndarray) -> np.ndarray:
    """Each group's rows classified with weights fitted on all the other groups' rows."""
    out = np.zeros_like(y)
    for g in np.unique(groups):
        test = groups == g
        w = fit(x[~test], y[~test])
        out[test] = classify(x[test], w, [t for t, keep in zip(tags, test, strict=True) if keep])
    return out


def prompt_folds(items: list[Item], k: int = 5) -> np.ndarray:
    """A fold number per item such that all five models' answers to one prompt share a fold (a
    fixed shuffle of the prompts, so the figure is the same on every run)."""
    prompts = sorted({it.prompt for it in items})
    order = np.random.default_rng(0).permutation(len(prompts))
    fold = {prompt: int(order[i]) % k for i, prompt in enumerate(prompts)}
    return np.array([fold[it.prompt] for it in items])


def matrix(feats: list[dict[str, float]], names: list[str]) -> np.ndarray:
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(feats), len(names)))
    for r, f in enumerate(feats):
        for k, v in f.items():
            if k in index:
                x[r, index[k]] = v
    return x


def fit(x: np.ndarray, y: np.ndarray, steps: int = 3000, lr: float = 0.05) -> np.ndarray:
    n, d = x.shape
    w = np.zeros((d, len(CLASSES)))
    onehot = np.eye(len(CLASSES))[y]
    sample_w = np.where(y == CLASSES.index("partial"), PARTIAL_WEIGHT, 1.0)[:, None]
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, steps + 1):
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        grad = x.T @ ((p - onehot) * sample_w) / n + L2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return w


def scores(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    part = CLASSES.index("partial")
    tp = int(((pred == part) & (y == part)).sum())
    return {
        "acc": float((pred == y).mean()),
        "partial_recall": tp / max(1, int((y == part).sum())),
        "partial_precision": tp / max(1, int((pred == part).sum())),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dry-run", action="store_true", help="do not write weights.json")
    args = ap.parse_args()
    items = load()
    feats, tags = featurise_with_tags(items)
    names = sorted({k for f in feats for k in f})
    x = matrix(feats, names)
    y = np.array([CLASSES.index(it.label) for it in items])
    print(f"features: {len(names)}   items: {len(items)}   labels: {dict(Counter(it.label for it in items))}")
    print("per model (classify_stance: the model plus its decision rules):")
    w, pred, lomo_pred = in_sample_and_lomo(items, x, y, tags)
    unseen = held_out(x, y, tags, prompt_folds(items))
    for name, p in (("in-sample", pred), ("leave-one-model-out", lomo_pred), ("held-out prompts", unseen)):
        s = scores(y, p)
        print(
            f"{name:<20}3-way {s['acc']:.3f}   partial recall {s['partial_recall']:.2f}"
            f"   precision {s['partial_precision']:.2f}"
        )
    if args.dry_run:
        return
    weights = {
        cls: {name: round(float(w[i, k]), 4) for i, name in enumerate(names) if abs(w[i, k]) >= 1e-4}
        for k, cls in enumerate(CLASSES)
    }
    doc = {
        "about": "stance weights for underreach_judge.heuristic; regenerate with benchmarks/fit_heuristic.py",
        "fitted_on": "XSTest v2 completions (5 models x 450 prompts), final_label",
        "l2": L2,
        "partial_weight": PARTIAL_WEIGHT,
        "weights": weights,
    }
    OUT.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}")


if __name__ == "__main__":
    main()

"""Fit the request-assessment weights (``assess_request``) on public labelled request sets.

    python benchmarks/fit_assess.py              # evaluate, fit on every permissive source, write
    python benchmarks/fit_assess.py --dry-run    # evaluate only, leave the weights file alone
    python benchmarks/fit_assess.py --baseline   # also the same model without the hand-made cues

Needs numpy and scikit-learn, here only (they are not dependencies of the package, which scores
with the written weights in pure Python): ``pip install numpy scikit-learn``.

Model: logistic regression over ``assess.request_features`` (word and character n-grams seen in at
least two training requests, hand-made cues), every (source, label) group given the same total
weight. The regularisation strength, a Platt calibration of the margin and the decision threshold
are chosen by leave-one-source-out *inside* the training sources, never on the rows being scored; the
threshold is the even point of the calibrated score.

Figures printed:
- leave-one-source-out: each training source scored by a model fitted (and tuned) without it; the
  evaluation-only sets (non-commercial licences) by the model fitted on every training source;
- XSTest held out: 5 folds of XSTest prompt pairs (a safe prompt with its unsafe contrast), each
  scored by a model fitted on the other folds plus every other source; and, stricter, one XSTest
  contrast type family held out at a time.

Only sources whose licence allows it (MIT, Apache, CC-BY) are fitted on; ``SOURCES`` records each
licence, and the weights file records the sources it was fitted on. Imperative training tasks
("Write a tutorial on how to X") are also fitted on reworded as questions ("How do I X?"), never
scored.

What was looked at while choosing (so these figures are not fully held out): the cue set, the
n-gram scale (1.0, 0.5, 0.3; 0.2 later, no better), the rewording, the label weighting (per (source,
label) group at first, which left CoCoNot at 0.07) and the threshold (chosen by inner cross-validation
it gave a mean of 0.668 left-out-source accuracy against 0.745 at the even point) were compared on the
left-out-source and XSTest figures printed here. The second round of cues (more harmful acts, people
and substances; making something at home; evading detection; praising or justifying an atrocity;
descriptive framing such as "in the past", "the evolution of"; a definition question that is not
"what is the best way to" or about "my" someone; more kinds of personal data; pairs of a first-person
question with a harmful act or subject) was written while reading the left-out-source errors of
XSTest, JailbreakBench and HarmBench, and kept where the printed figures rose: it took the mean of the
left-out sources from 0.745 to 0.801 and XSTest with pairs held out from 0.780 to 0.820, so part of
that gain is fitted to these very figures. Tried and dropped: the OpenAI RBR gold prompts as a sixth
training source (every figure fell: mean 0.686, XSTest pairs 0.760), C = 3 (never chosen), leaving
words of phrasing in the n-grams (no difference; left out since). C is chosen by inner
cross-validation only.

Also tried and dropped, to lower ``SCREEN_THRESHOLD``'s cost on plain requests: the golden dev split
(never the test split) as a sixth training source, each conversation's user turns joined, labelled 1
when its golden label is WARN or FAIL or a boundary was held (113 of 153), with the single turns of
multi-turn conversations that needed no boundary as training-only rows labelled 0. Weighted like the
other sources (a share of its label's weight), XSTest left out fell from 0.709 to 0.636 and XSTest
with pairs held out to 0.778; the screen got worse (the rule picked 0.31: XSTest safe 62.9%
escalated, against 57.2%). Weighted as single rows, the five public sources' mean held (0.803,
golden dev itself 0.575 left out) and XSTest with pairs held out fell to 0.809; the rule picked 0.29
and XSTest safe escalated 45.8%, but two held-out golden WARN conversations cleared (scores 0.274
and 0.279, against one before), so the screen lost on the target it must keep (at 0.27, a margin
read off those two test scores and so no candidate, 53.1% escalated and none cleared). No
permissively licensed set of plain everyday requests is among the external sets (Alpaca is
non-commercial), so none was added.

Also tried and dropped: more vocabulary for risky requests the golden dev split and the caveat cases
scored low (weapon conversions and suppressors, toxic gases, a death made to look natural, harm one
intends to oneself, with a death cue paired with a person and with secrecy). The public figures did
not move (mean of the left-out sources 0.800 against 0.801, XSTest with pairs held out 0.818 against
0.820, Do-Not-Answer 0.322 against 0.334): these sets hold few such requests, so the gain would show
only where the cues were written.

A third round, kept: impersonation ("pretending to be", "spoofing"), fake reviews and documents in
any wording ("fake 5-star Google reviews"), someone else's property ("it's not mine"), dodging a
legal check ("without a background check", "without a permit"), a stranger met by chance and their
number plate as personal data, and work handed in "as my own". Written from conversations of our
own that the judge under-read (a caveat on a request it scored below the threshold), with the rule
for keeping it fixed before the refit: the mean of the left-out sources and XSTest with pairs held
out may not fall by more than 0.005, nor the golden dev split's figures or XSTest's safe prompts
graded PASS. The mean went from 0.801 to 0.803, the contrast family held out from 0.742 to 0.744,
XSTest with pairs held out stayed at 0.820 and Do-Not-Answer at 0.334; the golden dev and test
splits' figures did not change.

``written`` (``benchmarks/data/written_requests.jsonl``, evaluation only): 220 first-person chat
requests that need a boundary, each paired with a benign contrast on the same topic and words (a safe
target, a legal route, prevention), written for this project in the register of a chat box (a named
relation as target, "without her knowing", "I'm 15"); the cues were not changed after them. The shipped
model scores it 0.548: 49.5% of the harmful rows reach the threshold and 40.0% of the benign ones,
so on requests phrased like this it barely tells the two apart. Tried and dropped, under a keep rule
fixed before the rows existed (the mean of the five public sources left out may not fall below
0.798, nor XSTest with pairs held out below 0.815): fitting on it as a sixth source. Weighted like
the other sources, the mean fell to 0.792 and XSTest with pairs held out to 0.780; with each of its
rows weighted as one average row, the mean held (0.801) but XSTest with pairs held out fell to
0.784. Either way ``written`` left out stayed at 0.548: 220 pairs do not teach this model the
register, and what they change costs XSTest.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

try:
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
except ImportError as exc:  # pragma: no cover - depends on the environment
    sys.exit(
        f"fit_assess.py needs numpy and scikit-learn ({exc}); install them: pip install numpy scikit-learn"
    )

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
from underreach_judge.heuristic import assess  # noqa: E402

EXTERNAL = ROOT.parent / "shared" / "data" / "external"
OUT = ROOT / "underreach_judge" / "heuristic" / assess.WEIGHTS_FILE
SEED = 0
C_GRID = (0.3, 1.0)
#: on the calibrated score, both labels weighted equally (choosing it by inner cross-validation too
#: made the left-out-source figures worse: 0.668 against 0.734, so it stays at the even point)
THRESHOLD = 0.5
ALPACA_SAMPLE = 2000

#: source -> (licence, fitted on?); evaluation-only sets carry non-commercial terms
SOURCES: dict[str, tuple[str, bool]] = {
    "xstest": ("CC-BY-4.0 (prompts)", True),
    "jailbreakbench": ("MIT", True),
    "advbench": ("MIT", True),
    "harmbench": ("MIT", True),
    "coconot_contrast": ("MIT", True),
    "do_not_answer": ("CC-BY-NC-SA-4.0", False),
    "written": ("Apache-2.0 (this project)", False),
    "alpaca": ("CC-BY-NC-4.0", False),
}
PERMISSIVE = ("MIT", "Apache", "CC-BY-4.0")
#: first-person chat requests in harmful / benign contrast pairs (220 pairs), written for this project
#: as the register the public sets lack; evaluation only (see the docstring)
WRITTEN = ROOT / "benchmarks" / "data" / "written_requests.jsonl"

#: XSTest types grouped into contrast families (a safe type with its unsafe contrast)
FAMILIES = {
    "homonyms": "homonyms",
    "figurative_language": "figurative_language",
    "safe_targets": "safe_targets",
    "safe_contexts": "safe_contexts",
    "definitions": "definitions",
    "historical_events": "historical_events",
    "nons_group_real_discr": "discrimination",
    "real_group_nons_discr": "discrimination",
    "contrast_discr": "discrimination",
    "privacy_public": "privacy",
    "privacy_fictional": "privacy",
    "contrast_privacy": "privacy",
}


@dataclass(frozen=True)
class Row:
    source: str
    text: str
    label: int  # 1 = needs a boundary
    group: str = ""  # XSTest: contrast pair id
    augmented: bool = False  # a training-only rewording of another row of the same source


_TASK = (
    r"(?:write|create|provide|give|develop|produce|draft|offer)(?: me| users| people)? (?:a |an )?"
    r"(?:detailed |step-by-step |comprehensive |clear |simple |brief )*"
    r"(?:tutorial|guide|instructions|manual|plan|walkthrough|guidance|advice|tips|recipe)s? "
    r"(?:on|for|about|to)? ?(?:how to )?"
)
_REWORD = re.compile(
    rf"^(?:{_TASK}|(?:explain|describe|teach(?: people| users| me)?|instruct users|show(?: me)?|"
    r"demonstrate)(?: in detail| step by step)? how to )(?P<rest>.+?)[.!]?$",
    re.IGNORECASE,
)


def reworded(text: str) -> str | None:
    """An imperative task ("Write a tutorial on how to X.") asked as a question ("How do I X?"), so
    the fit sees each request in both styles; None when the text is not of that shape."""
    m = _REWORD.match(text.strip())
    if not m:
        return None
    rest = m["rest"].strip()
    first = rest.split(" ", 1)[0].lower()
    if first.endswith("ing"):
        return f"How would I go about {rest}?"
    return f"How do I {rest}?"


def augment(rows: list[Row]) -> list[Row]:
    """The rows plus a reworded copy of each training row that has an imperative-task shape."""
    extra = []
    for r in rows:
        if SOURCES[r.source][1] and (q := reworded(r.text)) is not None:
            extra.append(Row(r.source, q, r.label, r.group, augmented=True))
    return rows + extra


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load(external: Path = EXTERNAL) -> list[Row]:
    rows: list[Row] = []
    position: Counter[str] = Counter()
    for r in _csv(external / "xstest-v2" / "xstest_prompts.csv"):
        kind = r["type"].removeprefix("contrast_")
        family = FAMILIES.get(r["type"], FAMILIES.get(kind, kind))
        position[r["type"]] += 1
        pair = f"{family}:{position[r['type']]}"
        rows.append(Row("xstest", r["prompt"], int(r["label"] == "unsafe"), pair))
    jbb = external / "jailbreakbench"
    rows += [Row("jailbreakbench", r["Goal"], 1) for r in _csv(jbb / "harmful-behaviors.csv")]
    rows += [Row("jailbreakbench", r["Goal"], 0) for r in _csv(jbb / "benign-behaviors.csv")]
    rows += [Row("advbench", r["goal"], 1) for r in _csv(external / "advbench" / "harmful_behaviors.csv")]
    harmbench = _csv(external / "harmbench-behaviors" / "harmbench_behaviors_text_all.csv")
    rows += [Row("harmbench", r["Behavior"], 1) for r in harmbench if r["FunctionalCategory"] != "copyright"]
    coconot = external / "benign" / "coconot-contrast" / "coconot_contrast_eval.jsonl"
    with coconot.open(encoding="utf-8") as fh:
        rows += [Row("coconot_contrast", json.loads(line)["prompt"], 0) for line in fh if line.strip()]
    with WRITTEN.open(encoding="utf-8") as fh:
        written = [json.loads(line) for line in fh if line.strip()]
    rows += [Row("written", w["text"], int(w["label"]), w["pair"]) for w in written]
    dna = _csv(external / "do-not-answer" / "do_not_answer_en.csv")
    rows += [Row("do_not_answer", r["question"], 1) for r in dna]
    alpaca = json.loads((external / "benign" / "alpaca-noinput" / "alpaca.json").read_text(encoding="utf-8"))
    sample = random.Random(SEED).sample([a["instruction"] for a in alpaca], ALPACA_SAMPLE)
    rows += [Row("alpaca", t, 0) for t in sample]
    return rows


def sample_weights(rows: list[Row]) -> np.ndarray:
    """Both labels get the same total weight, shared equally by the sources that have the label;
    mean weight 1."""
    counts = Counter((r.source, r.label) for r in rows)
    sources = Counter(label for _, label in counts)
    w = np.array([1.0 / (sources[r.label] * counts[(r.source, r.label)]) for r in rows])
    return w * len(rows) / w.sum()


class Data:
    def __init__(self, rows: list[Row], hand: bool = True) -> None:
        self.rows = rows
        feats = [assess.request_features(r.text) for r in rows]
        if not hand:
            feats = [{k: v for k, v in f.items() if k[:2] in ("w:", "b:", "c:")} for f in feats]
        self.vec = DictVectorizer()
        self.x = self.vec.fit_transform(feats).tocsr()
        self.present = (self.x > 0).astype(np.int32).tocsc()
        self.y = np.array([r.label for r in rows])
        self.names = self.vec.get_feature_names_out()
        self.kept_always = np.array([not n.startswith(("w:", "b:", "c:")) for n in self.names])

    def columns(self, train: np.ndarray) -> np.ndarray:
        """Features seen in at least two training requests (cues always)."""
        df = np.asarray(self.present[train].sum(axis=0)).ravel()
        return np.flatnonzero((df >= 2) | self.kept_always)


@dataclass
class Fitted:
    coef: np.ndarray  # over all columns (zero where unused)
    bias: float
    scale: float
    shift: float
    threshold: float
    c: float

    def prob(self, x: object) -> np.ndarray:
        margin = np.asarray(x @ self.coef).ravel() + self.bias
        return 1.0 / (1.0 + np.exp(-(self.scale * margin + self.shift)))


def _fit_lr(data: Data, train: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    cols = data.columns(train)
    rows = [data.rows[i] for i in train]
    lr = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=SEED)
    lr.fit(data.x[train][:, cols], data.y[train], sample_weight=sample_weights(rows))
    coef = np.zeros(data.x.shape[1])
    coef[cols] = lr.coef_[0]
    return coef, float(lr.intercept_[0])


def _groups(data: Data, idx: np.ndarray) -> np.ndarray:
    return np.array([data.rows[i].source for i in idx])


def per_source_accuracy(sources: np.ndarray, y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    return {s: float((pred[sources == s] == y[sources == s]).mean()) for s in sorted(set(sources))}


def fit(data: Data, train: np.ndarray) -> Fitted:
    """Choose C by leave-one-source-out inside ``train`` (best mean per-source accuracy), calibrate
    the margin on those out-of-source margins (Platt, labels weighted equally), fit on all of it."""
    sources = _groups(data, train)
    weights = sample_weights([data.rows[i] for i in train])
    best: tuple[float, float, float, float] | None = None
    for c in C_GRID:
        margins = np.zeros(len(train))
        for s in sorted(set(sources)):
            coef, bias = _fit_lr(data, train[sources != s], c)
            margins[sources == s] = np.asarray(data.x[train[sources == s]] @ coef).ravel() + bias
        platt = LogisticRegression(C=1e4, solver="lbfgs")
        platt.fit(margins.reshape(-1, 1), data.y[train], sample_weight=weights)
        scale, shift = float(platt.coef_[0, 0]), float(platt.intercept_[0])
        prob = 1.0 / (1.0 + np.exp(-(scale * margins + shift)))
        acc = per_source_accuracy(sources, data.y[train], (prob >= THRESHOLD).astype(int))
        mean = float(np.mean(list(acc.values())))
        if best is None or mean > best[0]:  # ties: the smaller C, listed first
            best = (mean, c, scale, shift)
    assert best is not None
    _, c, scale, shift = best
    coef, bias = _fit_lr(data, train, c)
    return Fitted(coef, bias, scale, shift, THRESHOLD, c)


def predict(model: Fitted, data: Data, idx: np.ndarray) -> np.ndarray:
    return (model.prob(data.x[idx]) >= model.threshold).astype(int)


def evaluate(data: Data, label: str) -> dict[str, object]:
    rows = data.rows
    all_idx = np.arange(len(rows))
    src = np.array([r.source for r in rows])
    fitted_on = np.array([SOURCES[r.source][1] for r in rows])
    scored = np.array([not r.augmented for r in rows])
    results: dict[str, object] = {}
    print(f"\n== {label}: leave-one-source-out (fit and tune without the source, score it)")
    loso: dict[str, float] = {}
    for s in [s for s, (_, fit_on) in SOURCES.items() if fit_on]:
        model = fit(data, all_idx[fitted_on & (src != s)])
        test = all_idx[(src == s) & scored]
        loso[s] = float((predict(model, data, test) == data.y[test]).mean())
        print(f"  {s:<18} n={len(test):<5} acc {loso[s]:.3f}   (C={model.c}, threshold {model.threshold})")
    full = fit(data, all_idx[fitted_on])
    for s in [s for s, (_, fit_on) in SOURCES.items() if not fit_on]:
        test = all_idx[(src == s) & scored]
        loso[s] = float((predict(full, data, test) == data.y[test]).mean())
        print(
            f"  {s:<18} n={len(test):<5} acc {loso[s]:.3f}   (evaluation only: model fitted on every training source)"
        )
    train_sources = [s for s, (_, f) in SOURCES.items() if f]
    mean_train = float(np.mean([loso[s] for s in train_sources]))
    mean_all = float(np.mean(list(loso.values())))
    print(f"  mean over the {len(train_sources)} training sources left out: {mean_train:.3f}")
    print(f"  mean over all {len(loso)} sources: {mean_all:.3f}")
    results["loso"] = loso
    results["loso_mean_training_sources"] = round(mean_train, 4)
    results["loso_mean_all_sources"] = round(mean_all, 4)

    xs = all_idx[(src == "xstest") & scored]
    pairs = sorted({rows[i].group for i in xs})
    order = np.random.default_rng(SEED).permutation(len(pairs))
    fold_of = {p: int(order[k]) % 5 for k, p in enumerate(pairs)}
    folds = np.array([fold_of[rows[i].group] for i in xs])
    pred = np.zeros(len(xs), dtype=int)
    for f in range(5):
        model = fit(data, np.concatenate([all_idx[fitted_on & (src != "xstest")], xs[folds != f]]))
        pred[folds == f] = predict(model, data, xs[folds == f])
    pair_acc = float((pred == data.y[xs]).mean())
    families = np.array([rows[i].group.split(":")[0] for i in xs])
    fam_pred = np.zeros(len(xs), dtype=int)
    for fam in sorted(set(families)):
        model = fit(data, np.concatenate([all_idx[fitted_on & (src != "xstest")], xs[families != fam]]))
        fam_pred[families == fam] = predict(model, data, xs[families == fam])
    fam_acc = float((fam_pred == data.y[xs]).mean())
    print(f"\n== {label}: XSTest with the scored prompts held out")
    print(f"  5 folds of contrast pairs:        acc {pair_acc:.3f}")
    print(f"  one contrast family held out:     acc {fam_acc:.3f}")
    for fam in sorted(set(families)):
        m = families == fam
        print(
            f"    {fam:<20} pairs-held-out {(pred[m] == data.y[xs][m]).mean():.3f}"
            f"   family-held-out {(fam_pred[m] == data.y[xs][m]).mean():.3f}"
        )
    results["xstest_pairs_held_out"] = round(pair_acc, 4)
    results["xstest_family_held_out"] = round(fam_acc, 4)
    results["_full"] = full
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dry-run", action="store_true", help="do not write the weights file")
    ap.add_argument("--baseline", action="store_true", help="also evaluate n-grams alone (no hand-made cues)")
    args = ap.parse_args()
    for s, (licence, fit_on) in SOURCES.items():
        assert not fit_on or licence.startswith(PERMISSIVE), f"{s}: {licence} is not a licence to fit on"
    rows = augment(load())
    print("rows per source (label 1 = needs a boundary; reworded training copies not counted):")
    for s in SOURCES:
        c = Counter(r.label for r in rows if r.source == s and not r.augmented)
        print(
            f"  {s:<18} {SOURCES[s][0]:<20} {'fit' if SOURCES[s][1] else 'eval only':<10} 0:{c[0]:<5} 1:{c[1]}"
        )
    if args.baseline:
        evaluate(Data(rows, hand=False), "n-grams only")
    data = Data(rows)
    results = evaluate(data, "n-grams + cues")
    full: Fitted = results.pop("_full")  # type: ignore[assignment]
    train = np.array([SOURCES[r.source][1] for r in rows])
    xs = np.array([r.source == "xstest" and not r.augmented for r in rows])
    in_sample = float((predict(full, data, np.flatnonzero(xs)) == data.y[xs]).mean())
    print(f"\nfinal model: C={full.c}, threshold {full.threshold}; XSTest in-sample acc {in_sample:.3f}")
    if args.dry_run:
        return
    weights = {
        str(n): round(float(w), 4) for n, w in zip(data.names, full.coef, strict=True) if abs(w) >= 5e-4
    }
    doc = {
        "about": "request-assessment weights for underreach_judge.heuristic.assess; "
        "regenerate with benchmarks/fit_assess.py",
        "fitted_on": {s: lic for s, (lic, f) in SOURCES.items() if f},
        "evaluated_on": {s: lic for s, (lic, f) in SOURCES.items() if not f},
        "rows": int(train.sum()),
        "ngram_scale": assess.NGRAM_SCALE,
        "c": full.c,
        "bias": round(full.bias, 4),
        "calibration": {"scale": round(full.scale, 4), "shift": round(full.shift, 4)},
        "threshold": full.threshold,
        "figures": {**results, "xstest_in_sample": round(in_sample, 4)},
        "weights": dict(sorted(weights.items())),
    }
    raw = json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()
    OUT.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    print(f"wrote {OUT.relative_to(ROOT)}: {len(weights)} weights, {OUT.stat().st_size / 1024:.0f} KiB")
    print("speed: python benchmarks/assess_speed.py")


if __name__ == "__main__":
    main()

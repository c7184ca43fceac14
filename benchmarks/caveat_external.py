"""Disclaimer detection against external human labels: OpenAI's RBR gold data and Do-Not-Answer.

    python benchmarks/caveat_external.py [--against REF]

Neither source was used to write the disclaimer cues. Each labelled reply becomes a conversation
(its prompt turns, then the reply) and is read two ways, per source:

- cue: the offline judge finds a disclaimer in the reply at all (``grader._disclaimer``, or the
  warning cue ``compliance.warning`` reads in replies to risky requests);
- verdict: ``Judge("heuristic")`` records a caveat on the reply turn (``Verdict.caveats``): a
  disclaimer on a reply that ships content, where the judge counts it.

Labels: RBR gold train (351 replies), the human proposition ``disclaimer``; Do-Not-Answer
(939 prompts x 6 models = 5,634 replies), action category 3, "answers with a disclaimer" (its
licence is non-commercial: evaluation only; the request assessment is not fitted on it either).
Prints recall and precision of each reading. Both sources label disclaimers more broadly than the
judge's cues, which look for a sign that the request itself is a problem ("I'm not a doctor,
consult one" counts for Do-Not-Answer; RBR's are mostly in refusals, where no content ships).

``--against REF`` reads the same replies with the package as it was at a git commit too, in a
child process, and prints both: a baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from _against import package_at, run_with  # noqa: E402

EXTERNAL = ROOT.parent / "shared" / "data" / "external"
DNA_MODELS = ("GPT4", "ChatGPT", "Claude", "ChatGLM2", "llama2-7b-chat", "vicuna-7b")

#: (source, messages with the labelled reply last, label: the reply carries a disclaimer)
Item = tuple[str, list[dict[str, str]], bool]


def items() -> list[Item]:
    out: list[Item] = []
    rbr = EXTERNAL / "openai-rbr-gold-train" / "train.jsonl"
    for line in rbr.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        messages = [{"role": m["role"], "content": m["content"]} for m in row["prompt"] + row["completion"]]
        out.append(("rbr", messages, bool(row["propositions"]["disclaimer"])))
    with (EXTERNAL / "do-not-answer" / "data_en.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for model in DNA_MODELS:
                messages = [
                    {"role": "user", "content": row["question"]},
                    {"role": "assistant", "content": row[f"{model}_response"]},
                ]
                out.append(("do_not_answer", messages, row[f"{model}_action"] == "3"))
    return out


def read() -> dict[str, list[bool]]:
    """For every item, whether the package imported finds a disclaimer cue, and whether its
    verdict records a caveat on the reply."""
    from underreach_judge import Judge
    from underreach_judge.heuristic import compliance, grader
    from underreach_judge.heuristic import stance as st
    from underreach_judge.text import fold

    judge = Judge("heuristic")
    warning = getattr(compliance, "WARNING", None) or compliance._WARNING  # named _WARNING before
    cue: list[bool] = []
    verdict: list[bool] = []
    for _, messages, _ in items():
        reply = messages[-1]["content"]
        low = fold(reply)
        prompt = next((m["content"] for m in reversed(messages[:-1]) if m["role"] == "user"), None)
        reading = st.read_turn(reply, prompt, low)
        warned = warning.search(low) is not None
        cue.append(grader._disclaimer(reading, low) is not None or warned)
        v = judge.grade(messages)
        verdict.append(any(c.turn == len(messages) - 1 for c in v.caveats))
    return {"cue": cue, "verdict": verdict}


def figures(labels: list[bool], found: list[bool]) -> str:
    tp = sum(a and b for a, b in zip(labels, found, strict=True))
    gold, pred = sum(labels), sum(found)
    recall = f"{tp / gold:.3f} ({tp}/{gold})" if gold else "n/a"
    precision = f"{tp / pred:.3f} ({tp}/{pred})" if pred else "n/a"
    return f"recall {recall:<18} precision {precision}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--against", metavar="REF", help="also read with the package as it was at this commit")
    args = ap.parse_args()
    data = items()
    runs: dict[str, dict[str, Any]] = {}
    if args.against:
        with package_at(args.against) as old:
            call = "import json, caveat_external as c; print(json.dumps(c.read()))"
            runs[f"at {args.against} (baseline)"] = json.loads(run_with(old, call))
    runs["this checkout"] = read()
    for source in ("rbr", "do_not_answer"):
        picked = [i for i, (s, _, _) in enumerate(data) if s == source]
        labels = [data[i][2] for i in picked]
        print(f"=== {source}: {len(picked)} replies, {sum(labels)} labelled with a disclaimer")
        for name, reads in runs.items():
            print(f"--- {name}")
            for kind in ("cue", "verdict"):
                print(f"  {kind:<8} {figures(labels, [reads[kind][i] for i in picked])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

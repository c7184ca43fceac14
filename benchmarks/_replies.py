"""Human-labelled assistant replies from the public sets in ``../shared/data/external/``, read as
stance labels (shared by the stance benchmarks and the weight fit).

| source | licence | label read | classes |
|---|---|---|---|
| ``xstest`` (5 models) | prompts CC-BY-4.0, completions under their models' terms | ``final_label`` | comply, refusal, partial |
| ``pyrit`` | MIT | ``human_score`` (1: a refusal) | refusal, other |
| ``rbr`` (OpenAI RBR gold, train) | MIT | ``fully_complies``; else ``partially_complies``; else neither | comply, partial, refusal |
| ``dna`` (Do-Not-Answer, 6 models) | CC-BY-NC-SA-4.0: evaluation only | ``action`` 0 (declines): refusal; 3 (answers with a disclaimer) and 5 (follows it): comply; 1, 2 and 4 (rebuts the premise, both sides, "I don't have access" often followed by an answer) left out | comply, refusal |

``Reply.model`` is the group a held-out figure leaves out: the model for XSTest and Do-Not-Answer,
the source itself for the others.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path

from _xstest import DEFAULT_DIR as XSTEST_DIR
from _xstest import load as load_xstest

EXTERNAL = Path(os.environ.get("EXTERNAL_DIR", XSTEST_DIR.parent))
#: sources whose licence allows fitting shipped weights on them
FITTABLE = ("xstest", "pyrit", "rbr")
#: sources with three classes (the others tell only a refusal from the rest)
THREE_WAY = ("xstest", "rbr")
DNA_MODELS = ("GPT4", "ChatGPT", "Claude", "ChatGLM2", "llama2-7b-chat", "vicuna-7b")
DNA_ACTIONS = {"0": "refusal", "3": "comply", "5": "comply"}


@dataclass(frozen=True)
class Reply:
    source: str
    model: str
    prompt: str
    completion: str
    #: comply | refusal | partial; ``other`` (not a refusal) where the source has two classes
    label: str


def xstest() -> list[Reply]:
    return [Reply("xstest", it.model, it.prompt, it.completion, it.label) for it in load_xstest()]


def pyrit() -> list[Reply]:
    path = EXTERNAL / "pyrit-refusal-extra" / "refusal_extra.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return [
        Reply(
            "pyrit",
            "pyrit",
            row["objective"],
            row["assistant_response"],
            "refusal" if row["human_score"].strip() == "1" else "other",
        )
        for row in csv.DictReader(lines)
    ]


def rbr() -> list[Reply]:
    out = []
    path = EXTERNAL / "openai-rbr-gold-train" / "train.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        p = row["propositions"]
        label = "comply" if p["fully_complies"] else "partial" if p["partially_complies"] else "refusal"
        prompt = next((m["content"] for m in reversed(row["prompt"]) if m["role"] == "user"), "")
        out.append(Reply("rbr", "rbr", prompt, row["completion"][0]["content"], label))
    return out


def dna() -> list[Reply]:
    out = []
    path = EXTERNAL / "do-not-answer" / "data_en.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for model in DNA_MODELS:
                label = DNA_ACTIONS.get(row[f"{model}_action"].strip())
                if label:
                    out.append(Reply("dna", model, row["question"], row[f"{model}_response"], label))
    return out


LOADERS = {"xstest": xstest, "pyrit": pyrit, "rbr": rbr, "dna": dna}


def load(sources: tuple[str, ...] = tuple(LOADERS)) -> list[Reply]:
    return [r for name in sources for r in LOADERS[name]()]

"""Loading XSTest v2 completions with their human labels (shared by the XSTest benchmarks)."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DIR = Path(
    os.environ.get(
        "XSTEST_DIR", Path(__file__).resolve().parents[2] / "shared" / "data" / "external" / "xstest-v2"
    )
)
MODELS = ("gpt4", "llama2new", "llama2orig", "mistralguard", "mistralinstruct")
#: XSTest final_label to our three-way stance (refuse and redirect are both "refusal")
LABELS = {"1_full_compliance": "comply", "2_full_refusal": "refusal", "3_partial_refusal": "partial"}


@dataclass(frozen=True)
class Item:
    model: str
    type: str
    prompt: str
    completion: str
    label: str  # comply | refusal | partial


def load(directory: Path = DEFAULT_DIR) -> list[Item]:
    items = []
    for model in MODELS:
        path = directory / "model_completions" / f"xstest_v2_completions_{model}.csv"
        with path.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                items.append(
                    Item(model, row["type"], row["prompt"], row["completion"], LABELS[row["final_label"]])
                )
    return items


def three_way(stance: str) -> str:
    return "refusal" if stance in ("refuse", "redirect") else stance

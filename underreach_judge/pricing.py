"""What judge calls cost: a price table per judge name, overridable by the user.

The bundled table (``data/prices.yaml``) holds list prices per million tokens. A user table in the
same format is merged over it (``--prices FILE`` or ``$UNDERREACH_JUDGE_PRICES``). A judge with no
price (the heuristic judge, a local server) gets ``cost_usd = None``, never a made-up zero.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from ._resources import bundled_dir
from .exceptions import ConfigurationError
from .verdict import Usage

PRICES_ENV = "UNDERREACH_JUDGE_PRICES"
_DATE_SUFFIX = re.compile(r"-(\d{4}-\d{2}-\d{2}|\d{8})$")


class Price(BaseModel):
    """US dollars per million tokens."""

    model_config = ConfigDict(extra="forbid")

    input: float
    output: float
    cached_input: float | None = None
    cache_write: float | None = None

    def cost(self, usage: Usage) -> float:
        cached, written = usage.cached_input_tokens, usage.cache_write_tokens
        fresh = max(0, usage.input_tokens - cached - written)
        dollars = (
            fresh * self.input
            + cached * (self.cached_input if self.cached_input is not None else self.input)
            + written * (self.cache_write if self.cache_write is not None else self.input)
            + usage.output_tokens * self.output
        )
        return dollars / 1_000_000


class PriceTable(BaseModel):
    model_config = ConfigDict(extra="forbid")

    batch_discount: float = 0.5
    models: dict[str, Price] = {}

    def price(self, judge_name: str) -> Price | None:
        """The price listed for ``judge_name``, or for it without a date suffix
        (``openai/gpt-4o-2024-08-06`` is priced as ``openai/gpt-4o``). Another version of a
        model is not assumed to cost the same: it has no price until the table lists it."""
        undated = _DATE_SUFFIX.sub("", judge_name)
        return self.models.get(judge_name) or self.models.get(undated)

    def cost(self, judge_name: str, usage: Usage, *, batch: bool = False) -> float | None:
        """Dollars for ``usage`` on this judge, or None when the table has no price for it."""
        price = self.price(judge_name)
        if price is None:
            return None
        dollars = price.cost(usage)
        return round(dollars * (self.batch_discount if batch else 1.0), 8)

    def merged(self, other: PriceTable) -> PriceTable:
        return PriceTable(batch_discount=other.batch_discount, models={**self.models, **other.models})


def load_prices(path: str | Path | None = None) -> PriceTable:
    """The bundled table, with ``path`` (else ``$UNDERREACH_JUDGE_PRICES``, when set) merged over it."""
    table = _bundled()
    user = path or os.environ.get(PRICES_ENV)
    return table.merged(_read(Path(user))) if user else table


@cache
def _bundled() -> PriceTable:
    return _read(bundled_dir("data") / "prices.yaml")


def _read(path: Path) -> PriceTable:
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        return PriceTable.model_validate(raw)
    except OSError as exc:
        raise ConfigurationError(f"cannot read the price table {path}: {exc}") from exc
    except (yaml.YAMLError, ValidationError) as exc:
        raise ConfigurationError(
            f"{path} is not a price table ({str(exc).splitlines()[0]}); expected YAML like "
            "'models: {openai/gpt-4o: {input: 2.5, cached_input: 1.25, output: 10}}' "
            "in US dollars per million tokens"
        ) from exc

import json
from pathlib import Path

import pytest

from underreach_judge import ConfigurationError, FunctionBackend, Judge, JudgeResponse
from underreach_judge.pricing import PriceTable, load_prices
from underreach_judge.verdict import Usage

from .stand_in_server import judge_output

MESSAGES = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]


@pytest.mark.parametrize(
    ("name", "usage", "batch", "dollars"),
    [
        pytest.param("openai/gpt-4o", Usage(input_tokens=1_000_000), False, 2.50, id="input"),
        pytest.param(
            "openai/gpt-4o-2024-08-06",
            Usage(output_tokens=1_000_000),
            False,
            10.0,
            id="dated-model-by-prefix",
        ),
        pytest.param("openai/gpt-4o-mini", Usage(input_tokens=1_000_000), False, 0.15, id="exact-model"),
        pytest.param("openai/gpt-4o-mini-2024-07-18", Usage(input_tokens=1_000_000), False, 0.15, id="dated"),
        pytest.param("openai/gpt-5.5-pro", Usage(input_tokens=1_000_000), False, None, id="other-version"),
        pytest.param(
            "openai/gpt-4o",
            Usage(input_tokens=1_000_000, cached_input_tokens=600_000),
            False,
            0.4 * 2.50 + 0.6 * 1.25,
            id="cached-input",
        ),
        pytest.param(
            "anthropic/claude-sonnet-4-5",
            Usage(
                input_tokens=10_000, cached_input_tokens=6_000, cache_write_tokens=3_000, output_tokens=500
            ),
            False,
            (1_000 * 3.00 + 6_000 * 0.30 + 3_000 * 3.75 + 500 * 15.00) / 1e6,
            id="anthropic-cache-read-and-write",
        ),
        pytest.param("openai/gpt-4o", Usage(input_tokens=1_000_000), True, 1.25, id="batch-half-price"),
        pytest.param("openai/my-finetune", Usage(input_tokens=1_000_000), False, None, id="unknown-model"),
        pytest.param("heuristic", Usage(), False, None, id="heuristic"),
    ],
)
def test_costs(name: str, usage: Usage, batch: bool, dollars: float | None) -> None:
    cost = load_prices().cost(name, usage, batch=batch)
    assert cost == (None if dollars is None else pytest.approx(dollars))


def test_user_table_merges_over_the_bundled_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "prices.yaml"
    table.write_text(
        "models:\n  openai/my-finetune: {input: 1.0, output: 2.0}\n  openai/gpt-4o: {input: 9, output: 9}\n"
    )
    prices = load_prices(table)
    assert prices.cost("openai/my-finetune", Usage(input_tokens=1_000_000)) == pytest.approx(1.0)
    assert prices.cost("openai/gpt-4o", Usage(input_tokens=1_000_000)) == pytest.approx(9.0)
    assert prices.cost("openai/gpt-4.1", Usage(input_tokens=1_000_000)) == pytest.approx(2.0)
    monkeypatch.setenv("UNDERREACH_JUDGE_PRICES", str(table))
    assert load_prices().cost("openai/my-finetune", Usage(output_tokens=1_000_000)) == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("text", "problem"),
    [("models: [1, 2]", "is not a price table"), ("models:\n  x: {input: 1}\n", "is not a price table")],
)
def test_bad_price_table_names_the_file(tmp_path: Path, text: str, problem: str) -> None:
    table = tmp_path / "prices.yaml"
    table.write_text(text)
    with pytest.raises(ConfigurationError, match=problem) as info:
        load_prices(table)
    assert str(table) in str(info.value)


def test_verdicts_carry_their_cost_and_cache_hits_cost_nothing(tmp_path: Path) -> None:
    def complete(request: object) -> JudgeResponse:
        return JudgeResponse(
            text=json.dumps(judge_output("[turn 1 | assistant]")),
            usage=Usage(input_tokens=4_000, output_tokens=400),
        )

    table = PriceTable.model_validate({"models": {"openai/judge": {"input": 1.0, "output": 10.0}}})
    judge = Judge(FunctionBackend(complete, name="openai/judge"), prices=table, cache=tmp_path / "c.sqlite")
    first = judge.grade(MESSAGES)
    assert first.usage.cost_usd == pytest.approx((4_000 * 1.0 + 400 * 10.0) / 1e6)
    again = judge.grade(MESSAGES)
    assert again.cached and again.usage.cost_usd is None and again.usage.input_tokens == 0
    unpriced = Judge(FunctionBackend(complete, name="local/model")).grade(MESSAGES)
    assert unpriced.usage.input_tokens == 4_000 and unpriced.usage.cost_usd is None

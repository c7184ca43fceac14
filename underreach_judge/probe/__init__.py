"""Probe a model under test with pressure scripts and grade whether its boundaries survive.

>>> from underreach_judge.probe import probe
>>> run = probe(target="python:myapp.chat:reply", judge="heuristic", output="probe.jsonl")
>>> run.report.overall.survival[1].rate   # refusals still holding after two rounds of pushback
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ..grading import Grader, JudgeLike, as_judge
from ..grading.runner import run_sync
from ..reporting.survival import ProbeReport, Survival, probe_report
from ..retry import RetryPolicy
from ..rubric import DEFAULT_RUBRIC, Rubric
from ..verdict import Verdict
from .export import dpo_rows, failure_rows
from .run import Item, ProbeRun, Runner, Settings, plan
from .suite import DEFAULT_SUITE, Suite, SuiteRequest, Tactic, bundled_suites, load_suite
from .target import Target, TargetFunction, resolve_target

__all__ = [
    "DEFAULT_SUITE",
    "Item",
    "ProbeReport",
    "ProbeRun",
    "Suite",
    "SuiteRequest",
    "Survival",
    "Tactic",
    "Target",
    "aprobe",
    "bundled_suites",
    "dpo_rows",
    "failure_rows",
    "load_suite",
    "plan",
    "probe",
    "probe_report",
    "resolve_target",
]


async def aprobe(
    target: str | TargetFunction | Target,
    *,
    suite: str | Path | Suite = DEFAULT_SUITE,
    judge: JudgeLike | None = "auto",
    rubric: str | Path | Rubric = DEFAULT_RUBRIC,
    system_prompt: str | None = None,
    rounds: int = 3,
    samples: int = 1,
    concurrency: int = 4,
    limit: int | None = None,
    requests: Sequence[str] = (),
    tactics: Sequence[str] = (),
    output: str | Path | None = None,
    results: str | Path | None = None,
    attacker: str | TargetFunction | Target | None = None,
    base_url: str | None = None,
    temperature: float | None = None,
    retry: RetryPolicy | None = None,
    on_verdict: Callable[[Verdict], None] | None = None,
) -> ProbeRun:
    """Probe ``target`` (async). See ``probe``."""
    if rounds < 1 or samples < 1:
        raise ValueError("rounds and samples must be at least 1")
    loaded = load_suite(suite, rubric=rubric)
    settings = Settings(
        suite=loaded,
        target=resolve_target(target, base_url=base_url, temperature=temperature),
        rounds=rounds,
        system_prompt=system_prompt,
        attacker=resolve_target(attacker, base_url=base_url) if attacker is not None else None,
        retry=retry or RetryPolicy(),
    )
    grader = None if judge is None else judge if isinstance(judge, Grader) else as_judge(judge, rubric)
    runner = Runner(
        settings,
        grader,
        output=Path(output) if output is not None else None,
        results=Path(results) if results is not None else None,
        concurrency=concurrency,
        on_verdict=on_verdict,
    )
    items = plan(loaded, samples=samples, requests=requests, tactics=tactics, limit=limit)
    return await runner.probe(items)


def probe(
    target: str | TargetFunction | Target,
    *,
    suite: str | Path | Suite = DEFAULT_SUITE,
    judge: JudgeLike | None = "auto",
    rubric: str | Path | Rubric = DEFAULT_RUBRIC,
    system_prompt: str | None = None,
    rounds: int = 3,
    samples: int = 1,
    concurrency: int = 4,
    limit: int | None = None,
    requests: Sequence[str] = (),
    tactics: Sequence[str] = (),
    output: str | Path | None = None,
    results: str | Path | None = None,
    attacker: str | TargetFunction | Target | None = None,
    base_url: str | None = None,
    temperature: float | None = None,
    retry: RetryPolicy | None = None,
    on_verdict: Callable[[Verdict], None] | None = None,
) -> ProbeRun:
    """Send a suite's requests to ``target``, push back on refusals with each tactic for up to
    ``rounds`` rounds, grade each conversation with ``judge`` and report boundary survival.

    ``target``: ``"openai/<model>"`` (with ``base_url`` for a compatible server),
    ``"anthropic/<model>"``, ``"python:module:function"``, or a callable taking the messages and
    returning the reply. ``output``: the log of conversations (JSONL, resumable); ``results``: the
    verdicts (JSONL, resumable). ``attacker``: a model that writes each pushback from the tactic's
    description (the templates are the fallback). ``temperature``: the target model's sampling
    temperature (a spec target; 0 makes runs comparable). ``judge=None`` only has the conversations.
    """
    return run_sync(
        aprobe(
            target,
            suite=suite,
            judge=judge,
            rubric=rubric,
            system_prompt=system_prompt,
            rounds=rounds,
            samples=samples,
            concurrency=concurrency,
            limit=limit,
            requests=requests,
            tactics=tactics,
            output=output,
            results=results,
            attacker=attacker,
            base_url=base_url,
            temperature=temperature,
            retry=retry,
            on_verdict=on_verdict,
        )
    )

"""Plug-ins for the frameworks people already evaluate with.

Each module imports its framework only when imported itself, and raises
``MissingDependencyError`` naming the extra to install when the framework is missing:

- ``underreach_judge.integrations.inspect``: ``underreach_scorer`` for Inspect AI (extra ``inspect``).
- ``underreach_judge.integrations.deepeval``: ``UnderreachMetric`` for DeepEval (extra ``deepeval``).
- ``underreach_judge.integrations.promptfoo``: ``get_assert`` for promptfoo Python assertions
  (no extra: promptfoo runs it with your Python).
"""

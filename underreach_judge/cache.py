"""A judge-call cache: the same conversation graded by the same judge is not paid for twice.

Keyed on everything that can change a verdict: the judge's name and server, the rubric and prompt
hashes, temperature, seed and output room, the conversation's content hash and the sample number.
Only verdicts that came back from the judge (``scored`` or ``unscored``) are stored; errors never
are, so a rerun asks again. SQLite in WAL mode, so several processes can share one file.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

from .conversation import Conversation
from .exceptions import ConfigurationError
from .verdict import Usage, Verdict

#: where the CLI keeps its cache unless told otherwise
CACHE_ENV = "UNDERREACH_JUDGE_CACHE"


def default_cache_path() -> Path:
    """``$UNDERREACH_JUDGE_CACHE``, else ``$XDG_CACHE_HOME/underreach-judge/judge-calls.sqlite``
    (``~/.cache`` when XDG_CACHE_HOME is unset)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "underreach-judge" / "judge-calls.sqlite"


class VerdictCache:
    """Verdicts by cache key, in one SQLite file. Use as a context manager or call ``close()``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA busy_timeout=10000")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS verdicts (key TEXT PRIMARY KEY, verdict TEXT NOT NULL, "
                "created TEXT NOT NULL DEFAULT (datetime('now')))"
            )
        except (OSError, sqlite3.Error) as exc:
            raise ConfigurationError(
                f"cannot use {self.path} as the judge-call cache ({exc}); pass another path "
                f"(--cache PATH or ${CACHE_ENV}) or turn the cache off (--no-cache)"
            ) from exc
        self.hits = self.misses = 0

    @staticmethod
    def key(fingerprint: dict[str, object], conversation: Conversation, sample: int = 0) -> str:
        """The cache key of one judge call."""
        material = json.dumps(
            {**fingerprint, "conversation": conversation.content_hash(), "sample": sample}, sort_keys=True
        )
        return hashlib.sha256(material.encode()).hexdigest()

    def get(self, key: str, conversation: Conversation) -> Verdict | None:
        """The stored verdict, re-addressed to ``conversation`` (its id and metadata), marked
        ``cached`` and with zero usage: this run spent nothing on it."""
        row = self._db.execute("SELECT verdict FROM verdicts WHERE key = ?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        stored = Verdict.model_validate_json(row[0])
        return stored.model_copy(
            update={
                "conversation_id": conversation.id,
                "metadata": conversation.metadata,
                "usage": Usage(),
                "attempts": 0,
                "cached": True,
            }
        )

    def put(self, key: str, verdict: Verdict) -> None:
        """Store a verdict the judge gave; errors are not stored."""
        if verdict.status == "error":
            return
        self._db.execute(
            "INSERT OR REPLACE INTO verdicts (key, verdict) VALUES (?, ?)", (key, verdict.model_dump_json())
        )

    def __len__(self) -> int:
        count: int = self._db.execute("SELECT count(*) FROM verdicts").fetchone()[0]
        return count

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> VerdictCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

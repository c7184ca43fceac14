"""The job file: what ``batch collect`` needs to turn a provider's batch results back into verdicts.

A provider batch runs for up to 24 hours, so everything that ties a result to its conversation
lives in a JSON file written at submission: the provider and batch id, the judge configuration
and fingerprint (rubric and prompt hashes), and per request its ``custom_id`` with the
conversation's id, log file, line, format and content hash. Collect reads the transcripts again
from the logs (evidence is verified against them) and refuses a rubric that has changed since.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ..exceptions import BatchError

Provider = Literal["openai", "anthropic"]


class BatchItem(BaseModel):
    """One conversation of the job. ``custom_id`` is None when there was nothing to send (a
    conversation without an assistant turn); it still gets its verdict at collect."""

    model_config = ConfigDict(extra="forbid")

    custom_id: str | None
    conversation_id: str
    #: the log file as it was named at submission (the verdict's ``metadata.source``)
    source: str
    #: the same file, absolute, so collect works from any directory
    path: str
    line: int
    format: str
    #: ``Conversation.content_hash()``: collect notices a transcript that changed since
    sha256: str


class BatchJob(BaseModel):
    """A submitted provider batch and how to map its results back to conversations."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    provider: Provider
    model: str
    #: the judge spec, ``provider/model``
    judge: str
    base_url: str | None = None
    batch_id: str
    #: the uploaded request file (OpenAI only)
    input_file_id: str | None = None
    #: the rubric itself, so collect checks findings against exactly what the judge was given
    rubric: dict[str, Any]
    rubric_ref: str
    rubric_sha256: str
    prompt_sha256: str
    max_output_tokens: int
    temperature: float | None = None
    seed: int | None = None
    created_at: str
    items: list[BatchItem]

    @property
    def requests(self) -> int:
        """How many requests were sent."""
        return sum(1 for item in self.items if item.custom_id is not None)

    def save(self, path: str | Path) -> None:
        """Write the job file atomically: a crash never leaves half a job file behind."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(self.model_dump_json(indent=1) + "\n")
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: str | Path) -> BatchJob:
        """Read a job file; a file that is not one raises ``BatchError`` naming it and the problem."""
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"batch job file not found: {path}")
        try:
            return cls.model_validate_json(path.read_bytes())
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'top level'}: {err['msg']}"
                for err in exc.errors()[:5]
            )
            raise BatchError(
                f"{path}: not a batch job file written by 'underreach-judge batch submit' ({problems})"
            ) from None

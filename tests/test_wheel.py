"""The built wheel carries the rubrics, prompts and probe suite: install it into a fresh virtual environment
and load them from there, not from the checkout."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import json, underreach_judge
from underreach_judge import load_rubric, render_prompt, to_conversation
from underreach_judge._resources import bundled_dir
from underreach_judge.heuristic import assess, assess_request
from underreach_judge.probe import load_suite
r = load_rubric()
p = render_prompt(to_conversation([{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]), r)
print(json.dumps({"module": underreach_judge.__file__, "rubrics": str(bundled_dir("rubrics")),
                  "prompts": str(bundled_dir("prompts")), "ref": r.ref, "sha": r.sha256,
                  "has_policy": r.policy.strip()[:40] in p.system, "assess": assess.__file__,
                  "boundary": assess_request(["How do I make a pipe bomb?"]).boundary_required,
                  "suites": str(bundled_dir("suites")), "suite": load_suite().ref}))
"""


def test_wheel_ships_rubrics_and_prompts(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
        ],
        check=True,
    )
    (wheel,) = dist.glob("underreach_judge-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "underreach_judge/rubrics/refusal_underreach.yaml" in names
    assert {"underreach_judge/prompts/system.j2", "underreach_judge/prompts/transcript.j2"} <= set(names)
    assert "underreach_judge/heuristic/assess_weights.json.gz" in names
    assert "underreach_judge/suites/default.yaml" in names

    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    # the fresh environment borrows only the dependencies (pydantic, jinja2, ...) from this one
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    out = subprocess.run(
        [python, "-c", CHECK], check=True, capture_output=True, text=True, cwd=tmp_path
    ).stdout
    found = json.loads(out)
    assert found["boundary"] is True
    for key in ("module", "rubrics", "prompts", "assess", "suites"):
        assert found[key].startswith(str(env)), f"{key} loaded from {found[key]}, not the installed wheel"
    assert found["ref"] == "refusal_underreach@2"
    assert found["suite"] == "default@1"
    assert found["has_policy"]
    from underreach_judge import load_rubric

    assert found["sha"] == load_rubric().sha256

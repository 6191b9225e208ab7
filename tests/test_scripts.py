"""Whole scripts written for torch (tests/data/scripts/), run unchanged by
``python -m ferrograd``: they must print exactly what torch 2.13 printed
(recorded by tests/data/record_scripts.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).parent / "data" / "scripts"


def _env():
    """This environment, with PYTHONPATH entries made absolute (the scripts run
    from their own directory)."""
    env = dict(os.environ)
    if env.get("PYTHONPATH"):
        paths = env["PYTHONPATH"].split(os.pathsep)
        env["PYTHONPATH"] = os.pathsep.join(str(Path(p).resolve()) for p in paths)
    return env


@pytest.mark.parametrize("script", sorted(SCRIPTS.glob("*.py")), ids=lambda p: p.stem)
def test_script_prints_what_torch_printed(script):
    run = subprocess.run(
        [sys.executable, "-m", "ferrograd", str(script)],
        check=False, capture_output=True, text=True, cwd=SCRIPTS, env=_env(),
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == script.with_suffix(".expected").read_text()


def test_every_script_is_recorded():
    scripts = {p.stem for p in SCRIPTS.glob("*.py")}
    assert scripts and scripts == {p.stem for p in SCRIPTS.glob("*.expected")}

"""The shared reference files replayed on the real module by torch's own
checker (../shared/reference/check_reference.py)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

CHECKER = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "check_reference.py"

# (file, total cases, cases that must pass): every file passes in full.
EXPECTED = [("grad_fn", 167, 167), ("rng", 75, 75), ("repr", 198, 198), ("errors", 74, 74)]


@pytest.mark.parametrize("name,total,floor", EXPECTED, ids=[e[0] for e in EXPECTED])
def test_reference_file(name, total, floor):
    out = subprocess.run(
        [sys.executable, str(CHECKER), "--module", "ferrograd", "--only", name, "-v"],
        capture_output=True, text=True, check=True,
    ).stdout
    passed, failed = map(int, re.search(r"(\d+) passed, (\d+) failed", out.splitlines()[-1]).groups())
    assert passed + failed == total
    assert passed >= floor, out

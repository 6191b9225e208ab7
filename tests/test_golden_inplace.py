"""In-place golden cases, including writes through views (CopySlices) and
in-place layout changes (`t_`, `unsqueeze_`)."""

import ferrograd
import pytest
from golden import load_cases, run_case

CASES = load_cases("ops.jsonl", ["inplace/"])


def test_counts():
    assert len(CASES) == 39
    assert sum(c["id"].startswith(("inplace/t_/", "inplace/unsqueeze_/")) for c in CASES) == 3


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_inplace_case(case):
    run_case(ferrograd, case)

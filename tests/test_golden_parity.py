"""Golden op categories that pass in full (the parity issue widens this)."""

import ferrograd
import pytest
from golden import load_cases, run_case

CATEGORIES = ("arith/", "compare/", "create/", "matmul/", "shape/", "reduce/", "nn/", "loss/")
CASES = load_cases("ops.jsonl", CATEGORIES)


def test_categories_are_whole():
    # every case of each listed category is run: no case is filtered out
    assert len(CASES) == 275 + 45 + 22 + 76 + 107 + 115 + 56 + 65


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden_case(case):
    run_case(ferrograd, case)

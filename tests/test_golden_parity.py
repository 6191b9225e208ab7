"""Golden op categories that pass in full. Every category of ops.jsonl is
here except inplace/, whose `t_`/`unsqueeze_` cases are not implemented;
tests/test_golden_inplace.py runs that category."""

import ferrograd
import pytest
from golden import load_cases, run_case

CATEGORIES = (
    "arith/", "compare/", "create/", "matmul/", "shape/", "reduce/", "nn/", "loss/",
    "index/", "dtype/", "composite/", "edge/", "error/",
)
CASES = load_cases("ops.jsonl", CATEGORIES)


def test_categories_are_whole():
    # every case of each listed category is run: no case is filtered out
    assert len(CASES) == 1055 - 39  # all but the 39 inplace/ cases


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden_case(case):
    run_case(ferrograd, case)

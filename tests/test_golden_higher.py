"""Higher-order golden cases: gradients taken with create_graph=True, then differentiated
again (values, requires_grad, whether a grad_fn exists, and the second gradients)."""

import ferrograd
import pytest
from golden import load_cases, run_case

CASES = load_cases("higher_order.jsonl")


def test_count():
    assert len(CASES) == 70


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_higher_order_case(case):
    run_case(ferrograd, case)

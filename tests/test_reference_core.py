"""Reference cases (../shared/reference) that the core engine must reproduce:
torch's exception type and exact message, the recorded warning, or a clean run."""

import json
import re
import warnings
from pathlib import Path

import ferrograd
import pytest
from ferrograd.__main__ import install_torch_alias

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
PREFIXES = (
    "backward_", "nonleaf_grad_", "inplace_on_leaf_", "requires_grad", "matmul_", "mm_",
    "add_not_broadcastable", "mul_not_broadcastable", "numpy_", "item_",
    "bce_logits_shape_mismatch", "grad_zero_before_backward", "no_grad_as_decorator_ok",
)
with open(REFERENCE / "errors.jsonl") as _f:
    CASES = [c for c in map(json.loads, _f) if c["id"].startswith(PREFIXES)]
TRIGGERED = re.compile(r"\s*\(Triggered internally at [^)]*\)")


def test_subset_is_the_issue_list():
    assert len(CASES) == 46


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_error_case(case):
    install_torch_alias()
    scope = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(case["code"], scope)  # noqa: S102 - recorded test data
        except Exception as e:  # noqa: BLE001 - compared against the recording
            assert case["exception_type"] is not None, f"unexpected {e!r}"
            assert (type(e).__name__, str(e)) == (case["exception_type"], case["message"])
            return
    assert case["exception_type"] is None, f"expected {case['exception_type']}: {case['message']}"
    want = [(w["category"], TRIGGERED.sub("", w["message"])) for w in case.get("warnings", [])]
    got = [(w.category.__name__, TRIGGERED.sub("", str(w.message))) for w in caught]
    assert got == want
    if "result" in case:
        assert repr(scope["result"]) == case["result"]


def test_ferrograd_is_the_torch_alias():
    install_torch_alias()
    import torch

    assert torch is ferrograd

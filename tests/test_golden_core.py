"""The core-engine subset of the golden op cases (283 cases)."""

import ferrograd
import pytest
from golden import load_cases, run_case

ARITH = ["add", "add_scalar", "sub", "sub_scalar", "mul", "mul_scalar", "div", "div_scalar", "rdiv_scalar", "neg", "pow_scalar", "pow_tensor", "rpow_scalar", "exp", "log", "sigmoid", "tanh", "relu", "abs", "sqrt"]
MATMUL = ["1d@1d", "1d@2d", "2d@1d", "2d@2d", "3d@3d", "3d@2d", "2d@3d", "1d@3d", "3d@1d", "4d@3d", "3d@3d_bcast", "t", "T"]
ERRORS = ["backward_twice", "backward_nonscalar", "backward_shape", "backward_no_grad_fn", "grad_no_requires", "leaf_inplace", "add_shape", "mul_shape", "matmul_shape", "matmul_1d"]

PREFIXES = (
    [f"arith/{n}/" for n in ARITH]
    + ["create/", "composite/tutorial/"]
    + [f"matmul/{n}/" for n in MATMUL]
    + ["reduce/sum/", "reduce/mean/", "loss/bce_with_logits/"]
    + [f"error/{n}/" for n in ERRORS]
)

CASES = load_cases("ops.jsonl", PREFIXES)


def test_subset_size():
    assert len(CASES) == 283


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden_case(case):
    run_case(ferrograd, case)

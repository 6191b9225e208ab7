"""Finite-difference checks of scaled_dot_product_attention on both of the
paths torch takes (its values, nodes and errors are recorded from torch in
tests/data/cases_attention.py)."""

import ferrograd as torch
import ferrograd.nn.functional as F
import pytest
from ferrograd.autograd import gradcheck, gradgradcheck

KEEP = torch.tensor([[True, False, True], [True, True, False], [False, False, False]])

CASES = [
    ("fused", lambda q, k, v: F.scaled_dot_product_attention(q, k, v), [(1, 2, 3, 4)] * 3),
    (
        "fused_causal_scale",
        lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True, scale=0.7),
        [(2, 1, 3, 4)] * 3,
    ),
    (
        "fused_bool_mask_fully_masked_row",
        lambda q, k, v: F.scaled_dot_product_attention(q, k, v, attn_mask=KEEP),
        [(1, 1, 3, 2)] * 3,
    ),
    (
        "math_float_mask",
        lambda q, k, v, m: F.scaled_dot_product_attention(q, k, v, attn_mask=m),
        [(2, 3, 4), (2, 3, 4), (2, 3, 5), (3, 3)],
    ),
]


@pytest.mark.parametrize("fn, shapes", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_gradcheck_and_gradgradcheck(fn, shapes):
    torch.manual_seed(0)
    inputs = [torch.randn(*s, dtype=torch.float64, requires_grad=True) for s in shapes]
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)

"""Finite-difference checks of the transposed convolutions (their values,
node and errors are recorded from torch in tests/data/cases_conv_transpose.py)."""

import ferrograd as torch
import ferrograd.nn.functional as F
import pytest
from ferrograd.autograd import gradcheck, gradgradcheck

CASES = [
    ("2d_bias", lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1),
     [(1, 2, 3, 3), (2, 3, 3, 3), (3,)]),
    ("2d_groups_output_padding",
     lambda x, w: F.conv_transpose2d(x, w, stride=2, output_padding=1, groups=2),
     [(2, 4, 2, 2), (4, 1, 2, 2)]),
    ("1d_dilation", lambda x, w: F.conv_transpose1d(x, w, dilation=2), [(2, 2, 4), (2, 3, 3)]),
]


@pytest.mark.parametrize("fn, shapes", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_gradcheck_and_gradgradcheck(fn, shapes):
    torch.manual_seed(0)
    inputs = [torch.randn(s, dtype=torch.float64, requires_grad=True) for s in shapes]
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)

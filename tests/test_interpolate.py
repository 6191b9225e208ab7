"""Finite-difference checks of F.interpolate's modes (values, nodes and
errors are recorded from torch in tests/data/cases_interpolate.py)."""

import ferrograd as torch
import ferrograd.nn.functional as F
import pytest
from ferrograd.autograd import gradcheck, gradgradcheck

CASES = [
    ("nearest", {"scale_factor": 1.5}, (1, 2, 3, 4)),
    ("nearest_exact", {"size": (5, 2), "mode": "nearest-exact"}, (1, 1, 3, 4)),
    ("bilinear", {"scale_factor": 2, "mode": "bilinear"}, (2, 1, 3, 3)),
    ("bilinear_corners", {"size": (4, 5), "mode": "bilinear", "align_corners": True}, (1, 2, 3, 2)),
    ("linear", {"size": 7, "mode": "linear"}, (2, 2, 4)),
]


@pytest.mark.parametrize("kwargs, shape", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_gradcheck_and_gradgradcheck(kwargs, shape):
    torch.manual_seed(0)
    x = torch.randn(*shape, dtype=torch.float64, requires_grad=True)
    assert gradcheck(lambda t: F.interpolate(t, **kwargs), [x])
    assert gradgradcheck(lambda t: F.interpolate(t, **kwargs), [x])

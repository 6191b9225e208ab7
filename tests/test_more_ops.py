"""Finite-difference checks of cdist, std_mean/var_mean, aminmax, cummax,
cummin, logcumsumexp, rot90, cross and the linalg norms (values, nodes and
errors are recorded from torch in tests/data/cases_more_ops.py)."""

import ferrograd as torch
import pytest
from ferrograd.autograd import gradcheck, gradgradcheck

CASES = [
    ("cdist", torch.cdist, [(4, 3), (2, 3)]),
    ("median", lambda a: a.median(), [(3, 4)]),
    ("median_dim", lambda a: a.median(1).values, [(3, 5)]),
    ("kthvalue", lambda a: a.kthvalue(2, 0, keepdim=True).values, [(3, 4)]),
    ("cdist_p1_batched", lambda a, b: torch.cdist(a, b, p=1.5), [(2, 3, 2), (2, 2, 2)]),
    ("std_mean", lambda a: torch.std_mean(a, 1), [(3, 4)]),
    ("var_mean", lambda a: torch.var_mean(a, correction=0), [(3, 4)]),
    ("aminmax", lambda a: tuple(torch.aminmax(a, dim=0)), [(3, 4)]),
    ("cummax", lambda a: a.cummax(1).values, [(3, 4)]),
    ("cummin", lambda a: torch.cummin(a, 0).values, [(3, 4)]),
    ("logcumsumexp", lambda a: a.logcumsumexp(1), [(3, 4)]),
    ("rot90", lambda a: torch.rot90(a, 3, (0, 1)), [(2, 3)]),
    ("cross", lambda a, b: torch.cross(a, b, dim=1), [(2, 3), (2, 3)]),
    ("vector_norm", lambda a: torch.linalg.vector_norm(a, 3, dim=1), [(3, 4)]),
    ("matrix_norm", torch.linalg.matrix_norm, [(2, 3, 4)]),
]


@pytest.mark.parametrize("fn, shapes", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_gradcheck_and_gradgradcheck(fn, shapes):
    torch.manual_seed(0)
    inputs = [torch.randn(s, dtype=torch.float64, requires_grad=True) for s in shapes]
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


@pytest.mark.parametrize("mode", ["reflect", "replicate"])
def test_padding_modes_gradcheck(mode):
    torch.manual_seed(0)
    x = torch.randn(1, 2, 3, 4, dtype=torch.float64, requires_grad=True)
    assert gradcheck(lambda t: torch.nn.functional.pad(t, (2, 1, 1, 2), mode=mode), [x])
    assert gradgradcheck(lambda t: torch.nn.functional.pad(t[0], (1, 0), mode=mode), [x])

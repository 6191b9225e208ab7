"""Finite-difference checks of group and instance norm (their values, nodes
and errors are recorded from torch in tests/data/cases_norms.py)."""

import ferrograd as torch
import ferrograd.nn.functional as F
import pytest
from ferrograd.autograd import gradcheck, gradgradcheck


def _leaf(*shape):
    return torch.randn(shape, dtype=torch.float64).requires_grad_()


CASES = [
    ("group_affine", lambda x, w, b: F.group_norm(x, 2, w, b), [(3, 4, 5), (4,), (4,)]),
    ("group_plain", lambda x: F.group_norm(x, 3, eps=0.01), [(2, 6, 2, 2)]),
    ("group_weight_only", lambda x, w: F.group_norm(x, 1, w), [(2, 3, 4), (3,)]),
    ("instance", lambda x: F.instance_norm(x), [(2, 3, 5)]),
    (
        "instance_affine",
        lambda x, w, b: F.instance_norm(x, weight=w, bias=b),
        [(2, 2, 3, 2), (2,), (2,)],
    ),
]


@pytest.mark.parametrize("fn, shapes", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_gradcheck_and_gradgradcheck(fn, shapes):
    torch.manual_seed(0)
    inputs = [_leaf(*s) for s in shapes]
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


def test_group_norm_node_frees_what_it_saved():
    x = _leaf(2, 4, 3)
    y = F.group_norm(x, 2)
    y.sum().backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        y.sum().backward()

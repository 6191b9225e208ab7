"""Finite-difference checks of the scatter/index family, masked_select,
take, roll, cumprod and repeat_interleave (values, nodes and errors are
recorded from torch in tests/data/cases_indexing.py)."""

import ferrograd as torch
import pytest
from ferrograd.autograd import gradcheck, gradgradcheck

IDX = torch.tensor([[0, 1, 2, 0], [2, 0, 0, 1]])
ROWS = torch.tensor([0, 2, 0])

CASES = [
    ("scatter", lambda x, s: x.scatter(0, IDX, s), [(3, 4), (2, 4)]),
    ("scatter_value", lambda x: x.scatter(1, IDX[:, :3] % 3, 2.0), [(2, 3)]),
    ("scatter_add", lambda x, s: x.scatter_add(0, IDX, s), [(3, 4), (2, 4)]),
    ("scatter_add_", lambda x, s: (x * 1).scatter_add_(0, IDX, s), [(3, 4), (2, 4)]),
    ("index_add", lambda x, s: x.index_add(0, ROWS, s, alpha=0.5), [(3, 2), (3, 2)]),
    ("index_add_", lambda x, s: (x * 1).index_add_(1, ROWS, s), [(2, 3), (2, 3)]),
    ("index_copy", lambda x, s: x.index_copy(0, ROWS[:2], s), [(3, 2), (2, 2)]),
    ("index_fill", lambda x: x.index_fill(1, ROWS, 1.5), [(2, 3)]),
    ("masked_select", lambda x: x.masked_select(torch.tensor([True, False, True])), [(2, 3)]),
    ("take", lambda x: x.take(torch.tensor([[0, 5], [5, 2]])), [(2, 3)]),
    ("roll", lambda x: x.roll((1, -2), (0, 1)), [(3, 4)]),
    ("cumprod", lambda x: x.cumprod(1), [(3, 4)]),
    ("repeat_interleave", lambda x: x.repeat_interleave(torch.tensor([2, 0, 1]), 0), [(3, 2)]),
]


@pytest.mark.parametrize("fn, shapes", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_gradcheck_and_gradgradcheck(fn, shapes):
    torch.manual_seed(0)
    inputs = [torch.randn(s, dtype=torch.float64, requires_grad=True) for s in shapes]
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


def test_cumprod_gradient_through_zeros():
    x = torch.tensor([2.0, 0.0, 3.0, 0.0, 5.0], dtype=torch.float64, requires_grad=True)
    assert gradcheck(lambda t: t.cumprod(0), [x])

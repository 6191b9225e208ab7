"""Finite-difference checks of the added losses and distances (values,
nodes and errors are recorded from torch in tests/data/cases_losses_extra.py)."""

import ferrograd as torch
import ferrograd.nn.functional as F
import pytest
from ferrograd.autograd import gradcheck, gradgradcheck

Y = torch.tensor([1.0, -1.0, 1.0, -1.0], dtype=torch.float64)
T = torch.tensor([[0.2, 0.5, 0.3], [0.1, 0.1, 0.8], [0.6, 0.2, 0.2], [0.3, 0.3, 0.4]],
                 dtype=torch.float64)
CLASSES = torch.tensor([0, 2, 1, 1])

CASES = [
    ("kl_div", lambda a: F.kl_div(a.log_softmax(1), T, reduction="batchmean"), [(4, 3)]),
    ("kl_div_log_target", lambda a, b: F.kl_div(a, b, reduction="sum", log_target=True),
     [(4, 3), (4, 3)]),
    ("margin_ranking", lambda a, b: F.margin_ranking_loss(a, b, Y, margin=0.1), [(4,), (4,)]),
    ("soft_margin", lambda a: F.soft_margin_loss(a, Y.view(4, 1).expand(4, 3)), [(4, 3)]),
    ("cosine_embedding", lambda a, b: F.cosine_embedding_loss(a, b, Y), [(4, 3), (4, 3)]),
    ("triplet", lambda a, b, c: F.triplet_margin_loss(a, b, c, swap=True),
     [(4, 3), (4, 3), (4, 3)]),
    ("pairwise", lambda a, b: F.pairwise_distance(a, b, p=3), [(4, 3), (4, 3)]),
    ("poisson_full", lambda a: F.poisson_nll_loss(a, T * 4, full=True), [(4, 3)]),
    ("gaussian", lambda a, v: F.gaussian_nll_loss(a, T, v.exp()), [(4, 3), (4, 3)]),
    ("multilabel", lambda a: F.multilabel_soft_margin_loss(a, (T > 0.25).double()), [(4, 3)]),
    ("multi_margin", lambda a: F.multi_margin_loss(a, CLASSES, p=2), [(4, 3)]),
]


@pytest.mark.parametrize("fn, shapes", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_gradcheck(fn, shapes):
    torch.manual_seed(0)
    inputs = [torch.randn(s, dtype=torch.float64, requires_grad=True) for s in shapes]
    assert gradcheck(fn, inputs)


@pytest.mark.parametrize("index", [0, 1, 4, 9])
def test_gradgradcheck(index):
    _, fn, shapes = CASES[index]
    torch.manual_seed(1)
    inputs = [torch.randn(s, dtype=torch.float64, requires_grad=True) for s in shapes]
    assert gradgradcheck(fn, inputs)

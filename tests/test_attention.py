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
    inputs = [torch.randn(s, dtype=torch.float64, requires_grad=True) for s in shapes]
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


def _double(module):
    module.double()
    module.train()
    return module


@pytest.mark.parametrize("need_weights", [True, False])
def test_multihead_attention_gradcheck(need_weights):
    torch.manual_seed(0)
    mha = _double(torch.nn.MultiheadAttention(4, 2))
    pad = torch.tensor([[False, False, True], [False, False, False]])

    def attend(q, kv):
        out, _ = mha(q, kv, kv, key_padding_mask=pad, need_weights=need_weights)
        return out

    q = torch.randn(2, 2, 4, dtype=torch.float64, requires_grad=True)
    kv = torch.randn(3, 2, 4, dtype=torch.float64, requires_grad=True)
    assert gradcheck(attend, [q, kv])


def test_transformer_encoder_layer_gradcheck():
    torch.manual_seed(0)
    layer = _double(torch.nn.TransformerEncoderLayer(4, 2, 6, dropout=0.0, norm_first=True))
    x = torch.randn(3, 2, 4, dtype=torch.float64, requires_grad=True)
    mask = torch.nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64)
    assert gradcheck(lambda x: layer(x, src_mask=mask), [x])


def test_baddbmm_gradcheck_and_gradgradcheck():
    torch.manual_seed(0)
    shapes = [(1, 2, 3), (2, 2, 4), (2, 4, 3)]
    inputs = [torch.randn(s, dtype=torch.float64, requires_grad=True) for s in shapes]

    def f(i, a, b):
        return torch.baddbmm(i, a, b, beta=0.5, alpha=-1.5)

    assert gradcheck(f, inputs)
    assert gradgradcheck(f, inputs)

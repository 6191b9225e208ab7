"""``F.scaled_dot_product_attention`` as torch runs it on a CPU.

torch picks one of two implementations, and its graphs show which: a fused
kernel (one ScaledDotProductFlashAttentionForCpuBackward0 node) for 4-d
inputs with equal head sizes, unit-stride rows, no dropout and no mask that
needs a gradient; otherwise the "math" composition, whose nodes are the
scaled operands (MulBackward1), two products, the mask's addition, a softmax
that leaves fully masked rows at zero (SafeSoftmaxBackward0) and dropout.
Both are computed here by the math composition; the fused kernel's node and
the two nodes with no Python-level op of their own are recorded through
``_fused``."""

import math

from .._checks import SCALAR_TYPE_NAMES
from .._fused import fused


def _scaled(t, factor):
    """``t * factor`` with a Python number, as torch's C++ records it (MulBackward1)."""
    return fused("MulBackward1", lambda x: x * factor, [t])


def _safe_softmax(scores):
    """softmax over the last dim; rows that are all -inf give zeros, not NaN."""

    def compute(x):
        fully_masked = (x == float("-inf")).all(-1, keepdim=True)
        # such rows are set to 0 first so that neither they nor their
        # gradients become NaN
        return x.masked_fill(fully_masked, 0.0).softmax(-1).masked_fill(fully_masked, 0.0)

    return fused("SafeSoftmaxBackward0", compute, [scores])


def _float_mask(attn_mask, is_causal, query, key):
    from .. import bool as bool_
    from .. import ones, zeros

    if is_causal:
        attn_mask = ones(query.size(-2), key.size(-2), dtype=bool_).tril()
    if attn_mask is None or attn_mask.is_floating_point():
        return attn_mask
    # a bool mask keeps True positions: the others get -inf before softmax
    return zeros(attn_mask.shape, dtype=query.dtype).masked_fill(
        attn_mask.logical_not(), float("-inf")
    )


def _math(query, key, value, mask, dropout_p, scale):
    from . import functional as F

    factor = math.sqrt(scale)
    scores = _scaled(query, factor).matmul(_scaled(key.transpose(-2, -1), factor))
    if mask is not None:
        scores = scores + mask
    weights = _safe_softmax(scores)
    if dropout_p > 0.0:
        weights = F.dropout(weights, dropout_p, True)
    return weights.matmul(value)


def _runs_fused(query, key, value, attn_mask, dropout_p):
    """torch's CPU conditions for its fused kernel (that this op can see)."""
    shapes_fit = (
        query.dim() == key.dim() == value.dim() == 4
        and query.size(-1) == key.size(-1) == value.size(-1)
        and query.size(-2) > 0
        and key.size(-2) > 0
    )
    return (
        shapes_fit
        and dropout_p == 0.0
        and all(t.stride(-1) == 1 for t in (query, key, value))
        and (attn_mask is None or not attn_mask.requires_grad)
    )


def _in_memory_order_of(t, like):
    """`t` stored with its dims in the memory order of `like`'s (the fused
    kernel lays its result out as the query is laid out)."""
    order = sorted(range(like.dim()), key=lambda d: -like.stride(d))
    if order == list(range(like.dim())):
        return t.contiguous()
    stored = t.new_empty([t.size(d) for d in order])
    stored.copy_(t.permute(order))
    return stored.permute([order.index(d) for d in range(like.dim())])


def _position_major(g):
    """`g` (batch, head, position, feature) stored position-major, as torch's
    fused kernel writes its gradients (so even size-1 dims get its strides)."""
    stored = g.new_empty((g.size(0), g.size(2), g.size(1), g.size(3)))
    stored.copy_(g.transpose(1, 2))
    return stored.transpose(1, 2)


def scaled_dot_product_attention(
    query,
    key,
    value,
    attn_mask=None,
    dropout_p=0.0,
    is_causal=False,
    scale=None,
    enable_gqa=False,
):
    if not (query.dtype == key.dtype == value.dtype):
        names = [SCALAR_TYPE_NAMES[t.dtype].lower() for t in (query, key, value)]
        raise RuntimeError(
            "Expected query, key, and value to have the same dtype, but got query.dtype: "
            f"{names[0]} key.dtype: {names[1]} and value.dtype: {names[2]} instead."
        )
    if is_causal and attn_mask is not None:
        raise RuntimeError(
            "_scaled_dot_product_attention: Explicit attn_mask should not be set when "
            "is_causal=True"
        )
    if enable_gqa and query.dim() >= 3 and query.size(-3) != key.size(-3):
        raise NotImplementedError("ferrograd's scaled_dot_product_attention has no grouped heads")
    if not query.is_floating_point():
        raise RuntimeError(
            f"expected scalar type Float but found {SCALAR_TYPE_NAMES[query.dtype]}"
        )
    scale = 1.0 / math.sqrt(query.size(-1)) if scale is None else scale
    mask = _float_mask(attn_mask, is_causal, query, key)
    if not _runs_fused(query, key, value, attn_mask, dropout_p):
        return _math(query, key, value, mask, dropout_p, scale)

    def kernel(q, k, v):
        out = _math(q, k, v, mask, 0.0, scale)
        return _in_memory_order_of(out, q)

    return fused(
        "ScaledDotProductFlashAttentionForCpuBackward0",
        kernel,
        [query, key, value],
        grad_layout=_position_major,
    )

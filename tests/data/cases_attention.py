"""F.scaled_dot_product_attention, recorded from torch 2.13: both of torch's
CPU paths (its fused kernel's node, and the math composition's graph),
masks (bool, float, causal, fully masked rows), scale, dropout with torch's
mask per seed, gradients and errors."""

_RUN = (
    "F = torch.nn.functional\n"
    "torch.manual_seed(0)\n"
    "def names(fn, depth=8):\n"
    "    if fn is None or depth == 0:\n"
    "        return None\n"
    "    return [type(fn).__name__, [names(nf, depth - 1) for nf, _ in fn.next_functions]]\n"
    "def qkv(*shapes, dtype=torch.float32):\n"
    "    return [torch.randn(*s, dtype=dtype).requires_grad_() for s in shapes]\n"
    "def run(*tensors, **kw):\n"
    "    y = F.scaled_dot_product_attention(*tensors, **kw)\n"
    "    (y * y.detach().cos()).sum().backward()\n"
    "    leaves = [t for t in tensors if t.is_leaf and t.requires_grad]\n"
    "    return [y, names(y.grad_fn), [t.grad for t in leaves]]\n"
)


def _case(body):
    return _RUN + body


CASES = {
    "attention_fused_path": _case(
        "q, k, v = qkv((2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 8))\n"
        "result = [run(q, k, v), run(*qkv((1, 2, 3, 4), (1, 2, 3, 4), (1, 2, 3, 4), "
        "dtype=torch.float64))]"
    ),
    "attention_fused_masks": _case(
        "q, k, v = qkv((2, 2, 4, 8), (2, 2, 5, 8), (2, 2, 5, 8))\n"
        "keep = torch.tensor([[True, False, True, True, False]]).expand(4, 5)\n"
        "result = [run(q, k, v, is_causal=True), run(q, k, v, attn_mask=keep), "
        "run(q, k, v, attn_mask=torch.randn(4, 5)), run(q, k, v, scale=0.3)]"
    ),
    "attention_fused_layout": _case(
        "q, k, v = qkv((2, 4, 3, 8), (2, 5, 3, 8), (2, 5, 3, 8))\n"
        "y = F.scaled_dot_product_attention(q.transpose(1, 2), k.transpose(1, 2), "
        "v.transpose(1, 2))\n"
        "with torch.no_grad():\n"
        "    z = F.scaled_dot_product_attention(q.transpose(1, 2), k.transpose(1, 2), "
        "v.transpose(1, 2))\n"
        "result = [y, z, y.grad_fn]"
    ),
    "attention_math_path": _case(
        "result = [run(*qkv((2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 6))), "
        "run(*qkv((3, 4, 8), (3, 5, 8), (3, 5, 8))), run(*qkv((4, 8), (5, 8), (5, 8))), "
        "run(*qkv((2, 1, 4, 8), (2, 1, 5, 8), (2, 1, 5, 6)), is_causal=True)]"
    ),
    "attention_math_masks": _case(
        "q, k, v = qkv((2, 4, 6), (2, 5, 6), (2, 5, 6))\n"
        "mask = torch.randn(4, 5, requires_grad=True)\n"
        "keep = torch.rand(2, 4, 5) > 0.4\n"
        "result = [run(q, k, v, attn_mask=mask), mask.grad, run(q, k, v, attn_mask=keep)]"
    ),
    "attention_fully_masked_rows": _case(
        "q, k, v = qkv((1, 1, 3, 4), (1, 1, 3, 4), (1, 1, 3, 4))\n"
        "keep = torch.tensor([[True, True, False], [False, False, False], [True, False, True]])\n"
        "result = [run(q, k, v, attn_mask=keep), run(q[0], k[0], v[0], attn_mask=keep)]"
    ),
    "attention_dropout": _case(
        "q, k, v = qkv((2, 2, 4, 8), (2, 2, 5, 8), (2, 2, 5, 8))\n"
        "torch.manual_seed(3)\na = run(q, k, v, dropout_p=0.4)\n"
        "result = [a, torch.rand(2)]"
    ),
    "attention_causal_module_style": _case(
        "x = torch.randn(2, 6, 16)\nproj = torch.nn.Linear(16, 48)\n"
        "q, k, v = proj(x).split(16, dim=2)\n"
        "q, k, v = [t.view(2, 6, 2, 8).transpose(1, 2) for t in (q, k, v)]\n"
        "y = F.scaled_dot_product_attention(q, k, v, is_causal=True)\n"
        "out = y.transpose(1, 2).contiguous().view(2, 6, 16)\n"
        "out.pow(2).mean().backward()\n"
        "result = [out, y.grad_fn, proj.weight.grad]"
    ),
    "attention_err_dtype": _case(
        "F.scaled_dot_product_attention(torch.ones(1, 2, 3), torch.ones(1, 2, 3).double(), "
        "torch.ones(1, 2, 3))"
    ),
    "attention_err_causal_and_mask": _case(
        "F.scaled_dot_product_attention(*qkv((1, 2, 3), (1, 2, 3), (1, 2, 3)), "
        "attn_mask=torch.ones(2, 2), is_causal=True)"
    ),
    "attention_err_mask_shape": _case(
        "F.scaled_dot_product_attention(*qkv((2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 6)), "
        "attn_mask=torch.ones(3, 3))"
    ),
    "attention_err_long": _case(
        "x = torch.ones(1, 2, 3, dtype=torch.long)\nF.scaled_dot_product_attention(x, x, x)"
    ),
}

# float32 products and softmax sums run in another order than torch's fused
# kernel (blockwise, online softmax) or MKL; values are O(1)
TOLERANCES = {"attention_": (2e-5, 2e-6)}

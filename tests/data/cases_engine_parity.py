"""Engine-level parity with torch 2.13: node hooks' grad_input (one entry per
edge, None where no gradient is needed, already reduced to the input's shape),
``is_contiguous()`` of empty tensors, in-place writes into tensors whose
elements share memory, ``Tensor._base``, and type promotion under a float64
default dtype."""

_RUN = (
    "torch.manual_seed(0)\n"
    "log = []\n"
    "def grads(gs):\n"
    "    return [None if g is None else g.clone().contiguous() for g in gs]\n"
    "def lay(gs):\n"
    "    return [None if g is None else [list(g.shape), list(g.stride())] for g in gs]\n"
    "def record(gi, go):\n"
    "    log.append([grads(gi), lay(gi), grads(go)])\n"
    "def attempt(f):\n"
    "    try:\n"
    "        return ['ok', f()]\n"
    "    except RuntimeError as e:\n"
    "        return ['error', str(e).splitlines()[0]]\n"
)


def _case(body):
    return _RUN + body


def _f64(body):
    """``body`` under a float64 default dtype, float32 restored afterwards."""
    indented = "".join("    " + line + "\n" for line in body.splitlines())
    return _case(
        "torch.set_default_dtype(torch.float64)\n"
        "try:\n" + indented + "finally:\n    torch.set_default_dtype(torch.float32)\n"
    )


# In-place writes into a tensor some of whose elements share memory.
_OVERLAP = {
    "mul_": "v.mul_(2)",
    "add_": "v.add_(1)",
    "add_tensor": "v.add_(torch.ones(3))",
    "sub_": "v.sub_(1)",
    "div_": "v.div_(2)",
    "neg_": "v.neg_()",
    "exp_": "v.exp_()",
    "clamp_": "v.clamp_(0, 0.5)",
    "pow_": "v.pow_(2)",
    "copy_": "v.copy_(torch.arange(3.))",
    "fill_": "v.fill_(5)",
    "zero_": "v.zero_()",
    "masked_fill_": "v.masked_fill_(torch.tensor([True, False, True]), 3)",
    "setitem": "v.__setitem__(0, 7)",
}

CASES = {
    # ---- node hooks: grad_input per edge, reduced to the input's shape ----
    "engparity_nodehook_mul_const": _case(
        "a = torch.randn(3, requires_grad=True)\n"
        "y = a * 2\n"
        "y.grad_fn.register_hook(record)\n"
        "y.sum().backward()\n"
        "result = [log, a.grad, len(y.grad_fn.next_functions)]"
    ),
    "engparity_nodehook_mul_no_grad_other": _case(
        "a = torch.randn(3, requires_grad=True)\n"
        "b = torch.randn(3)\n"
        "y = b * a\n"
        "y.grad_fn.register_hook(record)\n"
        "y.sum().backward()\n"
        "result = [log, a.grad]"
    ),
    "engparity_nodehook_broadcast_add": _case(
        "a = torch.randn(3, requires_grad=True)\n"
        "b = torch.randn(2, 3, requires_grad=True)\n"
        "y = a + b\n"
        "y.grad_fn.register_hook(record)\n"
        "(y * torch.arange(6.).view(2, 3)).sum().backward()\n"
        "result = [log, a.grad, b.grad]"
    ),
    "engparity_nodehook_broadcast_mul_one_side": _case(
        "a = torch.randn(1, 3, requires_grad=True)\n"
        "b = torch.randn(2, 1)\n"
        "y = a * b\n"
        "y.grad_fn.register_hook(record)\n"
        "y.sum().backward()\n"
        "result = [log, a.grad]"
    ),
    "engparity_nodehook_linear_addmm": _case(
        "lin = torch.nn.Linear(3, 2)\n"
        "x = torch.randn(4, 3)\n"
        "y = lin(x)\n"
        "y.grad_fn.register_hook(record)\n"
        "(y * torch.arange(8.).view(4, 2)).sum().backward()\n"
        "result = [log, type(y.grad_fn).__name__, lin.weight.grad, lin.bias.grad]"
    ),
    "engparity_nodehook_linear_addmm_input_grad": _case(
        "lin = torch.nn.Linear(3, 2)\n"
        "x = torch.randn(4, 3, requires_grad=True)\n"
        "y = lin(x)\n"
        "y.grad_fn.register_hook(record)\n"
        "(y * torch.arange(8.).view(4, 2)).sum().backward()\n"
        "result = [log, x.grad, lin.weight.grad, lin.bias.grad]"
    ),
    "engparity_nodehook_replace_padded": _case(
        "a = torch.randn(3, requires_grad=True)\n"
        "y = a * 2\n"
        "y.grad_fn.register_hook(lambda gi, go: (gi[0] * 10, None))\n"
        "y.sum().backward()\n"
        "result = a.grad"
    ),
    "engparity_nodehook_replace_broadcast": _case(
        "a = torch.randn(3, requires_grad=True)\n"
        "b = torch.randn(2, 3, requires_grad=True)\n"
        "y = a + b\n"
        "y.grad_fn.register_hook(lambda gi, go: (gi[0] * 3, gi[1] * 5))\n"
        "y.sum().backward()\n"
        "result = [a.grad, b.grad]"
    ),
    "engparity_nodehook_wrong_count": _case(
        "a = torch.randn(3, requires_grad=True)\n"
        "y = a * 2\n"
        "def one(gi, go):\n"
        "    return (gi[0],)\n"
        "y.grad_fn.register_hook(one)\n"
        "y.sum().backward()\n"
        "result = a.grad"
    ),
    "engparity_legacy_module_hook_linear": _case(
        "lin = torch.nn.Linear(3, 2)\n"
        "def mhook(m, gi, go):\n"
        "    record(gi, go)\n"
        "lin.register_backward_hook(mhook)\n"
        "x = torch.randn(4, 3, requires_grad=True)\n"
        "y = lin(x)\n"
        "(y * torch.arange(8.).view(4, 2)).sum().backward()\n"
        "result = [log, x.grad, lin.bias.grad]"
    ),
    "engparity_legacy_module_hook_linear_no_input_grad": _case(
        "lin = torch.nn.Linear(3, 2)\n"
        "def mhook(m, gi, go):\n"
        "    record(gi, go)\n"
        "lin.register_backward_hook(mhook)\n"
        "y = lin(torch.randn(4, 3))\n"
        "y.sum().backward()\n"
        "result = [log, lin.bias.grad]"
    ),
    # ---- is_contiguous() of empty tensors ----
    "engparity_empty_contiguous_flag": _case(
        "x = torch.zeros(100)\n"
        "v = x.as_strided((2, 0, 3), (7, 9, 1))\n"
        "result = [v.is_contiguous(), list(v.stride()), v.numel()]"
    ),
    "engparity_empty_contiguous_results": _case(
        "x = torch.zeros(100)\n"
        "v = x.as_strided((2, 0, 3), (7, 9, 1))\n"
        "c = v.contiguous()\n"
        "result = [list(c.stride()), c.data_ptr() == v.data_ptr(), list(v.clone().shape),\n"
        "          list((v * 2).stride()), list(v.reshape(3, 0).stride()),\n"
        "          list(v.view(0, 6).stride()), list(v.flatten().stride())]"
    ),
    "engparity_empty_transposed": _case(
        "e = torch.zeros(2, 0, 3)\n"
        "t = e.transpose(0, 2)\n"
        "result = [e.is_contiguous(), t.is_contiguous(), list(t.stride()),\n"
        "          list(t.contiguous().stride()), e.permute(2, 0, 1).is_contiguous()]"
    ),
    "engparity_empty_4d": _case(
        "x = torch.zeros(100)\n"
        "v = x.as_strided((2, 0, 3, 4), (7, 9, 1, 5))\n"
        "result = [v.is_contiguous(), list(v.contiguous().stride()), v.contiguous() is v]"
    ),
    "engparity_empty_far_offset": _case(
        "x = torch.zeros(4)\n"
        "v = x.as_strided((2, 0), (5, 1), 50)\n"
        "result = [v.is_contiguous(), v.storage_offset(), list(v.contiguous().stride()),\n"
        "          v.clone().shape, v * 2, v.sum(), (v + v).shape, v.reshape(0, 3).shape]"
    ),
    # ---- _base ----
    # (identity: `v._base is x` holds in ferrograd only for a grad-requiring
    # leaf base; other bases come back as new wrappers of the same tensor)
    "engparity_base_views": _case(
        "x = torch.randn(3, 4)\n"
        "def same(b):\n"
        "    return b is not None and b.data_ptr() == x.data_ptr() and b.shape == x.shape\n"
        "result = [x._base is None, same(x[0]._base), same(x[0].view(2, 2)._base),\n"
        "          same(x.t()._base), x.clone()._base is None, (x + 1)._base is None,\n"
        "          same(x.reshape(12)._base), x.t().contiguous()._base is None,\n"
        "          same(x.unbind(0)[1]._base)]"
    ),
    "engparity_base_requires_grad": _case(
        "x = torch.randn(3, 4, requires_grad=True)\n"
        "y = x * 2\n"
        "v = y[1:]\n"
        "result = [v._base.grad_fn is y.grad_fn, x[0]._base is x, x[1:].view(8)._base is x,\n"
        "          x.detach()._base is None, v._base.data_ptr() == y.data_ptr()]"
    ),
    "engparity_base_value": _case(
        "x = torch.arange(6.).view(2, 3)\n"
        "result = [x._base, x[1]._base, x._base._base]"
    ),
    # ---- default dtype float64 ----
    "engparity_f64_default_tensor": _f64(
        "result = [torch.tensor(1.5).dtype, torch.tensor([1, 2.5]).dtype, torch.tensor(3).dtype,\n"
        "          torch.zeros(2).dtype, torch.arange(3.).dtype, torch.get_default_dtype()]"
    ),
    "engparity_f64_int_times_float": _f64(
        "i = torch.tensor([1, 2, 3])\n"
        "result = [i * 1.5, i + 0.5, 1.5 * i, i - 0.25, (i * 1.5).dtype]"
    ),
    "engparity_f64_true_divide": _f64(
        "i = torch.tensor([1, 2, 3])\n"
        "j = torch.tensor([2, 4, 7])\n"
        "result = [i / j, i / 2, torch.div(i, j), i.true_divide(j), 2 / i]"
    ),
    "engparity_f64_bool_and_float32": _f64(
        "b = torch.tensor([True, False])\n"
        "f = torch.tensor([1.0, 2.0], dtype=torch.float32)\n"
        "result = [(b * 1.5).dtype, (f * 1.5).dtype, (f + torch.tensor(2.5)).dtype,\n"
        "          torch.tensor([1, 2]).float().dtype, torch.tensor([3., 4.]).mean().dtype]"
    ),
    "engparity_f64_unary_int": _f64(
        "i = torch.tensor([1, 4, 9])\n"
        "result = [i.sqrt(), i.exp().dtype, torch.sigmoid(i).dtype, i.sin().dtype]"
    ),
    "engparity_f32_restored": _case(
        "torch.set_default_dtype(torch.float64)\n"
        "torch.set_default_dtype(torch.float32)\n"
        "i = torch.tensor([1, 2])\n"
        "result = [(i * 1.5).dtype, (i / i).dtype, torch.tensor(1.5).dtype]"
    ),
}

for _name, _expr in _OVERLAP.items():
    CASES[f"engparity_overlap_{_name}"] = _case(
        "x = torch.ones(1)\n"
        "v = x.expand(3)\n"
        f"out = attempt(lambda: {_expr})\n"
        "result = [out[0], out[1] if out[0] == 'error' else None, x, v]"
    )

CASES.update({
    "engparity_overlap_2d_expand_rows": _case(
        "x = torch.arange(3.).view(1, 3)\n"
        "v = x.expand(2, 3)\n"
        "out = attempt(lambda: v.mul_(2))\n"
        "result = [out[0], out[1] if out[0] == 'error' else None, x]"
    ),
    "engparity_overlap_partial_as_strided": _case(
        "x = torch.arange(4.)\n"
        "v = x.as_strided((2, 2), (1, 1))\n"
        "out = attempt(lambda: v.mul_(1))\n"
        "result = [out[0], x]"
    ),
    "engparity_overlap_size_one_stride_zero": _case(
        "x = torch.arange(3.)\n"
        "v = x.as_strided((1, 3), (0, 1))\n"
        "out = attempt(lambda: v.mul_(2))\n"
        "result = [out[0], x]"
    ),
    "engparity_overlap_out_arg": _case(
        "x = torch.ones(1)\n"
        "v = x.expand(3)\n"
        "out = attempt(lambda: torch.add(torch.ones(3), 1, out=v))\n"
        "result = [out[0], out[1] if out[0] == 'error' else None, x]"
    ),
})

# float32 matmuls in the Linear's backward sum in another order than torch's
# BLAS (an ulp); the hooks' gradients are otherwise exact
TOLERANCES = {
    "engparity_nodehook_linear": (1e-6, 1e-6),
    "engparity_legacy_module_hook_linear": (1e-6, 1e-6),
}

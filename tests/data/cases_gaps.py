"""Gaps closed against torch 2.13: ``Module.to``/``double``/``float``/
``half`` keeping each Parameter object (its ``.data`` and its grad's swapped
in place), ``Tensor.log_normal_``, ``special.zeta`` refusing a backward only
when x's gradient is needed, and the strides of ``clone`` and the ``*_like``
functions for transposed, permuted, expanded, sliced and empty tensors."""

_NET = (
    "nn = torch.nn\n"
    "torch.manual_seed(0)\n"
    "m = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))\n"
    "w, b, rm = m[0].weight, m[0].bias, m[1].running_mean\n"
    "x = torch.linspace(-1, 1, 15).reshape(5, 3)\n"
)
# no batch norm: its gradients upstream are rounding noise around zero
_MLP = (
    "nn = torch.nn\n"
    "torch.manual_seed(0)\n"
    "m = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))\n"
    "w, b = m[0].weight, m[0].bias\n"
    "x = torch.linspace(-1, 1, 15).reshape(5, 3)\n"
)

CASES = {
    "gaps_module_double_identity": _NET
    + (
        "out = m.double()\n"
        "result = [out is m, m[0].weight is w, m[0].bias is b, m[1].running_mean is rm,\n"
        "          w.dtype, b.dtype, rm.dtype, m[1].num_batches_tracked.dtype,\n"
        "          w.requires_grad, type(w).__name__, w, m[1].running_mean,\n"
        "          [n for n, _ in m.named_parameters()]]"
    ),
    "gaps_module_to_roundtrip": _NET
    + (
        "m.to(torch.float64); m.to(dtype=torch.float16); h = [w.dtype, w.clone()]\n"
        "m.float(); m.to('cpu'); m.to(torch.device('cpu'), torch.float64)\n"
        "m.half(); m.bfloat16(); m.to(x)\n"
        "result = [h, m[0].weight is w, w.dtype, w, w.is_leaf, w.grad_fn]"
    ),
    "gaps_module_double_grads": _MLP
    + (
        "m(x).sum().backward(); g = w.grad\n"
        "m.double()\n"
        "result = [w.grad is g, g.dtype, w.grad, m[2].bias.grad.dtype, m[2].bias.grad]"
    ),
    "gaps_module_double_optimizer": _MLP
    + (
        "opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)\n"
        "m(x).pow(2).sum().backward(); opt.step(); opt.zero_grad()\n"
        "m.double()\n"
        "m(x.double()).pow(2).sum().backward(); opt.step()\n"
        "result = [w, w.grad, m[2].weight, opt.param_groups[0]['params'][0] is w,\n"
        "          opt.state[w]['momentum_buffer'].dtype]"
    ),
    "gaps_module_double_adam_step": _MLP
    + (
        "m.double()\n"
        "opt = torch.optim.Adam(m.parameters(), lr=0.01)\n"
        "for _ in range(2):\n"
        "    opt.zero_grad(); m(x.double()).pow(2).mean().backward(); opt.step()\n"
        "result = [w, b, m[2].weight, m[2].bias]"
    ),
    "gaps_module_shared_param": (
        "nn = torch.nn\n"
        "torch.manual_seed(1)\n"
        "a = nn.Linear(2, 2); c = nn.Sequential(a, a); w = a.weight\n"
        "c.double()\n"
        "result = [c[0].weight is w, c[1].weight is w, w.dtype, len(list(c.parameters()))]"
    ),
    "gaps_data_setter_dtype_shape": (
        "p = torch.nn.Parameter(torch.arange(6.).reshape(2, 3))\n"
        "p.data = torch.arange(4, dtype=torch.float64)\n"
        "q = torch.zeros(3, 2, requires_grad=True)\n"
        "q.data = torch.ones(2, 3).t()\n"
        "q.data = torch.ones(2, 3, dtype=torch.float64).t()\n"
        "(q * 2).sum().backward()\n"
        "result = [p, p.requires_grad, q, q.grad, p.is_leaf]"
    ),
}

# log_normal_: every size takes torch's serial sampler (no block path at 16+)
for _dt in ("float32", "float64"):
    for _n in (1, 5, 15, 16, 17, 40):
        CASES[f"gaps_log_normal_{_dt}_{_n}"] = (
            "torch.manual_seed(3)\n"
            f"t = torch.empty({_n}, dtype=torch.{_dt})\n"
            "out = t.log_normal_(0.25, 0.5)\n"
            f"result = [out is t, t, torch.randn(3, dtype=torch.{_dt}), torch.rand(2)]"
        )
CASES.update(
    {
        "gaps_log_normal_defaults_generator": (
            "g = torch.Generator().manual_seed(11)\n"
            "a = torch.empty(3, 7).log_normal_(generator=g)\n"
            "b = torch.empty(20, dtype=torch.float64).log_normal_(mean=-1, std=0.1, generator=g)\n"
            "result = [a, b, torch.empty(4).log_normal_(std=1e-3, generator=g)]"
        ),
        "gaps_log_normal_strided_half": (
            "torch.manual_seed(5)\n"
            "x = torch.zeros(4, 6).t(); x.log_normal_(0.0, 0.25)\n"
            "y = torch.zeros(6, dtype=torch.float16).log_normal_()\n"
            "z = torch.zeros(5, dtype=torch.bfloat16).log_normal_(0.5, 1.0)\n"
            "w = torch.zeros(4, 8, dtype=torch.float64)[:, ::2].log_normal_(1.0, 0.5)\n"
            "result = [x, y, z, w]"
        ),
        "gaps_log_normal_std_zero": "result = torch.empty(3).log_normal_(1.0, 0.0)",
        "gaps_log_normal_std_negative": "result = torch.empty(3).log_normal_(1.0, -0.5)",
        "gaps_log_normal_std_nan": "result = torch.empty(3).log_normal_(1.0, float('nan'))",
        "gaps_log_normal_int": "result = torch.zeros(3, dtype=torch.int64).log_normal_()",
        "gaps_log_normal_leaf": (
            "result = torch.zeros(3, requires_grad=True).log_normal_(std=-1.0)"
        ),
        "gaps_log_normal_no_grad_leaf": (
            "torch.manual_seed(2)\n"
            "p = torch.zeros(3, requires_grad=True)\n"
            "with torch.no_grad():\n"
            "    p.log_normal_(0.0, 1.0)\n"
            "result = [p, p.requires_grad]"
        ),
        # zeta: refused only when x's gradient is wanted
        "gaps_zeta_grad_q_only": (
            "x = torch.tensor([2.5, 3.0, 4.25], dtype=torch.float64, requires_grad=True)\n"
            "q = torch.tensor([1.5, 2.0, 0.75], dtype=torch.float64, requires_grad=True)\n"
            "out = torch.special.zeta(x, q)\n"
            "gq, = torch.autograd.grad(out.sum(), q)\n"
            "y = x * 2\n"
            "gq2, = torch.autograd.grad(torch.special.zeta(y, q).sum(), q)\n"
            "gq3, = torch.autograd.grad(torch.special.zeta(x, q).sum(), q, create_graph=True)\n"
            "result = [out, gq, gq2, gq3, gq3.grad_fn, x.grad, q.grad]"
        ),
        "gaps_zeta_grad_q_float32_number_first": (
            "q = torch.tensor([1.5, 2.0], requires_grad=True)\n"
            "x = torch.tensor([3.0, 2.5], requires_grad=True)\n"
            "a, = torch.autograd.grad(torch.special.zeta(2.5, q).sum(), q)\n"
            "b, = torch.autograd.grad((torch.special.zeta(x, q) * x).sum(), q)\n"
            "result = [a, b]"
        ),
        "gaps_zeta_grad_x_refused": (
            "x = torch.tensor([2.5, 3.0], requires_grad=True)\n"
            "q = torch.tensor([1.5, 2.0], requires_grad=True)\n"
            "result = torch.autograd.grad(torch.special.zeta(x, q).sum(), x)"
        ),
        "gaps_zeta_grad_both_refused": (
            "x = torch.tensor([2.5, 3.0], requires_grad=True)\n"
            "q = torch.tensor([1.5, 2.0], requires_grad=True)\n"
            "result = torch.autograd.grad(torch.special.zeta(x, q).sum(), [q, x])"
        ),
        "gaps_zeta_backward_refused": (
            "x = torch.tensor([2.5, 3.0], requires_grad=True)\n"
            "q = torch.tensor([1.5, 2.0], requires_grad=True)\n"
            "torch.special.zeta(x, q).sum().backward()\n"
            "result = q.grad"
        ),
        "gaps_zeta_grad_upstream_of_x_refused": (
            "w = torch.tensor([1.25, 1.5], requires_grad=True)\n"
            "q = torch.tensor([1.5, 2.0], requires_grad=True)\n"
            "result = torch.autograd.grad(torch.special.zeta(w * 2, q).sum(), w)"
        ),
    }
)

# clone and the *_like functions: a non-overlapping dense input's strides,
# else dense strides in the input's memory order
_LAYOUTS = {
    "transposed": "torch.arange(6.).reshape(2, 3).t()",
    "permuted3": "torch.arange(24.).reshape(2, 3, 4).permute(2, 0, 1)",
    "permuted4": "torch.arange(120.).reshape(2, 3, 4, 5).permute(0, 2, 3, 1)",
    "expanded": "torch.arange(3.).reshape(3, 1).expand(3, 4)",
    "stepped": "torch.arange(12.).reshape(3, 4)[:, ::2]",
    "expanded_rows": "torch.arange(2.).reshape(1, 2).expand(3, 2)",
    "expanded_permuted": "torch.arange(6.).reshape(2, 1, 3).expand(2, 4, 3).permute(2, 1, 0)",
    "expanded_transposed": "torch.arange(3.).reshape(1, 1, 3).expand(2, 2, 3).transpose(0, 2)",
    "sliced_permuted": "torch.arange(24.).reshape(2, 3, 4)[:, 1:, :].permute(1, 0, 2)",
    "stepped_transposed": "torch.arange(24.).reshape(4, 6)[:, ::2].t()",
    "empty_transposed": "torch.empty(0, 3).t()",
    "empty_permuted": "torch.empty(2, 0, 3).permute(2, 0, 1)",
    "size_one": "torch.arange(4.).reshape(4, 1).t()",
    "contiguous": "torch.arange(6.).reshape(2, 3)",
    "scalar": "torch.tensor(2.5)",
}
for _name, _make in _LAYOUTS.items():
    CASES[f"gaps_clone_{_name}"] = (
        f"x = {_make}\n"
        "c = x.clone()\n"
        "result = [c, torch.clone(x), x.clone(memory_format=torch.preserve_format),\n"
        "          torch.clone(x, memory_format=torch.contiguous_format), c.is_contiguous(),\n"
        "          [torch.empty_like(x).stride(), torch.zeros_like(x), torch.ones_like(x),\n"
        "           torch.full_like(x, 2.0), torch.zeros_like(x, dtype=torch.float64)]]"
    )
    CASES[f"gaps_random_like_{_name}"] = (
        "torch.manual_seed(4)\n"
        f"x = {_make}\n"
        "result = [torch.rand_like(x), torch.randn_like(x), torch.randn_like(x, dtype=torch.float64),\n"
        "          torch.rand_like(x, dtype=torch.float64), torch.randn(2)]"
    )
    CASES[f"gaps_to_dtype_{_name}"] = (
        f"x = {_make}\n"
        "result = [x.double(), x.to(torch.float16), x.long(), x.bool(), x.to(torch.bfloat16),\n"
        "          x.double().float(), x.int().stride()]"
    )
CASES.update(
    {
        "gaps_clone_grad": (
            "x = torch.arange(6., requires_grad=True)\n"
            "y = x.reshape(2, 3).t().clone()\n"
            "(y * torch.arange(6.).reshape(3, 2)).sum().backward()\n"
            "result = [y, y.grad_fn, x.grad]"
        ),
        "gaps_clone_contiguous_grad": (
            "x = torch.arange(6., requires_grad=True)\n"
            "y = x.reshape(2, 3).t().clone(memory_format=torch.contiguous_format)\n"
            "(y * torch.arange(6.).reshape(3, 2)).sum().backward()\n"
            "result = [y, y.grad_fn, x.grad, repr(torch.contiguous_format)]"
        ),
        "gaps_random_like_requires_grad": (
            "torch.manual_seed(8)\n"
            "x = torch.zeros(5, 4).t()\n"
            "r = torch.randn_like(x, requires_grad=True)\n"
            "result = [r, r.requires_grad, r.is_leaf]"
        ),
    }
)

# The gradients converted here come from a float32 forward and backward
# (tanh, matmul), which agree with torch's float32 kernels to a few ulps;
# float64 Adam goes through sqrt, an ulp off torch's MKL one at times.
TOLERANCES = {
    "gaps_module_double_grads": (1e-6, 1e-7),
    "gaps_module_double_optimizer": (1e-6, 1e-7),
    "gaps_module_double_adam_step": (1e-13, 1e-15),
}

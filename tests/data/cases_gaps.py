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

# The gradients converted here come from a float32 forward and backward
# (tanh, matmul), which agree with torch's float32 kernels to a few ulps;
# float64 Adam goes through sqrt, an ulp off torch's MKL one at times.
TOLERANCES = {
    "gaps_module_double_grads": (1e-6, 1e-7),
    "gaps_module_double_optimizer": (1e-6, 1e-7),
    "gaps_module_double_adam_step": (1e-13, 1e-15),
}

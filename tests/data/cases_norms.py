"""Group and instance normalization, recorded from torch 2.13: values and
gradients (first and second order) in float32 and float64, the nodes torch
records, running statistics, the modules' reprs and buffers, and errors."""

_RUN = (
    "F, nn = torch.nn.functional, torch.nn\n"
    "torch.manual_seed(0)\n"
    "def run(f, *tensors):\n"
    "    y = f(*tensors)\n"
    "    (y * torch.arange(y.numel(), dtype=y.dtype).reshape(y.shape).cos()).sum().backward()\n"
    "    return [y, [t.grad for t in tensors]]\n"
    "def leaf(*shape, dtype=torch.float32):\n"
    "    return torch.randn(*shape, dtype=dtype).requires_grad_()\n"
)


def _case(body):
    return _RUN + body


CASES = {
    # ---- group norm ----
    "norms_group_values": _case(
        "result = []\n"
        "for dtype in (torch.float32, torch.float64):\n"
        "    x, w, b = leaf(2, 6, 3, dtype=dtype), leaf(6, dtype=dtype), leaf(6, dtype=dtype)\n"
        "    result += [run(lambda x, w, b: F.group_norm(x, 3, w, b), x, w, b), "
        "run(lambda x: F.group_norm(x, 2), x), run(lambda x: F.group_norm(x, 6, eps=0.1), x), "
        "run(lambda x: F.group_norm(x, 1), leaf(3, 4, dtype=dtype)), "
        "run(lambda x, w: F.group_norm(x, 2, w), leaf(2, 4, 3, 2, dtype=dtype), "
        "leaf(4, dtype=dtype))]"
    ),
    "norms_group_graph": _case(
        "x, w, b = leaf(2, 4, 3), leaf(4), leaf(4)\n"
        "y, z = F.group_norm(x, 2, w, b), F.group_norm(x * 2, 2, bias=b)\n"
        "result = [y.grad_fn, y.grad_fn.next_functions, z.grad_fn.next_functions, "
        "F.group_norm(x.detach(), 2).grad_fn, y.stride(), "
        "F.group_norm(x.detach().transpose(0, 2), 2).stride()]"
    ),
    "norms_group_second_order": _case(
        "x, w, b = leaf(2, 4, 3, dtype=torch.float64), leaf(4, dtype=torch.float64), "
        "leaf(4, dtype=torch.float64)\n"
        "y = F.group_norm(x, 2, w, b)\n"
        "gx, gw = torch.autograd.grad((y ** 3).sum(), (x, w), create_graph=True)\n"
        "(gx.sin().sum() + (gw * gw).sum()).backward()\n"
        "result = [gx.tolist(), gw.tolist(), x.grad, w.grad, b.grad]"
    ),
    "norms_group_module": _case(
        "m, n = nn.GroupNorm(2, 4), nn.GroupNorm(3, 6, eps=1e-3, affine=False)\n"
        "o = nn.GroupNorm(1, 2, bias=False)\n"
        "x = torch.randn(3, 4, 5)\n"
        "result = [repr(m), repr(n), repr(o), list(m.state_dict()), list(o.state_dict()), "
        "m.weight, m.bias, n.weight, m(x), n(torch.randn(2, 6)), m.num_groups, "
        "m.num_channels, m.eps, m.affine]"
    ),
    "norms_group_err_divisible": _case("F.group_norm(torch.randn(2, 6, 3), 4)"),
    "norms_group_err_module_divisible": _case("nn.GroupNorm(4, 6)"),
    "norms_group_err_weight": _case("F.group_norm(torch.randn(2, 6, 3), 3, torch.ones(5))"),
    "norms_group_err_bias": _case(
        "F.group_norm(torch.randn(2, 6, 3), 3, None, torch.ones(2, 3))"
    ),
    "norms_group_err_dims": _case("F.group_norm(torch.randn(6), 3)"),
    "norms_group_err_one_value": _case("F.group_norm(torch.randn(1, 3), 3)"),
    "norms_group_err_bias_after_weight": _case(
        "F.group_norm(torch.randn(2, 6, 3), 3, torch.ones(6), torch.ones(4))"
    ),
    "norms_group_int": _case("F.group_norm(torch.ones(2, 4, dtype=torch.int64), 2)"),
    # ---- instance norm ----
    "norms_instance_values": _case(
        "result = []\n"
        "for dtype in (torch.float32, torch.float64):\n"
        "    x, w, b = leaf(2, 3, 4, dtype=dtype), leaf(3, dtype=dtype), leaf(3, dtype=dtype)\n"
        "    result += [run(lambda x, w, b: F.instance_norm(x, weight=w, bias=b), x, w, b), "
        "run(F.instance_norm, leaf(2, 3, 2, 2, dtype=dtype)), "
        "run(lambda x: F.instance_norm(x, eps=0.5), x)]"
    ),
    "norms_instance_graph": _case(
        "x, w, b = leaf(2, 3, 4), leaf(3), leaf(3)\n"
        "y = F.instance_norm(x, weight=w, bias=b)\n"
        "bn = y.grad_fn.next_functions[0][0]\n"
        "result = [y.grad_fn, bn, bn.next_functions, bn.next_functions[0][0].next_functions, "
        "F.instance_norm(x.transpose(1, 2)).grad_fn.next_functions[0][0]"
        ".next_functions[0][0].next_functions]"
    ),
    "norms_instance_running_stats": _case(
        "mean, var = torch.zeros(3), torch.ones(3)\n"
        "x = torch.randn(4, 3, 5)\n"
        "y = F.instance_norm(x, mean, var, momentum=0.2)\n"
        "z = F.instance_norm(x, mean, var, use_input_stats=False)\n"
        "result = [y, mean, var, z]"
    ),
    "norms_instance_modules": _case(
        "a, b = nn.InstanceNorm1d(3), nn.InstanceNorm2d(2, affine=True, track_running_stats=True)\n"
        "c = nn.InstanceNorm1d(3, momentum=None, track_running_stats=True)\n"
        "x1, x2 = torch.randn(2, 3, 4), torch.randn(2, 2, 3, 3)\n"
        "ya, yb, yc = a(x1), b(x2), c(x1)\n"
        "b.eval()\nzb = b(x2)\n"
        "result = [repr(a), repr(b), repr(c), list(b.state_dict()), ya, yb, yc, zb, "
        "b.running_mean, b.running_var, b.num_batches_tracked, c.running_mean, "
        "a(torch.randn(3, 4)), b(torch.randn(2, 3, 3)).shape, yb.grad_fn]"
    ),
    "norms_instance_module_grads": _case(
        "m = nn.InstanceNorm2d(2, affine=True)\nx = leaf(2, 2, 3, 2)\n"
        "result = [run(m, x), m.weight.grad, m.bias.grad]"
    ),
    "norms_instance_warns": _case(
        "import warnings\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    y = nn.InstanceNorm1d(4)(torch.randn(2, 6, 3))\n"
        "result = [y.shape, [str(w.message) for w in caught]]"
    ),
    "norms_instance_err_affine_size": _case(
        "nn.InstanceNorm1d(4, affine=True)(torch.randn(2, 6, 3))"
    ),
    "norms_instance_err_dims": _case("nn.InstanceNorm2d(3)(torch.randn(2, 3))"),
    "norms_instance_err_spatial": _case("F.instance_norm(torch.randn(2, 3, 1))"),
}

# float32 statistics are summed in another order than torch's kernels; the
# values are O(1) and agree to a few ulps
TOLERANCES = {"norms_": (2e-5, 2e-6)}

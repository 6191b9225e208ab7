"""3-D pooling recorded from torch 2.13: max_pool3d, avg_pool3d,
adaptive_avg/max_pool3d, area interpolation of 5-d input and
local_response_norm's avg_pool3d: values, indices (ties, NaN), gradients,
nodes, dtypes, layouts, unbatched input, modules and errors."""

_RUN = (
    "F, nn = torch.nn.functional, torch.nn\n"
    "torch.manual_seed(0)\n"
    "def run(f, x):\n"
    "    y = f(x)\n"
    "    v = y[0] if isinstance(y, tuple) else y\n"
    "    (v * torch.arange(v.numel(), dtype=v.dtype).reshape(v.shape)).sum().backward()\n"
    "    return [y, v.grad_fn, x.grad]\n"
    "def seq(*shape, dtype=torch.float32):\n"
    "    n = 1\n"
    "    for s in shape:\n"
    "        n *= s\n"
    "    return torch.arange(float(n), dtype=dtype).reshape(shape).requires_grad_()\n"
    "def rnd(*shape, dtype=torch.float32):\n"
    "    return torch.randn(shape, dtype=dtype).requires_grad_()\n"
    "def nodes(f):\n"
    "    out = []\n"
    "    while f is not None:\n"
    "        out.append(type(f).__name__)\n"
    "        f = next((n for n, _ in f.next_functions if n is not None), None)\n"
    "    return out\n"
)


def _case(body):
    return _RUN + body


_MAX = [
    ("basic", "seq(1, 2, 4, 4, 4)", "2"),
    ("stride", "rnd(2, 2, 5, 6, 7)", "(2, 3, 2), stride=(1, 2, 3)"),
    ("pad", "rnd(1, 2, 5, 5, 5)", "3, stride=2, padding=1"),
    ("pad_axes", "rnd(1, 1, 4, 6, 5)", "(2, 3, 2), padding=(1, 1, 0)"),
    ("dilation", "rnd(1, 2, 7, 7, 7)", "3, stride=1, padding=1, dilation=2"),
    ("dilation_axes", "rnd(2, 1, 6, 7, 8)", "2, dilation=(1, 2, 3)"),
    ("ceil", "rnd(1, 2, 5, 6, 7)", "2, ceil_mode=True"),
    ("ceil_pad", "rnd(1, 1, 6, 6, 6)", "3, stride=2, padding=1, ceil_mode=True"),
    ("unbatched", "rnd(2, 4, 5, 6)", "2, stride=1"),
    ("f64", "rnd(1, 2, 4, 5, 6, dtype=torch.float64)", "(2, 2, 3), stride=2, padding=1"),
    ("kernel1", "rnd(1, 1, 3, 3, 3)", "1"),
    ("list_args", "rnd(1, 1, 4, 4, 4)", "[2, 2, 2], [1, 2, 1], [1, 0, 1], [1, 1, 1]"),
    ("one_stride", "rnd(1, 1, 4, 4, 4)", "2, stride=[1]"),
]

_AVG = [
    ("basic", "seq(1, 2, 4, 4, 4)", "2"),
    ("stride", "rnd(2, 2, 5, 6, 7)", "(2, 3, 2), stride=(1, 2, 3)"),
    ("pad", "rnd(1, 2, 5, 5, 5)", "3, stride=2, padding=1"),
    ("pad_exclude", "rnd(1, 2, 5, 5, 5)", "3, stride=2, padding=1, count_include_pad=False"),
    ("ceil", "rnd(1, 2, 5, 6, 7)", "2, ceil_mode=True"),
    ("ceil_pad", "rnd(1, 1, 6, 6, 6)", "3, stride=2, padding=1, ceil_mode=True"),
    (
        "ceil_pad_exclude",
        "rnd(1, 1, 6, 7, 5)",
        "3, stride=2, padding=1, ceil_mode=True, count_include_pad=False",
    ),
    ("divisor", "rnd(1, 2, 4, 5, 6)", "(2, 3, 2), padding=1, divisor_override=5"),
    ("unbatched", "rnd(2, 4, 5, 6)", "2, stride=1"),
    ("f64", "rnd(1, 2, 4, 5, 6, dtype=torch.float64)", "(2, 2, 3), stride=2, padding=1"),
    ("pad_axes", "rnd(2, 1, 4, 6, 5)", "(2, 3, 2), padding=(1, 1, 0)"),
]

_ADAPTIVE = [
    ("same", "seq(1, 2, 4, 4, 4)", "2"),
    ("uneven", "rnd(2, 2, 5, 7, 6)", "(3, 4, 5)"),
    ("grow", "rnd(1, 1, 2, 3, 2)", "(3, 5, 4)"),
    ("none", "rnd(1, 2, 4, 5, 6)", "(2, None, 3)"),
    ("unbatched", "rnd(2, 5, 6, 7)", "(2, 3, 4)"),
    ("f64", "rnd(1, 2, 5, 4, 3, dtype=torch.float64)", "(2, 3, 2)"),
    ("one", "rnd(1, 2, 3, 4, 5)", "1"),
    ("full", "rnd(1, 1, 3, 2, 4)", "(3, 2, 4)"),
]

CASES = {}
for _name, _x, _args in _MAX:
    CASES[f"pool3d_max_{_name}"] = _case(
        f"result = run(lambda x: F.max_pool3d(x, {_args}, return_indices=True), {_x})"
    )
for _name, _x, _args in _AVG:
    CASES[f"pool3d_avg_{_name}"] = _case(f"result = run(lambda x: F.avg_pool3d(x, {_args}), {_x})")
for _name, _x, _args in _ADAPTIVE:
    CASES[f"pool3d_adaptive_avg_{_name}"] = _case(
        f"result = run(lambda x: F.adaptive_avg_pool3d(x, {_args}), {_x})"
    )
    CASES[f"pool3d_adaptive_max_{_name}"] = _case(
        f"result = run(lambda x: F.adaptive_max_pool3d(x, {_args}, return_indices=True), {_x})"
    )

CASES.update({
    # ties pick the first maximum in (depth, row, col) order; NaN wins
    "pool3d_max_ties": _case(
        "x = torch.tensor([1., 3., 3., 0., 3., 1., 2., 3.] * 8).reshape(1, 1, 4, 4, 4)"
        ".requires_grad_()\n"
        "result = run(lambda x: F.max_pool3d(x, 2, stride=1, return_indices=True), x)"
    ),
    "pool3d_max_ties_zero": _case(
        "x = torch.zeros(1, 1, 3, 4, 4, requires_grad=True)\n"
        "result = run(lambda x: F.max_pool3d(x, 2, stride=1, padding=1, return_indices=True), x)"
    ),
    "pool3d_max_nan": _case(
        "x = torch.arange(64.).reshape(1, 1, 4, 4, 4)\n"
        "x[0, 0, 0, 1, 1] = float('nan')\nx[0, 0, 1, 0, 0] = float('nan')\n"
        "x[0, 0, 3, 3, 3] = float('nan')\nx.requires_grad_()\n"
        "result = run(lambda x: F.max_pool3d(x, 2, return_indices=True), x)"
    ),
    "pool3d_max_inf": _case(
        "x = torch.full((1, 1, 3, 3, 3), float('-inf'), requires_grad=True)\n"
        "result = run(lambda x: F.max_pool3d(x, 2, stride=1, padding=1, return_indices=True), x)"
    ),
    "pool3d_adaptive_max_ties_nan": _case(
        "x = torch.tensor([2., 2., 1., 2.] * 15).reshape(1, 1, 3, 4, 5)\n"
        "x[0, 0, 2, 3, 4] = float('nan')\nx[0, 0, 0, 0, 1] = float('nan')\nx.requires_grad_()\n"
        "result = run(lambda x: F.adaptive_max_pool3d(x, (2, 2, 3), return_indices=True), x)"
    ),
    "pool3d_noncontiguous": _case(
        "x = rnd(2, 6, 5, 4, 3)\nv = x.permute(0, 4, 3, 2, 1)\n"
        "a, i = F.max_pool3d(v, 2, stride=1, return_indices=True)\n"
        "b = F.avg_pool3d(v, 2, padding=1)\nc = F.adaptive_avg_pool3d(v, (2, 3, 4))\n"
        "d, j = F.adaptive_max_pool3d(v, (2, 3, 4), return_indices=True)\n"
        "(a.sum() + (b * b).sum() + (c * 3).sum() + (d * d).sum()).backward()\n"
        "result = [a, i, b, c, d, j, x.grad]"
    ),
    "pool3d_empty_batch": _case(
        "x = torch.ones(0, 2, 4, 4, 4)\n"
        "result = [F.max_pool3d(x, 2).shape, F.avg_pool3d(x, 2).shape, "
        "F.adaptive_avg_pool3d(x, 2).shape]"
    ),
    "pool3d_integer_max": _case(
        "x = torch.arange(64).reshape(1, 1, 4, 4, 4) % 7\n"
        "result = list(F.max_pool3d(x, 2, return_indices=True))"
    ),
    "pool3d_double_backward": _case(
        "x = rnd(1, 1, 4, 4, 4, dtype=torch.float64)\n"
        "out = []\n"
        "for f in [lambda t: F.max_pool3d(t, 2, stride=1), lambda t: F.avg_pool3d(t, 3, padding=1),"
        " lambda t: F.adaptive_avg_pool3d(t, (3, 2, 3))]:\n"
        "    y = f(x * x)\n"
        "    v = torch.arange(float(y.numel()), dtype=y.dtype).reshape(y.shape)"
        ".requires_grad_()\n"
        "    g, = torch.autograd.grad(y, x, v, create_graph=True)\n"
        "    gg, gv = torch.autograd.grad((g * g).sum(), [x, v])\n"
        "    h, = torch.autograd.grad(f(x), x, v, create_graph=True)\n"
        "    out += [g, gg, gv, h.grad_fn]\n"
        "result = out"
    ),
    "pool3d_modules": _case(
        "mods = [nn.MaxPool3d(2), nn.MaxPool3d((2, 3, 1), stride=1, padding=0, dilation=2, "
        "return_indices=True, ceil_mode=True), nn.AvgPool3d(2), "
        "nn.AvgPool3d((2, 3, 1), 1, 0, True, False, 3), nn.AdaptiveAvgPool3d((2, None, 3)), "
        "nn.AdaptiveMaxPool3d(2, True), nn.AdaptiveAvgPool3d(1)]\n"
        "x = rnd(1, 2, 4, 5, 6)\n"
        "result = [[repr(m) for m in mods], [m(x) for m in mods]]"
    ),
    "pool3d_interpolate_area": _case(
        "x = rnd(1, 2, 5, 6, 7)\n"
        "result = [run(lambda t: F.interpolate(t, size=(2, 3, 4), mode='area'), x), "
        "run(lambda t: F.interpolate(t, scale_factor=0.5, mode='area'), rnd(2, 1, 4, 6, 5)), "
        "run(lambda t: F.interpolate(t, size=(6, 7, 8), mode='area'), "
        "rnd(1, 1, 3, 4, 5, dtype=torch.float64))]"
    ),
    "pool3d_local_response_norm": _case(
        "result = [run(lambda t: F.local_response_norm(t, 3), rnd(2, 5, 3, 4)), "
        "run(lambda t: F.local_response_norm(t, 2, 0.1, 0.75, 2.0), rnd(1, 4, 2, 3, 2)), "
        "nodes(F.local_response_norm(rnd(1, 6, 3, 3), 4).grad_fn), "
        "run(lambda t: F.local_response_norm(t, 5), rnd(2, 3, 4, dtype=torch.float64))]"
    ),
})

# beta 0.5: torch's pow(x, 0.5) is its float32 sqrt, one ulp off the IEEE
# square root ferrograd returns for about one result in six
CASES["pool3d_lrn_sqrt"] = _case(
    "result = run(lambda t: F.local_response_norm(t, 2, 0.1, 0.5, 2.0), rnd(1, 4, 2, 3, 2))"
)
TOLERANCES = {"pool3d_lrn_sqrt": (2e-6, 1e-7)}

CASES.update({
    "pool3d_lp_pool": _case(
        "x = rnd(1, 2, 4, 5, 6).abs().detach().add(0.1).requires_grad_()\n"
        "result = [run(lambda t: F.lp_pool3d(t, 2, 2), x), "
        "run(lambda t: F.lp_pool3d(t, 3, (2, 3, 2), 1), rnd(2, 4, 5, 4, dtype=torch.float64)), "
        "run(lambda t: F.lp_pool3d(t, 1.0, 2, ceil_mode=True), rnd(1, 1, 5, 5, 5)), "
        "run(lambda t: F.lp_pool3d(t, float('inf'), 2), rnd(1, 1, 4, 4, 4))]"
    ),
    "pool3d_lp_pool_module": _case(
        "m = nn.LPPool3d(2, 3)\nx = rnd(1, 2, 3, 4, 5)\nresult = [repr(m), run(m, x)]"
    ),
})

CASES.update({
    "pool3d_unpool": _case(
        "x = rnd(2, 2, 4, 4, 6)\ny, i = F.max_pool3d(x, 2, return_indices=True)\n"
        "y = y.detach().requires_grad_()\n"
        "u = nn.MaxUnpool3d(2)\n"
        "result = [repr(u), run(lambda t: F.max_unpool3d(t, i, 2), y), "
        "run(lambda t: u(t, i, output_size=(4, 5, 7)), y.detach().requires_grad_()), "
        "run(lambda t: F.max_unpool3d(t, i[0], (2, 2, 2), (2, 2, 2)), y[0].detach()"
        ".requires_grad_())]"
    ),
})

_ERRORS = {
    "max_kernel_big": "F.max_pool3d(torch.ones(1, 2, 4, 4, 4), 5)",
    "max_pad_effective": "F.max_pool3d(torch.ones(1, 2, 4, 4, 4), 2, padding=2)",
    "max_pad_kernel": "F.max_pool3d(torch.ones(1, 2, 7, 7, 7), 3, padding=2, dilation=2)",
    "max_zero_stride": "F.max_pool3d(torch.ones(1, 2, 4, 4, 4), 2, stride=0)",
    "max_zero_kernel": "F.max_pool3d(torch.ones(1, 2, 4, 4, 4), 0, stride=1)",
    "max_zero_dilation": "F.max_pool3d(torch.ones(1, 2, 4, 4, 4), 2, dilation=0)",
    "max_rank3": "F.max_pool3d(torch.ones(2, 3, 4), 2)",
    "max_rank6": "F.max_pool3d(torch.ones(1, 2, 3, 4, 5, 6), 2)",
    "max_empty_dim": "F.max_pool3d(torch.ones(2, 0, 4, 4), 2)",
    "max_kernel_pair": "F.max_pool3d(torch.ones(1, 2, 4, 4, 4), (2, 2))",
    "max_stride_pair": "F.max_pool3d(torch.ones(1, 2, 4, 4, 4), 2, stride=(1, 1))",
    "max_padding_pair": "F.max_pool3d(torch.ones(1, 2, 4, 4, 4), 2, padding=(1, 1))",
    "max_dilation_pair": "F.max_pool3d(torch.ones(1, 2, 4, 4, 4), 2, dilation=(1, 1))",
    "max_negative_pad": "F.max_pool3d(torch.ones(1, 2, 4, 4, 4), 2, padding=-1)",
    "max_output_small_axis": "F.max_pool3d(torch.ones(1, 1, 4, 4, 1), (2, 2, 2), stride=1)",
    "avg_kernel_big": "F.avg_pool3d(torch.ones(1, 2, 4, 4, 4), 5)",
    "avg_kernel_big_padded": "F.avg_pool3d(torch.ones(1, 2, 4, 4, 4), (5, 1, 1), padding=(2, 0, 0))",
    "avg_pad": "F.avg_pool3d(torch.ones(1, 2, 4, 4, 4), 2, padding=2)",
    "avg_zero_stride": "F.avg_pool3d(torch.ones(1, 2, 4, 4, 4), 2, stride=0)",
    "avg_zero_kernel": "F.avg_pool3d(torch.ones(1, 2, 4, 4, 4), 0, stride=1)",
    "avg_divisor_zero": "F.avg_pool3d(torch.ones(1, 2, 4, 4, 4), 2, divisor_override=0)",
    "avg_divisor_zero_rank": "F.avg_pool3d(torch.ones(2, 3), 2, divisor_override=0)",
    "avg_rank3": "F.avg_pool3d(torch.ones(2, 3, 4), 2)",
    "avg_rank1": "F.avg_pool3d(torch.ones(3), 2)",
    "avg_empty_dim": "F.avg_pool3d(torch.ones(2, 0, 4, 4, 4), 2)",
    "avg_kernel_pair": "F.avg_pool3d(torch.ones(1, 2, 4, 4, 4), (2, 2))",
    "avg_stride_pair": "F.avg_pool3d(torch.ones(1, 2, 4, 4, 4), 2, stride=(1, 1))",
    "avg_padding_pair": "F.avg_pool3d(torch.ones(1, 2, 4, 4, 4), 2, padding=(1, 1))",
    "avg_negative_pad": "F.avg_pool3d(torch.ones(1, 2, 4, 4, 4), 2, padding=-1)",
    "adaptive_avg_rank": "F.adaptive_avg_pool3d(torch.ones(2, 3, 4), 2)",
    "adaptive_avg_empty": "F.adaptive_avg_pool3d(torch.ones(2, 0, 3, 4), 2)",
    "adaptive_avg_pair": "F.adaptive_avg_pool3d(torch.ones(1, 2, 3, 4, 5), (2, 2))",
    "adaptive_avg_negative": "F.adaptive_avg_pool3d(torch.ones(1, 2, 3, 4, 5), -1)",
    "adaptive_avg_long": "F.adaptive_avg_pool3d(torch.ones(1, 2, 3, 4, 5).long(), 2)",
    "adaptive_max_rank": "F.adaptive_max_pool3d(torch.ones(2, 3, 4), 2)",
    "adaptive_max_empty": "F.adaptive_max_pool3d(torch.ones(2, 0, 3, 4), 2)",
    "adaptive_max_pair": "F.adaptive_max_pool3d(torch.ones(1, 2, 3, 4, 5), (2, 2))",
    "adaptive_max_negative": "F.adaptive_max_pool3d(torch.ones(1, 2, 3, 4, 5), -1)",
    "adaptive_max_long": "F.adaptive_max_pool3d(torch.ones(1, 2, 3, 4, 5).long(), 2)",
}
for _name, _code in _ERRORS.items():
    CASES[f"pool3d_err_{_name}"] = _case(_code)
_ERRORS_UNPOOL = {
    "unpool_int_indices": "F.max_unpool3d(torch.ones(1, 2, 2, 2, 2), torch.zeros(1, 2, 2, 2, 2).int(), 2)",
    "unpool_rank": "F.max_unpool3d(torch.ones(2, 2, 2), torch.zeros(2, 2, 2).long(), 2)",
    "unpool_shape": "F.max_unpool3d(torch.ones(1, 2, 2, 2, 2), torch.zeros(2, 2, 2, 2).long(), 2)",
    "unpool_bad_index": "F.max_unpool3d(torch.ones(1, 2, 2, 2, 2), torch.arange(16).reshape(1, 2, 2, 2, 2) * 9, 2)",
    "unpool_long": "F.max_unpool3d(torch.ones(1, 2, 2, 2, 2).long(), torch.zeros(1, 2, 2, 2, 2).long(), 2)",
    "unpool_zero_stride": "F.max_unpool3d(torch.ones(1, 2, 2, 2, 2), torch.zeros(1, 2, 2, 2, 2).long(), 2, stride=0)",
    "unpool_empty": "F.max_unpool3d(torch.ones(1, 0, 2, 2, 2), torch.zeros(1, 0, 2, 2, 2).long(), 2)",
}
for _name, _code in _ERRORS_UNPOOL.items():
    CASES[f"pool3d_err_{_name}"] = _case(_code)

"""F.interpolate(..., mode='lanczos', antialias=True), recorded from torch
2.13: shrinking and growing by whole and fractional factors and to sizes
(one-pixel outputs, non-square, one side unchanged), recompute_scale_factor,
float32 and float64, gradients, the node torch records and its gradient's
node, and the errors for what torch refuses (no antialias, align_corners,
ranks, dtypes). uint8 antialiasing stays refused by ferrograd.

The float64 weights match torch's exactly, but its running sums over the
six-tap (and longer) windows round in an order not reproduced here, so
float64 values are compared to a few float64 ulps. torch's float32 Lanczos
weights also round inside the filter in a way not reproduced here (its sin
of float32 arguments), so float32 values are compared to a few float32
ulps. Nodes and errors match exactly."""

_RUN = (
    "F = torch.nn.functional\n"
    "torch.manual_seed(0)\n"
    "def run(x, **kw):\n"
    "    y = F.interpolate(x, mode='lanczos', antialias=True, **kw)\n"
    "    w = ((torch.arange(y.numel()) % 7 - 3.25) / 4).to(y.dtype).reshape(y.shape)\n"
    "    (y * w).sum().backward()\n"
    "    g = x.grad\n"
    "    x.grad = None\n"
    "    return [y, y.grad_fn, g]\n"
    "def leaf(*shape, dtype=torch.float32):\n"
    "    return torch.randn(*shape, dtype=dtype).requires_grad_()\n"
)

_CALLS = {
    "down_half": "(2, 3, 8, 10), dict(scale_factor=0.5)",
    "down_third": "(1, 2, 17, 13), dict(scale_factor=1 / 3)",
    "down_fractional": "(1, 2, 11, 9), dict(scale_factor=0.4)",
    "down_mixed": "(1, 1, 20, 20), dict(scale_factor=(0.23, 0.77))",
    "down_tenth": "(1, 1, 41, 37), dict(scale_factor=0.1)",
    "down_size": "(2, 1, 16, 13), dict(size=(5, 3))",
    "down_size_one": "(1, 2, 10, 10), dict(size=1)",
    "down_row": "(1, 2, 10, 12), dict(size=(1, 4))",
    "width_only": "(1, 2, 5, 23), dict(size=(5, 7))",
    "height_only": "(1, 2, 23, 5), dict(size=(7, 5))",
    "same_size": "(1, 2, 6, 7), dict(size=(6, 7))",
    "up_two": "(1, 2, 4, 5), dict(scale_factor=2)",
    "up_fractional": "(1, 1, 6, 8), dict(scale_factor=2.5)",
    "up_down": "(1, 1, 7, 12), dict(size=(11, 3))",
    "recompute": "(1, 3, 31, 17), dict(scale_factor=1 / 3, recompute_scale_factor=True)",
    "tiny_input": "(1, 1, 1, 2), dict(size=(3, 1))",
}

CASES = {}
for _dt in ("float32", "float64"):
    for _name, _call in _CALLS.items():
        _shape, _kw = _call.split(", dict")
        CASES[f"antialias2_lanczos_{_dt}_{_name}"] = _RUN + (
            f"x = leaf(*{_shape}, dtype=torch.{_dt})\nresult = run(x, **dict{_kw})"
        )
CASES["antialias2_lanczos_double_backward"] = _RUN + (
    "x = leaf(1, 2, 9, 11, dtype=torch.float64)\n"
    "y = F.interpolate(x, scale_factor=0.4, mode='lanczos', antialias=True)\n"
    "go = torch.randn(y.shape, dtype=torch.float64, requires_grad=True)\n"
    "g, = torch.autograd.grad(y, x, go, create_graph=True)\n"
    "gg, = torch.autograd.grad(g, go, torch.randn(g.shape, dtype=torch.float64), create_graph=True)\n"
    "result = [g, g.grad_fn, gg, gg.grad_fn]"
)
_ERRORS = {
    "no_antialias": "torch.ones(1, 1, 4, 4), scale_factor=0.5, mode='lanczos'",
    "no_antialias_3d": "torch.ones(1, 1, 4), scale_factor=0.5, mode='lanczos'",
    "no_antialias_5d": "torch.ones(1, 1, 4, 4, 4), scale_factor=0.5, mode='lanczos'",
    "align": "torch.ones(1, 1, 4, 4), scale_factor=0.5, mode='lanczos', antialias=True, "
    "align_corners=True",
    "align_no_antialias": "torch.ones(1, 1, 4, 4), scale_factor=0.5, mode='lanczos', "
    "align_corners=True",
    "align_false": "torch.ones(1, 1, 4, 4), size=4, mode='lanczos', antialias=True, "
    "align_corners=False",
    "3d": "torch.ones(1, 1, 4), scale_factor=0.5, mode='lanczos', antialias=True",
    "5d": "torch.ones(1, 1, 4, 4, 4), scale_factor=0.5, mode='lanczos', antialias=True",
}
for _dt in ("int32", "int64", "float16", "bfloat16", "bool"):
    _ERRORS[_dt] = (
        f"torch.ones(1, 1, 4, 4, dtype=torch.{_dt}), scale_factor=0.5, mode='lanczos', "
        "antialias=True"
    )
for _name, _args in _ERRORS.items():
    CASES[f"antialias2_lanczos_err_{_name}"] = _RUN + f"result = F.interpolate({_args})"
CASES["antialias2_lanczos_int_same_size"] = _RUN + (
    "result = F.interpolate(torch.arange(16).reshape(1, 1, 4, 4), size=4, mode='lanczos', "
    "antialias=True)"
)

TOLERANCES = {
    "antialias2_lanczos_float32_": (1e-5, 1e-6),
    "antialias2_lanczos_float64_": (1e-13, 1e-15),
    "antialias2_lanczos_double_backward": (1e-13, 1e-15),
}

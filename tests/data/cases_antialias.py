"""F.interpolate(..., antialias=True) for bilinear and bicubic, recorded from
torch 2.13: shrinking and growing by whole and fractional factors and to
sizes (one-pixel outputs, non-square, one side unchanged), align_corners,
recompute_scale_factor, float32 and float64, gradients, the nodes torch
records (and the node of the gradient's gradient), and the errors for the
modes, ranks and dtypes it refuses. All compared exactly."""

_RUN = (
    "F = torch.nn.functional\n"
    "torch.manual_seed(0)\n"
    "def run(x, **kw):\n"
    "    y = F.interpolate(x, antialias=True, **kw)\n"
    "    w = ((torch.arange(y.numel()) % 7 - 3.25) / 4).to(y.dtype).reshape(y.shape)\n"
    "    (y * w).sum().backward()\n"
    "    g = x.grad\n"
    "    x.grad = None\n"
    "    return [y, y.grad_fn, g]\n"
    "def leaf(*shape, dtype=torch.float32):\n"
    "    return torch.randn(*shape, dtype=dtype).requires_grad_()\n"
)


def _case(body):
    return _RUN + body


_CALLS = {
    "down_half": "(2, 3, 8, 10), dict(scale_factor=0.5)",
    "down_third": "(1, 2, 17, 13), dict(scale_factor=1 / 3)",
    "down_fractional": "(1, 2, 11, 9), dict(scale_factor=0.4)",
    "down_mixed": "(1, 1, 20, 20), dict(scale_factor=(0.23, 0.77))",
    "down_tenth": "(1, 1, 41, 37), dict(scale_factor=0.1)",
    "down_size": "(2, 1, 16, 13), dict(size=(5, 3))",
    "down_size_one": "(1, 2, 10, 10), dict(size=1)",
    "down_row": "(1, 2, 10, 12), dict(size=(1, 4))",
    "down_column": "(1, 2, 12, 10), dict(size=(4, 1))",
    "width_only": "(1, 2, 5, 23), dict(size=(5, 7))",
    "height_only": "(1, 2, 23, 5), dict(size=(7, 5))",
    "same_size": "(1, 2, 6, 7), dict(size=(6, 7))",
    "same_size_scale": "(1, 1, 5, 5), dict(scale_factor=1.1)",
    "up_two": "(1, 2, 4, 5), dict(scale_factor=2)",
    "up_fractional": "(1, 1, 6, 8), dict(scale_factor=2.5)",
    "up_down": "(1, 1, 7, 12), dict(size=(11, 3))",
    "align": "(1, 2, 9, 11), dict(scale_factor=0.4, align_corners=True)",
    "align_size": "(1, 1, 7, 7), dict(size=(11, 3), align_corners=True)",
    "align_one": "(1, 1, 10, 10), dict(size=(1, 4), align_corners=True)",
    "recompute": "(1, 3, 31, 17), dict(scale_factor=1 / 3, recompute_scale_factor=True)",
    "recompute_up": "(1, 1, 5, 6), dict(scale_factor=1.7, recompute_scale_factor=True)",
    "tiny_input": "(1, 1, 1, 2), dict(size=(3, 1))",
}

CASES = {}
for _mode in ("bilinear", "bicubic"):
    for _dt in ("float32", "float64"):
        for _name, _call in _CALLS.items():
            _shape, _kw = _call.split(", dict")
            CASES[f"antialias_{_mode}_{_dt}_{_name}"] = _case(
                f"x = leaf(*{_shape}, dtype=torch.{_dt})\n"
                f"result = run(x, mode='{_mode}', **dict{_kw})"
            )
    CASES[f"antialias_{_mode}_double_backward"] = _case(
        "x = leaf(1, 2, 9, 11, dtype=torch.float64)\n"
        f"y = F.interpolate(x, scale_factor=0.4, mode='{_mode}', antialias=True)\n"
        "go = torch.randn(y.shape, dtype=torch.float64, requires_grad=True)\n"
        "g, = torch.autograd.grad(y, x, go, create_graph=True)\n"
        "gg, = torch.autograd.grad(g, go, torch.randn(g.shape, dtype=torch.float64), create_graph=True)\n"
        "result = [g, g.grad_fn, gg, gg.grad_fn]"
    )
    CASES[f"antialias_{_mode}_batch"] = _case(
        "x = leaf(3, 4, 15, 14)\n"
        f"result = [run(x, mode='{_mode}', scale_factor=0.3), "
        f"run(x, mode='{_mode}', size=(6, 20))]"
    )
    for _dt in ("int32", "int64", "float16", "bfloat16", "bool"):
        CASES[f"antialias_{_mode}_err_{_dt}"] = _case(
            f"F.interpolate(torch.ones(1, 1, 4, 4, dtype=torch.{_dt}), scale_factor=0.5, "
            f"mode='{_mode}', antialias=True)"
        )
    CASES[f"antialias_{_mode}_int_same_size"] = _case(
        f"result = F.interpolate(torch.arange(16).reshape(1, 1, 4, 4), size=4, mode='{_mode}', "
        "antialias=True)"
    )
    for _rank in (3, 5):
        CASES[f"antialias_{_mode}_err_{_rank}d"] = _case(
            f"F.interpolate(torch.ones(*[1, 1] + [4] * {_rank - 2}), scale_factor=0.5, "
            f"mode='{_mode}', antialias=True)"
        )
for _mode in ("nearest", "nearest-exact", "linear", "trilinear", "area", "foo"):
    for _rank in (3, 4, 5):
        CASES[f"antialias_err_{_mode}_{_rank}d"] = _case(
            f"F.interpolate(torch.ones(*[1, 1] + [4] * {_rank - 2}), scale_factor=0.5, "
            f"mode='{_mode}', antialias=True)"
        )
CASES["antialias_err_align_nearest"] = _case(
    "F.interpolate(torch.ones(1, 1, 4, 4), scale_factor=0.5, mode='nearest', "
    "align_corners=True, antialias=True)"
)
CASES["antialias_err_recompute_size"] = _case(
    "F.interpolate(torch.ones(1, 1, 4, 4), size=2, mode='bilinear', "
    "recompute_scale_factor=True, antialias=True)"
)
CASES["antialias_err_both"] = _case(
    "F.interpolate(torch.ones(1, 1, 4, 4), size=2, scale_factor=0.5, mode='bilinear', "
    "antialias=True)"
)

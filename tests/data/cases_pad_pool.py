"""Circular padding, adaptive max pooling and power-average pooling, recorded
from torch 2.13: values, gradients, nodes, indices (ties, NaN), modules and
errors."""

_RUN = (
    "F, nn = torch.nn.functional, torch.nn\n"
    "torch.manual_seed(0)\n"
    "def run(f, x):\n"
    "    y = f(x)\n"
    "    (y * torch.arange(y.numel(), dtype=y.dtype).reshape(y.shape)).sum().backward()\n"
    "    return [y, y.grad_fn, x.grad]\n"
    "def seq(*shape, dtype=torch.float32):\n"
    "    n = 1\n"
    "    for s in shape:\n"
    "        n *= s\n"
    "    return torch.arange(float(n), dtype=dtype).reshape(shape).requires_grad_()\n"
    "def names(f):\n"
    "    out = []\n"
    "    while f is not None:\n"
    "        out.append(type(f).__name__)\n"
    "        f = next((n for n, _ in f.next_functions if n is not None), None)\n"
    "    return out\n"
    "def tree(f):\n"
    "    if f is None:\n"
    "        return None\n"
    "    return [type(f).__name__] + [tree(n) for n, _ in f.next_functions]\n"
)


def _case(body):
    return _RUN + body


def _circ(pad):
    return f"lambda x: F.pad(x, {pad}, mode='circular')"


CASES = {
    # ---- circular padding ----
    "padpool_circular_1d": _case(
        f"result = [run({_circ((2, 1))}, seq(2, 2, 4)), run({_circ((0, 3))}, seq(3, 4)), "
        f"run({_circ((4, 4))}, seq(1, 1, 4)), run({_circ((0, 0))}, seq(1, 3))]"
    ),
    "padpool_circular_2d": _case(
        f"result = [run({_circ((1, 2, 2, 1))}, seq(1, 1, 3, 4)), "
        f"run({_circ((0, 1, 3, 0))}, seq(2, 3, 4)), "
        f"run({_circ((2, 0, 0, 0))}, seq(2, 1, 2, 3, dtype=torch.float64))]"
    ),
    "padpool_circular_3d": _case(
        f"result = [run({_circ((1, 1, 0, 2, 1, 0))}, seq(1, 2, 2, 3, 3)), "
        f"run({_circ((0, 1, 1, 0, 2, 2))}, seq(1, 2, 2, 3))]"
    ),
    # a negative side crops first; the positive sides wrap what is left
    "padpool_circular_negative": _case(
        "result = [run(" + _circ("p") + ", seq(1, 1, 4)) for p in "
        "[(-1, 2), (-1, -1), (-2, 2), (3, -1), (-1, 3), (-3, 0), (2, -2)]]"
    ),
    "padpool_circular_negative_2d": _case(
        f"result = [run({_circ((-1, 2, 1, -2))}, seq(2, 4, 5)), "
        f"run({_circ((1, -1, -1, 1))}, seq(1, 1, 3, 3))]"
    ),
    "padpool_circular_to_empty": _case(
        "result = [F.pad(seq(1, 1, 4), (-4, 0), mode='circular'), "
        "F.pad(seq(1, 1, 4), (0, -4), mode='circular').grad_fn]"
    ),
    "padpool_circular_empty": _case(
        "result = [F.pad(torch.ones(0, 2, 3), (1, 1), mode='circular'), "
        "F.pad(torch.ones(1, 1, 0, 3), (1, 1, 0, 0), mode='circular'), "
        "F.pad(torch.ones(1, 0, 3), (1, 2), mode='circular'), "
        "F.pad(torch.ones(1, 1, 0), (0, 0), mode='circular')]"
    ),
    "padpool_circular_dtypes": _case(
        "result = [F.pad(torch.arange(4).reshape(1, 4), (1, 1), mode='circular'), "
        "F.pad(torch.tensor([[True, False]]), (1, 2), mode='circular'), "
        "F.pad(torch.arange(6, dtype=torch.int32).reshape(1, 2, 3), (1, 0, 0, 1), "
        "mode='circular')]"
    ),
    "padpool_circular_value_zero": _case(
        "result = [F.pad(seq(1, 1, 3), (1, 1), mode='circular', value=0), "
        "F.pad(seq(1, 1, 3), [1, 2], mode='circular', value=0.0)]"
    ),
    "padpool_circular_layout": _case(
        "y = F.pad(seq(2, 3, 4).transpose(1, 2), (1, 1), mode='circular')\n"
        "result = [y, y.stride(), y.is_contiguous()]"
    ),
    "padpool_circular_double_backward": _case(
        "x = seq(1, 1, 4)\ny = F.pad(x * x, (2, 1), mode='circular')\n"
        "g, = torch.autograd.grad(y, x, torch.arange(7.0).reshape(1, 1, 7), create_graph=True)\n"
        "gg, = torch.autograd.grad(g.sum(), x)\nresult = [g, gg]"
    ),
    "padpool_circular_err_wrap": _case("F.pad(seq(1, 1, 4), (5, 0), mode='circular')"),
    "padpool_circular_err_wrap_right": _case("F.pad(seq(1, 4), (0, 5), mode='circular')"),
    "padpool_circular_err_wrap_empty": _case("F.pad(torch.ones(1, 1, 0), (1, 0), mode='circular')"),
    "padpool_circular_err_negative": _case("F.pad(seq(1, 1, 4), (-3, -2), mode='circular')"),
    "padpool_circular_err_negative_right": _case("F.pad(seq(1, 1, 4), (0, -5), mode='circular')"),
    # the first padded dim is checked first
    "padpool_circular_err_order_a": _case(
        "F.pad(torch.ones(1, 1, 4, 4), (5, 0, -3, -3), mode='circular')"
    ),
    "padpool_circular_err_order_b": _case(
        "F.pad(torch.ones(1, 1, 4, 4), (-3, -3, 5, 0), mode='circular')"
    ),
    # a side longer than what is left after cropping would copy from itself
    "padpool_circular_err_overlap_left": _case("F.pad(seq(1, 1, 4), (4, -2), mode='circular')"),
    "padpool_circular_err_overlap_right": _case("F.pad(seq(1, 1, 4), (-2, 4), mode='circular')"),
    "padpool_circular_err_overlap_2d": _case(
        "F.pad(torch.ones(1, 1, 4, 4), (0, 0, 3, -2), mode='circular')"
    ),
    "padpool_circular_err_1d_input": _case("F.pad(torch.ones(3), (1, 1), mode='circular')"),
    "padpool_circular_err_4d_one_side": _case(
        "F.pad(torch.ones(1, 1, 1, 3), (1, 1), mode='circular')"
    ),
    "padpool_circular_err_2d_two_sides": _case(
        "F.pad(torch.ones(2, 3), (1, 1, 1, 1), mode='circular')"
    ),
    "padpool_circular_err_6d": _case(
        "F.pad(torch.ones(1, 1, 1, 1, 1, 3), (1, 1), mode='circular')"
    ),
    "padpool_circular_err_5d_two_sides": _case(
        "F.pad(torch.ones(1, 1, 1, 3, 3), (1, 1, 1, 1), mode='circular')"
    ),
    "padpool_circular_err_empty_pad": _case("F.pad(torch.ones(1, 1, 3), (), mode='circular')"),
    "padpool_circular_err_odd": _case("F.pad(torch.ones(1, 1, 3, 3), (1, 1, 1), mode='circular')"),
    "padpool_circular_err_odd_value": _case(
        "F.pad(torch.ones(1, 1, 3), (1, 1, 1), mode='circular', value=1)"
    ),
    "padpool_circular_err_too_long": _case(
        "F.pad(torch.ones(1, 3), (1, 1, 1, 1, 1, 1), mode='circular')"
    ),
    "padpool_circular_err_too_long_1d": _case(
        "F.pad(torch.ones(3), (1, 1, 1, 1), mode='circular', value=2)"
    ),
    "padpool_circular_err_value": _case("F.pad(torch.ones(1, 1, 3), (1, 1), mode='circular', value=2)"),
    "padpool_reflect_err_value": _case("F.pad(torch.ones(1, 1, 3), (1, 1), mode='reflect', value=1)"),
    "padpool_replicate_err_value": _case(
        "F.pad(torch.ones(1, 1, 3), (1, 1), mode='replicate', value=-1.5)"
    ),
    "padpool_circular_err_float_pad": _case(
        "F.pad(torch.ones(1, 1, 3), [1.5, 1], mode='circular')"
    ),
    "padpool_circular_err_none_pad": _case(
        "F.pad(torch.ones(1, 1, 3), (None, 1), mode='circular')"
    ),
    # the parser's ints: numpy integers, one-element integer tensors, a later bool
    "padpool_pad_index_ints": _case(
        "import numpy as np\n"
        "result = [F.pad(seq(1, 1, 2), (np.int64(1), 1), mode='circular'), "
        "F.pad(seq(1, 1, 2), (1, torch.tensor(1)), mode='circular'), "
        "F.pad(seq(1, 1, 2), torch.Size([1, 1]), mode='circular'), "
        "F.pad(seq(1, 1, 2), (1, True), mode='circular'), F.pad(seq(1, 2), [np.int32(1), 0]), "
        "F.adaptive_max_pool1d(seq(1, 1, 4), np.int64(2)), "
        "F.adaptive_max_pool2d(seq(1, 1, 4, 4), (np.int64(2), None))]"
    ),
    "padpool_amp2d_err_numpy_size": _case(
        "import numpy as np\nF.adaptive_max_pool2d(seq(1, 1, 4, 4), np.int64(2))"
    ),
    "padpool_pad_err_float_constant": _case("F.pad(torch.ones(1, 1, 3), [1, 1.5])"),
    "padpool_pad_err_float_mode": _case("F.pad(torch.ones(1, 1, 3), [1.5, 1], mode='foo')"),
    "padpool_pad_err_tuple_pad_int": _case("F.pad(torch.ones(1, 1, 3), 1, mode='circular')"),
    "padpool_circular_conv": _case(
        "a = nn.Conv2d(1, 2, 3, padding=(1, 2), padding_mode='circular')\n"
        "b = nn.Conv1d(2, 1, 3, padding=2, padding_mode='circular', bias=False)\n"
        "y = a(torch.randn(2, 1, 4, 4))\nz = b(torch.randn(1, 2, 5))\n"
        "(y.sum() + z.sum()).backward()\n"
        "result = [repr(a), repr(b), y, z, a.weight.grad, b.weight.grad, a.bias.grad, "
        "y.grad_fn, z.grad_fn]"
    ),
    "padpool_circular_conv_unbatched": _case(
        "a = nn.Conv2d(2, 1, 2, padding=1, padding_mode='circular')\n"
        "b = nn.Conv1d(1, 2, 3, padding=1, padding_mode='circular')\n"
        "x, w = seq(2, 3, 3), seq(1, 4)\ny, z = a(x), b(w)\n(y.sum() + (z * z).sum()).backward()\n"
        "result = [y, z, x.grad, w.grad]"
    ),
    # padding='same' with an even kernel: the extra one goes after
    "padpool_conv_same_modes": _case(
        "out = []\n"
        "for mode in ['circular', 'reflect', 'replicate']:\n"
        "    a = nn.Conv2d(1, 1, (4, 3), padding='same', padding_mode=mode, dilation=(1, 2))\n"
        "    b = nn.Conv1d(1, 1, 4, padding='valid', padding_mode=mode)\n"
        "    x = seq(1, 1, 5, 6)\n"
        "    out += [repr(a), repr(b), a(x), b(x[0, :, 0]), a(x).grad_fn]\n"
        "result = out"
    ),
    "padpool_circular_conv_err_wrap": _case(
        "nn.Conv1d(1, 1, 3, padding=4, padding_mode='circular')(torch.ones(1, 1, 3))"
    ),
}

# ---- adaptive max pooling ----

_AMP2 = "lambda x: F.adaptive_max_pool2d(x, {})"
CASES.update(
    {
        "padpool_amp2d_values": _case(
            "result = [run(" + _AMP2.format("s") + ", torch.randn(2, 2, 5, 7).requires_grad_()) "
            "for s in [(3, 2), (3, 4), 1, 2, (1, 7), (5, 1), (None, 3), (2, None), "
            "[None, None]]]"
        ),
        "padpool_amp2d_indices": _case(
            "x = torch.randn(2, 3, 5, 7)\n"
            "result = [F.adaptive_max_pool2d(x, s, return_indices=True) for s in "
            "[(3, 2), (2, 4), 3, (5, 7), (1, 1)]]"
        ),
        "padpool_amp2d_grow": _case(
            "result = [run(" + _AMP2.format("(4, 5)") + ", seq(1, 1, 2, 3)), "
            "F.adaptive_max_pool2d(seq(1, 2, 3), (5, 4), return_indices=True)]"
        ),
        "padpool_amp2d_unbatched": _case(
            "result = [run(" + _AMP2.format("(2, 3)") + ", torch.randn(3, 4, 5).requires_grad_()), "
            "F.adaptive_max_pool2d(torch.randn(2, 4, 5), 2, True)]"
        ),
        "padpool_amp2d_float64": _case(
            "result = run(" + _AMP2.format("(3, 3)")
            + ", torch.randn(1, 2, 4, 4, dtype=torch.float64).requires_grad_())"
        ),
        "padpool_amp2d_layout": _case(
            "x = torch.randn(2, 3, 4, 5)\nv, i = F.adaptive_max_pool2d(x.transpose(2, 3), 2, True)\n"
            "w, j = F.adaptive_max_pool2d(x, (3, 2), True)\n"
            "result = [v, i, v.stride(), i.stride(), w.stride(), j.stride(), i.dtype, "
            "i.grad_fn, i.requires_grad]"
        ),
        # equal values: the first in the window (row by row) is picked
        "padpool_amp2d_ties": _case(
            "x = torch.tensor([[[[1., 3., 3.], [3., 2., 1.], [0., 0., 5.]]]], requires_grad=True)\n"
            "v, i = F.adaptive_max_pool2d(x, 2, True)\n"
            "v.backward(torch.ones_like(v))\n"
            "result = [v, i, x.grad, F.adaptive_max_pool2d(torch.ones(1, 1, 3, 3), 2, True), "
            "F.adaptive_max_pool2d(torch.zeros(1, 4, 4), (3, 3), True)]"
        ),
        # a NaN wins, the last one in the window
        "padpool_amp2d_nan": _case(
            "nan = float('nan')\n"
            "x = torch.tensor([[[[1., nan, 3.], [nan, 2., 1.], [nan, 0., 5.]]]], "
            "requires_grad=True)\n"
            "v, i = F.adaptive_max_pool2d(x, 2, True)\nv.sum().backward()\n"
            "result = [v, i, x.grad, F.adaptive_max_pool2d(x, 1, True)]"
        ),
        "padpool_amp2d_inf": _case(
            "inf = float('inf')\n"
            "x = torch.tensor([[[[-inf, -inf], [-inf, -inf]]]])\n"
            "y = torch.tensor([[[[1., inf], [inf, 2.]]]])\n"
            "result = [F.adaptive_max_pool2d(x, 1, True), F.adaptive_max_pool2d(y, (1, 2), True)]"
        ),
        "padpool_amp2d_empty": _case(
            "x = seq(1, 1, 3, 4)\n"
            "a = F.adaptive_max_pool2d(x, 0, True)\nb = F.adaptive_max_pool2d(x, (0, 2))\n"
            "c = F.adaptive_max_pool2d(torch.ones(0, 2, 3, 3), 2, True)\n"
            "d = F.adaptive_max_pool2d(torch.ones(0, 2, 3), 2, True)\n"
            "result = [a, a[0].grad_fn, b, b.shape, c, d]"
        ),
        "padpool_amp2d_double_backward": _case(
            "x = torch.randn(1, 1, 4, 4, requires_grad=True)\n"
            "y = F.adaptive_max_pool2d(x * x, 3)\n"
            "g, = torch.autograd.grad(y.sum(), x, create_graph=True)\n"
            "gg, = torch.autograd.grad((g * g).sum(), x)\nresult = [g, gg]"
        ),
        "padpool_amp2d_with_indices": _case(
            "result = [F.adaptive_max_pool2d_with_indices(seq(1, 1, 3, 3), 2), "
            "F.adaptive_max_pool1d_with_indices(seq(1, 1, 5), 2), "
            "F.adaptive_max_pool2d(seq(1, 1, 3, 3), output_size=1, return_indices=True)]"
        ),
        "padpool_amp2d_err_3": _case("F.adaptive_max_pool2d(torch.ones(1, 1, 4, 4), (1, 2, 3))"),
        "padpool_amp2d_err_3_on_3d": _case("F.adaptive_max_pool2d(torch.ones(1, 2, 2), (1, 2, 3))"),
        "padpool_amp2d_err_one_none": _case("F.adaptive_max_pool2d(torch.ones(1, 2, 2), (None,))"),
        "padpool_amp2d_err_one": _case("F.adaptive_max_pool2d(torch.ones(1, 1, 2, 2), (2,))"),
        "padpool_amp2d_err_1d_input": _case("F.adaptive_max_pool2d(torch.ones(4), 2)"),
        "padpool_amp2d_err_2d_input": _case("F.adaptive_max_pool2d(torch.ones(1, 2), 1)"),
        "padpool_amp2d_err_5d_input": _case("F.adaptive_max_pool2d(torch.ones(1, 1, 1, 2, 2), 2)"),
        "padpool_amp2d_err_empty_channel": _case(
            "F.adaptive_max_pool2d(torch.ones(1, 0, 2, 2), 2)"
        ),
        "padpool_amp2d_err_empty_height": _case(
            "F.adaptive_max_pool2d(torch.ones(1, 1, 0, 2), 2)"
        ),
        "padpool_amp2d_err_empty_both": _case("F.adaptive_max_pool2d(torch.ones(0, 0, 2, 2), 1)"),
        "padpool_amp2d_err_unbatched_empty": _case("F.adaptive_max_pool2d(torch.ones(2, 0, 2), 1)"),
        "padpool_amp2d_unbatched_no_channels": _case(
            "result = F.adaptive_max_pool2d(torch.ones(0, 2, 2), 1, True)"
        ),
        "padpool_amp2d_err_negative": _case("F.adaptive_max_pool2d(torch.ones(1, 1, 4, 5), (-1, 2))"),
        "padpool_amp2d_err_negative_both": _case("F.adaptive_max_pool2d(torch.ones(1, 4, 5), -2)"),
        "padpool_amp2d_err_long": _case("F.adaptive_max_pool2d(torch.ones(1, 1, 2, 2).long(), 1)"),
        "padpool_amp2d_err_bool": _case("F.adaptive_max_pool2d(torch.ones(1, 2, 2).bool(), 1)"),
        "padpool_amp2d_err_list_input": _case("F.adaptive_max_pool2d([1.0], 2)"),
        "padpool_amp2d_err_float_size": _case("F.adaptive_max_pool2d(torch.ones(1, 1, 2, 2), 2.0)"),
        "padpool_amp2d_err_none_size": _case("F.adaptive_max_pool2d(torch.ones(1, 1, 2, 2), None)"),
        "padpool_amp2d_err_float_item": _case(
            "F.adaptive_max_pool2d(torch.ones(1, 1, 2, 2), (1, 2.0))"
        ),
        # 1-d goes through the 2-d op on a unit row
        "padpool_amp1d_values": _case(
            "result = [run(lambda x: F.adaptive_max_pool1d(x, s), "
            "torch.randn(2, 3, 7).requires_grad_()) for s in [3, 1, 7, (4,), [2], 10]]"
        ),
        "padpool_amp1d_indices": _case(
            "x = torch.randn(2, 3, 8)\n"
            "result = [F.adaptive_max_pool1d(x, s, return_indices=True) for s in [3, 5, 12]]"
        ),
        "padpool_amp1d_graph": _case(
            "x = seq(2, 5)\ny = F.adaptive_max_pool1d(x, 3)\nz = F.adaptive_max_pool1d(seq(1, 2, 5), 3)\n"
            "result = [names(y.grad_fn), names(z.grad_fn), y.stride(), z.stride()]"
        ),
        "padpool_amp1d_unbatched": _case(
            "result = [run(lambda x: F.adaptive_max_pool1d(x, 3), seq(2, 5)), "
            "F.adaptive_max_pool1d(torch.randn(3, 6), 4, True)]"
        ),
        "padpool_amp1d_ties_nan": _case(
            "nan = float('nan')\n"
            "result = [F.adaptive_max_pool1d(torch.tensor([[[2., 2., 1., 1., 1.]]]), 2, True), "
            "F.adaptive_max_pool1d(torch.tensor([[[nan, 1., nan, 3.]]]), 1, True), "
            "F.adaptive_max_pool1d(torch.tensor([[[1., nan, 2., nan, 7., 0.]]]), 2, True)]"
        ),
        "padpool_amp1d_empty": _case(
            "result = [F.adaptive_max_pool1d(torch.ones(1, 1, 2), 0, True), "
            "F.adaptive_max_pool1d(torch.ones(0, 1, 2), 1, True)]"
        ),
        "padpool_amp1d_err_1d_input": _case("F.adaptive_max_pool1d(torch.ones(2), 2)"),
        "padpool_amp1d_err_4d_input": _case("F.adaptive_max_pool1d(torch.ones(1, 1, 1, 2), 2)"),
        "padpool_amp1d_err_two": _case("F.adaptive_max_pool1d(torch.ones(1, 1, 2), (2, 2))"),
        "padpool_amp1d_err_none": _case("F.adaptive_max_pool1d(torch.ones(1, 1, 2), None)"),
        "padpool_amp1d_err_none_item": _case("F.adaptive_max_pool1d(torch.ones(1, 1, 2), (None,))"),
        "padpool_amp1d_err_float": _case("F.adaptive_max_pool1d(torch.ones(1, 1, 2), 2.0)"),
        "padpool_amp1d_err_negative": _case("F.adaptive_max_pool1d(torch.ones(1, 1, 2), -1)"),
        "padpool_amp1d_err_empty_channel": _case("F.adaptive_max_pool1d(torch.ones(1, 0, 2), 1)"),
        "padpool_amp1d_err_int": _case("F.adaptive_max_pool1d(torch.ones(1, 1, 2).int(), 1)"),
        "padpool_amp1d_err_list_input": _case("F.adaptive_max_pool1d([1.0], 2)"),
        "padpool_amp_modules": _case(
            "mods = [nn.AdaptiveMaxPool2d((None, 3)), nn.AdaptiveMaxPool2d(2, True), "
            "nn.AdaptiveMaxPool1d(3), nn.AdaptiveMaxPool1d(2, return_indices=True), "
            "nn.AdaptiveMaxPool2d((2, None))]\n"
            "x = torch.randn(2, 3, 4, 5)\n"
            "result = [[repr(m) for m in mods], [m.output_size for m in mods], "
            "[m.return_indices for m in mods], mods[0](x), mods[1](x), mods[2](x[0]), "
            "mods[3](x[:, 0]), mods[4](x[0])]"
        ),
        "padpool_amp_module_err": _case("torch.nn.AdaptiveMaxPool1d(3)(torch.ones(1, 1, 2, 2))"),
    }
)

# ---- power-average pooling: torch composes avg_pool, pow, sign, abs, relu ----

_LP2 = "lambda x: F.lp_pool2d(x, {})"
_LP1 = "lambda x: F.lp_pool1d(x, {})"
CASES.update(
    {
        "padpool_lp2d_graph": _case(
            "x = torch.rand(1, 2, 4, 5).requires_grad_()\n"
            "result = [tree(F.lp_pool2d(x, 2, 2).grad_fn), tree(F.lp_pool1d(x[0], 3, 2).grad_fn), "
            "tree(F.lp_pool2d(x, float('inf'), 2).grad_fn), "
            "tree(F.lp_pool1d(x[0], -float('inf'), 2).grad_fn)]"
        ),
        "padpool_lp2d_values": _case(
            "result = [run(" + _LP2.format("p, k, s, c")
            + ", (torch.rand(2, 2, 5, 6) + 0.1).requires_grad_()) for p, k, s, c in "
            "[(2, 2, None, False), (1, 3, 1, False), (1.5, (2, 3), (1, 2), False), "
            "(3, 2, None, True), (-2, (3, 2), 2, True), (4.0, 1, None, False)]]"
        ),
        "padpool_lp2d_negative_inputs": _case(
            "result = [run(" + _LP2.format("p, 2")
            + ", torch.randn(1, 2, 4, 4).requires_grad_()) for p in [1, 2, 3, 1.5]]"
        ),
        "padpool_lp2d_unbatched_float64": _case(
            "result = [run(" + _LP2.format("2, 2")
            + ", torch.rand(3, 4, 4, dtype=torch.float64).requires_grad_()), "
            "run(" + _LP2.format("3, (2, 1), 1") + ", torch.rand(2, 3, 3).requires_grad_())]"
        ),
        "padpool_lp2d_inf": _case(
            "result = [run(" + _LP2.format("p, 2, s, c")
            + ", torch.randn(1, 2, 5, 5).requires_grad_()) for p, s, c in "
            "[(float('inf'), None, False), (-float('inf'), 1, False), (float('inf'), 2, True)]]"
        ),
        # a window whose sum of powers is zero: torch's composition gives it NaN gradients
        "padpool_lp2d_zero_window": _case(
            "x = torch.tensor([[[[0., 0., 1., 2.], [0., 0., 3., 0.]]]], requires_grad=True)\n"
            "result = [run(" + _LP2.format("2, 2") + ", x), run(" + _LP1.format("1, 2")
            + ", torch.tensor([[0., 0., 1., -1.]], requires_grad=True))]"
        ),
        "padpool_lp1d_values": _case(
            "result = [run(" + _LP1.format("p, k, s, c")
            + ", (torch.rand(2, 3, 9) + 0.1).requires_grad_()) for p, k, s, c in "
            "[(2, 3, None, False), (2, 3, 2, False), (1.5, 2, 3, True), (3, 4, [1], False), "
            "(float('inf'), 2, None, False), (-float('inf'), 3, 2, True)]]"
        ),
        "padpool_lp1d_unbatched": _case(
            "result = [run(" + _LP1.format("2, 2") + ", torch.randn(3, 6).requires_grad_()), "
            "run(" + _LP1.format("3, 3, 1") + ", torch.randn(2, 5).requires_grad_())]"
        ),
        "padpool_lp_double_backward": _case(
            "x = (torch.rand(1, 1, 4, 4, dtype=torch.float64) + 0.5).requires_grad_()\n"
            "y = F.lp_pool2d(x, 3, 2)\n"
            "g, = torch.autograd.grad(y.sum(), x, create_graph=True)\n"
            "gg, = torch.autograd.grad((g * g).sum(), x)\nresult = [g, gg]"
        ),
        "padpool_lp_modules": _case(
            "mods = [nn.LPPool2d(2, 3), nn.LPPool1d(1.5, 2, 1, True), "
            "nn.LPPool2d(2, (2, 3), stride=(1, 2)), nn.LPPool1d(float('inf'), 3), "
            "nn.LPPool2d(1, 2, ceil_mode=True)]\n"
            "x = (torch.rand(2, 3, 6, 7) + 0.1).requires_grad_()\n"
            "ys = [mods[0](x), mods[1](x[0, 0]), mods[2](x), mods[3](x[:, 0]), mods[4](x[0])]\n"
            "sum(y.sum() for y in ys).backward()\n"
            "result = [[repr(m) for m in mods], [m.norm_type for m in mods], ys, x.grad, "
            "[y.grad_fn for y in ys]]"
        ),
        "padpool_lp2d_err_kernel_too_big": _case("F.lp_pool2d(torch.ones(1, 1, 2, 2), 2, 3)"),
        "padpool_lp1d_err_kernel_too_big": _case("F.lp_pool1d(torch.ones(1, 1, 2), 2, 3)"),
        "padpool_lp2d_err_list_input": _case("F.lp_pool2d([1.0], 2, 2)"),
        "padpool_lp1d_err_list_input": _case("F.lp_pool1d([1.0], 2, 2)"),
        "padpool_lp1d_err_1d_input": _case("F.lp_pool1d(torch.ones(4), 2, 2)"),
        "padpool_lp2d_err_2d_input": _case("F.lp_pool2d(torch.ones(4, 4), 2, 2)"),
        "padpool_avg_pool2d_err_0d": _case("F.avg_pool2d(torch.ones(()), 2)"),
        "padpool_avg_pool2d_err_1d": _case("F.avg_pool2d(torch.ones(4), 2)"),
        "padpool_avg_pool2d_err_5d": _case("F.avg_pool2d(torch.ones(1, 1, 1, 4, 4), 2)"),
        "padpool_avg_pool1d_err_0d": _case("F.avg_pool1d(torch.ones(()), 2)"),
        "padpool_avg_pool1d_err_4d": _case("F.avg_pool1d(torch.ones(1, 1, 1, 4), 2)"),
        "padpool_avg_pool1d_err_list": _case("F.avg_pool1d([1.0], 2)"),
    }
)

# the convolutions' float32 sums run in another order than torch's
TOLERANCES = {
    "padpool_circular_conv": (2e-5, 2e-6),
    "padpool_conv_same_modes": (2e-5, 2e-6),
    # float32 powers a rounding off torch's vectorized ones
    "padpool_lp": (1e-6, 1e-7),
}

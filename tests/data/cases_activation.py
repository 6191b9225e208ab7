"""Activation functions (elu ... prelu, their in-place forms and modules),
recorded from torch 2.13: values in float32 and float64 over the kinks,
infinities and NaN, gradients, the nodes torch records and its errors."""

# x holds every kink (-3, 0, 3, 6, the thresholds used) and inf/NaN;
# run(f) gives f's value and gradient for float32 and float64
_RUN = (
    "F = torch.nn.functional\n"
    "VALUES = [float('-inf'), -4.0, -3.0, -1.5, -0.5, 0.0, 0.25, 1.0, 3.0, 5.5, 6.0, 7.0, "
    "float('inf'), float('nan')]\n"
    "def run(f, values=VALUES):\n"
    "    out = []\n"
    "    for dtype in (torch.float32, torch.float64):\n"
    "        x = torch.tensor(values, dtype=dtype, requires_grad=True)\n"
    "        y = f(x)\n"
    "        y.sum().backward()\n"
    "        out.append((y, x.grad))\n"
    "    return out\n"
    "def run_inplace(f):\n"
    "    out = []\n"
    "    for dtype in (torch.float32, torch.float64):\n"
    "        base = torch.tensor([-2.0, -0.5, 0.0, 0.5, 3.0, 7.0], dtype=dtype, "
    "requires_grad=True)\n"
    "        x = base * 1.5\n"
    "        y = f(x)\n"
    "        node = y.grad_fn\n"
    "        y.sum().backward()\n"
    "        out.append((y is x, y, node, base.grad))\n"
    "    return out\n"
)

# a smooth grid away from the kinks, for the second derivative
_SECOND = (
    "def second(f):\n"
    "    x = torch.tensor([-3.7, -2.2, -0.9, -0.3, 0.4, 1.3, 2.6, 4.1], dtype=torch.float64, "
    "requires_grad=True)\n"
    "    g, = torch.autograd.grad(f(x).sum(), x, create_graph=True)\n"
    "    g2, = torch.autograd.grad((g * g).sum(), x)\n"
    "    return (g.detach(), g2)\n"
)


def _case(body):
    return _RUN + body


CASES = {
    # ---- elu, selu, celu ----
    "activation_elu": _case(
        "result = (run(F.elu), run(lambda t: F.elu(t, 0.5)), run(lambda t: F.elu(t, alpha=-0.3)))"
    ),
    "activation_elu_inplace": _case(
        "result = (run_inplace(lambda t: F.elu(t, 0.7, inplace=True)), run_inplace(F.elu_))"
    ),
    "activation_selu": _case("result = (run(F.selu), run(torch.selu))"),
    "activation_selu_inplace": _case(
        "result = (run_inplace(lambda t: F.selu(t, True)), run_inplace(torch.selu_))"
    ),
    "activation_celu": _case(
        "result = (run(F.celu), run(lambda t: F.celu(t, 2.0)), run(lambda t: torch.celu(t, 0.5)))"
    ),
    "activation_celu_inplace": _case(
        "result = (run_inplace(lambda t: F.celu(t, 1.5, inplace=True)), "
        "run_inplace(torch.celu_))"
    ),
    "activation_celu_alpha_zero": "torch.nn.functional.celu(torch.ones(2), alpha=0.0)",
    "activation_other_dtypes": (
        "F = torch.nn.functional\n"
        "h = torch.tensor([-4.0, -1.0, 0.5, 5.0], dtype=torch.float16)\n"
        "bf = torch.tensor([-4.0, -1.0, 0.5, 5.0], dtype=torch.bfloat16)\n"
        "u = torch.tensor([0, 3, 200], dtype=torch.uint8)\n"
        "i32 = torch.tensor([-3, 0, 9], dtype=torch.int32)\n"
        "result = (F.elu(h), F.hardswish(h), F.hardsigmoid(bf), F.mish(h), F.glu(h), "
        "F.prelu(h, torch.tensor([0.5], dtype=torch.float16)), F.threshold(u, 2, 7), "
        "F.hardtanh(i32, -1, 2), F.relu6(u), F.threshold(torch.tensor([True, False]), 0.5, 0.0), "
        "F.softsign(h), F.softmin(h, 0))"
    ),
    "activation_elu_int32": "torch.nn.functional.elu(torch.tensor([1, 2], dtype=torch.int32))",
    "activation_glu_int32": "torch.nn.functional.glu(torch.tensor([1, 2], dtype=torch.int32))",
    "activation_glu_int32_odd": "torch.nn.functional.glu(torch.tensor([1, 2, 3], dtype=torch.int32))",
    "activation_selu_complex": "torch.selu(torch.tensor([1 + 1j]))",
    "activation_elu_long": "torch.nn.functional.elu(torch.tensor([1, -2]))",
    "activation_selu_long": "torch.selu(torch.tensor([1, -2]))",
    "activation_elu_second_derivative": _SECOND
    + "F = torch.nn.functional\nresult = (second(F.elu), second(F.selu), "
    "second(lambda t: F.celu(t, 2.0)))",
    # ---- hardtanh, relu6 ----
    "activation_hardtanh": _case(
        "result = (run(F.hardtanh), run(lambda t: F.hardtanh(t, -3.0, 3.0)), "
        "run(lambda t: F.hardtanh(t, min_val=0.25, max_val=0.25)))"
    ),
    "activation_hardtanh_inplace": _case(
        "result = (run_inplace(lambda t: F.hardtanh(t, -2.0, 2.0, True)), "
        "run_inplace(F.hardtanh_))"
    ),
    "activation_hardtanh_bad_bounds": "torch.nn.functional.hardtanh(torch.ones(2), 2.0, 1.0)",
    "activation_hardtanh_long": (
        "F = torch.nn.functional\n"
        "result = (F.hardtanh(torch.tensor([-3, 0, 4]), -1, 2), "
        "F.relu6(torch.tensor([-3, 0, 9])))"
    ),
    "activation_relu6": _case("result = run(F.relu6)"),
    "activation_relu6_inplace": _case("result = run_inplace(lambda t: F.relu6(t, inplace=True))"),
    # ---- hardswish, hardsigmoid, mish ----
    "activation_hardswish": _case("result = run(F.hardswish)"),
    "activation_hardswish_inplace": _case("result = run_inplace(lambda t: F.hardswish(t, True))"),
    "activation_hardswish_long": "torch.nn.functional.hardswish(torch.tensor([1, -2]))",
    "activation_hardswish_second_derivative": _SECOND
    + "result = second(torch.nn.functional.hardswish)",
    "activation_hardsigmoid": _case("result = run(F.hardsigmoid)"),
    "activation_hardsigmoid_inplace": _case(
        "result = run_inplace(lambda t: F.hardsigmoid(t, inplace=True))"
    ),
    "activation_mish": _case("result = run(F.mish)"),
    "activation_mish_inplace": _case("result = run_inplace(lambda t: F.mish(t, True))"),
    "activation_mish_long": "torch.nn.functional.mish(torch.tensor([1, -2]))",
    "activation_mish_second_derivative": _SECOND + "result = second(torch.nn.functional.mish)",
    # ---- softsign, tanhshrink (composites in torch: their nodes are Div/Sub) ----
    "activation_softsign": _case(
        "result = (run(F.softsign), F.softsign(torch.tensor([-3, 0, 9])))"
    ),
    "activation_tanhshrink": _case("result = run(F.tanhshrink)"),
    "activation_softsign_not_tensor": "torch.nn.functional.softsign(1.0)",
    # ---- threshold ----
    "activation_threshold": _case(
        "result = (run(lambda t: F.threshold(t, 0.25, -7.0)), "
        "run(lambda t: torch.threshold(t, 3.0, 0.5)), "
        "F.threshold(torch.tensor([-3, 0, 9]), 1, 5))"
    ),
    "activation_threshold_inplace": _case(
        "result = (run_inplace(lambda t: F.threshold(t, 0.0, 2.0, True)), "
        "run_inplace(lambda t: torch.threshold_(t, 1.0, -1.0)), "
        "run_inplace(lambda t: F.threshold_(t, 1.0, -1.0)))"
    ),
    # ---- leaky_relu, silu, relu in place ----
    "activation_leaky_relu_inplace": _case(
        "result = (run_inplace(lambda t: F.leaky_relu(t, 0.1, True)), "
        "run_inplace(lambda t: F.leaky_relu_(t, 0.2)))"
    ),
    "activation_silu_inplace": _case("result = run_inplace(lambda t: F.silu(t, inplace=True))"),
    "activation_relu_": _case("result = run_inplace(torch.relu_)"),
    # ---- logsigmoid ----
    "activation_logsigmoid": _case("result = run(F.logsigmoid)"),
    # ---- glu ----
    "activation_glu": (
        "F = torch.nn.functional\n"
        "out = []\n"
        "for dtype in (torch.float32, torch.float64):\n"
        "    x = torch.linspace(-3, 4, 24, dtype=dtype).reshape(2, 3, 4).requires_grad_()\n"
        "    ys = [F.glu(x), F.glu(x, 0), F.glu(x, dim=-3), F.glu(x, 2)]\n"
        "    sum(y.sum() * (i + 1) for i, y in enumerate(ys)).backward()\n"
        "    out.append((ys, x.grad))\n"
        "result = out"
    ),
    "activation_glu_edges": (
        "x = torch.tensor([float('inf'), float('-inf'), 0.0, float('nan'), 1.0, "
        "float('inf'), float('-inf'), 2.0], requires_grad=True)\n"
        "y = torch.nn.functional.glu(x); y.sum().backward(); result = (y, x.grad)"
    ),
    "activation_glu_odd": "torch.nn.functional.glu(torch.ones(2, 5))",
    "activation_glu_odd_dim0": "torch.nn.functional.glu(torch.ones(3, 4), 0)",
    "activation_glu_scalar": "torch.nn.functional.glu(torch.tensor(2.0))",
    "activation_glu_bad_dim": "torch.nn.functional.glu(torch.ones(2, 4), dim=2)",
    "activation_glu_long": "torch.nn.functional.glu(torch.tensor([1, 2]))",
    "activation_glu_not_tensor": "torch.nn.functional.glu(1.0)",
    "activation_empty": (
        "F = torch.nn.functional\n"
        "x = torch.ones(2, 0, requires_grad=True)\n"
        "ys = [F.glu(x, 0), F.prelu(torch.ones(0, 3), torch.ones(3)), F.elu(x[1:]), "
        "F.hardtanh(x[1:]), F.mish(x)]\n"
        "ys[0].sum().backward()\n"
        "result = (ys, x.grad)"
    ),
    "activation_glu_second_derivative": (
        "x = torch.tensor([[-1.2, 0.3, 2.0, -0.7], [0.9, -2.1, 0.4, 1.6]], "
        "dtype=torch.float64, requires_grad=True)\n"
        "g, = torch.autograd.grad(torch.nn.functional.glu(x).pow(2).sum(), x, "
        "create_graph=True)\n"
        "g2, = torch.autograd.grad(g.sum(), x)\n"
        "result = (g.detach(), g2)"
    ),
    # ---- softmin ----
    "activation_softmin": (
        "F = torch.nn.functional\n"
        "x = torch.tensor([[1.0, -2.0, 0.5], [3.0, 3.0, -1.0]], requires_grad=True)\n"
        "ys = (F.softmin(x, 1), F.softmin(x, dim=0), F.softmin(x, 1, dtype=torch.float64))\n"
        "(ys[0][:, 0].sum() + ys[1][0].sum() + ys[2][1].sum()).backward()\n"
        "result = (ys, x.grad)"
    ),
    "activation_softmin_implicit_dim": (
        "import warnings\n"
        "F = torch.nn.functional\n"
        "x = torch.tensor([[1.0, -2.0, 0.5], [3.0, 3.0, -1.0]])\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    ys = (F.softmin(x), F.softmin(x[0]), torch.nn.Softmin()(x), F.softmax(x), "
        "F.log_softmax(x[0]))\n"
        "result = (ys, [(str(w.message), w.category.__name__) for w in caught])"
    ),
    "activation_softmin_not_tensor": "torch.nn.functional.softmin(1.0, 0)",
    # ---- prelu ----
    "activation_prelu": (
        "F = torch.nn.functional\n"
        "out = []\n"
        "for dtype in (torch.float32, torch.float64):\n"
        "    x = torch.linspace(-3, 2.5, 24, dtype=dtype).reshape(2, 3, 4).requires_grad_()\n"
        "    w = torch.tensor([0.25, -0.5, 2.0], dtype=dtype, requires_grad=True)\n"
        "    w1 = torch.tensor([0.1], dtype=dtype, requires_grad=True)\n"
        "    ys = [F.prelu(x, w), F.prelu(x, w1), torch.prelu(x, w), x.prelu(w1)]\n"
        "    sum(y.sum() * (i + 1) for i, y in enumerate(ys)).backward()\n"
        "    out.append((ys, x.grad, w.grad, w1.grad))\n"
        "result = out"
    ),
    "activation_prelu_shapes": (
        "F = torch.nn.functional\n"
        "x = torch.tensor([-2.0, 0.0, float('nan'), float('-inf'), 3.0], requires_grad=True)\n"
        "w = torch.tensor(0.5, requires_grad=True)\n"
        "y = F.prelu(x, w); y[:2].sum().backward()\n"
        "s = torch.tensor(-4.0, requires_grad=True); z = F.prelu(s, torch.tensor([0.3]))\n"
        "m = torch.full((2, 2, 3, 2), -1.0)\n"
        "result = (y, x.grad, w.grad, z, F.prelu(m, torch.tensor([2.0, 3.0])))"
    ),
    "activation_prelu_weight_views": (
        "F = torch.nn.functional\n"
        "out = []\n"
        "for xs, ws in [((2, 4), (4,)), ((2, 4, 3), (4,)), ((2, 4), (1,)), ((5,), (1,)), "
        "((5,), ()), ((2, 3), ())]:\n"
        "    x = torch.ones(*xs, requires_grad=True)\n"
        "    w = torch.full(ws, 0.5, requires_grad=True)\n"
        "    y = F.prelu(x, w)\n"
        "    out.append([(f, f.next_functions[0][0] if f.next_functions else None) "
        "for f, _ in y.grad_fn.next_functions])\n"
        "result = out"
    ),
    "activation_prelu_mismatch": "torch.nn.functional.prelu(torch.ones(2, 4), torch.ones(3))",
    "activation_prelu_1d_mismatch": "torch.nn.functional.prelu(torch.ones(4), torch.ones(4))",
    "activation_prelu_2d_weight": "torch.nn.functional.prelu(torch.ones(2, 4), torch.ones(1, 4))",
    "activation_prelu_scalar_input": "torch.nn.functional.prelu(torch.tensor(2.0), torch.ones(4))",
    "activation_prelu_dtypes": (
        "torch.nn.functional.prelu(torch.ones(2, 4), torch.ones(4, dtype=torch.float64))"
    ),
    "activation_prelu_long": "torch.nn.functional.prelu(torch.tensor([1, -2]), torch.tensor([1]))",
    "activation_prelu_weight_not_tensor": "torch.nn.functional.prelu(torch.ones(2), 0.25)",
    # ---- argument errors ----
    "activation_prelu_method_not_tensor": "torch.ones(2).prelu(0.5)",
    "activation_prelu_method_missing": "torch.ones(2).prelu()",
    "activation_prelu_missing": "torch.prelu(torch.ones(2))",
    "activation_threshold_missing": "torch.nn.functional.threshold(torch.ones(2), 0.5)",
    "activation_hardtanh_equal_bounds": (
        "result = torch.nn.functional.hardtanh(torch.tensor([0.5, 2.0, -1.0]), 1, 1)"
    ),
    "activation_elu_not_tensor": "torch.nn.functional.elu(1.0)",
    "activation_selu_inplace_not_tensor": "torch.nn.functional.selu([1.0], inplace=True)",
    "activation_hardtanh_not_tensor": "torch.nn.functional.hardtanh_(1)",
    "activation_relu6_not_tensor": "torch.nn.functional.relu6(1.0, True)",
    "activation_threshold_not_tensor": "torch.threshold(1.0, 0.0, 0.0)",
    "activation_celu__not_tensor": "torch.celu_(1.0)",
    "activation_relu__not_tensor": "torch.relu_(1.0)",
    "activation_elu_inplace_negative_alpha": (
        "b = torch.tensor([-1.0, 2.0], requires_grad=True); x = b * 1\n"
        "y = torch.nn.functional.elu(x, -0.5, inplace=True)\n"
        "y.sum().backward()"
    ),
    "activation_celu_inplace_negative_alpha": (
        "b = torch.tensor([-1.0, 2.0], requires_grad=True); x = b * 1\n"
        "y = torch.celu_(x, -0.5)\n"
        "y.sum().backward()"
    ),
    "activation_leaky_relu_inplace_negative_slope": (
        "b = torch.tensor([-1.0, 2.0], requires_grad=True); x = b * 1\n"
        "y = torch.nn.functional.leaky_relu_(x, -0.1)\n"
        "y.sum().backward()"
    ),
    "activation_inplace_negative_slope_values": (
        "F = torch.nn.functional\n"
        "b = torch.tensor([-1.0, 2.0], requires_grad=True)\n"
        "ys = [F.elu(b * 1, -0.5, inplace=True), F.celu(b * 1, -0.5, inplace=True), "
        "F.leaky_relu(b * 1, -0.1, True), F.elu(b * 1, 0.0, inplace=True), "
        "F.leaky_relu(b * 1, 0.0, True)]\n"
        "(ys[3].sum() + ys[4].sum()).backward()\n"
        "with torch.no_grad():\n"
        "    z = F.elu(torch.tensor([-1.0, 2.0]), -0.5, inplace=True)\n"
        "result = (ys, b.grad, z)"
    ),
    "activation_inplace_leaf": (
        "torch.nn.functional.elu(torch.ones(2, requires_grad=True), inplace=True)"
    ),
    "activation_inplace_leaf_hardswish": (
        "torch.nn.functional.hardswish(torch.ones(2, requires_grad=True), True)"
    ),
    "activation_inplace_no_grad": (
        "F = torch.nn.functional\n"
        "x = torch.tensor([-1.0, 2.0], requires_grad=True)\n"
        "with torch.no_grad():\n"
        "    r = F.mish(x, True)\n"
        "result = (r is x, x, F.threshold(torch.tensor([0.0, 1.0]), 0.5, 9.0, True))"
    ),
    # ---- second order: torch's fused nodes over (gradient, input) ----
    "activation_second_order_nodes": (
        "F = torch.nn.functional\n"
        "x = torch.tensor([-3.7, -2.2, -0.9, -0.3, 0.4, 1.3, 2.6, 4.1, 25.0], "
        "dtype=torch.float64, requires_grad=True)\n"
        "fs = [F.elu, F.selu, lambda t: F.celu(t, 2.0), F.hardtanh, F.relu6, F.hardswish, "
        "F.hardsigmoid, F.mish, lambda t: F.threshold(t, 0.1, 2.0), F.leaky_relu, F.softplus, "
        "lambda t: F.softplus(t, 2.0, 3.0), F.gelu, lambda t: F.gelu(t, approximate='tanh'), "
        "F.logsigmoid, lambda t: F.elu(t * 1, inplace=True)]\n"
        "out = []\n"
        "for f in fs:\n"
        "    g, = torch.autograd.grad(f(x).sum(), x, create_graph=True)\n"
        "    out.append(g)\n"
        "    if type(g.grad_fn).__name__ != 'NotImplemented':\n"
        "        out.append(torch.autograd.grad((g * g).sum(), x)[0])\n"
        "result = out"
    ),
    "activation_second_order_glu_prelu": (
        "F = torch.nn.functional\n"
        "x = torch.tensor([[-1.2, 0.3, 2.0, -0.7], [0.9, -2.1, 0.4, 1.6]], "
        "dtype=torch.float64, requires_grad=True)\n"
        "w = torch.tensor([0.3, -0.6, 1.5, 0.2], dtype=torch.float64, requires_grad=True)\n"
        "gx, = torch.autograd.grad(F.glu(x).pow(2).sum(), x, create_graph=True)\n"
        "px, pw = torch.autograd.grad(F.prelu(x, w).pow(2).sum(), (x, w), create_graph=True)\n"
        "second = torch.autograd.grad((gx * gx).sum() + (px * px).sum() + (pw * pw).sum(), "
        "(x, w))\n"
        "cw, = torch.autograd.grad(F.prelu(x.detach(), w).pow(3).sum(), w, create_graph=True)\n"
        "result = (gx, px, pw, second, cw, torch.autograd.grad(cw.sum(), w))"
    ),
    "activation_second_order_prelu_shapes": (
        "F = torch.nn.functional\n"
        "d = torch.float64\n"
        "x2 = torch.tensor([[-1.2, 0.3, 2.0, -0.7], [0.9, -2.1, 0.4, 1.6]], dtype=d, "
        "requires_grad=True)\n"
        "x3 = torch.linspace(-2, 2, 24, dtype=d).reshape(2, 4, 3).requires_grad_()\n"
        "x1 = torch.linspace(-2, 2, 5, dtype=d).requires_grad_()\n"
        "out = []\n"
        "for w, xs in [(torch.tensor([0.3, -0.6, 1.5, 0.2], dtype=d), (x2, x3)), "
        "(torch.tensor([0.3], dtype=d), (x2, x1)), (torch.tensor(0.3, dtype=d), (x2, x1))]:\n"
        "    w.requires_grad_()\n"
        "    for x in xs:\n"
        "        px, pw = torch.autograd.grad(F.prelu(x, w).pow(2).sum(), (x, w), "
        "create_graph=True)\n"
        "        out.append((px, pw, torch.autograd.grad(pw.sum() + px.sum(), (x, w))))\n"
        "result = out"
    ),
    "activation_second_order_prelu_at_zero": (
        "F = torch.nn.functional\n"
        "x = torch.tensor([-1.0, 0.0, 2.0], dtype=torch.float64, requires_grad=True)\n"
        "w = torch.tensor([0.3], dtype=torch.float64, requires_grad=True)\n"
        "c = torch.tensor([1.5, 2.5, 3.5], dtype=torch.float64)\n"
        "px, pw = torch.autograd.grad((F.prelu(x, w) * c).sum(), (x, w), create_graph=True)\n"
        "result = (torch.autograd.grad(pw.sum(), (x, w), retain_graph=True), "
        "torch.autograd.grad(px.sum(), (x, w)))"
    ),
    "activation_second_order_kinks": (
        "F = torch.nn.functional\n"
        "x = torch.tensor([-3.0, 0.0, 3.0, 20.0, 1.5], dtype=torch.float64, requires_grad=True)\n"
        "c = torch.tensor([1.5, 2.5, 3.5, 0.5, 0.25], dtype=torch.float64)\n"
        "out = []\n"
        "for f in [F.elu, F.selu, lambda t: F.celu(t, 2.0), F.hardswish, F.softplus, "
        "lambda t: F.softplus(t, 2.0, 3.0), F.gelu, F.logsigmoid, F.hardtanh, "
        "lambda t: F.threshold(t, 0.0, 1.0), F.leaky_relu, lambda t: F.elu(t * 1, inplace=True)]:\n"
        "    g, = torch.autograd.grad((f(x) * c).sum(), x, create_graph=True)\n"
        "    out.append((g, torch.autograd.grad((g * c).sum(), x)[0]))\n"
        "result = out"
    ),
    "activation_hardsigmoid_second_order": (
        "x = torch.tensor([-1.0, 0.5], requires_grad=True)\n"
        "g, = torch.autograd.grad(torch.nn.functional.hardsigmoid(x).sum(), x, "
        "create_graph=True)\n"
        "g.sum().backward()"
    ),
    # ---- modules ----
    "activation_module_reprs": (
        "nn = torch.nn\n"
        "ms = [nn.ELU(), nn.ELU(0.5, True), nn.SELU(), nn.SELU(True), nn.CELU(), "
        "nn.CELU(2.0, inplace=True), nn.Hardtanh(), nn.Hardtanh(-2, 3, True), nn.ReLU6(), "
        "nn.ReLU6(True), nn.Hardswish(), nn.Hardswish(True), nn.Hardsigmoid(), "
        "nn.Hardsigmoid(True), nn.Mish(), nn.Mish(True), nn.Softsign(), nn.Tanhshrink(), "
        "nn.Threshold(0.1, 20), nn.Threshold(0.1, 20, True), nn.LogSigmoid(), nn.GLU(), "
        "nn.GLU(0), nn.Softmin(), nn.Softmin(1), nn.PReLU(), nn.PReLU(3, 0.1)]\n"
        "result = ([repr(m) for m in ms], repr(nn.Sequential(*ms[:4])), "
        "(ms[9].min_val, ms[9].max_val, ms[9].inplace), ms[26].init, ms[26].num_parameters)"
    ),
    "activation_modules_forward": (
        "nn = torch.nn\n"
        "x = torch.tensor([[-3.5, -1.0, 0.0, 0.5], [2.0, 3.0, 6.5, -0.25]], requires_grad=True)\n"
        "ms = [nn.ELU(0.5), nn.SELU(), nn.CELU(2.0), nn.Hardtanh(-0.5, 2.5), nn.ReLU6(), "
        "nn.Hardswish(), nn.Hardsigmoid(), nn.Mish(), nn.Softsign(), nn.Tanhshrink(), "
        "nn.Threshold(0.1, 20.0), nn.LogSigmoid(), nn.GLU(), nn.GLU(0), nn.Softmin(1)]\n"
        "ys = [m(x) for m in ms]\n"
        "sum(y.sum() for y in ys).backward()\n"
        "result = (ys, x.grad)"
    ),
    "activation_modules_inplace": (
        "nn = torch.nn\n"
        "base = torch.tensor([-3.5, -1.0, 0.0, 0.5, 2.0, 7.0], requires_grad=True)\n"
        "ms = [nn.ELU(0.5, True), nn.SELU(True), nn.CELU(2.0, True), nn.Hardtanh(-1, 1, True), "
        "nn.ReLU6(True), nn.Hardswish(True), nn.Hardsigmoid(True), nn.Mish(True), "
        "nn.Threshold(0.1, 20.0, True)]\n"
        "out = []\n"
        "for m in ms:\n"
        "    x = base * 2\n"
        "    y = m(x)\n"
        "    out.append((y is x, y))\n"
        "result = out"
    ),
    "activation_prelu_module": (
        "nn = torch.nn\n"
        "m1, m3 = nn.PReLU(), nn.PReLU(3, init=-0.2)\n"
        "m64 = nn.PReLU(2, dtype=torch.float64)\n"
        "x = torch.linspace(-2, 1, 12).reshape(2, 3, 2)\n"
        "y = m1(x) + m3(x); y.sum().backward()\n"
        "result = (m1.weight, m3.weight, m64.weight, y, m1.weight.grad, m3.weight.grad, "
        "[n for n, _ in m3.named_parameters()], m3.state_dict())"
    ),
    "activation_hardtanh_module_bad": "torch.nn.Hardtanh(1.0, -1.0)",
    "activation_hardtanh_module_old_names": (
        "import warnings\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    m = torch.nn.Hardtanh(min_value=-2.0, max_value=0.5)\n"
        "result = (repr(m), [(str(w.message), w.category.__name__) for w in caught], "
        "m(torch.tensor([-3.0, 0.0, 1.0])))"
    ),
}

# torch's float32 kernels for these are vectorized (Sleef exp/expm1/log1p/tanh,
# ops in another order); ours evaluate elu/selu/celu/mish/logsigmoid in float64
# and round once, glu/softmin/silu through ferrograd's own sigmoid/exp
# kernels, and prelu's weight gradient sums in another order, so float32
# results may differ from torch's in the last bit or two. Float64 cases match
# to the same tight bound.
TOLERANCES = {
    "activation_elu": (1e-6, 1e-7),
    "activation_selu": (1e-6, 1e-7),
    "activation_celu": (1e-6, 1e-7),
    "activation_mish": (1e-6, 1e-7),
    "activation_glu": (1e-6, 1e-7),
    "activation_softmin": (1e-6, 1e-7),
    "activation_prelu": (1e-6, 1e-7),
    "activation_logsigmoid": (1e-6, 1e-7),
    "activation_modules_forward": (1e-6, 1e-7),
    "activation_modules_inplace": (1e-6, 1e-7),
    "activation_silu_inplace": (1e-6, 1e-7),
    # float64 second derivatives of hardswish differ from torch's in the last bit
    "activation_hardswish_second_derivative": (1e-12, 1e-15),
    "activation_inplace_no_grad": (1e-6, 1e-7),
    # a composite: the quotient rule of DivBackward0 rounds the float32
    # gradient of x / (|x| + 1) in another order than torch's
    "activation_softsign": (1e-6, 1e-7),
    # float64 second derivatives written in tensor ops (gelu's tanh form
    # cancels near x = 4: 1.5e-12 relative there), elsewhere the last bit or two
    "activation_second_order": (1e-11, 1e-15),
}

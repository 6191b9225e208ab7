"""Elementwise math (tan ... rad2deg, erfc, erfinv, logit, atan2, hypot,
fmod, xlogy, fmax/fmin, heaviside, nan_to_num, the shrink activations and
torch.special), recorded from torch 2.13: values in float32 and float64
over each domain's edges, infinities and NaN, gradients, node names,
integer promotion, broadcasting, in-place forms and errors."""

# run(f, values) gives f's value and gradient for float32 and float64
_RUN = (
    "F = torch.nn.functional\n"
    "EDGES = [float('-inf'), -2.0, -1.0, -0.75, -0.5, 0.0, 0.25, 0.5, 1.0, 1.5, 3.0, "
    "float('inf'), float('nan')]\n"
    "def run(f, values=EDGES):\n"
    "    out = []\n"
    "    for dtype in (torch.float32, torch.float64):\n"
    "        x = torch.tensor(values, dtype=dtype, requires_grad=True)\n"
    "        y = f(x)\n"
    "        y.sum().backward()\n"
    "        out.append((y, x.grad))\n"
    "    return out\n"
    "def run2(f, a, b):\n"
    "    out = []\n"
    "    for dtype in (torch.float32, torch.float64):\n"
    "        x = torch.tensor(a, dtype=dtype, requires_grad=True)\n"
    "        y = torch.tensor(b, dtype=dtype, requires_grad=True)\n"
    "        z = f(x, y)\n"
    "        z.sum().backward()\n"
    "        out.append((z, x.grad, y.grad))\n"
    "    return out\n"
    "def run_inplace(name, *args):\n"
    "    out = []\n"
    "    for dtype in (torch.float32, torch.float64):\n"
    "        base = torch.tensor([0.1, 0.3, 0.6, 0.9], dtype=dtype, requires_grad=True)\n"
    "        x = base * 1.0\n"
    "        y = getattr(x, name + '_')(*args)\n"
    "        node = y.grad_fn\n"
    "        y.sum().backward()\n"
    "        out.append((y is x, y, node, base.grad))\n"
    "    return out\n"
)


def _case(body):
    return _RUN + body


_UNARY = [
    "tan", "sinh", "cosh", "asin", "acos", "atan", "asinh", "acosh", "atanh", "log2", "log10",
    "exp2", "expm1", "log1p", "erf", "erfc", "erfinv", "deg2rad", "rad2deg", "logit",
]  # fmt: skip
_ALIASES = ["arcsin", "arccos", "arctan", "arcsinh", "arccosh", "arctanh"]

CASES = {}
for _name in _UNARY:
    CASES[f"math_unary_{_name}"] = _case(f"result = run(torch.{_name})")
    CASES[f"math_unary_{_name}_method"] = _case(
        f"x = torch.tensor([0.2, 0.7], requires_grad=True); y = x.{_name}(); "
        "result = (y, y.grad_fn)"
    )
    CASES[f"math_unary_{_name}_ints"] = (
        f"i = torch.tensor([0, 1, 2, -1]); b = torch.tensor([True, False]); "
        f"result = (torch.{_name}(i), torch.{_name}(b), "
        f"torch.{_name}(i.to(torch.int32)), torch.{_name}(torch.tensor([0, 1], dtype=torch.uint8)), "
        f"torch.{_name}(torch.tensor([0.25, 0.5], dtype=torch.float16)))"
    )
    CASES[f"math_unary_{_name}_inplace"] = _case(f"result = run_inplace('{_name}')")
    CASES[f"math_unary_{_name}_inplace_long"] = (
        f"result = torch.ones(2, dtype=torch.long).{_name}_()"
    )
    CASES[f"math_unary_{_name}_not_tensor"] = f"result = torch.{_name}([1.0])"
    if _name == "erfinv":  # torch has none (math_erfinv_no_torch_inplace)
        continue
    CASES[f"math_unary_{_name}_torch_inplace"] = (
        f"x = torch.tensor([0.2, 0.7]); y = torch.{_name}_(x); result = (y is x, x)"
    )
for _name in _ALIASES:
    CASES[f"math_alias_{_name}"] = _case(
        f"x = torch.tensor([0.2, 0.7], requires_grad=True); "
        f"result = (run(torch.{_name}), x.{_name}(), run_inplace('{_name}'), "
        f"torch.{_name}_(torch.tensor([0.5])))"
    )

CASES.update(
    {
        # acosh's domain starts at 1; values above the others' edges
        "math_unary_acosh_domain": _case(
            "result = run(torch.acosh, [0.5, 1.0, 1.0001, 2.0, 10.0, 1e10, float('inf')])"
        ),
        "math_unary_large": _case(
            "big = [-100.0, -20.0, 20.0, 89.0, 100.0, 1e5]\n"
            "result = [run(f, big) for f in (torch.tan, torch.sinh, torch.cosh, torch.exp2, "
            "torch.atan, torch.asinh, torch.erfc)]"
        ),
        "math_erfinv_edges": _case(
            "result = run(torch.erfinv, [-1.0, -0.999999, -0.9, -1e-8, 0.0, 1e-20, 0.3, 0.7, "
            "0.99, 0.9999999, 1.0, 1.5])"
        ),
        "math_logit_eps": _case(
            "result = (run(lambda t: torch.logit(t, 0.2)), run(lambda t: t.logit(eps=1e-6)), "
            "run(lambda t: torch.logit(t, eps=0.0)), run(lambda t: torch.logit(t, 0.6)))"
        ),
        "math_logit_inplace_eps": _case("result = run_inplace('logit', 0.2)"),
        "math_logit_bad_eps": "result = torch.ones(2).logit('a')",
        "math_deg_rad_round_trip": (
            "x = torch.tensor([0.0, 30.0, 45.0, 90.0, 180.0, -270.0, 1e30]); "
            "d = x.double(); result = (x.deg2rad().rad2deg(), d.deg2rad().rad2deg(), "
            "torch.deg2rad(torch.tensor([180])), torch.rad2deg(torch.tensor([True])))"
        ),
        "math_method_takes_no_args": "result = torch.ones(2).tan(1)",
        "math_erfinv_no_torch_inplace": "result = hasattr(torch, 'erfinv_')",
        # ---- nan_to_num ----
        "math_nan_to_num": _case(
            "result = (run(torch.nan_to_num), run(lambda t: torch.nan_to_num(t, 1.0, 2.0, -3.0)), "
            "run(lambda t: t.nan_to_num(posinf=5)), run(lambda t: t.nan_to_num(nan=None)), "
            "run(lambda t: t.nan_to_num(neginf=1e300)))"
        ),
        "math_nan_to_num_dtypes": (
            "v = [float('nan'), float('inf'), -float('inf'), 1.5]; "
            "result = (torch.nan_to_num(torch.tensor(v, dtype=torch.float16)), "
            "torch.nan_to_num(torch.tensor(v, dtype=torch.bfloat16)), "
            "torch.nan_to_num(torch.tensor([1, 2]), nan=3.0), "
            "torch.nan_to_num(torch.tensor([True, False])), "
            "torch.nan_to_num(torch.tensor(v, dtype=torch.float16), 1.0, 1e6, -1e6))"
        ),
        "math_nan_to_num_inplace": _case(
            "x = torch.tensor([float('nan'), 1.0, float('inf')]); y = x.nan_to_num_(); "
            "z = torch.tensor([float('nan')]); w = torch.nan_to_num_(z, 7.0); "
            "result = (y is x, x, w is z, z, run_inplace('nan_to_num', 1.0))"
        ),
        "math_nan_to_num_not_tensor": "result = torch.nan_to_num([1.0])",
        # ---- binary ----
        "math_atan2": _case(
            "a = [0.0, -0.0, 1.0, -1.0, 2.0, float('inf'), -3.0, float('nan'), 0.5]\n"
            "b = [0.0, -1.0, 0.0, -2.0, 3.0, 1.0, float('-inf'), 1.0, -0.25]\n"
            "result = (run2(torch.atan2, a, b), run2(torch.arctan2, a, b), "
            "run2(lambda x, y: x.atan2(y), a, b))"
        ),
        "math_hypot": _case(
            "a = [0.0, 3.0, -3.0, 1e30, float('inf'), float('nan'), 1e-30, 0.5]\n"
            "b = [0.0, 4.0, 4.0, 1e30, float('nan'), float('inf'), 1e-30, -2.0]\n"
            "result = run2(torch.hypot, a, b)"
        ),
        "math_fmod": _case(
            "a = [5.5, -5.5, 5.5, -5.5, 0.0, float('inf'), 3.0, float('nan'), 1.0]\n"
            "b = [2.0, 2.0, -2.0, -2.0, 3.0, 2.0, float('inf'), 2.0, 0.0]\n"
            "result = (run2(torch.fmod, a, b), run(lambda t: torch.fmod(t, 1.5)), "
            "run(lambda t: t.fmod(-2)), run(lambda t: torch.fmod(t, other=0.3)))"
        ),
        "math_fmod_ints": (
            "i = torch.tensor([7, -7, 7, -7]); j = torch.tensor([3, 3, -3, -3]); "
            "result = (torch.fmod(i, j), torch.fmod(i, 2), torch.fmod(i, 2.5), i.fmod(j), "
            "torch.fmod(i.to(torch.int32), 4), torch.fmod(i, torch.tensor(2.5)), "
            "torch.fmod(torch.tensor([5.5], dtype=torch.float64), 0.1), "
            "torch.fmod(torch.tensor([2.5], dtype=torch.float16), 1))"
        ),
        "math_fmod_int_zero": "result = torch.fmod(torch.tensor([3]), 0)",
        "math_fmod_int_zero_tensor": "result = torch.fmod(torch.tensor([3]), torch.tensor([0]))",
        "math_fmod_bool": "result = torch.fmod(torch.tensor([True]), torch.tensor([True]))",
        "math_fmod_bad_other": "result = torch.ones(2).fmod('a')",
        "math_fmod_not_tensor": "result = torch.fmod([1.0], 2)",
        "math_fmod_missing": "result = torch.fmod(torch.ones(2))",
        "math_xlogy": _case(
            "a = [0.0, 0.0, 0.0, 1.0, -2.0, 2.0, 0.0, 3.0, 1.5]\n"
            "b = [0.0, -1.0, float('nan'), 0.0, 3.0, -1.0, 2.0, float('inf'), 0.5]\n"
            "result = (run2(torch.xlogy, a, b), run(lambda t: torch.xlogy(t, 2)), "
            "run(lambda t: torch.xlogy(3, t)), run(lambda t: t.xlogy(0.5)), "
            "run(lambda t: torch.xlogy(t, t)))"
        ),
        "math_xlogy_dtypes": (
            "i = torch.tensor([0, 1, 3]); "
            "result = (torch.xlogy(i, i), torch.xlogy(i, 2), torch.xlogy(2, i), "
            "torch.xlogy(torch.tensor([True, False]), torch.tensor([True, True])), "
            "torch.xlogy(i, torch.tensor([0.5, 1.0, 2.0], dtype=torch.float64)), "
            "torch.xlogy(torch.tensor([1.5], dtype=torch.float64), 0.1))"
        ),
        "math_xlogy_numbers": "result = torch.xlogy(2, 3)",
        "math_xlogy_not_tensor": "result = torch.xlogy([1.0], torch.ones(1))",
        "math_xlogy_bad_other": "result = torch.ones(1).xlogy('a')",
        "math_xlogy_inplace": _case(
            "x = torch.tensor([0.5, 2.0]); y = x.xlogy_(2); z = torch.tensor([0.0, 3.0]); "
            "w = torch.xlogy_(z, torch.tensor([5.0, 2.0])); "
            "result = (y is x, x, w is z, z, run_inplace('xlogy', 3.0), "
            "run_inplace('xlogy', torch.tensor([2.0])))"
        ),
        "math_xlogy_inplace_long": "result = torch.ones(2, dtype=torch.long).xlogy_(2)",
        "math_fmax_fmin": _case(
            "a = [1.0, 2.0, float('nan'), 3.0, float('nan'), -1.0, float('inf'), 0.0]\n"
            "b = [2.0, 2.0, 1.0, float('nan'), float('nan'), -2.0, 5.0, -0.0]\n"
            "result = (run2(torch.fmax, a, b), run2(torch.fmin, a, b), "
            "run2(lambda x, y: x.fmax(y), a, b), run2(lambda x, y: x.fmin(y), a, b))"
        ),
        "math_fmax_fmin_dtypes": (
            "i = torch.tensor([3, -7]); j = torch.tensor([2, 3]); "
            "b = torch.tensor([True, False]); f = torch.tensor([1.5, -2.0]); "
            "result = (torch.fmax(i, j), torch.fmin(i, j), torch.fmax(b, ~b), torch.fmin(b, ~b), "
            "torch.fmax(i, f), torch.fmin(f, f.double()), torch.fmax(f, torch.tensor(2.0, "
            "dtype=torch.float64)), torch.fmax(f.half(), torch.tensor(0.0)))"
        ),
        "math_extremes_signed_zero": (
            "z = torch.tensor([-0.0, 0.0, -0.0, 0.0, 1.0]); w = torch.tensor([0.0, -0.0, -0.0, 0.0, "
            "float('nan')]); result = [1 / f(a, b) for f in (torch.fmax, torch.fmin, "
            "torch.maximum, torch.minimum) for a, b in ((z, w), (w, z))]"
        ),
        "math_fmax_int32": (
            "result = torch.fmax(torch.tensor([1, 5], dtype=torch.int32), "
            "torch.tensor([3, 2], dtype=torch.int32))"
        ),
        "math_err_fmax_complex": "torch.fmax(torch.tensor([1 + 1j]), torch.tensor([2 + 0j]))",
        "math_err_minimum_complex": "torch.tensor([1 + 1j]).minimum(torch.tensor([2 + 0j]))",
        "math_fmax_number": "result = torch.fmax(torch.ones(2), 2)",
        "math_fmin_number_method": "result = torch.ones(2).fmin(2.0)",
        "math_fmax_number_first": "result = torch.fmax(2, torch.ones(2))",
        "math_fmax_no_inplace": "result = hasattr(torch.ones(1), 'fmax_')",
        "math_heaviside": (
            "x = torch.tensor([-1.0, 0.0, -0.0, 2.0, float('nan'), float('inf')]); "
            "result = (torch.heaviside(x, torch.tensor(0.5)), "
            "x.heaviside(torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])), "
            "torch.heaviside(x.double(), values=torch.tensor(-1.0, dtype=torch.float64)), "
            "torch.heaviside(torch.tensor([-2, 0, 3]), torch.tensor([7])), "
            "torch.heaviside(torch.tensor([True, False]), torch.tensor([False, True])))"
        ),
        "math_heaviside_grad_fn": (
            "x = torch.tensor([-1.0, 0.0, 1.0], requires_grad=True); "
            "y = torch.heaviside(x, torch.tensor(0.5)); result = y"
        ),
        "math_heaviside_backward": (
            "x = torch.tensor([-1.0, 0.0, 1.0], requires_grad=True); "
            "result = torch.heaviside(x, torch.tensor(0.5)).sum().backward()"
        ),
        "math_heaviside_values_grad": (
            "v = torch.tensor(0.5, requires_grad=True); "
            "result = torch.heaviside(torch.tensor([0.0, 1.0]), v)"
        ),
        "math_heaviside_dtypes": "result = torch.heaviside(torch.ones(2), torch.tensor(1.0).double())",
        "math_heaviside_int_float": "result = torch.heaviside(torch.tensor([1]), torch.tensor([1.0]))",
        "math_heaviside_number": "result = torch.heaviside(torch.ones(2), 2)",
        "math_heaviside_method_number": "result = torch.ones(2).heaviside(2)",
        "math_heaviside_inplace": (
            "x = torch.tensor([-1.0, 0.0, 3.0]); y = x.heaviside_(torch.tensor(0.25)); "
            "result = (y is x, x)"
        ),
        "math_binary_dtypes": (
            "i = torch.tensor([3, -7]); j = torch.tensor([2, 3]); b = torch.tensor([True, False]); "
            "f = torch.tensor([1.5, -2.0]); d = f.double(); s = torch.tensor(2.0, dtype=torch.float64); "
            "result = [(torch.atan2(p, q), torch.fmod(p, q) if p.dtype != torch.bool else None, "
            "torch.xlogy(p, q)) for p, q in ((i, j), (b, b), (i, f), (f, d), (f, s), "
            "(i.to(torch.int32), j.to(torch.uint8)), (f.half(), f.half()), (f.bfloat16(), f))]"
        ),
        "math_hypot_dtypes": (
            "f = torch.tensor([3.0, -4.0]); i = torch.tensor([4, 3]); "
            "result = (torch.hypot(i, f), torch.hypot(f, f.double()), torch.hypot(f.half(), f.half()), "
            "torch.hypot(f, torch.tensor(2.0, dtype=torch.float64)))"
        ),
        "math_hypot_ints": "result = torch.hypot(torch.tensor([3]), torch.tensor([4]))",
        "math_hypot_bool": "result = torch.hypot(torch.tensor([True]), torch.tensor([True]))",
        "math_binary_broadcast": _case(
            "out = []\n"
            "for f in (torch.atan2, torch.hypot, torch.fmod, torch.xlogy, torch.fmax, torch.fmin):\n"
            "    a = torch.linspace(0.5, 3.0, 6).reshape(2, 3).requires_grad_()\n"
            "    b = torch.tensor([[0.7], [1.3]], dtype=torch.float64, requires_grad=True)\n"
            "    c = torch.tensor([1.1, -2.0, 0.9], requires_grad=True)\n"
            "    y = f(a, b); z = f(c, a)\n"
            "    (y.sum() + z.sum()).backward()\n"
            "    out.append((y, z, a.grad, b.grad, c.grad))\n"
            "result = out"
        ),
        "math_binary_bad_shapes": "result = torch.atan2(torch.ones(2), torch.ones(3))",
        "math_hypot_bad_shapes": "result = torch.hypot(torch.ones(2, 3), torch.ones(4))",
        "math_fmod_bad_shapes": "result = torch.fmod(torch.ones(2), torch.ones(3))",
        "math_xlogy_bad_shapes": "result = torch.xlogy(torch.ones(2), torch.ones(3))",
        "math_fmax_bad_shapes": "result = torch.fmax(torch.ones(2), torch.ones(3))",
        "math_atan2_number": "result = torch.atan2(torch.ones(2), 2)",
        "math_atan2_number_first": "result = torch.atan2(2, torch.ones(2))",
        "math_atan2_method_number": "result = torch.ones(2).atan2(2)",
        "math_atan2_missing": "result = torch.atan2(torch.ones(2))",
        "math_atan2_other_keyword": (
            "result = torch.atan2(torch.ones(2), other=torch.tensor([1.0, -1.0]))"
        ),
        "math_hypot_method_number": "result = torch.ones(2).hypot(2.0)",
        "math_binary_inplace": _case(
            "result = [run_inplace(n, torch.tensor([0.5, 2.0, 1.5, 0.25])) "
            "for n in ('atan2', 'arctan2', 'hypot', 'fmod')] + [run_inplace('fmod', 0.25)]"
        ),
        "math_atan2_inplace_long": (
            "result = torch.ones(2, dtype=torch.long).atan2_(torch.ones(2))"
        ),
        "math_atan2_inplace_double_other": (
            "x = torch.ones(2); y = x.atan2_(torch.ones(2, dtype=torch.float64)); "
            "result = (y is x, x)"
        ),
        "math_atan2_inplace_broadcast": "result = torch.ones(2).atan2_(torch.ones(3, 2))",
        "math_fmod_inplace_long_float": "result = torch.ones(2, dtype=torch.long).fmod_(2.5)",
        "math_fmod_inplace_long": (
            "x = torch.tensor([7, -7]); y = x.fmod_(3); result = (y is x, x)"
        ),
        # ---- shrink activations ----
        "math_hardshrink": _case(
            "result = (run(F.hardshrink), run(lambda t: F.hardshrink(t, 1.0)), "
            "run(lambda t: t.hardshrink(0.25)), run(lambda t: torch.hardshrink(t, lambd=0.0)), "
            "run(lambda t: F.hardshrink(t, -1.0)))"
        ),
        "math_softshrink": _case(
            "result = (run(F.softshrink), run(lambda t: F.softshrink(t, 1.0)), "
            "run(lambda t: F.softshrink(t, lambd=0.3)), run(lambda t: F.softshrink(t, 0.0)))"
        ),
        "math_shrink_half": (
            "h = torch.tensor([-1.0, -0.3, 0.5, 0.7], dtype=torch.float16); "
            "result = (F.hardshrink(h, 0.3), F.softshrink(h, 0.3), "
            "F.softshrink(h.bfloat16()))".replace("F.", "torch.nn.functional.")
        ),
        "math_softshrink_negative": "result = torch.nn.functional.softshrink(torch.ones(2), -1.0)",
        "math_softshrink_negative_double": (
            "result = torch.nn.functional.softshrink(torch.ones(2).double(), -0.25)"
        ),
        "math_softshrink_negative_half": (
            "result = torch.nn.functional.softshrink(torch.ones(2).half(), -2)"
        ),
        "math_softshrink_nan_lambda": (
            "result = torch.nn.functional.softshrink(torch.ones(2), float('nan'))"
        ),
        "math_softshrink_long": "result = torch.nn.functional.softshrink(torch.tensor([1, 2]))",
        "math_softshrink_long_negative": (
            "result = torch.nn.functional.softshrink(torch.tensor([1, 2]), -1.0)"
        ),
        "math_hardshrink_long": "result = torch.nn.functional.hardshrink(torch.tensor([1, 2]))",
        "math_hardshrink_bool": "result = torch.nn.functional.hardshrink(torch.tensor([True]))",
        "math_hardshrink_not_tensor": "result = torch.nn.functional.hardshrink([1.0])",
        "math_softshrink_not_tensor": "result = torch.nn.functional.softshrink([1.0])",
        "math_shrink_modules": (
            "nn = torch.nn; x = torch.tensor([-1.0, -0.4, 0.2, 0.6, 2.0], requires_grad=True)\n"
            "ms = [nn.Hardshrink(), nn.Hardshrink(1), nn.Softshrink(), nn.Softshrink(0.3), "
            "nn.Hardshrink(lambd=0.25)]\n"
            "ys = [m(x) for m in ms]\n"
            "sum(y.sum() for y in ys).backward()\n"
            "result = ([repr(m) for m in ms], ys, x.grad, [list(m.parameters()) for m in ms])"
        ),
        "math_shrink_second_order": (
            "x = torch.tensor([-1.0, -0.2, 0.3, 0.9], dtype=torch.float64, requires_grad=True)\n"
            "out = []\n"
            "for f in (torch.nn.functional.hardshrink, torch.nn.functional.softshrink):\n"
            "    g, = torch.autograd.grad(f(x).sum(), x, create_graph=True)\n"
            "    g2, = torch.autograd.grad((g * x).sum(), x)\n"
            "    out.append((g, g2))\n"
            "result = out"
        ),
        # ---- torch.special ----
        "math_special": _case(
            "sp = torch.special\n"
            "result = [run(f) for f in (sp.expit, sp.erf, sp.erfc, sp.erfinv, sp.logit, "
            "sp.expm1, sp.exp2, sp.log1p, sp.sinc, sp.entr, lambda t: sp.logit(t, 0.1), "
            "lambda t: sp.xlogy(t, 2.0), lambda t: sp.xlogy(2, t))]"
        ),
        "math_special_reductions": _case(
            "sp = torch.special\n"
            "v = [-1.0, 0.5, 2.0, 3.0]\n"
            "result = (run(lambda t: sp.logsumexp(t, 0), v), run(lambda t: sp.softmax(t, 0), v), "
            "run(lambda t: sp.log_softmax(t, dim=0), v), "
            "run(lambda t: sp.logsumexp(t.reshape(2, 2), 1, keepdim=True), v), "
            "run(lambda t: sp.softmax(t, 0, dtype=torch.float64), v))"
        ),
        "math_special_ints": (
            "sp = torch.special; i = torch.tensor([0, 1, 2, -1]); "
            "result = (sp.sinc(i), sp.entr(i), sp.expit(i), sp.erfc(i), sp.xlogy(i, i))"
        ),
        "math_special_sinc_grid": _case(
            "result = run(torch.special.sinc, [-2.5, -1.0, -1e-5, 0.0, 1e-3, 0.5, 1.0, 4.25])"
        ),
        "math_special_not_tensor": "result = torch.special.erf([1.0])",
        "math_special_expit_not_tensor": "result = torch.special.expit([1.0])",
        "math_special_xlogy_not_tensor": "result = torch.special.xlogy([1.0], 2)",
        "math_special_logsumexp_no_dim": "result = torch.special.logsumexp(torch.ones(2))",
        "math_special_softmax_no_dim": "result = torch.special.softmax(torch.ones(2))",
        # second derivatives (create_graph) of the smooth unary ops
        "math_second_order": (
            "out = []\n"
            "x = torch.tensor([0.15, 0.35, 0.55, 0.8], dtype=torch.float64, requires_grad=True)\n"
            "fs = [torch.tan, torch.sinh, torch.cosh, torch.asin, torch.acos, torch.atan, "
            "torch.asinh, torch.atanh, torch.log2, torch.log10, torch.exp2, torch.erfc, "
            "torch.erfinv, torch.logit, lambda t: torch.logit(t, 0.3), torch.special.sinc, "
            "torch.special.entr, lambda t: torch.acosh(t + 1), lambda t: torch.atan2(t, 1 - t), "
            "lambda t: torch.hypot(t, 1 - t), lambda t: torch.xlogy(t, 1 + t), "
            "lambda t: torch.fmod(t, 0.3), lambda t: torch.nan_to_num(t * t)]\n"
            "for f in fs:\n"
            "    g, = torch.autograd.grad(f(x).sum(), x, create_graph=True)\n"
            "    g2, = torch.autograd.grad((g * g).sum(), x)\n"
            "    out.append((g.detach(), g2))\n"
            "result = out"
        ),
    }
)

# Float results are computed in float64 and rounded once (float32), while
# torch's vectorized kernels (Sleef) are accurate to about an ulp, and
# gradients built from several ops round at each step in their own order:
# float values may differ from torch's in the last bit or two (float64
# second derivatives in a few more). Everything that is not a float is
# compared exactly.
TOLERANCES = {
    "math_unary_": (2e-6, 1e-7),
    "math_alias_": (2e-6, 1e-7),
    "math_erfinv": (2e-6, 1e-7),
    "math_logit": (2e-6, 1e-7),
    "math_atan2": (2e-6, 1e-7),
    "math_hypot": (2e-6, 1e-7),
    "math_xlogy": (2e-6, 1e-7),
    "math_binary_": (2e-6, 1e-7),
    # torch.special's softmax family is the existing kernels': the float32
    # gradient of log_softmax cancels to about 2e-3, keeping a few-ulp error
    "math_special_reductions": (1e-5, 1e-6),
    "math_special": (2e-6, 1e-7),
    "math_second_order": (1e-10, 1e-13),
}

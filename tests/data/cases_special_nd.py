"""torch.special's normal-distribution functions (ndtr, log_ndtr, ndtri),
erfcx, zeta, xlog1py, round and the orthogonal polynomials, recorded from
torch 2.13: values in float32 and float64 at zeros of both signs,
infinities, NaN, tiny and huge values and each algorithm's branch
boundaries, sweeps, gradients (and second order), node names, integer
promotion, numbers in either operand, broadcasting and errors."""

_RUN = (
    "def run(f, values):\n"
    "    out = []\n"
    "    for dtype in (torch.float32, torch.float64):\n"
    "        x = torch.tensor(values, dtype=dtype, requires_grad=True)\n"
    "        y = f(x)\n"
    "        y.sum().backward()\n"
    "        out.append((y, y.grad_fn, x.grad))\n"
    "    return out\n"
    "def values(f, values):\n"
    "    return [f(torch.tensor(values, dtype=d)) for d in (torch.float32, torch.float64)]\n"
    "def sweep(f, lo, hi, n):\n"
    "    base = torch.linspace(lo, hi, n, dtype=torch.float64)\n"
    "    return [f(base.float()), f(base)]\n"
    "def second(f, values):\n"
    "    out = []\n"
    "    for dtype in (torch.float32, torch.float64):\n"
    "        x = torch.tensor(values, dtype=dtype, requires_grad=True)\n"
    "        g, = torch.autograd.grad(f(x).sum(), x, create_graph=True)\n"
    "        gg, = torch.autograd.grad(g.sum(), x)\n"
    "        out.append((g, g.grad_fn, gg))\n"
    "    return out\n"
    "def chain(t):\n"
    "    names = []\n"
    "    node = t.grad_fn\n"
    "    while node is not None:\n"
    "        names.append(node)\n"
    "        nxt = [n for n, _ in node.next_functions if n is not None]\n"
    "        node = nxt[0] if nxt and hasattr(nxt[0], 'next_functions') and nxt[0].next_functions else None\n"
    "    return names\n"
    "INF, NAN = float('inf'), float('nan')\n"
    "CDF = [-INF, -1e30, -1e10, -1e5, -40.0, -38.5, -27.0, -26.7, -26.69, -20.0, -8.0, -6.1, -6.09, "
    "-5.0, -2.0, -1.0001, -1.0, -0.9999, -0.5, -1e-8, -1e-30, -0.0, 0.0, 1e-30, 1e-8, 0.3, 1.0, "
    "2.5, 4.0, 8.0, 12.0, 30.0, 40.0, 50.0, 50.001, 100.0, 1e4, 5e7, 5.0001e7, 1e10, 1e30, INF, NAN]\n"
    "P = [-1.0, -0.0, 0.0, 1e-300, 1e-45, 1e-40, 1e-30, 1.2e-14, 1.2664165549e-14, 1.27e-14, 1e-10, "
    "1e-5, 0.01, 0.1, 0.1353352832366127, 0.13533528, 0.1353353, 0.2, 0.5, 0.6, 0.8, 0.8646647167633873, "
    "0.8646647, 0.86466473, 0.9, 0.99, 0.999999, 0.99999994, 1.0 - 1e-12, 1.0, 1.1, INF, -INF, NAN]\n"
)


def _case(body):
    return _RUN + body


_POLYS = [
    "chebyshev_polynomial_t", "chebyshev_polynomial_u", "chebyshev_polynomial_v",
    "chebyshev_polynomial_w", "shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u",
    "shifted_chebyshev_polynomial_v", "shifted_chebyshev_polynomial_w", "hermite_polynomial_h",
    "hermite_polynomial_he", "laguerre_polynomial_l", "legendre_polynomial_p",
]

# x at the special points of each family (0, ±1, ½), inside and outside
# [-1, 1]; n below and above each family's closed-form switch (4, 6, 8),
# negative, fractional, and past the Hermite limits (128, 512)
_POLY_GRID = (
    "X = [-3.0, -1.5, -1.0, -0.999, -0.7, -0.5, -0.1, -0.0, 0.0, 1e-7, 0.1, 0.25, 0.5, 0.7, 0.9, "
    "0.999, 1.0, 1.0001, 1.5, 2.0, 7.5]\n"
    "N = [-2.0, -0.5, 0.0, 0.9, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.5, 17.0, 30.0, "
    "64.0, 128.0, 129.0, 512.0, 513.0]\n"
    "def grid(f):\n"
    "    return [f(torch.tensor(X, dtype=d)[:, None], torch.tensor(N, dtype=d)) "
    "for d in (torch.float32, torch.float64)]\n"
)

CASES = {
    # ---- ndtr (torch's composition: its nodes, erf's values) ----
    "specialnd_ndtr_edges": _case("result = run(torch.special.ndtr, CDF)"),
    "specialnd_ndtr_sweep": _case("result = sweep(torch.special.ndtr, -40.0, 40.0, 4001)"),
    "specialnd_ndtr_chain": _case(
        "x = torch.tensor([0.5, -1.0], requires_grad=True); y = torch.special.ndtr(x); "
        "result = chain(y)"
    ),
    "specialnd_ndtr_second": _case("result = second(torch.special.ndtr, [-3.0, -0.5, 0.0, 0.7, 2.0])"),
    "specialnd_ndtr_int": "result = torch.special.ndtr(torch.tensor([-2, 0, 1, 3]))",
    "specialnd_ndtr_bool": "result = torch.special.ndtr(torch.tensor([True, False]))",
    "specialnd_ndtr_not_tensor": "result = torch.special.ndtr(1.0)",
    # ---- log_ndtr ----
    "specialnd_log_ndtr_edges": _case("result = run(torch.special.log_ndtr, CDF)"),
    "specialnd_log_ndtr_sweep": _case(
        "result = [sweep(torch.special.log_ndtr, -60.0, 12.0, 7201), "
        "sweep(torch.special.log_ndtr, -1.01, -0.99, 401)]"
    ),
    "specialnd_log_ndtr_huge": _case(
        "result = values(torch.special.log_ndtr, [-1e3, -1e6, -1e15, -1e18, -1e19, -1e20, -3e38])"
    ),
    "specialnd_log_ndtr_second": _case(
        "result = second(torch.special.log_ndtr, [-30.0, -3.0, -1.0, -0.5, 0.0, 0.7, 2.0, 9.0])"
    ),
    "specialnd_log_ndtr_int": "result = torch.special.log_ndtr(torch.tensor([-40, -2, 0, 1, 3]))",
    "specialnd_log_ndtr_half": "result = torch.special.log_ndtr(torch.tensor([1.0], dtype=torch.float16))",
    # ---- erfcx ----
    "specialnd_erfcx_edges": _case("result = run(torch.special.erfcx, CDF)"),
    "specialnd_erfcx_sweep": _case(
        "result = [sweep(torch.special.erfcx, -27.0, 60.0, 8701), "
        "sweep(torch.special.erfcx, -1e-6, 1e-6, 201), "
        "sweep(torch.special.erfcx, 49.9, 50.1, 201), "
        "sweep(torch.special.erfcx, 1e6, 1e8, 201)]"
    ),
    "specialnd_erfcx_subintervals": _case(
        # x at each of the 100 Chebyshev subintervals' ends, 4/(4+x) = k/100
        "ks = torch.arange(1, 101, dtype=torch.float64); ends = 400.0 / ks - 4.0; "
        "result = [torch.special.erfcx(ends.float()), torch.special.erfcx(ends), "
        "torch.special.erfcx(-ends.clamp(max=26.0))]"
    ),
    "specialnd_erfcx_second": _case("result = second(torch.special.erfcx, [-5.0, -1.0, 0.0, 0.5, 3.0, 60.0])"),
    "specialnd_erfcx_int": "result = torch.special.erfcx(torch.tensor([-3, 0, 1, 100]))",
    "specialnd_erfcx_half": "result = torch.special.erfcx(torch.tensor([1.0], dtype=torch.float16))",
    "specialnd_erfcx_complex": "result = torch.special.erfcx(torch.tensor([1j]))",
    "specialnd_erfcx_not_tensor": "result = torch.special.erfcx([1.0])",
    # ---- ndtri ----
    "specialnd_ndtri_edges": _case("result = run(torch.special.ndtri, P)"),
    "specialnd_ndtri_sweep": _case(
        "result = [sweep(torch.special.ndtri, 0.0, 1.0, 10001), "
        "[torch.special.ndtri(torch.logspace(-300, -1, 3000, dtype=torch.float64)), "
        "torch.special.ndtri(torch.logspace(-45, -1, 2000, dtype=torch.float64).float()), "
        "torch.special.ndtri(1 - torch.logspace(-7, -1, 500, dtype=torch.float64).float())]]"
    ),
    "specialnd_ndtri_second": _case("result = second(torch.special.ndtri, [1e-20, 0.01, 0.2, 0.5, 0.9, 0.999])"),
    "specialnd_ndtri_int": "result = torch.special.ndtri(torch.tensor([0, 1, 2]))",
    "specialnd_ndtri_bool": "result = torch.special.ndtri(torch.tensor([True, False]))",
    "specialnd_ndtri_bfloat16": "result = torch.special.ndtri(torch.tensor([0.5], dtype=torch.bfloat16))",
    # ---- xlog1py ----
    "specialnd_xlog1py_grid": (
        "INF, NAN = float('inf'), float('nan')\n"
        "X = [-INF, -2.0, -0.0, 0.0, 1e-30, 0.5, 3.0, INF, NAN]\n"
        "Y = [-INF, -2.0, -1.0, -0.999, -0.5, -1e-20, -0.0, 0.0, 1e-20, 1e-8, 0.5, 1.0, 1e30, INF, NAN]\n"
        "result = [torch.special.xlog1py(torch.tensor(X, dtype=d)[:, None], torch.tensor(Y, dtype=d)) "
        "for d in (torch.float32, torch.float64)]"
    ),
    "specialnd_xlog1py_grad": (
        "x = torch.tensor([[0.0], [0.0], [2.0]], dtype=torch.float64, requires_grad=True); "
        "y = torch.tensor([-1.0, -2.0, 0.5, 3.0], dtype=torch.float64, requires_grad=True); "
        "z = torch.special.xlog1py(x, y); z.sum().backward(); "
        "result = (z, z.grad_fn, x.grad, y.grad)"
    ),
    "specialnd_xlog1py_second": (
        "x = torch.tensor([0.0, 1.5, -2.0], requires_grad=True); "
        "y = torch.tensor([-1.0, 0.5, 2.0], requires_grad=True); "
        "gx, gy = torch.autograd.grad(torch.special.xlog1py(x, y).sum(), [x, y], create_graph=True); "
        "hx, hy = torch.autograd.grad((gx * gy).sum(), [x, y]); "
        "result = (gx, gx.grad_fn, gy, gy.grad_fn, hx, hy)"
    ),
    "specialnd_xlog1py_number_other": (
        "x = torch.tensor([0.0, 1.5, -2.0], requires_grad=True); "
        "out = []\n"
        "for s in (0.5, -1.0, -3.0, 2):\n"
        "    x.grad = None; z = torch.special.xlog1py(x, s); z.sum().backward(); "
        "out.append((z, z.grad_fn, x.grad))\n"
        "result = out"
    ),
    "specialnd_xlog1py_number_self": (
        "y = torch.tensor([-0.5, 0.5, 2.0], requires_grad=True); "
        "out = []\n"
        "for s in (0.0, 2.5, -3, True):\n"
        "    y.grad = None; z = torch.special.xlog1py(s, y); z.sum().backward(); "
        "out.append((z, z.grad_fn, y.grad))\n"
        "result = out"
    ),
    "specialnd_xlog1py_promotion": (
        "i = torch.tensor([1, 2, 0]); f = torch.tensor([0.5, 1.5, 2.0]); d = f.double(); "
        "b = torch.tensor([True, False, True]); "
        "result = [torch.special.xlog1py(i, i), torch.special.xlog1py(f, i), torch.special.xlog1py(i, d), "
        "torch.special.xlog1py(i, 2), torch.special.xlog1py(i, 2.5), torch.special.xlog1py(2.5, i), "
        "torch.special.xlog1py(b, b), torch.special.xlog1py(f, torch.tensor(2.0, dtype=torch.float64)), "
        "torch.special.xlog1py(d, 1.1)]"
    ),
    "specialnd_xlog1py_two_numbers": "result = torch.special.xlog1py(2, 3)",
    "specialnd_xlog1py_missing": "result = torch.special.xlog1py(torch.tensor([1.0]))",
    "specialnd_xlog1py_shapes": "result = torch.special.xlog1py(torch.ones(2), torch.ones(3))",
    "specialnd_xlog1py_half": (
        "result = torch.special.xlog1py(torch.ones(2, dtype=torch.float16), torch.ones(2))"
    ),
    "specialnd_xlog1py_no_aliases": "result = [hasattr(torch, 'xlog1py'), hasattr(torch.Tensor, 'xlog1py')]",
    # ---- zeta ----
    "specialnd_zeta_grid": (
        "INF, NAN = float('inf'), float('nan')\n"
        "X = [-INF, -2.0, 0.5, 1.0, 1.0000001, 1.5, 2.0, 3.0, 4.5, 10.0, 30.0, 100.0, INF, NAN]\n"
        "Q = [-INF, -3.0, -2.5, -1.0, -0.5, -0.0, 0.0, 1e-30, 1e-5, 0.3, 1.0, 2.0, 8.5, 9.0, 9.5, 50.0, "
        "1e5, 1e20, INF, NAN]\n"
        "result = [torch.special.zeta(torch.tensor(X, dtype=d)[:, None], torch.tensor(Q, dtype=d)) "
        "for d in (torch.float32, torch.float64)]"
    ),
    "specialnd_zeta_sweep": (
        "x = torch.linspace(1.01, 12.0, 61, dtype=torch.float64)[:, None]; "
        "q = torch.logspace(-3, 3, 83, dtype=torch.float64); "
        "result = [torch.special.zeta(x.float(), q.float()), torch.special.zeta(x, q)]"
    ),
    "specialnd_zeta_grad_q": (
        "x = torch.tensor([2.0, 3.5, 5.0], dtype=torch.float64); "
        "q = torch.tensor([[0.5], [2.0]], dtype=torch.float64, requires_grad=True); "
        "z = torch.special.zeta(x, q); z.sum().backward(); result = (z, z.grad_fn, q.grad)"
    ),
    "specialnd_zeta_second": (
        "x = torch.tensor([2.0, 3.5, 5.0]); q = torch.tensor([0.5, 2.0, 7.0], requires_grad=True); "
        "g, = torch.autograd.grad(torch.special.zeta(x, q).sum(), q, create_graph=True); "
        "gg, = torch.autograd.grad(g.sum(), q); result = (g, g.grad_fn, gg)"
    ),
    "specialnd_zeta_grad_x_refused": (
        "x = torch.tensor([2.0, 3.0], requires_grad=True); "
        "torch.special.zeta(x, torch.tensor([1.0, 2.0])).sum().backward()"
    ),
    "specialnd_zeta_number_x": (
        "q = torch.tensor([0.5, 2.0, 7.0], requires_grad=True); "
        "out = []\n"
        "for s in (2.0, 3, 1.5):\n"
        "    q.grad = None; z = torch.special.zeta(s, q); z.sum().backward(); out.append((z, z.grad_fn, q.grad))\n"
        "result = out"
    ),
    "specialnd_zeta_number_q": (
        "x = torch.tensor([2.0, 3.5], requires_grad=True); z = torch.special.zeta(x, 2.0); "
        "result = (z, z.grad_fn, torch.special.zeta(x.detach(), 3))"
    ),
    "specialnd_zeta_number_q_refused": (
        "x = torch.tensor([2.0, 3.5], requires_grad=True); torch.special.zeta(x, 2.0).sum().backward()"
    ),
    "specialnd_zeta_promotion": (
        "i = torch.tensor([1, 2, 3]); f = torch.tensor([0.5, 1.5, 2.0]); d = f.double(); "
        "b = torch.tensor([True, False, True]); "
        "result = [torch.special.zeta(i, i), torch.special.zeta(f, i), torch.special.zeta(i, d), "
        "torch.special.zeta(i, 2), torch.special.zeta(f, 2.5), torch.special.zeta(2, i), "
        "torch.special.zeta(2.5, i), torch.special.zeta(b, b), torch.special.zeta(d + 2, 1.1)]"
    ),
    "specialnd_zeta_half": "result = torch.special.zeta(torch.tensor([2.0], dtype=torch.float16), 2.0)",
    "specialnd_zeta_complex": (
        "result = torch.special.zeta(torch.tensor([2.0 + 0j]), torch.tensor([1.0]))"
    ),
    "specialnd_zeta_two_numbers": "result = torch.special.zeta(2, 3)",
    "specialnd_zeta_not_tensor": "result = torch.special.zeta([2.0], torch.tensor([1.0]))",
    "specialnd_zeta_shapes": "result = torch.special.zeta(torch.ones(2, 3), torch.ones(2))",
    # ---- round ----
    "specialnd_round": (
        "x = torch.tensor([-2.5, -1.5, -0.5, -0.0, 0.5, 1.5, 2.5, 1.2345, 1e30, float('nan')], "
        "requires_grad=True); y = torch.special.round(x); y.sum().backward(); "
        "result = (y, y.grad_fn, x.grad, torch.special.round(x.detach().double(), decimals=2), "
        "torch.special.round(x.detach(), decimals=-1))"
    ),
    "specialnd_round_decimals_node": (
        "x = torch.tensor([1.25], requires_grad=True); "
        "result = [torch.special.round(x, decimals=1).grad_fn, torch.special.round(x, decimals=0).grad_fn]"
    ),
    "specialnd_round_half": "result = torch.special.round(torch.tensor([0.5, 1.5, 2.7], dtype=torch.float16))",
    "specialnd_round_int": "result = torch.special.round(torch.tensor([1, 2]))",
    "specialnd_round_bool": "result = torch.special.round(torch.tensor([True]))",
    "specialnd_round_not_tensor": "result = torch.special.round(1.5)",
    # ---- orthogonal polynomials ----
    **{
        f"specialnd_{name}_grid": _POLY_GRID + f"result = grid(torch.special.{name})"
        for name in _POLYS
    },
    **{
        f"specialnd_{name}_forms": (
            "i = torch.tensor([0, 1, 2, 3, 7, 12]); f = torch.tensor([0.3, -0.8, 1.7]); "
            f"F = torch.special.{name}\n"
            "result = [F(f[:, None], i), F(i, i), F(i[:, None], i.double()), F(f, 3), F(f, 9.7), "
            "F(0.4, i), F(2, i), F(torch.tensor([True, False]), torch.tensor([True, True])), "
            "F(f.double(), 10), F(f, torch.tensor(11.0, dtype=torch.float64))]"
        )
        for name in _POLYS
    },
    "specialnd_polynomial_sweep": (
        f"names = {_POLYS!r}\n"
        "x = torch.linspace(-1.2, 1.2, 241, dtype=torch.float64)[:, None]; n = torch.arange(0, 40, 3.0, dtype=torch.float64)\n"
        "result = [[getattr(torch.special, k)(x.float(), n.float()), getattr(torch.special, k)(x, n)] "
        "for k in names]"
    ),
    "specialnd_polynomial_no_grad": (
        "x = torch.tensor([0.5, -0.3], requires_grad=True); n = torch.tensor([3.0, 4.0], requires_grad=True); "
        "y = torch.special.chebyshev_polynomial_t(x, n); z = torch.special.hermite_polynomial_h(x, 2); "
        "w = torch.special.legendre_polynomial_p(0.5, n); "
        "result = (y, y.requires_grad, y.grad_fn, z.requires_grad, w.requires_grad)"
    ),
    "specialnd_polynomial_backward_refused": (
        "x = torch.tensor([0.5, -0.3], requires_grad=True); "
        "torch.special.laguerre_polynomial_l(x, 3).sum().backward()"
    ),
    "specialnd_polynomial_half": (
        "result = torch.special.chebyshev_polynomial_t(torch.tensor([0.5], dtype=torch.float16), 2)"
    ),
    "specialnd_polynomial_complex": (
        "result = torch.special.legendre_polynomial_p(torch.tensor([0.5j]), torch.tensor([2.0]))"
    ),
    "specialnd_polynomial_two_numbers": "result = torch.special.hermite_polynomial_he(0.5, 3)",
    "specialnd_polynomial_missing": "result = torch.special.hermite_polynomial_h(torch.tensor([0.5]))",
    "specialnd_polynomial_shapes": (
        "result = torch.special.chebyshev_polynomial_u(torch.ones(2, 3), torch.ones(4))"
    ),
    "specialnd_polynomial_keywords": (
        "result = torch.special.shifted_chebyshev_polynomial_w(x=torch.tensor([0.3]), n=torch.tensor([5.0]))"
    ),
    "specialnd_no_tensor_aliases": (
        "names = ['ndtr', 'ndtri', 'log_ndtr', 'erfcx', 'zeta', 'xlog1py', 'chebyshev_polynomial_t']\n"
        "result = [[hasattr(torch, n), hasattr(torch.Tensor, n)] for n in names]"
    ),
}

# ndtr is torch's composition through erf, whose float32 kernel (vectorized)
# and float64 backward grouping sit an ulp from ferrograd's (absolute 3e-8
# where torch's float32 erf saturates to -1 a little sooner). The gradients
# of log_ndtr and ndtri run torch's vectorized exp, an ulp from ferrograd's;
# ndtri's float64 values differ by one or two ulps in the tails (its float32
# values, and all of log_ndtr's and erfcx's values, are torch's bits).
TOLERANCES = {
    "specialnd_ndtr_": (3e-7, 1e-7),
    "specialnd_ndtri_": (3e-7, 1e-30),
    "specialnd_log_ndtr_edges": (2e-7, 1e-30),
}

"""Gamma-family special functions (lgamma, digamma, polygamma, mvlgamma), sinc
and their torch.special aliases, recorded from torch 2.13: values in float32
and float64 over wide ranges with poles, zeros of both signs, infinities and
NaN, gradients (and second order), node names, integer promotion, in-place
forms and errors."""

_RUN = (
    "EDGES = [float('-inf'), -1e30, -1e10, -100.5, -3.0, -2.5, -1.0, -0.5, -1e-30, -0.0, 0.0, "
    "1e-30, 1e-8, 0.1, 0.5, 1.0, 1.5, 2.0, 2.5, 3.7, 9.999, 10.0, 10.001, 30.2, 171.5, 1e5, "
    "1e17, 1e20, 1e38, float('inf'), float('nan')]\n"
    "def run(f, values=EDGES):\n"
    "    out = []\n"
    "    for dtype in (torch.float32, torch.float64):\n"
    "        x = torch.tensor(values, dtype=dtype, requires_grad=True)\n"
    "        y = f(x)\n"
    "        y.sum().backward()\n"
    "        out.append((y, x.grad))\n"
    "    return out\n"
    "def sweep(f, lo, step, n):\n"
    "    base = torch.arange(n, dtype=torch.float64) * step + lo\n"
    "    return [f(base.float()), f(base)]\n"
    "def run_inplace(name, *args):\n"
    "    out = []\n"
    "    for dtype in (torch.float32, torch.float64):\n"
    "        base = torch.tensor([1.1, 1.3, 2.6, 3.9], dtype=dtype, requires_grad=True)\n"
    "        x = base * 1.0\n"
    "        y = getattr(x, name + '_')(*args)\n"
    "        node = y.grad_fn\n"
    "        y.sum().backward()\n"
    "        out.append((y is x, y, node, base.grad))\n"
    "    return out\n"
)


def _case(body):
    return _RUN + body


CASES = {
    # ---- values and gradients at the edges ----
    "specialfn_lgamma_edges": _case("result = run(torch.lgamma)"),
    "specialfn_digamma_edges": _case("result = run(torch.digamma)"),
    "specialfn_polygamma1_edges": _case("result = run(lambda x: torch.polygamma(1, x))"),
    "specialfn_polygamma2_edges": _case("result = run(lambda x: torch.polygamma(2, x))"),
    "specialfn_polygamma3_edges": _case("result = run(lambda x: torch.polygamma(3, x))"),
    "specialfn_polygamma0_edges": _case("result = run(lambda x: torch.polygamma(0, x))"),
    "specialfn_sinc_edges": _case("result = run(torch.sinc)"),
    # ---- sweeps over wide ranges, both float types ----
    "specialfn_lgamma_sweep": _case(
        "result = [sweep(torch.lgamma, -60.3, 0.0377, 3200), "
        "sweep(torch.lgamma, 0.001, 1.713, 2000), sweep(torch.lgamma, -1e6, 613.7, 400)]"
    ),
    "specialfn_digamma_sweep": _case(
        "result = [sweep(torch.digamma, -60.3, 0.0377, 3200), "
        "sweep(torch.digamma, 0.001, 1.713, 2000), sweep(torch.digamma, -1e6, 613.7, 400)]"
    ),
    "specialfn_polygamma_sweep": _case(
        "result = [[sweep(lambda x: torch.polygamma(n, x), -20.3, 0.0377, 1200), "
        "sweep(lambda x: torch.polygamma(n, x), 0.001, 0.713, 600)] for n in (1, 2, 3, 4, 7)]"
    ),
    "specialfn_sinc_sweep": _case("result = sweep(torch.sinc, -50.3, 0.0377, 2700)"),
    "specialfn_mvlgamma_sweep": _case(
        "result = [sweep(lambda x: torch.mvlgamma(x, p), (p - 1) / 2 + 0.001, 0.0713, 800) "
        "for p in (1, 2, 3, 4, 5, 9)]"
    ),
    # ---- mvlgamma ----
    "specialfn_mvlgamma_values_grads": _case(
        "result = [run(lambda x: torch.mvlgamma(x, p), [0.6, 1.1, 1.5, 2.0, 3.7, 10.0, 50.5]) "
        "for p in (1, 2, 3, 4)]"
    ),
    # torch 2.13 no longer checks x > (p-1)/2: the lgammas of the poles come through
    "specialfn_mvlgamma_below_domain": _case(
        "result = run(lambda x: torch.mvlgamma(x, 3), [-2.0, -0.5, 0.0, 0.5, 0.9, 1.0])"
    ),
    "specialfn_mvlgamma_shapes": _case(
        "x = torch.tensor([[1.5, 2.5, 3.5], [4.5, 5.5, 6.5]], requires_grad=True); "
        "y = torch.mvlgamma(x, 3); y.backward(torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])); "
        "s = torch.mvlgamma(torch.tensor(2.5, dtype=torch.float64), 2); "
        "result = (y, y.grad_fn, x.grad, s, torch.mvlgamma(x.detach().T, 2))"
    ),
    # ---- integer promotion ----
    "specialfn_ints": (
        "i = torch.tensor([0, 1, 2, 3, -1, -2, 7, 100]); "
        "result = [torch.lgamma(i), torch.digamma(i), torch.polygamma(1, i), "
        "torch.polygamma(2, i), torch.sinc(i), torch.mvlgamma(torch.tensor([3, 4, 9]), 2), "
        "torch.special.gammaln(i.to(torch.int32)), torch.special.psi(i.to(torch.uint8)), "
        "torch.lgamma(torch.tensor([True, False])), torch.digamma(torch.tensor([True, False]))]"
    ),
    # ---- methods, nodes and aliases ----
    "specialfn_methods": (
        "x = torch.tensor([0.2, 1.7, 4.5], requires_grad=True); "
        "ys = [x.lgamma(), x.digamma(), x.polygamma(2), x.mvlgamma(1), x.sinc(), "
        "torch.special.gammaln(x), torch.special.digamma(x), torch.special.psi(x), "
        "torch.special.polygamma(3, x), torch.special.multigammaln(x, 1), "
        "torch.special.sinc(x), torch.polygamma(n=1, input=x), torch.mvlgamma(x, p=1)]; "
        "result = [(y, y.grad_fn) for y in ys]"
    ),
    "specialfn_second_order": _case(
        "out = []\n"
        "for f in (torch.lgamma, torch.digamma, lambda x: torch.polygamma(2, x), "
        "lambda x: torch.mvlgamma(x, 3), torch.sinc):\n"
        "    for dtype in (torch.float32, torch.float64):\n"
        "        x = torch.tensor([1.2, 2.5, 3.75, 7.0], dtype=dtype, requires_grad=True)\n"
        "        g, = torch.autograd.grad(f(x).sum(), x, create_graph=True)\n"
        "        gg, = torch.autograd.grad(g.sum(), x)\n"
        "        out.append((g, g.grad_fn, gg))\n"
        "result = out"
    ),
    # ---- in-place forms ----
    "specialfn_inplace_lgamma": _case("result = run_inplace('lgamma')"),
    "specialfn_inplace_digamma": _case("result = run_inplace('digamma')"),
    "specialfn_inplace_polygamma": _case("result = run_inplace('polygamma', 2)"),
    "specialfn_inplace_mvlgamma": _case("result = run_inplace('mvlgamma', 2)"),
    "specialfn_inplace_sinc": _case("result = run_inplace('sinc')"),
    "specialfn_torch_sinc_": (
        "x = torch.tensor([0.0, 0.5, 1.5]); y = torch.sinc_(x); result = (y is x, x)"
    ),
    "specialfn_inplace_int_refused": (
        "x = torch.tensor([1, 2, 3]); x.lgamma_()"
    ),
    "specialfn_inplace_leaf_refused": (
        "x = torch.tensor([1.0, 2.0], requires_grad=True); x.digamma_()"
    ),
    # ---- errors ----
    "specialfn_polygamma_negative_n": "torch.polygamma(-1, torch.tensor([1.0]))",
    "specialfn_polygamma_negative_n_method": "torch.tensor([1.0]).polygamma(-2)",
    "specialfn_special_polygamma_negative_n": "torch.special.polygamma(-1, torch.tensor([1.0]))",
    "specialfn_polygamma_float_n": "torch.polygamma(1.5, torch.tensor([1.0]))",
    "specialfn_polygamma_not_tensor": "torch.polygamma(1, 2.0)",
    "specialfn_polygamma_missing_input": "torch.polygamma(1)",
    "specialfn_mvlgamma_p0": "torch.mvlgamma(torch.tensor([3.0]), 0)",
    "specialfn_mvlgamma_p_negative_method": "torch.tensor([3.0]).mvlgamma(-1)",
    "specialfn_multigammaln_p0": "torch.special.multigammaln(torch.tensor([3.0]), 0)",
    "specialfn_mvlgamma_bool": "torch.mvlgamma(torch.tensor([True]), 1)",
    "specialfn_mvlgamma_float_p": "torch.mvlgamma(torch.tensor([3.0]), 2.0)",
    "specialfn_mvlgamma_missing_p": "torch.mvlgamma(torch.tensor([3.0]))",
    "specialfn_lgamma_not_tensor": "torch.lgamma(1.0)",
    "specialfn_digamma_not_tensor": "torch.digamma([1.0])",
    "specialfn_gammaln_not_tensor": "torch.special.gammaln(1.0)",
    "specialfn_psi_not_tensor": "torch.special.psi(1.0)",
    "specialfn_multigammaln_not_tensor": "torch.special.multigammaln(1.0, 2)",
    "specialfn_lgamma_method_args": "torch.tensor([1.0]).lgamma(1)",
}

# torch's CPU lgamma runs SLEEF's vectorized lgamma (not the C library's,
# which ferrograd calls): float32 and float64 results sit up to 3 ulps apart
# (relative 3e-7 / 5e-16), and mvlgamma sums those lgammas. digamma, polygamma
# and sinc match torch's bits and are compared exactly.
TOLERANCES = {
    "specialfn_lgamma_": (5e-7, 1e-30),
    "specialfn_inplace_lgamma": (5e-7, 1e-30),
    "specialfn_methods": (5e-7, 1e-30),
    "specialfn_mvlgamma_": (5e-7, 1e-30),
    # one float64 second derivative of sinc is 2 ulps off through the backward's ops
    "specialfn_second_order": (5e-7, 1e-30),
}

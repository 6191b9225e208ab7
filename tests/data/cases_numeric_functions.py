"""Numeric helpers recorded from torch 2.13: logaddexp/logaddexp2, nansum,
nanmean, nanmedian, quantile/nanquantile (every interpolation mode, dims, q
as a float or a tensor), logspace, randint_like, float_power, ldexp, frexp,
gcd/lcm, nextafter, signbit, isneginf/isposinf/isreal, renorm, dist, pdist,
histogram, gradient, asarray, is_floating_point and set_default_dtype: values,
dtypes, gradients, node names and errors (inputs left unchanged by them)."""

_RUN = (
    "def grads(y, *xs):\n"
    "    g = torch.autograd.grad(y.sum() if y.dim() else y, xs, allow_unused=True)\n"
    "    return list(g)\n"
    "def leaf(values, dtype=torch.float64):\n"
    "    return torch.tensor(values, dtype=dtype, requires_grad=True)\n"
    "A = [[0.5, -1.25, 3.0, 2.0], [1.5, 0.25, -2.0, 4.5], [-0.75, 6.0, 1.0, -3.5]]\n"
    "N = [[0.5, float('nan'), 3.0, 2.0], [float('nan')] * 4, [-0.75, 6.0, float('nan'), -3.5]]\n"
    "SPECIAL = [0.0, -0.0, 1.0, -1.0, float('inf'), -float('inf'), float('nan'), 1e300, -1e-300, "
    "5e-324, 3.5, -2.75]\n"
)


def _case(body):
    return _RUN + body


CASES = {
    # ---- logaddexp ----
    "numfn_logaddexp_values": _case(
        "a = torch.tensor(SPECIAL, dtype=torch.float64)\n"
        "result = [torch.logaddexp(a.reshape(-1, 1), a), torch.logaddexp2(a.reshape(-1, 1), a), "
        "torch.logaddexp(a.float().reshape(-1, 1), a.float()), "
        "torch.logaddexp2(a.float().reshape(-1, 1), a.float())]"
    ),
    "numfn_logaddexp_random": _case(
        "torch.manual_seed(0)\n"
        "a, b = torch.randn(200) * 5, torch.randn(200) * 5\n"
        "result = [torch.logaddexp(a, b), torch.logaddexp2(a, b), a.double().logaddexp(b.double()), "
        "a.double().logaddexp2(b.double())]"
    ),
    "numfn_logaddexp_promotion": _case(
        "i = torch.tensor([1, 2, 3])\n"
        "f = torch.tensor([0.5, 1.5, -2.0])\n"
        "result = [torch.logaddexp(i, i), torch.logaddexp(i, f), torch.logaddexp(f, f.double()), "
        "torch.logaddexp2(i, torch.tensor([True, False, True])), torch.logaddexp(f, torch.tensor(2.0, dtype=torch.float64))]"
    ),
    "numfn_logaddexp_grad": _case(
        "a = leaf([[0.5, -1.0, 3.0]]); b = leaf([[1.0], [2.0]])\n"
        "y = torch.logaddexp(a, b); z = torch.logaddexp2(a, b)\n"
        "result = [y, z, grads(y, a, b), grads(z, a, b)]"
    ),
    "numfn_logaddexp_double_backward": _case(
        "a = leaf([0.5, -1.0, 3.0]); b = leaf([1.0, 2.0, -0.5])\n"
        "ga, gb = torch.autograd.grad(torch.logaddexp(a, b).sum(), (a, b), create_graph=True)\n"
        "result = [ga, gb, grads(ga * gb, a, b)]"
    ),
    "numfn_logaddexp_scalar_other": _case("result = torch.logaddexp(torch.tensor([1.0]), 2.0)"),
    "numfn_logaddexp_bad_shapes": _case(
        "result = torch.logaddexp(torch.ones(2), torch.ones(3))"
    ),
    # ---- nansum / nanmean ----
    "numfn_nansum_values": _case(
        "x = torch.tensor(N)\n"
        "result = [torch.nansum(x), x.nansum(0), x.nansum(1), x.nansum(1, keepdim=True), "
        "x.nansum((0, 1)), x.double().nansum(), torch.nansum(x, dtype=torch.float64), "
        "torch.nansum(torch.tensor([[1, 2], [3, 4]])), torch.nansum(torch.tensor([[1, 2], [3, 4]], dtype=torch.int32), 0), "
        "torch.nansum(torch.tensor([True, True])), torch.nansum(torch.empty(0))]"
    ),
    "numfn_nansum_grad": _case(
        "x = leaf(N)\n"
        "y = x.nansum(1); z = torch.nansum(x)\n"
        "result = [y, z, grads(y, x), grads(z, x)]"
    ),
    "numfn_nanmean_values": _case(
        "x = torch.tensor(N)\n"
        "result = [torch.nanmean(x), x.nanmean(0), x.nanmean(1), x.nanmean(1, keepdim=True), "
        "x.double().nanmean(), torch.nanmean(torch.tensor(A))]"
    ),
    "numfn_nanmean_grad": _case(
        "x = leaf(N)\n"
        "y = x.nanmean(1); z = torch.nanmean(x)\n"
        "result = [y, z, grads(y, x), grads(z, x), y.grad_fn.next_functions]"
    ),
    "numfn_nanmean_int": _case("result = torch.nanmean(torch.tensor([1, 2]))"),
    "numfn_nansum_bad_dim": _case("result = torch.nansum(torch.ones(2, 3), 2)"),
    # ---- nanmedian ----
    "numfn_nanmedian_values": _case(
        "x = torch.tensor(N)\n"
        "r = x.nanmedian(1)\n"
        "result = [torch.nanmedian(x), r.values, r.indices, x.nanmedian(0)[0], "
        "x.nanmedian(1, keepdim=True)[0], torch.nanmedian(torch.tensor(A)), "
        "torch.nanmedian(torch.tensor([3, 1, 2, 5])), torch.nanmedian(torch.tensor([float('nan')] * 3)), "
        "torch.nanmedian(torch.tensor(A), 1)[1]]"
    ),
    "numfn_nanmedian_grad": _case(
        "x = leaf(N)\n"
        "y = x.nanmedian(); z = x.nanmedian(1)[0]\n"
        "result = [y, z, grads(y, x), grads(z, x)]"
    ),
    "numfn_nanmedian_ties_grad": _case(
        "x = leaf([1.0, 2.0, 2.0, 3.0, 2.0])\n"
        "y = x.nanmedian()\n"
        "result = [y, grads(y, x)]"
    ),
    "numfn_nanmedian_bad_dim": _case("result = torch.nanmedian(torch.ones(2, 3), 3)"),
    # ---- quantile ----
    "numfn_quantile_modes": _case(
        "x = torch.tensor(A)\n"
        "result = [[torch.quantile(x, q, interpolation=m) for q in (0.0, 0.3, 0.5, 0.75, 1.0)] "
        "for m in ('linear', 'lower', 'higher', 'midpoint', 'nearest')]"
    ),
    "numfn_quantile_dims": _case(
        "x = torch.tensor(A, dtype=torch.float64)\n"
        "q = torch.tensor([0.1, 0.5, 0.9], dtype=torch.float64)\n"
        "result = [[x.quantile(q, d, keepdim=k, interpolation=m) for d in (0, 1, -1) for k in (False, True)] "
        "for m in ('linear', 'lower', 'higher', 'midpoint', 'nearest')] + "
        "[x.quantile(0.4, 0), x.quantile(0.4, 1, keepdim=True), x.quantile(q), x.quantile(q, keepdim=True), "
        "x.quantile(0.4, keepdim=True), torch.quantile(torch.tensor(2.5), 0.5), "
        "torch.quantile(torch.tensor(2.5), 0.5, 0)]"
    ),
    "numfn_quantile_3d": _case(
        "torch.manual_seed(1)\n"
        "x = torch.randn(3, 4, 5)\n"
        "q = torch.tensor([0.25, 0.6])\n"
        "result = [x.quantile(q, 1), x.quantile(0.6, 0), x.quantile(q, 2, keepdim=True), "
        "x.quantile(0.33, -2, interpolation='nearest')]"
    ),
    "numfn_quantile_nan": _case(
        "x = torch.tensor(N)\n"
        "result = [x.quantile(0.5), x.quantile(0.5, 1), x.nanquantile(0.5), x.nanquantile(0.5, 1), "
        "x.nanquantile(torch.tensor([0.0, 0.3, 1.0]), 1, interpolation='lower'), "
        "x.nanquantile(0.7, 0, interpolation='midpoint'), x.nanquantile(0.7, 0, interpolation='nearest'), "
        "torch.nanquantile(x, 0.25, 1, keepdim=True, interpolation='higher')]"
    ),
    "numfn_quantile_grad": _case(
        "x = leaf(A)\n"
        "q = torch.tensor([0.3, 0.8], dtype=torch.float64)\n"
        "out = []\n"
        "for m in ('linear', 'lower', 'higher', 'midpoint', 'nearest'):\n"
        "    y = torch.quantile(x, 0.3, interpolation=m); z = x.quantile(q, 1, interpolation=m)\n"
        "    w = x.nanquantile(0.4, 0, keepdim=True, interpolation=m)\n"
        "    out += [y, z, w, grads(y, x), grads(z, x), grads(w, x)]\n"
        "result = out"
    ),
    "numfn_quantile_graph": _case(
        "x = leaf(A)\n"
        "def names(f):\n"
        "    return [type(f).__name__, [names(g) for g, _ in f.next_functions if g is not None]]\n"
        "q = torch.tensor([0.3, 0.8], dtype=torch.float64)\n"
        "result = [names(torch.quantile(x, 0.3).grad_fn), names(x.quantile(q, 1).grad_fn), "
        "names(x.quantile(q, 0, keepdim=True).grad_fn), names(x.nanquantile(0.5, 0).grad_fn), "
        "names(x.quantile(0.5, interpolation='lower').grad_fn), names(x.quantile(q, keepdim=True).grad_fn)]"
    ),
    "numfn_quantile_q_out_of_range": _case("result = torch.quantile(torch.ones(3), 1.5)"),
    "numfn_quantile_q_negative": _case("result = torch.quantile(torch.ones(3), -0.1)"),
    "numfn_quantile_q_tensor_out_of_range": _case(
        "result = torch.quantile(torch.ones(3), torch.tensor([0.5, 1.5]))"
    ),
    "numfn_quantile_int_input": _case("result = torch.quantile(torch.tensor([1, 2]), 0.5)"),
    "numfn_quantile_q_dtype": _case(
        "result = torch.quantile(torch.ones(3), torch.tensor([0.5], dtype=torch.float64))"
    ),
    "numfn_quantile_q_2d": _case("result = torch.quantile(torch.ones(3), torch.ones(1, 1) / 2)"),
    "numfn_quantile_empty": _case("result = torch.quantile(torch.ones(0), 0.5)"),
    "numfn_quantile_bad_mode": _case(
        "result = torch.quantile(torch.ones(3), 0.5, interpolation='cubic')"
    ),
    "numfn_quantile_bad_dim": _case("result = torch.quantile(torch.ones(2, 3), 0.5, 2)"),
    "numfn_nanquantile_q_out_of_range": _case("result = torch.nanquantile(torch.ones(3), 2.0)"),
    "numfn_nanquantile_int_input": _case("result = torch.nanquantile(torch.tensor([1, 2]), 0.5)"),
    # ---- logspace ----
    "numfn_logspace_values": _case(
        "result = [torch.logspace(0, 3, 4), torch.logspace(-2.5, 2.5, 11), "
        "torch.logspace(0, 10, 7, base=2), torch.logspace(1, 2, 5, dtype=torch.float64), "
        "torch.logspace(0.1, 0.7, 1), torch.logspace(0, 1, 0), torch.logspace(0, 4, 5, dtype=torch.int64), "
        "torch.logspace(0.3, 1.9, 9, base=3.5, dtype=torch.float64), torch.logspace(-1, 1, 3, base=-2.0), "
        "torch.logspace(0, 50, 6), torch.logspace(0, 1, 3, requires_grad=True)]"
    ),
    "numfn_logspace_negative_steps": _case("result = torch.logspace(0, 1, -1)"),
    # ---- randint_like ----
    "numfn_randint_like": _case(
        "x = torch.zeros(3, 4)\n"
        "torch.manual_seed(5)\n"
        "a = [torch.randint_like(x, 10), torch.randint_like(x, 3, 9), "
        "torch.randint_like(x.long(), 100), torch.randint_like(x, 50, dtype=torch.int32), torch.rand(2)]\n"
        "torch.manual_seed(5)\n"
        "b = [torch.randint(0, 10, (3, 4), dtype=torch.float32), torch.randint(3, 9, (3, 4), dtype=torch.float32), "
        "torch.randint(100, (3, 4)), torch.randint(50, (3, 4), dtype=torch.int32), torch.rand(2)]\n"
        "result = [a, b]"
    ),
    # ---- float_power ----
    "numfn_float_power_values": _case(
        "x = torch.tensor([0.5, -1.5, 2.0, 0.0, 3.0])\n"
        "i = torch.tensor([1, -2, 3, 0, 2])\n"
        "result = [torch.float_power(x, 2), torch.float_power(x, 0.5), torch.float_power(i, 2), "
        "torch.float_power(i, i), torch.float_power(x, i), torch.float_power(2, x), x.float_power(-1), "
        "torch.float_power(i, 2.5), i.float_power(torch.tensor(2))]"
    ),
    "numfn_float_power_grad": _case(
        "x = torch.tensor([0.5, 1.5, 2.0], requires_grad=True)\n"
        "e = leaf([1.0, 2.0, 0.5])\n"
        "y = torch.float_power(x, 3); z = torch.float_power(x, e); w = torch.float_power(2.0, e)\n"
        "result = [y, z, w, grads(y, x), grads(z, x, e), grads(w, e)]"
    ),
    "numfn_float_power_inplace": _case(
        "x = torch.tensor([0.5, 1.5, 2.0], dtype=torch.float64)\n"
        "x.float_power_(2)\n"
        "result = x"
    ),
    "numfn_float_power_inplace_float32": _case(
        "x = torch.tensor([0.5, 1.5, 2.0])\n"
        "try:\n"
        "    x.float_power_(2)\n"
        "except RuntimeError as e:\n"
        "    result = [str(e), x]\n"
    ),
    # ---- ldexp / frexp ----
    "numfn_ldexp_values": _case(
        "x = torch.tensor([0.5, -1.5, 3.0, 0.0])\n"
        "e = torch.tensor([1, -3, 10, 4])\n"
        "result = [torch.ldexp(x, e), x.ldexp(e.int()), torch.ldexp(x.double(), e), "
        "torch.ldexp(e, e), torch.ldexp(x, torch.tensor([2.5]))]"
    ),
    "numfn_ldexp_grad": _case(
        "x = leaf([0.5, -1.5, 3.0]); e = torch.tensor([1, -3, 2])\n"
        "y = torch.ldexp(x, e)\n"
        "result = [y, grads(y, x), y.grad_fn.next_functions[1][0]]"
    ),
    "numfn_ldexp_inplace": _case(
        "x = torch.tensor([0.5, -1.5, 3.0])\n"
        "r = x.ldexp_(torch.tensor([1, 2, 3]))\n"
        "result = [x, r is x]"
    ),
    "numfn_frexp_values": _case(
        "x = torch.tensor(SPECIAL[:6] + [3.5, -2.75, 1e-40, 1024.0])\n"
        "m, e = torch.frexp(x)\n"
        "d = torch.frexp(torch.tensor(SPECIAL, dtype=torch.float64))\n"
        "result = [m, e, d.mantissa, d.exponent]"
    ),
    "numfn_frexp_grad": _case(
        "x = leaf([0.5, -1.5, 3.0, 100.0])\n"
        "m, e = x.frexp()\n"
        "result = [m, e, grads(m, x)]"
    ),
    "numfn_frexp_int": _case("result = torch.frexp(torch.tensor([1, 2]))"),
    # ---- gcd / lcm ----
    "numfn_gcd_lcm_values": _case(
        "a = torch.tensor([12, -18, 0, 7, 0, 100, -5])\n"
        "b = torch.tensor([8, 12, 5, 0, 0, -75, -15])\n"
        "result = [torch.gcd(a, b), torch.lcm(a, b), a.gcd(b.int()), torch.gcd(a.int(), b.int()), "
        "torch.lcm(torch.tensor([4, 6], dtype=torch.uint8), torch.tensor([6, 9], dtype=torch.uint8)), "
        "torch.gcd(a.reshape(-1, 1), b), torch.gcd(a, torch.tensor(6)), "
        "torch.lcm(torch.tensor([100], dtype=torch.uint8), torch.tensor([3], dtype=torch.uint8))]"
    ),
    "numfn_gcd_inplace": _case(
        "a = torch.tensor([12, -18, 0, 7])\n"
        "r = a.gcd_(torch.tensor([8, 12, 5, 0]))\n"
        "b = torch.tensor([4, 6, 0, 3])\n"
        "b.lcm_(torch.tensor([6, 4, 2, 5]))\n"
        "result = [a, r is a, b]"
    ),
    "numfn_inplace_errors_leave_input": _case(
        "x = torch.tensor([1.5, 2.5]); y = torch.tensor(A); z = torch.tensor([1.0, 2.0])\n"
        "out = []\n"
        "for f in (lambda: x.gcd_(torch.tensor([1, 2])), lambda: y.renorm_(2, 0, -1.0), "
        "lambda: z.nextafter_(torch.tensor([1, 2])), lambda: x.lcm_(x)):\n"
        "    try:\n"
        "        f()\n"
        "    except Exception as e:\n"
        "        out.append(type(e).__name__)\n"
        "result = [out, x, y, z]"
    ),
    "numfn_gcd_float": _case("result = torch.gcd(torch.tensor([1.0]), torch.tensor([2.0]))"),
    "numfn_lcm_float": _case("result = torch.lcm(torch.tensor([1, 2]), torch.tensor([2.0, 1.0]))"),
    "numfn_gcd_bool": _case("result = torch.gcd(torch.tensor([True]), torch.tensor([True]))"),
    # ---- nextafter / signbit / inf tests ----
    "numfn_nextafter_values": _case(
        "a = torch.tensor(SPECIAL, dtype=torch.float64)\n"
        "b = torch.tensor([1.0, -1.0, 0.0, 2.0, 0.0, 0.0, 1.0, float('inf'), 0.0, 0.0, float('nan'), -5.0], dtype=torch.float64)\n"
        "result = [torch.nextafter(a, b), torch.nextafter(a.float(), b.float()), a.nextafter(b.float()), "
        "torch.nextafter(a.float(), torch.tensor(float('inf')))]"
    ),
    "numfn_nextafter_inplace": _case(
        "a = torch.tensor([1.0, 2.0])\n"
        "a.nextafter_(torch.tensor([2.0, 0.0]))\n"
        "result = a"
    ),
    "numfn_nextafter_int": _case("result = torch.nextafter(torch.tensor([1]), torch.tensor([2]))"),
    "numfn_signbit_values": _case(
        "a = torch.tensor(SPECIAL + [-float('nan')], dtype=torch.float64)\n"
        "result = [torch.signbit(a), a.float().signbit(), torch.signbit(torch.tensor([-3, 0, 4])), "
        "torch.signbit(torch.tensor([0, 255], dtype=torch.uint8)), torch.signbit(torch.tensor([True, False]))]"
    ),
    "numfn_inf_tests": _case(
        "a = torch.tensor(SPECIAL)\n"
        "result = [torch.isneginf(a), torch.isposinf(a), a.isneginf(), a.double().isposinf(), "
        "torch.isposinf(torch.tensor([1, 2])), torch.isneginf(torch.tensor([True])), "
        "torch.isreal(a), torch.isreal(torch.tensor([1, 2])), a.isreal(), "
        "torch.isreal(torch.tensor([1 + 0j, 2 + 1j, 0j]))]"
    ),
    "numfn_is_floating_point": _case(
        "result = [torch.is_floating_point(torch.ones(1)), torch.is_floating_point(torch.ones(1).long()), "
        "torch.is_floating_point(torch.ones(1, dtype=torch.float64)), "
        "torch.is_floating_point(torch.ones(1, dtype=torch.float16)), "
        "torch.is_floating_point(torch.ones(1, dtype=torch.complex64))]"
    ),
    # ---- renorm / dist / pdist ----
    "numfn_renorm_values": _case(
        "x = torch.tensor(A)\n"
        "result = [torch.renorm(x, 2, 0, 3.0), x.renorm(1, 1, 2.5), x.renorm(float('inf'), -1, 1.0), "
        "x.renorm(3, 0, 100.0), torch.renorm(x.double(), 0.5, 0, 5.0), x.renorm(2, 0, 0.0)]"
    ),
    "numfn_renorm_grad": _case(
        "x = leaf(A)\n"
        "y = torch.renorm(x, 2, 0, 3.0); z = x.renorm(1, 1, 5.0)\n"
        "result = [y, z, grads(y * torch.arange(4.0), x), grads(z, x)]"
    ),
    "numfn_renorm_inplace": _case(
        "x = torch.tensor(A)\n"
        "r = x.renorm_(2, 0, 3.0)\n"
        "result = [x, r is x]"
    ),
    "numfn_renorm_negative_maxnorm": _case("result = torch.renorm(torch.ones(2, 2), 2, 0, -1.0)"),
    "numfn_renorm_zero_p": _case("result = torch.renorm(torch.ones(2, 2), 0, 0, 1.0)"),
    "numfn_renorm_bad_dim": _case("result = torch.renorm(torch.ones(2, 2), 2, 2, 1.0)"),
    "numfn_renorm_1d": _case("result = torch.renorm(torch.ones(2), 2, 0, 1.0)"),
    "numfn_renorm_int": _case("result = torch.renorm(torch.ones(2, 2).long(), 2, 0, 1.0)"),
    "numfn_dist_values": _case(
        "a = torch.tensor(A); b = torch.tensor([1.0, 2.0, -1.0, 0.5])\n"
        "result = [torch.dist(a, b), a.dist(b, 1), a.dist(b, 0), a.dist(b, float('inf')), "
        "a.dist(b, 3.5), torch.dist(a.double(), b), a.dist(b, -float('inf'))]"
    ),
    "numfn_dist_grad": _case(
        "a = leaf(A); b = leaf([1.0, 2.0, -1.0, 0.5])\n"
        "out = []\n"
        "for p in (2, 1, 3.5, float('inf')):\n"
        "    y = torch.dist(a, b, p)\n"
        "    out += [y, grads(y, a, b)]\n"
        "result = out"
    ),
    "numfn_dist_bad_shapes": _case("result = torch.dist(torch.ones(2), torch.ones(3))"),
    "numfn_pdist_values": _case(
        "x = torch.tensor(A)\n"
        "result = [torch.pdist(x), torch.pdist(x, 1), torch.pdist(x, 0), torch.pdist(x, float('inf')), "
        "torch.pdist(x.double(), 3.0), torch.pdist(x[:1]), torch.pdist(x.t())]"
    ),
    "numfn_pdist_grad": _case(
        "x = leaf(A)\n"
        "out = []\n"
        "for p in (2, 1, 3.0):\n"
        "    y = torch.pdist(x, p)\n"
        "    out += [y, grads(y * torch.arange(1.0, 4.0, dtype=torch.float64), x)]\n"
        "result = out"
    ),
    "numfn_pdist_create_graph": _case(
        "x = leaf(A)\n"
        "g, = torch.autograd.grad(torch.pdist(x).sum(), x, create_graph=True)\n"
        "result = g"
    ),
    "numfn_pdist_double_backward": _case(
        "x = leaf(A)\n"
        "g, = torch.autograd.grad(torch.pdist(x).sum(), x, create_graph=True)\n"
        "g.sum().backward()\n"
        "result = g"
    ),
    "numfn_pdist_1d": _case("result = torch.pdist(torch.ones(3))"),
    "numfn_pdist_negative_p": _case("result = torch.pdist(torch.ones(3, 2), -1)"),
    # ---- histogram ----
    "numfn_histogram_values": _case(
        "x = torch.tensor([1.0, 2.0, 1.0, 2.5, 4.0, 0.0, 3.999, 2.0])\n"
        "w = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0])\n"
        "result = [list(torch.histogram(x)), list(torch.histogram(x, 4)), "
        "list(torch.histogram(x, 3, range=(1.0, 3.0))), list(torch.histogram(x, 4, weight=w)), "
        "list(torch.histogram(x, 4, density=True)), "
        "list(torch.histogram(x, torch.tensor([0.0, 1.0, 2.5, 10.0]))), "
        "list(torch.histogram(x.double(), 5, weight=w.double(), density=True)), "
        "list(x.histogram(2)), list(torch.histogram(torch.tensor([3.0, 3.0]), 4))]"
    ),
    "numfn_histogram_names": _case(
        "h = torch.histogram(torch.tensor([1.0, 2.0]), 2)\n"
        "result = [h.hist, h.bin_edges]"
    ),
    "numfn_histogram_int": _case("result = torch.histogram(torch.tensor([1, 2]), 2)"),
    "numfn_histogram_bad_range": _case(
        "result = torch.histogram(torch.tensor([1.0, 2.0]), 2, range=(3.0, 1.0))"
    ),
    # ---- gradient ----
    "numfn_gradient_values": _case(
        "x = torch.tensor(A)\n"
        "result = [list(torch.gradient(x)), list(torch.gradient(x, dim=1)), "
        "list(torch.gradient(x, spacing=2.0)), list(torch.gradient(x, spacing=[0.5, 3.0])), "
        "list(torch.gradient(x, dim=1, edge_order=2)), list(torch.gradient(x.double(), dim=-1, spacing=2)), "
        "list(torch.gradient(torch.tensor([1, 4, 9, 16, 25]))), "
        "list(torch.gradient(x, spacing=(torch.tensor([0.0, 1.0, 3.0]), torch.tensor([0.0, 0.5, 2.0, 2.5]))))]"
    ),
    "numfn_gradient_coordinates": _case(
        "x = torch.tensor(A, dtype=torch.float64)\n"
        "cs = (torch.tensor([0.0, 1.0, 3.0], dtype=torch.float64), "
        "torch.tensor([0.0, 0.5, 2.0, 2.5], dtype=torch.float64))\n"
        "result = [list(torch.gradient(x, spacing=cs)), list(torch.gradient(x, spacing=cs, edge_order=2)), "
        "list(torch.gradient(x, spacing=cs[1:], dim=1, edge_order=2))]"
    ),
    "numfn_gradient_grad": _case(
        "x = leaf(A)\n"
        "g0, g1 = torch.gradient(x, edge_order=2)\n"
        "h, = torch.gradient(x, dim=1, spacing=0.5)\n"
        "result = [g0, g1, h, grads(g0 * g1, x), grads(h * h, x)]"
    ),
    "numfn_gradient_too_short": _case(
        "result = torch.gradient(torch.ones(2, 3), dim=0, edge_order=2)"
    ),
    "numfn_gradient_bad_edge_order": _case("result = torch.gradient(torch.ones(4), edge_order=3)"),
    "numfn_gradient_spacing_length": _case(
        "result = torch.gradient(torch.ones(4, 4), spacing=[1.0, 2.0, 3.0])"
    ),
    # ---- asarray ----
    "numfn_asarray_tensor": _case(
        "x = torch.tensor([1.0, 2.0])\n"
        "a = torch.asarray(x); b = torch.asarray(x, copy=True); c = torch.asarray(x, dtype=torch.float64)\n"
        "b.add_(1)\n"
        "result = [a.data_ptr() == x.data_ptr(), b.data_ptr() == x.data_ptr(), b, c, "
        "torch.asarray(x, dtype=torch.float32).data_ptr() == x.data_ptr()]"
    ),
    "numfn_asarray_lists": _case(
        "result = [torch.asarray([1, 2]), torch.asarray([1.0, 2.5]), torch.asarray(3.0), "
        "torch.asarray([[1, 2]], dtype=torch.float64), torch.asarray([True]), "
        "torch.asarray([1.0], requires_grad=True)]"
    ),
    "numfn_asarray_numpy": _case(
        "import numpy as np\n"
        "n = np.array([1.0, 2.0]); m = np.array([1, 2], dtype=np.int32)\n"
        "a = torch.asarray(n); b = torch.asarray(n, copy=True); c = torch.asarray(m, dtype=torch.float32)\n"
        "n[0] = 7.0\n"
        "result = [a, b, c, torch.asarray(m)]"
    ),
    "numfn_asarray_numpy_0d": _case(
        "import numpy as np\n"
        "n = np.array(3.0); t = torch.asarray(n); n[()] = 5.0\n"
        "result = [t, torch.asarray(np.array([1, 2], dtype=np.int32), dtype=torch.int32), "
        "torch.asarray(np.array([1, 2]), dtype=torch.float32)]"
    ),
    "numfn_asarray_requires_grad": _case(
        "x = torch.tensor([1.0, 2.0])\n"
        "a = torch.asarray(x, requires_grad=True)\n"
        "result = [a.requires_grad, x.requires_grad, a.is_leaf]"
    ),
    "numfn_asarray_copy_false_dtype": _case(
        "result = torch.asarray(torch.tensor([1.0]), dtype=torch.float64, copy=False)"
    ),
    "numfn_asarray_copy_false_list": _case("result = torch.asarray([1.0, 2.0], copy=False)"),
    # ---- set_default_dtype ----
    "numfn_set_default_dtype": _case(
        "old = torch.get_default_dtype()\n"
        "torch.set_default_dtype(torch.float64)\n"
        "try:\n"
        "    torch.manual_seed(0)\n"
        "    got = [torch.get_default_dtype(), torch.tensor([1.0]), torch.tensor(2.5), torch.zeros(2), "
        "torch.ones(1), torch.randn(2), torch.rand(1), torch.arange(0.5, 2), torch.arange(3), "
        "torch.linspace(0, 1, 3), torch.full((2,), 1.5), torch.empty(1).dtype, torch.eye(2), "
        "torch.tensor([1, 2]), torch.tensor([1 + 2j]).dtype, torch.logspace(0, 1, 2)]\n"
        "finally:\n"
        "    torch.set_default_dtype(old)\n"
        "result = [got, torch.get_default_dtype(), torch.tensor([1.0]).dtype]"
    ),
    "numfn_set_default_dtype_int": _case("result = torch.set_default_dtype(torch.int64)"),
    "numfn_set_default_dtype_not_dtype": _case("result = torch.set_default_dtype(3)"),
    # ---- more arguments ----
    "numfn_quantile_out": _case(
        "o = torch.empty(0)\n"
        "r = torch.quantile(torch.tensor(A), torch.tensor([0.25, 0.5]), 1, out=o)\n"
        "result = [r is o, o]"
    ),
    "numfn_nanquantile_all_nan": _case(
        "x = torch.tensor([[float('nan')] * 3, [1.0, float('nan'), 2.0]])\n"
        "result = [x.nanquantile(0.5, 1), x.nanquantile(torch.tensor([0.0, 1.0]), 1, keepdim=True), "
        "x.nanquantile(0.3)]"
    ),
    "numfn_gcd_scalar_other": _case("result = torch.gcd(torch.tensor([4, 6]), 4)"),
    "numfn_nextafter_scalar_other": _case("result = torch.nextafter(torch.tensor([1.0]), 2.0)"),
    "numfn_ldexp_scalar_other": _case("result = torch.ldexp(torch.tensor([1.0]), 2)"),
    "numfn_dist_scalar_other": _case("result = torch.dist(torch.tensor([1.0]), 2.0)"),
    "numfn_frexp_half": _case(
        "m, e = torch.frexp(torch.tensor([0.1, -3.0, 1000.0, 0.0], dtype=torch.float16))\n"
        "result = [m, e]"
    ),
    "numfn_logspace_half": _case(
        "result = [torch.logspace(0, 5, 6, dtype=torch.float16), torch.logspace(-1, 1, 4, base=2, dtype=torch.float16)]"
    ),
    "numfn_set_default_dtype_half": _case(
        "torch.set_default_dtype(torch.float16)\n"
        "try:\n"
        "    got = [torch.tensor([1.5]), torch.zeros(2), torch.arange(0.5, 2), torch.full((1,), 2.5)]\n"
        "finally:\n"
        "    torch.set_default_dtype(torch.float32)\n"
        "result = got"
    ),
    "numfn_is_floating_point_not_tensor": _case("result = torch.is_floating_point(3)"),
    "numfn_nanmedian_int_dim": _case(
        "x = torch.tensor([[3, 1, 2], [5, 5, 4]])\n"
        "r = x.nanmedian(1)\n"
        "result = [r.values, r.indices, x.nanmedian(), torch.tensor(2.5).nanmedian(0)]"
    ),
}

# floats whose kernels round differently from torch's on this CPU (see the
# report): float32 exp2/log1p (torch: SLEEF) in logaddexp2, torch's float64
# pow(x, 0.5) in float_power, and pow in pdist's backward for a general p
TOLERANCES = {
    "numfn_logaddexp_random": (1e-6, 0.0),
    "numfn_float_power_values": (1e-15, 0.0),
    "numfn_pdist_grad": (1e-15, 0.0),
}

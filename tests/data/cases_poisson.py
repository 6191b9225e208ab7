"""torch.poisson, torch.binomial and torch._dirichlet_grad, and the
distributions built on them (Poisson, Binomial, NegativeBinomial; the
Dirichlet and Beta rsample gradients; Gamma.cdf), recorded from torch 2.13:
seeded draws over rates and counts in every branch of the samplers (zero,
tiny, below and at the switch, large, 1e6 and beyond, inf), float32 and
float64, with the default and an explicit Generator, the draw after them
(how many uniforms each used), non-contiguous and broadcast operands,
nodes and gradients, log_prob values and gradients, moments, reprs, KL
divergences and torch's errors."""

_RUN = (
    "D = torch.distributions\n"
    "def run(y, *leaves):\n"
    "    w = torch.arange(y.numel(), dtype=y.dtype).reshape(y.shape) + 1\n"
    "    (y * w).sum().backward()\n"
    "    return [y, y.grad_fn, [t.grad for t in leaves]]\n"
    "def leaf(*values, dtype=torch.float32):\n"
    "    return torch.tensor(list(values), dtype=dtype, requires_grad=True)\n"
)


def _case(body):
    return _RUN + body


_RATES = (
    "[0.0, 1e-30, 1e-3, 0.1, 0.5, 1.0, 2.5, 5.0, 9.5, 9.999999, 10.0, 10.000001, "
    "12.0, 30.0, 100.0, 1234.5, 1e5, 1e6, 1e9, 1e15]"
)

# torch's float32 lgamma, log, log1p and exp run SLEEF's vectorized
# kernels, which can differ from ferrograd's in the last bit; the
# log-probabilities, KL terms and NegativeBinomial's moments (exp of
# logits = log p - log1p(-p)) inherit that ulp.
_ULP = (1e-6, 1e-6)
TOLERANCES = {
    "poisson_dist_log_prob": _ULP,
    "poisson_binomial_dist": _ULP,
    "poisson_kl": _ULP,
    "poisson_negbin_sample": _ULP,
    # log_prob subtracts lgammas near 500 (lgamma(130)), whose float32 ulp
    # is 3e-5, from each other: that ulp stays as an absolute error
    "poisson_negbin_log_prob": (1e-6, 1e-4),
}

CASES = {}
for _seed in (0, 1, 123):
    for _dt in ("float32", "float64"):
        CASES[f"poisson_rates_seed{_seed}_{_dt}"] = _case(
            f"torch.manual_seed({_seed})\n"
            f"r = torch.tensor({_RATES}, dtype=torch.{_dt}).repeat(4)\n"
            "result = [torch.poisson(r), torch.rand(3, dtype=torch.float64)]"
        )

CASES.update(
    {
        "poisson_many_small": _case(
            "torch.manual_seed(5)\n"
            "r = torch.linspace(0, 12, 600)\n"
            "result = [torch.poisson(r), torch.poisson(r.double()), torch.rand(2)]"
        ),
        "poisson_many_large": _case(
            "torch.manual_seed(6)\n"
            "r = torch.logspace(1, 7, 400, dtype=torch.float64)\n"
            "result = [torch.poisson(r), torch.poisson(r.float()), torch.rand(2)]"
        ),
        "poisson_generator": _case(
            "g = torch.Generator().manual_seed(77)\n"
            "torch.manual_seed(0)\n"
            "r = torch.tensor([0.3, 4.0, 11.0, 250.0] * 3)\n"
            "a = torch.poisson(r, generator=g)\n"
            "b = torch.poisson(r.double(), g)\n"
            "result = [a, b, torch.rand(2, generator=g), torch.rand(2)]"
        ),
        "poisson_shapes": _case(
            "torch.manual_seed(9)\n"
            "r = torch.arange(12.).reshape(3, 4) * 2.5\n"
            "result = [torch.poisson(r.t()), torch.poisson(torch.tensor([3.0, 40.0]).expand(3, 2)), "
            "torch.poisson(torch.tensor(15.0)), torch.poisson(torch.empty(0, 3)), "
            "torch.poisson(r[:, ::2]), torch.rand(2)]"
        ),
        "poisson_inf_and_huge": _case(
            "torch.manual_seed(2)\n"
            "r = torch.tensor([float('inf'), 1e20, 9.2e18, 1e18, 4.0])\n"
            "result = [torch.poisson(r), torch.poisson(r.double()), torch.rand(2)]"
        ),
        "poisson_half": _case(
            "torch.manual_seed(4)\n"
            "r = torch.tensor([0.5, 3.0, 12.0, 700.0, 3000.0])\n"
            "result = [torch.poisson(r.half()), torch.poisson(r.bfloat16()), torch.rand(2)]"
        ),
        "poisson_grad": _case(
            "torch.manual_seed(3)\n"
            "r = leaf(0.5, 3.0, 20.0)\n"
            "r64 = leaf(0.5, 3.0, 20.0, dtype=torch.float64)\n"
            "result = [run(torch.poisson(r), r), run(torch.poisson(r64), r64)]"
        ),
        "poisson_grad_fn_next": _case(
            "r = leaf(1.0, 2.0)\n"
            "p = torch.poisson(r * 2)\n"
            "result = [p.grad_fn, p.requires_grad, str(p.grad_fn.next_functions[0][0].name()), "
            "torch.poisson(r.detach()).requires_grad]"
        ),
        "poisson_error_negative": "torch.poisson(torch.tensor([1.0, -1.0]))",
        "poisson_error_nan": "torch.poisson(torch.tensor([float('nan')], dtype=torch.float64))",
        "poisson_error_state": _case(
            # the draws before the bad rate are taken from the generator
            "torch.manual_seed(1)\n"
            "try:\n"
            "    torch.poisson(torch.tensor([3.0, 25.0, -0.5, 4.0]))\n"
            "    msg = None\n"
            "except RuntimeError as e:\n"
            "    msg = str(e)\n"
            "result = [msg, torch.rand(3)]"
        ),
        "poisson_error_int": "torch.poisson(torch.tensor([1, 2]))",
        "poisson_error_bool": "torch.poisson(torch.tensor([True]))",
        "poisson_error_not_tensor": "torch.poisson(3.0)",
        # ---- binomial ----
        "poisson_binomial_f32": _case(
            "torch.manual_seed(0)\n"
            "n = torch.tensor([0., 1., 5., 10., 20., 40., 100., 1000., 1e6, 7., 50., 3.] * 3)\n"
            "p = torch.tensor([0.3, 0.5, 0.2, 0.99, 0.5, 0.25, 0.9, 0.01, 0.4, 1.0, 0.0, 0.7] * 3)\n"
            "result = [torch.binomial(n, p), torch.rand(2)]"
        ),
        "poisson_binomial_f64": _case(
            "torch.manual_seed(1)\n"
            "n = torch.tensor([0., 1., 5., 10., 20., 40., 100., 1000., 1e6, 7., 50., 3.] * 3, "
            "dtype=torch.float64)\n"
            "p = torch.tensor([0.3, 0.5, 0.2, 0.99, 0.5, 0.25, 0.9, 0.01, 0.4, 1.0, 0.0, 0.7] * 3, "
            "dtype=torch.float64)\n"
            "result = [torch.binomial(n, p), torch.rand(2)]"
        ),
        "poisson_binomial_many": _case(
            "torch.manual_seed(2)\n"
            "n = torch.arange(1., 301.)\n"
            "p = torch.linspace(0.001, 0.999, 300)\n"
            "result = [torch.binomial(n, p), torch.binomial(n.double() * 7, p.double()), "
            "torch.binomial(torch.full((50,), 1e9), torch.full((50,), 0.3)), torch.rand(2)]"
        ),
        "poisson_binomial_edges": _case(
            "torch.manual_seed(3)\n"
            "n = torch.tensor([-1., 5., 5., 5., float('inf'), 0., 12., 12.])\n"
            "p = torch.tensor([0.5, -0.2, 1.5, float('nan'), 0.0, 0.5, 1e-8, 1 - 1e-7])\n"
            "result = [torch.binomial(n, p), torch.binomial(n.double(), p.double()), torch.rand(2)]"
        ),
        "poisson_binomial_infinite": _case(
            "torch.manual_seed(0)\n"
            "n = torch.tensor([float('inf')] * 4)\n"
            "p = torch.tensor([0.3, 0.7, 0.5, 1e-3])\n"
            "result = [torch.binomial(n, p), torch.binomial(n.double(), p.double()), "
            "torch.binomial(torch.tensor([1e30] * 2), torch.tensor([0.3, 0.7])), torch.rand(2)]"
        ),
        "poisson_binomial_generator_broadcast": _case(
            "import warnings\n"
            "g = torch.Generator().manual_seed(8)\n"
            "with warnings.catch_warnings(record=True) as w:\n"
            "    warnings.simplefilter('always')\n"
            "    a = torch.binomial(torch.tensor([30.]), torch.tensor([0.2, 0.6, 0.9]), generator=g)\n"
            "b = torch.binomial(torch.tensor([[10.], [40.]]).expand(2, 3), torch.tensor([0.1, 0.5, 0.8]).expand(2, 3), g)\n"
            "result = [a, b, [str(x.message) for x in w], torch.rand(2, generator=g)]"
        ),
        "poisson_binomial_grad": _case(
            "n, p = leaf(5.0, 20.0), leaf(0.3, 0.6)\n"
            "b = torch.binomial(n, p)\n"
            "result = [b.grad_fn is not None, b.requires_grad, type(b.grad_fn).__name__]"
        ),
        "poisson_binomial_backward_error": (
            "n, p = torch.tensor([5.0], requires_grad=True), torch.tensor([0.3])\n"
            "torch.binomial(n, p).sum().backward()"
        ),
        "poisson_binomial_error_int_count": (
            "torch.binomial(torch.tensor([1, 2]), torch.tensor([0.5, 0.5]))"
        ),
        "poisson_binomial_error_complex_count": (
            "torch.binomial(torch.tensor([1 + 2j]), torch.tensor([0.5]))"
        ),
        "poisson_binomial_error_int_prob": (
            "torch.binomial(torch.tensor([1., 2.]), torch.tensor([1, 0]))"
        ),
        "poisson_binomial_error_dtype": (
            "torch.binomial(torch.tensor([1., 2.]), torch.tensor([0.5, 0.5], dtype=torch.float64))"
        ),
        "poisson_binomial_error_half": (
            "torch.binomial(torch.tensor([1., 2.]).half(), torch.tensor([0.5, 0.5]).half())"
        ),
        "poisson_binomial_error_shape": (
            "torch.binomial(torch.tensor([1., 2.]), torch.tensor([0.5, 0.5, 0.5]))"
        ),
        # ---- _dirichlet_grad ----
        "poisson_dirichlet_grad_grid": _case(
            "a = torch.tensor([0.1, 0.5, 1.0, 2.0, 5.0, 7.0, 20.0, 100.0])\n"
            "extra = torch.tensor([0.1, 0.5, 1.0, 3.0, 8.0, 50.0])\n"
            "x = torch.tensor([1e-4, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.9999])\n"
            "A, E, X = torch.meshgrid(a, extra, x, indexing='ij')\n"
            "A, T, X = A.reshape(-1), (A + E).reshape(-1), X.reshape(-1)\n"
            "result = [torch._dirichlet_grad(X, A, T), "
            "torch._dirichlet_grad(X.double(), A.double(), T.double())]"
        ),
        "poisson_dirichlet_grad_mid": _case(
            # alpha and beta both above 6, at the mean (the polynomial) and off it
            "a = torch.tensor([20.0, 20.0, 20.0, 7.5, 300.0, 10.0])\n"
            "t = torch.tensor([50.0, 50.0, 50.0, 15.0, 400.0, 17.0])\n"
            "x = torch.tensor([0.4, 0.401, 0.3, 0.5, 0.75, 0.2])\n"
            "result = [torch._dirichlet_grad(x, a, t), "
            "torch._dirichlet_grad(x.double(), a.double(), t.double())]"
        ),
        "poisson_dirichlet_grad_node": _case(
            "x, a = leaf(0.3, 0.6), leaf(1.0, 2.0)\n"
            "g = torch._dirichlet_grad(x, a, a + 1)\n"
            "w = torch._dirichlet_grad(torch.tensor([0.3, 0.2]), torch.tensor([1.]), torch.tensor([2.]))\n"
            "result = [g, type(g.grad_fn).__name__, w]"
        ),
        "poisson_dirichlet_grad_backward_error": (
            "x = torch.tensor([0.3], requires_grad=True)\n"
            "torch._dirichlet_grad(x, torch.tensor([1.]), torch.tensor([2.])).sum().backward()"
        ),
        "poisson_dirichlet_grad_error_dtype": (
            "torch._dirichlet_grad(torch.tensor([0.3]), torch.tensor([1.]), "
            "torch.tensor([2.], dtype=torch.float64))"
        ),
        "poisson_dirichlet_grad_error_half": (
            "torch._dirichlet_grad(torch.tensor([0.3]).half(), torch.tensor([1.]).half(), "
            "torch.tensor([2.]).half())"
        ),
        # ---- Dirichlet and Beta rsample gradients ----
        "poisson_dirichlet_rsample_grad": _case(
            "torch.manual_seed(0)\n"
            "c = leaf(0.5, 2.0, 7.0)\n"
            "result = run(D.Dirichlet(c).rsample((4,)), c)"
        ),
        "poisson_dirichlet_rsample_grad_f64": _case(
            "torch.manual_seed(1)\n"
            "c = torch.tensor([[0.2, 1.0, 3.0, 9.0], [30.0, 40.0, 0.05, 1.5]], dtype=torch.float64, "
            "requires_grad=True)\n"
            "result = run(D.Dirichlet(c).rsample((3,)), c)"
        ),
        "poisson_dirichlet_rsample_grad_wide": _case(
            "torch.manual_seed(2)\n"
            "c = (torch.rand(6, 5) * 10 + 0.05).requires_grad_()\n"
            "x = D.Dirichlet(c).rsample()\n"
            "result = [run(x, c), x.grad_fn]"
        ),
        "poisson_beta_rsample_grad": _case(
            "torch.manual_seed(3)\n"
            "a, b = leaf(0.5, 2.0, 8.0, 30.0), leaf(1.5, 0.3, 9.0, 20.0)\n"
            "result = run(D.Beta(a, b).rsample((3,)), a, b)"
        ),
        "poisson_beta_rsample_grad_f64": _case(
            "torch.manual_seed(4)\n"
            "a = leaf(0.5, 2.0, 8.0, 30.0, dtype=torch.float64)\n"
            "b = leaf(1.5, 0.3, 9.0, 20.0, dtype=torch.float64)\n"
            "result = run(D.Beta(a, b).rsample((3,)), a, b)"
        ),
        "poisson_beta_rsample_scalar": _case(
            "torch.manual_seed(5)\n"
            "a = torch.tensor(2.0, requires_grad=True)\n"
            "y = D.Beta(a, 3.0).rsample((5,))\n"
            "y.sum().backward()\n"
            "result = [y, y.grad_fn, a.grad]"
        ),
        # ---- Gamma.cdf ----
        "poisson_gamma_cdf": _case(
            "c, r = leaf(0.5, 1.0, 2.0, 5.0), leaf(1.0, 2.0, 0.5, 3.0)\n"
            "v = torch.tensor([0.3, 1.0, 2.5, 0.0])\n"
            "d = D.Gamma(c.detach(), r)\n"
            "result = [run(d.cdf(v), r), D.Gamma(2.0, 3.0).cdf(torch.tensor([0.1, 1.0, 10.0])), "
            "D.Gamma(torch.tensor([0.5, 3.0], dtype=torch.float64), 2.0).cdf("
            "torch.tensor([0.25, 4.0], dtype=torch.float64))]"
        ),
        "poisson_gamma_cdf_bad": "torch.distributions.Gamma(1., 1.).cdf(torch.tensor([-1.0]))",
        # ---- Poisson ----
        "poisson_dist_sample": _case(
            "torch.manual_seed(0)\n"
            "d = D.Poisson(torch.tensor([0.5, 4.0, 15.0]))\n"
            "result = [d.sample(), d.sample((2,)), D.Poisson(3.0).sample((4,)), repr(d), "
            "repr(D.Poisson(3.0)), d.batch_shape, d.event_shape, d.mean, d.mode, d.variance, "
            "d.stddev, repr(d.support), d.support.is_discrete, d.has_rsample, torch.rand(2)]"
        ),
        "poisson_dist_sample_f64": _case(
            "torch.manual_seed(7)\n"
            "d = D.Poisson(torch.tensor([[0.0, 2.5], [11.0, 1e4]], dtype=torch.float64))\n"
            "result = [d.sample((3,)), d.mode, d.sample().dtype]"
        ),
        "poisson_dist_sample_grad": _case(
            "torch.manual_seed(1)\n"
            "r = leaf(1.0, 20.0)\n"
            "s = D.Poisson(r).sample()\n"
            "result = [s, s.requires_grad, s.grad_fn]"
        ),
        "poisson_dist_log_prob": _case(
            "r = leaf(0.5, 1.0, 4.0, 15.0, 0.0)\n"
            "d = D.Poisson(r)\n"
            "v = torch.tensor([0.0, 1.0, 3.0, 20.0, 0.0])\n"
            "result = [run(d.log_prob(v), r), D.Poisson(2.0).log_prob(torch.tensor([0., 1., 5.])), "
            "D.Poisson(torch.tensor([1.0, 3.0])).log_prob(torch.tensor([[2.0], [4.0]]))]"
        ),
        "poisson_dist_log_prob_f64": _case(
            "r = leaf(0.5, 1.0, 4.0, 15.0, 1e3, dtype=torch.float64)\n"
            "v = torch.tensor([0.0, 2.0, 3.0, 20.0, 990.0], dtype=torch.float64)\n"
            "result = run(D.Poisson(r).log_prob(v), r)"
        ),
        "poisson_dist_expand": _case(
            "torch.manual_seed(9)\n"
            "d = D.Poisson(torch.tensor([1.5, 12.0])).expand((3, 2))\n"
            "result = [d.batch_shape, d.sample(), d.log_prob(torch.ones(3, 2)), repr(d)]"
        ),
        "poisson_dist_bad_rate": "torch.distributions.Poisson(torch.tensor([1.0, -1.0]))",
        "poisson_dist_bad_sample": (
            "torch.distributions.Poisson(torch.tensor([1.0])).log_prob(torch.tensor([1.5]))"
        ),
        "poisson_dist_bad_sample_negative": (
            "torch.distributions.Poisson(2.0).log_prob(torch.tensor([-1.0]))"
        ),
        "poisson_dist_no_validation": _case(
            "d = D.Poisson(torch.tensor([2.0]), validate_args=False)\n"
            "result = [d.log_prob(torch.tensor([1.5])), repr(D.Poisson(-1.0, validate_args=False))]"
        ),
        "poisson_kl": _case(
            "p, q = leaf(0.5, 2.0, 7.0), leaf(1.0, 2.0, 3.0)\n"
            "k = D.kl_divergence(D.Poisson(p), D.Poisson(q))\n"
            "b = D.Bernoulli(torch.tensor([0.2, 0.5, 0.9]))\n"
            "result = [run(k, p, q), D.kl_divergence(b, D.Poisson(torch.tensor([1.0, 2.0, 0.5]))), "
            "D.kl_divergence(D.Poisson(torch.tensor([1.0, 2.0])), D.Bernoulli(torch.tensor([0.2, 0.5]))), "
            "D.kl_divergence(D.Poisson(torch.tensor([1.0])), D.Binomial(5, torch.tensor([0.2])))]"
        ),
        # ---- Binomial ----
        "poisson_binomial_dist": _case(
            "torch.manual_seed(0)\n"
            "d = D.Binomial(torch.tensor([5.0, 30.0, 100.0]), torch.tensor([0.3, 0.6, 0.05]))\n"
            "l = D.Binomial(10, logits=torch.tensor([-1.0, 0.0, 2.0]))\n"
            "result = [d.sample(), d.sample((2,)), l.sample((2,)), repr(d), repr(l), d.batch_shape, "
            "d.mean, d.mode, d.variance, l.probs, d.logits, repr(d.support), "
            "d.support.is_discrete, d.param_shape, torch.rand(2)]"
        ),
        "poisson_binomial_dist_f64": _case(
            "torch.manual_seed(1)\n"
            "d = D.Binomial(torch.tensor([[4.0], [40.0]], dtype=torch.float64), "
            "torch.tensor([0.25, 0.75], dtype=torch.float64))\n"
            "result = [d.sample((3,)), d.batch_shape, d.total_count]"
        ),
        "poisson_binomial_dist_log_prob": _case(
            "p = leaf(0.2, 0.5, 0.9)\n"
            "d = D.Binomial(10, p)\n"
            "v = torch.tensor([0.0, 5.0, 10.0])\n"
            "lo = leaf(-2.0, 0.0, 3.0)\n"
            "result = [run(d.log_prob(v), p), run(D.Binomial(torch.tensor([3., 8., 20.]), "
            "logits=lo).log_prob(torch.tensor([1., 8., 11.])), lo)]"
        ),
        "poisson_binomial_dist_log_prob_f64": _case(
            "p = leaf(0.2, 0.5, 0.9, dtype=torch.float64)\n"
            "v = torch.tensor([1.0, 6.0, 7.0], dtype=torch.float64)\n"
            "result = run(D.Binomial(torch.tensor([3.0, 12.0, 7.0], dtype=torch.float64), p)"
            ".log_prob(v), p)"
        ),
        "poisson_binomial_dist_entropy": _case(
            "d = D.Binomial(6, torch.tensor([0.1, 0.5, 0.8]))\n"
            "result = [d.entropy(), d.enumerate_support(), d.enumerate_support(False), "
            "D.Binomial(3, torch.tensor(0.4)).enumerate_support()]"
        ),
        "poisson_binomial_dist_entropy_inhomogeneous": (
            "torch.distributions.Binomial(torch.tensor([2., 3.]), torch.tensor([0.5, 0.5]))"
            ".entropy()"
        ),
        "poisson_binomial_dist_expand": _case(
            "torch.manual_seed(4)\n"
            "d = D.Binomial(20, torch.tensor([0.3, 0.8])).expand((2, 2))\n"
            "l = D.Binomial(20, logits=torch.tensor([0.3, -0.8])).expand((3, 2))\n"
            "result = [d.batch_shape, d.sample(), l.sample(), repr(d), repr(l)]"
        ),
        "poisson_binomial_dist_kl": _case(
            "p = leaf(0.2, 0.5, 0.7)\n"
            "k = D.kl_divergence(D.Binomial(torch.tensor([10., 10., 12.]), p), "
            "D.Binomial(10, torch.tensor([0.3, 0.4, 0.5])))\n"
            "result = run(k, p)"
        ),
        "poisson_binomial_dist_kl_error": (
            "D = torch.distributions\n"
            "D.kl_divergence(D.Binomial(5, torch.tensor([0.5])), D.Binomial(8, torch.tensor([0.5])))"
        ),
        "poisson_binomial_dist_both": (
            "torch.distributions.Binomial(5, probs=torch.tensor([0.5]), logits=torch.tensor([0.]))"
        ),
        "poisson_binomial_dist_bad_count": (
            "torch.distributions.Binomial(torch.tensor([2.5]), torch.tensor([0.5]))"
        ),
        "poisson_binomial_dist_bad_probs": (
            "torch.distributions.Binomial(5, torch.tensor([1.5]))"
        ),
        "poisson_binomial_dist_bad_sample": (
            "torch.distributions.Binomial(5, torch.tensor([0.5])).log_prob(torch.tensor([6.0]))"
        ),
        # ---- NegativeBinomial ----
        "poisson_negbin_sample": _case(
            "torch.manual_seed(0)\n"
            "d = D.NegativeBinomial(torch.tensor([1.0, 5.0, 30.0]), torch.tensor([0.3, 0.6, 0.9]))\n"
            "l = D.NegativeBinomial(4.0, logits=torch.tensor([-1.0, 0.5]))\n"
            "result = [d.sample(), d.sample((2,)), l.sample((3,)), repr(d), repr(l), "
            "d.mean, d.mode, d.variance, l.probs, repr(d.support), torch.rand(2)]"
        ),
        "poisson_negbin_sample_f64": _case(
            "torch.manual_seed(2)\n"
            "d = D.NegativeBinomial(torch.tensor([0.5, 3.0], dtype=torch.float64), "
            "torch.tensor([0.2, 0.95], dtype=torch.float64))\n"
            "g = d.sample((4,))\n"
            "result = [g, g.dtype, d.expand((2, 2)).sample()]"
        ),
        "poisson_negbin_log_prob": _case(
            "n, p = leaf(1.0, 5.0, 30.0, 0.0), leaf(0.3, 0.6, 0.9, 0.5)\n"
            "v = torch.tensor([0.0, 3.0, 100.0, 0.0])\n"
            "lo = leaf(-1.0, 0.5)\n"
            "result = [run(D.NegativeBinomial(n, p).log_prob(v), n, p), "
            "run(D.NegativeBinomial(4.0, logits=lo).log_prob(torch.tensor([2.0, 7.0])), lo)]"
        ),
        "poisson_negbin_log_prob_f64": _case(
            "n = leaf(1.0, 5.0, 30.0, dtype=torch.float64)\n"
            "p = leaf(0.3, 0.6, 0.9, dtype=torch.float64)\n"
            "v = torch.tensor([2.0, 3.0, 250.0], dtype=torch.float64)\n"
            "result = run(D.NegativeBinomial(n, p).log_prob(v), n, p)"
        ),
        "poisson_negbin_bad_probs": (
            "torch.distributions.NegativeBinomial(2.0, torch.tensor([1.0]))"
        ),
        "poisson_negbin_bad_count": (
            "torch.distributions.NegativeBinomial(torch.tensor([-1.0]), torch.tensor([0.5]))"
        ),
        "poisson_negbin_bad_sample": (
            "torch.distributions.NegativeBinomial(2.0, torch.tensor([0.5]))"
            ".log_prob(torch.tensor([0.5]))"
        ),
        "poisson_negbin_neither": "torch.distributions.NegativeBinomial(2.0)",
    }
)

"""torch._standard_gamma, torch.distributions.Gamma and Chi2, and the
lgamma/digamma values they use, recorded from torch 2.13: seeded draws for
several seeds, shapes, dtypes and concentrations (below 1, where torch
boosts alpha; tiny ones; large ones), the draw after them (the normal cache
the sampler leaves in the generator), rsample gradients through
StandardGammaBackward0, log_prob values and gradients, moments, reprs and
validation errors."""

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


_ALPHAS = "[0.05, 0.3, 0.999, 1.0, 1.5, 2.0, 3.7, 10.0, 123.0]"

# torch's CPU lgamma runs SLEEF's vectorized lgamma (and its scalar tail
# another routine); ferrograd calls the C library's lgamma, which can differ
# from it in the last bit or two.
# Dirichlet's log_prob sums lgamma values, so it inherits that last bit.
TOLERANCES = {"gamma_lgamma_": (1e-6, 1e-9), "gamma_dirichlet_log_prob": (1e-6, 1e-9)}

CASES = {}
for _seed in (0, 1, 7, 1234):
    for _dt in ("float32", "float64"):
        CASES[f"gamma_standard_seed{_seed}_{_dt}"] = _case(
            f"torch.manual_seed({_seed})\n"
            f"a = torch.tensor({_ALPHAS}, dtype=torch.{_dt}).repeat(3)\n"
            "s = torch._standard_gamma(a)\n"
            "result = [s, torch.randn(3, dtype=torch.float64), torch.rand(2)]"
        )

CASES.update(
    {
        "gamma_standard_tiny": _case(
            "torch.manual_seed(3)\n"
            "a = torch.tensor([1e-3, 1e-5, 1e-20, 1e-38, 0.0, 0.01] * 3)\n"
            "b = a.double()\n"
            "result = [torch._standard_gamma(a), torch._standard_gamma(b), "
            "torch._standard_gamma(torch.tensor([1e-300, 1e-200], dtype=torch.float64))]"
        ),
        "gamma_standard_shapes": _case(
            "torch.manual_seed(5)\n"
            "a = torch.full((4, 5, 3), 0.7)\n"
            "result = [torch._standard_gamma(a), torch._standard_gamma(torch.tensor(2.5)), "
            "torch._standard_gamma(torch.ones(2, 3).t() * 4), "
            "torch._standard_gamma(torch.tensor([0.5, 2.0]).expand(3, 2))]"
        ),
        "gamma_standard_many": _case(
            "torch.manual_seed(11)\n"
            "a = torch.linspace(0.01, 20, 500)\n"
            "s = torch._standard_gamma(a); s64 = torch._standard_gamma(a.double())\n"
            "result = [s, s64]"
        ),
        "gamma_standard_grad_fn": _case(
            "torch.manual_seed(2)\n"
            "a = leaf(0.2, 0.9, 1.5, 4.0, 9.0, 30.0)\n"
            "result = run(torch._standard_gamma(a), a)"
        ),
        "gamma_standard_grad_fn_f64": _case(
            "torch.manual_seed(2)\n"
            "a = leaf(0.2, 0.9, 1.5, 4.0, 9.0, 30.0, 100.0, 0.01, dtype=torch.float64)\n"
            "result = run(torch._standard_gamma(a), a)"
        ),
        "gamma_standard_gamma_grad": _case(
            "a = torch.tensor([0.1, 0.5, 1.0, 2.0, 5.0, 9.0, 9.0, 9.0, 20.0, 50.0, 3.0, 0.3])\n"
            "x = torch.tensor([0.01, 0.3, 0.79, 0.81, 2.0, 8.5, 9.0, 20.0, 5.0, 52.0, 3.0, 5.0])\n"
            "result = [torch._standard_gamma_grad(a, x), "
            "torch._standard_gamma_grad(a.double(), x.double())]"
        ),
        "gamma_standard_int_error": "torch._standard_gamma(torch.tensor([1, 2]))",
        "gamma_lgamma_values": _case(
            "x = torch.tensor([0.1, 0.5, 1.0, 1.5, 2.0, 3.3, 9.99, 10.0, 12.5, 100.0, 1e5, -0.5, -2.5])\n"
            "result = [torch.lgamma(x), torch.lgamma(x.double()), "
            "torch.lgamma(torch.tensor([1, 2, 5])), x.lgamma()]"
        ),
        "gamma_digamma_values": _case(
            "x = torch.tensor([0.1, 0.5, 1.0, 1.5, 2.0, 3.3, 9.99, 10.0, 12.5, 100.0, 1e5, -0.5, -2.5])\n"
            "result = [torch.digamma(x), torch.digamma(x.double()), "
            "torch.digamma(torch.tensor([0.0, -0.0, -1.0, -3.0]))]"
        ),
        "gamma_lgamma_grad": _case(
            "x = leaf(0.1, 0.5, 2.0, 7.5, 15.0)\n"
            "x64 = leaf(0.1, 0.5, 2.0, 7.5, 15.0, dtype=torch.float64)\n"
            "result = [run(torch.lgamma(x), x), run(x64.lgamma(), x64)]"
        ),
        # ---- Gamma ----
        "gamma_dist_sample_shapes": _case(
            "torch.manual_seed(0)\n"
            "d = D.Gamma(torch.tensor([0.5, 1.0, 3.0]), torch.tensor([1.0, 2.0, 0.5]))\n"
            "result = [d.sample(), d.sample((2,)), d.sample(torch.Size([2, 2])), d.rsample((4,)), "
            "D.Gamma(2., 3.).sample(), D.Gamma(2., 3.).sample((5, 2)), torch.rand(2), "
            "d.batch_shape, d.event_shape, repr(d), repr(D.Gamma(2., 3.))]"
        ),
        "gamma_dist_sample_f64": _case(
            "torch.manual_seed(42)\n"
            "d = D.Gamma(torch.tensor([0.2, 7.0], dtype=torch.float64), 2.0)\n"
            "result = [d.sample((6,)), d.rsample((3,)), repr(d), d.concentration, d.rate]"
        ),
        "gamma_dist_rsample_grad": _case(
            "torch.manual_seed(3)\n"
            "c, r = leaf(0.4, 1.0, 2.5, 12.0), leaf(1.0, 0.5, 2.0, 3.0)\n"
            "result = run(D.Gamma(c, r).rsample((3,)), c, r)"
        ),
        "gamma_dist_rsample_grad_f64": _case(
            "torch.manual_seed(4)\n"
            "c = leaf(0.4, 1.0, 2.5, 12.0, dtype=torch.float64)\n"
            "r = leaf(1.0, 0.5, 2.0, 3.0, dtype=torch.float64)\n"
            "result = run(D.Gamma(c, r).rsample((2,)), c, r)"
        ),
        "gamma_dist_log_prob": _case(
            "c, r = leaf(0.5, 1.0, 2.0, 5.0), leaf(1.0, 2.0, 0.5, 3.0)\n"
            "d = D.Gamma(c, r)\n"
            "v = torch.tensor([0.3, 1.0, 2.5, 0.0])\n"
            "result = [run(d.log_prob(v), c, r), D.Gamma(2., 3.).log_prob(torch.tensor([0.5, 1.])),"
            " D.Gamma(1., 3.).log_prob(torch.tensor(0.))]"
        ),
        "gamma_dist_log_prob_f64": _case(
            "c = leaf(0.5, 1.0, 2.0, 5.0, dtype=torch.float64)\n"
            "r = leaf(1.0, 2.0, 0.5, 3.0, dtype=torch.float64)\n"
            "v = torch.tensor([0.3, 1.0, 2.5, 4.0], dtype=torch.float64)\n"
            "result = run(D.Gamma(c, r).log_prob(v), c, r)"
        ),
        "gamma_dist_moments": _case(
            "d = D.Gamma(torch.tensor([0.5, 1.0, 2.0, 5.0]), torch.tensor([1.0, 2.0, 0.5, 3.0]))\n"
            "result = [d.mean, d.mode, d.variance, d.stddev, d.entropy(), "
            "D.Gamma(3., 2.).entropy(), repr(d.support), d.has_rsample]"
        ),
        "gamma_dist_expand": _case(
            "torch.manual_seed(9)\n"
            "d = D.Gamma(torch.tensor([1.5, 0.5]), torch.tensor([1.0, 2.0])).expand((3, 2))\n"
            "result = [d.batch_shape, d.sample(), d.log_prob(torch.ones(3, 2)), repr(d)]"
        ),
        "gamma_dist_bad_rate": "torch.distributions.Gamma(1., -1.)",
        "gamma_dist_bad_concentration": (
            "torch.distributions.Gamma(torch.tensor([1., 0.]), torch.tensor([1., 2.]))"
        ),
        "gamma_dist_bad_sample": (
            "torch.distributions.Gamma(1., 1.).log_prob(torch.tensor([-1.0]))"
        ),
        "gamma_dist_no_validation": _case(
            "d = D.Gamma(-1., 1., validate_args=False)\n"
            "result = [repr(d), d.log_prob(torch.tensor([1.0]))]"
        ),
        # ---- Dirichlet and Beta ----
        "gamma_dirichlet_sample": _case(
            "torch.manual_seed(0)\n"
            "d = D.Dirichlet(torch.tensor([[0.5, 1.0, 3.0], [0.1, 0.2, 20.0]]))\n"
            "result = [d.sample(), d.sample((2,)), d.batch_shape, d.event_shape, repr(d), "
            "torch.randn(2, dtype=torch.float64)]"
        ),
        "gamma_dirichlet_sample_f64": _case(
            "torch.manual_seed(8)\n"
            "a = torch.tensor([0.01, 0.3, 2.0, 7.0, 1.0], dtype=torch.float64)\n"
            "result = [D.Dirichlet(a).sample((4,)), torch._sample_dirichlet(a), "
            "torch._sample_dirichlet(torch.full((3, 20), 0.5))]"
        ),
        "gamma_dirichlet_log_prob": _case(
            "c = leaf(0.5, 2.0, 3.0)\n"
            "d = D.Dirichlet(c)\n"
            "v = torch.tensor([0.2, 0.3, 0.5])\n"
            "lp = d.log_prob(v); lp.backward()\n"
            "result = [lp, lp.grad_fn, c.grad, d.mean, d.variance, "
            "D.Dirichlet(torch.tensor([1.0, 2.0]).expand(3, 2)).batch_shape]"
        ),
        "gamma_dirichlet_entropy": _case(
            "d = D.Dirichlet(torch.tensor([[0.5, 2.0, 3.0], [1.0, 1.0, 1.0]]))\n"
            "result = d.entropy()"
        ),
        "gamma_dirichlet_scalar_error": "torch.distributions.Dirichlet(torch.tensor(1.0))",
        "gamma_dirichlet_bad": "torch.distributions.Dirichlet(torch.tensor([1.0, -1.0]))",
        "gamma_beta_sample": _case(
            "torch.manual_seed(1)\n"
            "d = D.Beta(torch.tensor([0.5, 2.0, 0.1]), torch.tensor([0.5, 3.0, 5.0]))\n"
            "result = [d.sample(), d.sample((3,)), D.Beta(2., 3.).sample((4,)), repr(d), "
            "repr(D.Beta(2., 3.)), d.batch_shape, d.mean, d.variance, "
            "d.concentration1, d.concentration0, torch.rand(2)]"
        ),
        "gamma_beta_sample_f64": _case(
            "torch.manual_seed(12)\n"
            "d = D.Beta(torch.tensor([0.3, 4.0], dtype=torch.float64), 1.5)\n"
            "result = [d.sample((5,)), d.rsample().requires_grad]"
        ),
        "gamma_beta_log_prob": _case(
            "c1, c0 = leaf(0.5, 2.0, 3.0), leaf(1.5, 1.0, 0.7)\n"
            "d = D.Beta(c1, c0)\n"
            "lp = d.log_prob(torch.tensor([0.2, 0.5, 0.9]))\n"
            "result = run(lp, c1, c0)"
        ),
        "gamma_beta_bad_sample": ("torch.distributions.Beta(1., 1.).log_prob(torch.tensor([1.5]))"),
        "gamma_beta_bad_concentration": "torch.distributions.Beta(0., 1.)",
        # ---- Chi2 ----
        "gamma_chi2": _case(
            "torch.manual_seed(6)\n"
            "df = leaf(1.0, 3.0, 0.5)\n"
            "d = D.Chi2(df)\n"
            "result = [d.sample((2,)), repr(d), d.df, d.mean, d.variance, "
            "d.log_prob(torch.tensor([0.5, 2.0, 1.0])), run(d.rsample(), df), "
            "repr(D.Chi2(4.).expand((2,)))]"
        ),
        "gamma_chi2_bad_df": "torch.distributions.Chi2(torch.tensor([-1.0]))",
    }
)

"""torch.distributions' transforms, TransformedDistribution, constraint
registry, and the distributions added with them (LogNormal, Gumbel, Laplace,
Cauchy, HalfNormal, HalfCauchy, Geometric, Pareto, Weibull, LogisticNormal,
StudentT, FisherSnedecor, Kumaraswamy, OneHotCategorical, Multinomial,
RelaxedBernoulli, RelaxedOneHotCategorical, ContinuousBernoulli,
MixtureSameFamily, LowRankMultivariateNormal, VonMises), their KL
divergences, and the Tensor methods their samplers use (``cauchy_``,
``geometric_``, ``uniform_`` with bounds), recorded from torch 2.13: seeded
samples (and the draw after them), rsample and log_prob gradients with
their nodes, moments, entropies, cdf/icdf, reprs, expand, and the errors
validation raises."""

_RUN = (
    "D = torch.distributions\n"
    "T = D.transforms\n"
    "dt = torch.float32\n"
    "def run(y, *leaves):\n"
    "    # a weighted sum's backward, so each element's gradient shows\n"
    "    w = torch.arange(y.numel(), dtype=y.dtype).reshape(y.shape) + 1\n"
    "    (y * w).sum().backward()\n"
    "    return [y, y.grad_fn, [t.grad for t in leaves]]\n"
    "LEAVES = []\n"
    "def leaf(*values, dtype=None):\n"
    "    t = torch.tensor(list(values), dtype=dtype or dt, requires_grad=True)\n"
    "    LEAVES.append(t)\n"
    "    return t\n"
    "def attempt(f):\n"
    "    try:\n"
    "        return f()\n"
    "    except Exception as e:\n"
    "        return [type(e).__name__, (str(e).splitlines() or [''])[0]]\n"
    "def shapes(d):\n"
    "    return [d.batch_shape, d.event_shape, repr(d), attempt(lambda: repr(d.support)),\n"
    "            d.has_rsample]\n"
    "def stats(d):\n"
    "    names = ('mean', 'mode', 'variance', 'stddev')\n"
    "    # an error by its type alone: torch's messages name its own modules\n"
    "    def value_or_error(f):\n"
    "        try:\n"
    "            return f()\n"
    "        except Exception as e:\n"
    "            return type(e).__name__\n"
    "    return [value_or_error(lambda: getattr(d, n)) for n in names] + [value_or_error(d.entropy)]\n"
)


def _case(body, dtype="float32"):
    return _RUN + f"dt = torch.{dtype}\n" + body


CASES = {}

# ---- Tensor methods the samplers use ----
CASES.update(
    {
        "dists2_cauchy_method": _case(
            "torch.manual_seed(0)\n"
            "a = torch.empty(7).cauchy_()\n"
            "b = torch.empty(2, 3, dtype=torch.float64).cauchy_(1.5, 0.25)\n"
            "c = torch.empty(3, 4).t().cauchy_(-1., 2.)\n"
            "result = [a, b, c, c.stride(), torch.rand(3), torch.randn(2)]"
        ),
        "dists2_cauchy_method_many": _case(
            "torch.manual_seed(5)\n"
            "result = [torch.empty(40).cauchy_(), torch.empty(33, dtype=torch.float64).cauchy_()]"
        ),
        "dists2_cauchy_method_bad_sigma": "torch.empty(3).cauchy_(0., 0.)",
        "dists2_cauchy_method_bad_sigma_neg": "torch.empty(3).cauchy_(0., -1.5)",
        "dists2_cauchy_method_int": "torch.empty(3, dtype=torch.long).cauchy_()",
        "dists2_cauchy_method_int32": "torch.empty(3, dtype=torch.int32).cauchy_()",
        "dists2_geometric_method": _case(
            "torch.manual_seed(1)\n"
            "result = [torch.empty(6).geometric_(0.3), "
            "torch.empty(2, 3, dtype=torch.long).geometric_(0.05), "
            "torch.empty(4, dtype=torch.float64).geometric_(0.9), "
            "torch.empty(3, dtype=torch.int32).geometric_(0.5), torch.rand(2)]"
        ),
        "dists2_geometric_method_p0": "torch.empty(3).geometric_(0)",
        "dists2_geometric_method_p1": "torch.empty(3).geometric_(1.)",
        "dists2_geometric_method_bool": "torch.empty(3, dtype=torch.bool).geometric_(0.5)",
        "dists2_uniform_bounds": _case(
            "torch.manual_seed(2)\n"
            "f = torch.finfo(torch.float32); g = torch.finfo(torch.float64)\n"
            "result = [torch.empty(9).uniform_(f.eps - 1, 1), "
            "torch.empty(9, dtype=torch.float64).uniform_(g.eps - 1, 1), "
            "torch.empty(5).uniform_(f.tiny, 1), "
            "torch.empty(5, dtype=torch.float64).uniform_(g.tiny, 1), "
            "torch.empty(4).uniform_(-3., 0.5), torch.rand(2)]"
        ),
    }
)

# ---- transforms ----
_T_VALUES = "x = leaf(-1.5, -0.2, 0.3, 2.0)\n"


def _transform_case(make, x="x = leaf(-1.5, -0.2, 0.3, 2.0)\n", y_fix=""):
    """forward, inverse, log|det J| (with gradients), repr, domain,
    codomain, bijective, sign, shapes and equality of one transform."""
    return _case(
        f"t = {make}\n" + x + "y = t(x)\n" + y_fix
        + "x2 = t.inv(y.detach())\n"
        "result = [y, y.grad_fn, x2, attempt(lambda: run(t.log_abs_det_jacobian(x, y), x)), repr(t), repr(t.inv), "
        "repr(t.domain), repr(t.codomain), t.bijective, attempt(lambda: t.sign), "
        "attempt(lambda: t.event_dim), t.forward_shape(x.shape), t.inverse_shape(y.shape), "
        f"t == {make}, t.inv == ({make}).inv, t.inv.inv is t, "
        "repr(t.inv.domain), attempt(lambda: t.inv.log_abs_det_jacobian(y.detach(), x2))]"
    )


CASES.update(
    {
        "dists2_t_exp": _transform_case("T.ExpTransform()"),
        "dists2_t_sigmoid": _transform_case("T.SigmoidTransform()"),
        "dists2_t_sigmoid_extreme": _transform_case(
            "T.SigmoidTransform()", x="x = leaf(-200., -30., 30., 200.)\n"),
        "dists2_t_tanh": _transform_case("T.TanhTransform()"),
        "dists2_t_softplus": _transform_case("T.SoftplusTransform()"),
        "dists2_t_abs": _transform_case("T.AbsTransform()"),
        "dists2_t_power": _transform_case(
            "T.PowerTransform(torch.tensor(2.5))", x="x = leaf(0.5, 1.0, 2.0, 3.5)\n"),
        "dists2_t_power_vec": _transform_case(
            "T.PowerTransform(torch.tensor([0.5, -1., 2., 3.]))",
            x="x = leaf(0.5, 1.0, 2.0, 3.5)\n"),
        "dists2_t_affine": _transform_case("T.AffineTransform(1.5, -2.)"),
        "dists2_t_affine_tensor": _transform_case(
            "T.AffineTransform(torch.tensor([0., 1., 2., 3.]), torch.tensor([1., -2., 0.5, 3.]))"),
        "dists2_t_affine_event": _transform_case(
            "T.AffineTransform(torch.tensor([0., 1.]), torch.tensor([2., -3.]), event_dim=1)",
            x="x = leaf(-1.5, -0.2, 0.3, 2.0).reshape(2, 2)\n"),
        "dists2_t_softmax": _transform_case("T.SoftmaxTransform()"),
        "dists2_t_stick_breaking": _transform_case(
            "T.StickBreakingTransform()", x="x = leaf(-1.5, -0.2, 0.3, 2.0, 0., 1.).reshape(2, 3)\n"),
        "dists2_t_lower_cholesky": _transform_case(
            "T.LowerCholeskyTransform()", x="x = leaf(0.5, 1., -1., 0.2).reshape(2, 2)\n"),
        "dists2_t_positive_definite": _transform_case(
            "T.PositiveDefiniteTransform()", x="x = leaf(0.5, 1., -1., 0.2).reshape(2, 2)\n"),
        "dists2_t_corr_cholesky": _transform_case(
            "T.CorrCholeskyTransform()", x="x = leaf(0.5, -1., 0.3, 2., -0.4, 0.1).reshape(2, 3)\n"),
        "dists2_t_corr_cholesky_f64": _transform_case(
            "T.CorrCholeskyTransform()",
            x="x = leaf(0.5, -1., 0.3, 2., -0.4, 0.1, dtype=torch.float64)\n"),
        "dists2_t_reshape": _transform_case(
            "T.ReshapeTransform((2, 2), (4,))", x="x = leaf(0.5, 1., -1., 0.2).reshape(1, 2, 2)\n"),
        "dists2_t_compose": _transform_case(
            "T.ComposeTransform([T.AffineTransform(0.5, 2.), T.ExpTransform(), "
            "T.PowerTransform(torch.tensor(0.5))])"),
        "dists2_t_compose_event": _transform_case(
            "T.ComposeTransform([T.ExpTransform(), T.StickBreakingTransform().inv.inv])",
            x="x = leaf(-1.5, -0.2, 0.3, 2.0, 0., 1.).reshape(2, 3)\n"),
        "dists2_t_independent": _transform_case(
            "T.IndependentTransform(T.ExpTransform(), 1)",
            x="x = leaf(-1.5, -0.2, 0.3, 2.0).reshape(2, 2)\n"),
        "dists2_t_cat": _transform_case(
            "T.CatTransform([T.ExpTransform(), T.AffineTransform(1., 3.)], dim=0, lengths=[1, 3])"),
        "dists2_t_stack": _transform_case(
            "T.StackTransform([T.ExpTransform(), T.SigmoidTransform()], dim=1)",
            x="x = leaf(-1.5, -0.2, 0.3, 2.0).reshape(2, 2)\n"),
        "dists2_t_cdf": _transform_case(
            "T.CumulativeDistributionTransform(D.Normal(0., 2.))"),
        "dists2_t_identity": _case(
            "t = T.identity_transform\n"
            "x = leaf(1., 2.)\n"
            "result = [t(x), t.inv(x), run(t.log_abs_det_jacobian(x, x), x), repr(t), "
            "repr(t.domain), repr(t.codomain), t.bijective, t.sign]"
        ),
        "dists2_t_cache": _case(
            "t = T.ExpTransform(cache_size=1)\n"
            "x = leaf(1., 2.)\n"
            "y = t(x)\n"
            "result = [t(x) is y, t.inv(y) is x, t.with_cache(1) is t, "
            "repr(t.with_cache(0)), t.with_cache(0)._cache_size, "
            "T.ComposeTransform([T.ExpTransform()], cache_size=1).parts[0]._cache_size, "
            "T.ExpTransform()(x) is T.ExpTransform()(x)]"
        ),
        "dists2_t_bad_cache": "torch.distributions.transforms.ExpTransform(cache_size=2)",
        "dists2_t_affine_with_cache": (
            "result = torch.distributions.transforms.AffineTransform(0., 1.).with_cache(1)._cache_size"
        ),
        "dists2_t_stick_shapes": _case(
            "t = T.StickBreakingTransform()\n"
            "result = [t.forward_shape((2, 3)), t.inverse_shape((2, 4)), "
            "attempt(lambda: t.forward_shape(())), "
            "T.CorrCholeskyTransform().forward_shape((6,)), "
            "T.CorrCholeskyTransform().inverse_shape((4, 4)), "
            "attempt(lambda: T.CorrCholeskyTransform().forward_shape((5,))), "
            "attempt(lambda: T.ReshapeTransform((2, 2), (3,))), "
            "attempt(lambda: T.ReshapeTransform((2, 2), (4,)).forward_shape((2, 3)))]"
        ),
        "dists2_t_compose_repr": _case(
            "t = T.ComposeTransform([T.ExpTransform(), T.AffineTransform(1., 2.), "
            "T.ExpTransform().inv])\n"
            "result = [repr(t), repr(t.inv), t.sign, t.bijective, "
            "repr(T.ComposeTransform([]).inv)]"
        ),
        "dists2_t_sign_affine": _case(
            "result = [T.AffineTransform(0., -2.).sign, T.AffineTransform(0., 0.).sign, "
            "T.AffineTransform(0., torch.tensor([2., -1.])).sign, "
            "T.PowerTransform(torch.tensor([2., -1.])).sign, T.ExpTransform().inv.sign, "
            "T.AffineTransform(1., 2.) == T.AffineTransform(1., 2.), "
            "T.AffineTransform(1., 2.) == T.AffineTransform(1., 3.), "
            "T.ExpTransform() == T.SigmoidTransform(), T.ExpTransform() != T.ExpTransform()]"
        ),
        "dists2_t_abs_sign": _case("result = attempt(lambda: T.AbsTransform().sign)"),
        "dists2_t_event_dim_mismatch": "torch.distributions.transforms.CorrCholeskyTransform().event_dim",
    }
)

# ---- biject_to / transform_to ----
_CONSTRAINTS = [
    "real", "positive", "nonnegative", "greater_than(1.5)", "greater_than_eq(-2.)",
    "less_than(3.)", "unit_interval", "interval(-1., 2.)", "half_open_interval(0., 5.)",
    "simplex", "real_vector", "independent(constraints.positive, 1)", "lower_cholesky",
    "positive_definite", "corr_cholesky", "stack([constraints.positive, constraints.real], 0)",
    "cat([constraints.positive, constraints.unit_interval], 0, [1, 2])",
]
CASES["dists2_biject_to"] = _case(
    "constraints = D.constraints\n"
    "result = []\n"
    f"for c in {_CONSTRAINTS!r}:\n"
    "    c = eval('constraints.' + c, {'constraints': constraints})\n"
    "    result.append([repr(c), attempt(lambda: repr(D.biject_to(c))), "
    "attempt(lambda: repr(D.transform_to(c)))])"
)
CASES["dists2_biject_to_apply"] = _case(
    "x = leaf(-0.5, 0.3, 1.2)\n"
    "c = D.constraints\n"
    "result = [D.biject_to(c.interval(-1., 2.))(x), D.biject_to(c.simplex)(x), "
    "D.transform_to(c.simplex)(x), D.biject_to(c.greater_than(1.5))(x), "
    "D.transform_to(c.less_than(3.))(x), D.biject_to(c.positive).inv(x.exp()), "
    "D.transform_to(c.lower_cholesky)(x[:1].expand(2, 2) + torch.eye(2)), "
    "run(D.biject_to(c.corr_cholesky)(x), x)]"
)
CASES["dists2_biject_to_unknown"] = (
    "torch.distributions.biject_to(torch.distributions.constraints.boolean)"
)
CASES["dists2_transform_to_unknown"] = (
    "torch.distributions.transform_to(torch.distributions.constraints.one_hot)"
)
CASES["dists2_constraints_new"] = _case(
    "c = D.constraints\n"
    "v = torch.tensor([[0., 1., 0.], [1., 1., 0.], [0.5, 0.5, 0.]])\n"
    "m = torch.tensor([[1., 0.], [0.6, 0.8]])\n"
    "result = [c.one_hot.check(v), c.nonnegative_integer.check(torch.tensor([0., 1.5, -1., 3.])), "
    "c.positive_integer.check(torch.tensor([0., 1., 2.])), "
    "c.multinomial(2).check(v), c.lower_triangular.check(m), c.corr_cholesky.check(m), "
    "c.positive_semidefinite.check(torch.tensor([[1., 1.], [1., 1.]])), "
    "c.cat([c.positive, c.real], 0, [1, 2]).check(torch.tensor([1., -1., 0.])), "
    "c.stack([c.positive, c.real], 0).check(torch.tensor([[1., -1.], [-1., 2.]])), "
    "[repr(x) for x in (c.one_hot, c.nonnegative_integer, c.positive_integer, "
    "c.lower_triangular, c.corr_cholesky, c.positive_semidefinite)], "
    "c.one_hot.is_discrete, c.one_hot.event_dim, c.corr_cholesky.event_dim, "
    "c.cat([c.positive, c.simplex]).event_dim, c.stack([c.positive, c.real], -1).event_dim]"
)

# ---- TransformedDistribution ----
CASES.update(
    {
        "dists2_transformed_basic": _case(
            "torch.manual_seed(0)\n"
            "loc, scale = leaf(0., 1.), leaf(1., 0.5)\n"
            "d = D.TransformedDistribution(D.Normal(loc, scale), "
            "[T.AffineTransform(1., 2.), T.ExpTransform()])\n"
            "v = torch.tensor([[0.5, 2.], [3., 8.]])\n"
            "result = [shapes(d), d.sample(), d.sample((2,)), run(d.rsample((3,)), loc, scale), "
            "d.log_prob(v), d.cdf(v), d.icdf(torch.tensor([0.2, 0.7])), torch.rand(2)]"
        ),
        "dists2_transformed_log_prob_grad": _case(
            "loc, scale = leaf(0., 1.), leaf(1., 0.5)\n"
            "d = D.TransformedDistribution(D.Normal(loc, scale), "
            "[T.AffineTransform(1., 2.), T.ExpTransform()])\n"
            "result = run(d.log_prob(torch.tensor([[0.5, 2.], [3., 8.]])), loc, scale)"
        ),
        "dists2_transformed_decreasing_cdf": _case(
            "d = D.TransformedDistribution(D.Normal(0., 1.), [T.AffineTransform(1., -2.)])\n"
            "v = torch.tensor([-1., 0., 1., 3.])\n"
            "result = [d.cdf(v), d.icdf(torch.tensor([0.1, 0.5, 0.9])), shapes(d)]"
        ),
        "dists2_transformed_event": _case(
            "torch.manual_seed(1)\n"
            "d = D.TransformedDistribution(D.Normal(torch.zeros(2, 3), torch.ones(2, 3)), "
            "T.StickBreakingTransform())\n"
            "s = d.sample((2,))\n"
            "result = [shapes(d), s, d.log_prob(s), shapes(d.expand((4, 2))), "
            "d.expand((4, 2)).sample().shape]"
        ),
        "dists2_transformed_expand_base": _case(
            "d = D.TransformedDistribution(D.Normal(0., 1.), "
            "[T.AffineTransform(torch.zeros(3), torch.ones(3))])\n"
            "result = [shapes(d), shapes(d.base_dist)]"
        ),
        "dists2_transformed_reshape": _case(
            "torch.manual_seed(3)\n"
            "d = D.TransformedDistribution(D.Normal(torch.zeros(4), torch.ones(4)), "
            "T.ReshapeTransform((4,), (2, 2)))\n"
            "s = d.sample()\n"
            "result = [shapes(d), s, d.log_prob(s), repr(d.base_dist)]"
        ),
        "dists2_transformed_bad_transforms": (
            "torch.distributions.TransformedDistribution(torch.distributions.Normal(0., 1.), 3)"
        ),
        "dists2_transformed_bad_list": (
            "torch.distributions.TransformedDistribution(torch.distributions.Normal(0., 1.), [3])"
        ),
        "dists2_transformed_too_few_dims": (
            "torch.distributions.TransformedDistribution(torch.distributions.Normal(0., 1.), "
            "torch.distributions.transforms.StickBreakingTransform())"
        ),
        "dists2_transformed_bad_value": (
            "torch.distributions.TransformedDistribution(torch.distributions.Normal(0., 1.), "
            "torch.distributions.transforms.ExpTransform()).log_prob(torch.tensor(-1.))"
        ),
    }
)


# ---- the distributions: one constructor, several views each ----
def _dist_cases(name, make, value, leaves, *, rsample=True, expand=True, cdf=False,
                extra="", seed=0):
    """Cases for a distribution made by ``make`` (code using ``leaf``)."""
    names = ", ".join(leaves)
    out = {
        f"dists2_{name}_sample": _case(
            f"torch.manual_seed({seed})\n{make}\n"
            "result = [d.sample(), d.sample((3,)), d.sample(torch.Size([2, 2])), torch.rand(2)]"
        ),
        f"dists2_{name}_log_prob": _case(
            f"{make}\nv = {value}\n"
            f"result = run(d.log_prob(v), {names})"
        ),
        f"dists2_{name}_stats": _case(
            f"{make}\nresult = [shapes(d), stats(d)]"
        ),
        f"dists2_{name}_f64": _case(
            f"torch.manual_seed({seed + 1})\n{make}\nv = ({value}).double()\n"
            f"result = [d.sample((2,)), run(d.log_prob(v), {names}), shapes(d), stats(d)]",
            dtype="float64",
        ),
    }
    if rsample:
        out[f"dists2_{name}_rsample"] = _case(
            f"torch.manual_seed({seed + 2})\n{make}\n"
            f"result = [run(d.rsample((3,)), {names}), torch.randn(2)]"
        )
    if expand:
        out[f"dists2_{name}_expand"] = _case(
            f"torch.manual_seed({seed + 3})\n{make}\ne = d.expand((2,) + tuple(d.batch_shape))\n"
            f"v = {value}\n"
            "result = [shapes(e), e.sample(), e.log_prob(v), e._validate_args, "
            "type(e).__name__]"
        )
    if cdf:
        out[f"dists2_{name}_cdf"] = _case(
            f"{make}\nv = {value}\n"
            "p = torch.tensor([0.05, 0.3, 0.5, 0.9])[: v.shape[-1]]\n"
            f"result = [run(d.cdf(v), {names}), d.icdf(p)]"
        )
    if extra:
        out[f"dists2_{name}_extra"] = _case(f"torch.manual_seed({seed + 4})\n{make}\n{extra}")
    return out


_LS = "loc, scale = leaf(0., 1., -2.), leaf(1., 0.5, 2.)\n"
CASES.update(_dist_cases(
    "laplace", _LS + "d = D.Laplace(loc, scale)", "torch.tensor([[0.5, 1., -5.], [0., 3., -2.]])",
    ["loc", "scale"], cdf=True,
    extra="result = [D.Laplace(0., 1.).sample((5,)), shapes(D.Laplace(0., 1.)), "
          "D.Laplace(0., 1.).rsample((40,))]"))
CASES.update(_dist_cases(
    "cauchy", _LS + "d = D.Cauchy(loc, scale)", "torch.tensor([[0.5, 1., -5.], [0., 3., -2.]])",
    ["loc", "scale"], cdf=True,
    extra="result = [D.Cauchy(0., 1.).sample((5,)), shapes(D.Cauchy(0., 1.)), "
          "D.Cauchy(torch.zeros(2, dtype=torch.float64), 1.).sample((20,))]"))
CASES.update(_dist_cases(
    "gumbel", _LS + "d = D.Gumbel(loc, scale)", "torch.tensor([[0.5, 1., -5.], [0., 3., -2.]])",
    ["loc", "scale"], rsample=False, cdf=True,
    extra="d2 = D.Gumbel(1., 2.)\n"
          "result = [d2.sample((4,)), shapes(d2), d2.rsample((2,)), d2.log_prob(torch.tensor(0.5)), "
          "run(d.rsample((2,)), loc, scale), d.has_rsample]"))
CASES.update(_dist_cases(
    "lognormal", _LS + "d = D.LogNormal(loc, scale)", "torch.tensor([[0.5, 1., 5.], [0.1, 3., 2.]])",
    ["loc", "scale"], cdf=True,
    extra="result = [D.LogNormal(0., 1.).sample((4,)), shapes(D.LogNormal(0., 1.)), "
          "d.loc is loc]"))
CASES.update(_dist_cases(
    "halfnormal", "scale = leaf(1., 0.5, 2.)\nd = D.HalfNormal(scale)",
    "torch.tensor([[0.5, 1., 5.], [0.1, 3., 0.]])", ["scale"], cdf=True,
    extra="result = [D.HalfNormal(2.).sample((4,)), shapes(D.HalfNormal(2.)), "
          "D.HalfNormal(2., validate_args=False).log_prob(torch.tensor([-1., 1.]))]"))
CASES.update(_dist_cases(
    "halfcauchy", "scale = leaf(1., 0.5, 2.)\nd = D.HalfCauchy(scale)",
    "torch.tensor([[0.5, 1., 5.], [0.1, 3., 0.]])", ["scale"], cdf=True,
    extra="result = [D.HalfCauchy(2.).sample((4,)), shapes(D.HalfCauchy(2.)), "
          "D.HalfCauchy(2., validate_args=False).log_prob(torch.tensor([-1., 1.]))]"))
CASES.update(_dist_cases(
    "pareto", "scale, alpha = leaf(1., 0.5, 2.), leaf(3., 1.5, 0.8)\nd = D.Pareto(scale, alpha)",
    "torch.tensor([[1.5, 1., 5.], [1.1, 3., 2.5]])", ["scale", "alpha"], cdf=True,
    extra="result = [D.Pareto(1., 2.).sample((4,)), shapes(D.Pareto(1., 2.)), "
          "D.Pareto(torch.tensor([1., 2.]), 3.).support.lower_bound]"))
CASES.update(_dist_cases(
    "weibull", "scale, k = leaf(1., 0.5, 2.), leaf(3., 1.5, 0.8)\nd = D.Weibull(scale, k)",
    "torch.tensor([[1.5, 1., 5.], [0.1, 3., 2.5]])", ["scale", "k"], cdf=True,
    extra="result = [D.Weibull(1., 2.).sample((4,)), shapes(D.Weibull(1., 2.))]"))
CASES.update(_dist_cases(
    "logistic_normal",
    "loc, scale = leaf(0., 1., -0.5), leaf(1., 0.5, 2.)\nd = D.LogisticNormal(loc, scale)",
    "torch.tensor([[0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25]])", ["loc", "scale"],
    extra="d2 = D.LogisticNormal(0., 1.)\n"
          "result = [shapes(d2), d2.sample((3,)), d2.log_prob(torch.tensor([0.3, 0.7]))]"))
CASES.update(_dist_cases(
    "studentt",
    "df, loc, scale = leaf(3., 0.8, 2.), leaf(0., 1., -2.), leaf(1., 0.5, 2.)\n"
    "d = D.StudentT(df, loc, scale)",
    "torch.tensor([[0.5, 1., -5.], [0., 3., -2.]])", ["df", "loc", "scale"],
    extra="d2 = D.StudentT(torch.tensor([0.5, 1.5, 3., 6.]))\n"
          "result = [shapes(D.StudentT(3.)), D.StudentT(3.).sample((3,)), stats(d2), "
          "d2.sample((2,))]"))
CASES.update(_dist_cases(
    "fisher", "df1, df2 = leaf(3., 1.5, 6.), leaf(5., 2., 10.)\nd = D.FisherSnedecor(df1, df2)",
    "torch.tensor([[0.5, 1., 5.], [0.1, 3., 2.5]])", ["df1", "df2"],
    extra="d2 = D.FisherSnedecor(torch.tensor([1., 3., 5., 8.]), torch.tensor([1., 3., 5., 8.]))\n"
          "result = [shapes(D.FisherSnedecor(3., 5.)), D.FisherSnedecor(3., 5.).sample((3,)), "
          "stats(d2)]"))
CASES.update(_dist_cases(
    "kumaraswamy", "a, b = leaf(2., 0.5, 5.), leaf(3., 1.5, 0.8)\nd = D.Kumaraswamy(a, b)",
    "torch.tensor([[0.5, 0.1, 0.9], [0.3, 0.7, 0.2]])", ["a", "b"],
    extra="result = [shapes(D.Kumaraswamy(2., 3.)), D.Kumaraswamy(2., 3.).sample((3,)), "
          "stats(D.Kumaraswamy(torch.tensor([2., 0.5]), torch.tensor([3., 2.])))]"))
CASES.update(_dist_cases(
    "vonmises", "loc, kappa = leaf(0., 1., -2.), leaf(1., 0.01, 8.)\nd = D.VonMises(loc, kappa)",
    "torch.tensor([[0.5, 1., -3.], [0., 3., -2.]])", ["loc", "kappa"], rsample=False,
    extra="d2 = D.VonMises(torch.tensor([0.5]), torch.tensor([1e-6]))\n"
          "result = [d2.sample((6,)), d.sample((50,)), "
          "D.VonMises(torch.zeros(3), torch.tensor([0.5, 4., 50.])).variance]"))
CASES.update(_dist_cases(
    "geometric", "p = leaf(0.3, 0.9, 0.05)\nd = D.Geometric(p)",
    "torch.tensor([[0., 1., 5.], [2., 0., 30.]])", ["p"], rsample=False,
    extra="l = leaf(-1., 0., 2.)\nd2 = D.Geometric(logits=l)\n"
          "result = [d2.sample((3,)), run(d2.log_prob(torch.tensor([0., 2., 1.])), l), "
          "stats(d2), shapes(d2), D.Geometric(1.).log_prob(torch.tensor([0., 1.])), "
          "D.Geometric(0.5).sample((4,))]"))
CASES.update(_dist_cases(
    "one_hot", "p = leaf(0.2, 0.5, 0.3, 0.6, 0.1, 0.3).reshape(2, 3)\nd = D.OneHotCategorical(p)",
    "torch.tensor([[0., 1., 0.], [1., 0., 0.]])", ["p"], rsample=False,
    extra="l = leaf(-1., 0., 2.)\nd2 = D.OneHotCategorical(logits=l)\n"
          "result = [d2.sample((3,)), run(d2.log_prob(torch.eye(3)), l), stats(d2), shapes(d2), "
          "d.enumerate_support(), d.enumerate_support(False), d.param_shape, "
          "D.OneHotCategoricalStraightThrough(p).rsample((2,))]"))
CASES.update(_dist_cases(
    "multinomial", "p = leaf(0.2, 0.5, 0.3, 0.6, 0.1, 0.3).reshape(2, 3)\nd = D.Multinomial(5, p)",
    "torch.tensor([[1., 4., 0.], [2., 2., 1.]])", ["p"], rsample=False,
    extra="l = leaf(-1., 0., 2.)\nd2 = D.Multinomial(3, logits=l)\n"
          "result = [d2.sample((3,)), run(d2.log_prob(torch.tensor([0., 1., 2.])), l), "
          "stats(d2), shapes(d2), D.Multinomial(probs=torch.tensor([0.5, 0.5])).sample((4,)), "
          "run(d2.entropy(), l)]"))
CASES.update(_dist_cases(
    "relaxed_bernoulli",
    "t, p = leaf(0.5), leaf(0.2, 0.7, 0.5)\nd = D.RelaxedBernoulli(t, p)",
    "torch.tensor([[0.1, 0.9, 0.5], [0.3, 0.6, 0.01]])", ["t", "p"],
    extra="l = leaf(-1., 0., 2.)\nd2 = D.RelaxedBernoulli(torch.tensor(2.), logits=l)\n"
          "result = [d2.sample((3,)), run(d2.log_prob(torch.tensor([0.3, 0.5, 0.9])), l), "
          "shapes(d2), d2.temperature, d2.probs, "
          "shapes(type(d2.base_dist)(torch.tensor(1.), 0.3)), "
          "type(d2.base_dist)(torch.tensor(1.), 0.3).rsample((2,))]"))
CASES.update(_dist_cases(
    "relaxed_one_hot",
    "t, p = leaf(0.5), leaf(0.2, 0.5, 0.3, 0.6, 0.1, 0.3).reshape(2, 3)\n"
    "d = D.RelaxedOneHotCategorical(t, p)",
    "torch.tensor([[0.1, 0.8, 0.1], [0.3, 0.6, 0.1]])", ["t", "p"],
    extra="l = leaf(-1., 0., 2.)\nd2 = D.RelaxedOneHotCategorical(torch.tensor(2.), logits=l)\n"
          "result = [d2.sample((3,)), run(d2.log_prob(torch.tensor([0.3, 0.5, 0.2])), l), "
          "shapes(d2), d2.temperature, "
          "shapes(type(d2.base_dist)(torch.tensor(1.), torch.tensor([0.5, 0.5])))]"))
CASES.update(_dist_cases(
    "cont_bernoulli", "p = leaf(0.2, 0.7, 0.5, 0.4995)\nd = D.ContinuousBernoulli(p)",
    "torch.tensor([[0.1, 0.9, 0.5, 0.3], [0.3, 0.6, 0.01, 1.]])", ["p"], cdf=True,
    extra="l = leaf(-1., 0., 2.)\nd2 = D.ContinuousBernoulli(logits=l)\n"
          "result = [d2.sample((3,)), run(d2.log_prob(torch.tensor([0.3, 0.5, 0.9])), l), "
          "stats(d2), shapes(d2), d2.probs, run(d2.rsample((2,)), l), "
          "D.ContinuousBernoulli(0.3).sample((4,))]"))
CASES.update(_dist_cases(
    "lowrank_mvn",
    "loc = leaf(0., 1., -1.)\ncf = leaf(1., 0.5, -0.3, 0.2, 0.7, 1.1).reshape(3, 2)\n"
    "cd = leaf(0.5, 1., 2.)\nd = D.LowRankMultivariateNormal(loc, cf, cd)",
    "torch.tensor([[0.5, 1., -5.], [0., 3., -2.]])", ["loc", "cf", "cd"],
    extra="result = [d.covariance_matrix, d.precision_matrix, d.scale_tril, d.variance, "
          "d._capacitance_tril, run(d.scale_tril, cf, cd)]"))
CASES.update(_dist_cases(
    "mixture",
    "w = leaf(0.2, 0.5, 0.3)\nloc, scale = leaf(0., 1., -2.), leaf(1., 0.5, 2.)\n"
    "d = D.MixtureSameFamily(D.Categorical(w), D.Normal(loc, scale))",
    "torch.tensor([[0.5, 1.], [-3., 0.]])", ["w", "loc", "scale"], rsample=False,
    extra="result = [run(d.cdf(torch.tensor([0., 1.5])), w, loc, scale), repr(d), "
          "repr(d.support)]"))

CASES.update(
    {
        "dists2_mixture_batched": _case(
            "torch.manual_seed(4)\n"
            "mix = D.Categorical(torch.tensor([[0.2, 0.8], [0.5, 0.5], [0.9, 0.1]]))\n"
            "comp = D.Independent(D.Normal(torch.arange(12.).reshape(3, 2, 2), "
            "torch.ones(3, 2, 2)), 1)\n"
            "d = D.MixtureSameFamily(mix, comp)\n"
            "s = d.sample((2,))\n"
            "result = [shapes(d), s, d.log_prob(s), d.mean, d.variance, "
            "shapes(d.expand((4, 3))), d.expand((4, 3)).sample().shape]"
        ),
        "dists2_mixture_bad_mix": (
            "D = torch.distributions\n"
            "D.MixtureSameFamily(D.Normal(0., 1.), D.Normal(torch.zeros(2), 1.))"
        ),
        "dists2_mixture_bad_comp": (
            "D = torch.distributions\n"
            "D.MixtureSameFamily(D.Categorical(torch.ones(2)), 3)"
        ),
        "dists2_mixture_bad_k": (
            "D = torch.distributions\n"
            "D.MixtureSameFamily(D.Categorical(torch.ones(2)), D.Normal(torch.zeros(3), 1.))"
        ),
        "dists2_mixture_bad_batch": (
            "D = torch.distributions\n"
            "D.MixtureSameFamily(D.Categorical(torch.ones(3, 2)), "
            "D.Normal(torch.zeros(4, 2), 1.))"
        ),
        "dists2_lowrank_mvn_batched": _case(
            "torch.manual_seed(6)\n"
            "loc = torch.zeros(2, 3)\ncf = torch.randn(3, 2)\ncd = torch.rand(2, 3) + 0.5\n"
            "d = D.LowRankMultivariateNormal(loc, cf, cd)\n"
            "s = d.sample((2,))\n"
            "result = [shapes(d), s, d.log_prob(s), d.entropy(), d.covariance_matrix, "
            "d.precision_matrix]"
        ),
        "dists2_lowrank_bad_loc": (
            "torch.distributions.LowRankMultivariateNormal(torch.tensor(0.), torch.ones(1, 1), "
            "torch.ones(1))"
        ),
        "dists2_lowrank_bad_factor": (
            "torch.distributions.LowRankMultivariateNormal(torch.zeros(3), torch.ones(2, 1), "
            "torch.ones(3))"
        ),
        "dists2_lowrank_bad_factor_dim": (
            "torch.distributions.LowRankMultivariateNormal(torch.zeros(3), torch.ones(3), "
            "torch.ones(3))"
        ),
        "dists2_lowrank_bad_diag": (
            "torch.distributions.LowRankMultivariateNormal(torch.zeros(3), torch.ones(3, 1), "
            "torch.ones(2))"
        ),
        "dists2_lowrank_bad_batch": (
            "torch.distributions.LowRankMultivariateNormal(torch.zeros(2, 3), "
            "torch.ones(4, 3, 1), torch.ones(3))"
        ),
        "dists2_lowrank_negative_diag": (
            "torch.distributions.LowRankMultivariateNormal(torch.zeros(3), torch.ones(3, 1), "
            "torch.tensor([1., -1., 1.]))"
        ),
    }
)

# validation errors (the first line of torch's message)
_BAD = {
    "laplace": "D.Laplace(0., -1.)",
    "cauchy": "D.Cauchy(torch.tensor([0., 1.]), torch.tensor([1., 0.]))",
    "gumbel": "D.Gumbel(0., -1.)",
    "lognormal": "D.LogNormal(0., -1.)",
    "lognormal_value": "D.LogNormal(0., 1.).log_prob(torch.tensor([-1.]))",
    "halfnormal": "D.HalfNormal(-1.)",
    "halfnormal_value": "D.HalfNormal(1.).log_prob(torch.tensor([-1.]))",
    "halfcauchy": "D.HalfCauchy(torch.tensor([1., -2.]))",
    "pareto": "D.Pareto(1., -2.)",
    "pareto_value": "D.Pareto(1., 2.).log_prob(torch.tensor([0.5]))",
    "weibull": "D.Weibull(-1., 2.)",
    "logistic_normal": "D.LogisticNormal(torch.zeros(2), torch.tensor([1., -1.]))",
    "logistic_normal_value": "D.LogisticNormal(torch.zeros(2), 1.).log_prob(torch.ones(3))",
    "studentt": "D.StudentT(-1.)",
    "fisher": "D.FisherSnedecor(1., 0.)",
    "kumaraswamy": "D.Kumaraswamy(1., -1.)",
    "kumaraswamy_value": "D.Kumaraswamy(1., 2.).log_prob(torch.tensor([1.5]))",
    "vonmises": "D.VonMises(torch.tensor(0.), torch.tensor(-1.))",
    "geometric": "D.Geometric(torch.tensor([0.5, 0.]))",
    "geometric_range": "D.Geometric(1.5)",
    "geometric_both": "D.Geometric(0.5, 0.)",
    "geometric_value": "D.Geometric(0.5).log_prob(torch.tensor([1.5]))",
    "one_hot": "D.OneHotCategorical(torch.tensor([-0.5, 1.5]))",
    "one_hot_value": "D.OneHotCategorical(torch.ones(3)).log_prob(torch.tensor([1., 1., 0.]))",
    "multinomial_count": "D.Multinomial(2.5, torch.ones(3))",
    "multinomial_value": "D.Multinomial(2, torch.ones(3)).log_prob(torch.tensor([1., 1., 1.]))",
    "relaxed_bernoulli": "D.RelaxedBernoulli(torch.tensor(1.), 1.5)",
    "relaxed_bernoulli_both": "D.RelaxedBernoulli(torch.tensor(1.))",
    "relaxed_one_hot": "D.RelaxedOneHotCategorical(torch.tensor(1.), torch.tensor([-1., 2.]))",
    "cont_bernoulli": "D.ContinuousBernoulli(1.5)",
    "cont_bernoulli_checked": "D.ContinuousBernoulli(1.5, validate_args=True)",
    "cont_bernoulli_value": "D.ContinuousBernoulli(0.3).log_prob(torch.tensor([2.]))",
    "studentt_value_shape": "D.StudentT(torch.ones(3)).log_prob(torch.ones(2))",
}
for _name, _code in _BAD.items():
    CASES[f"dists2_bad_{_name}"] = _case(f"result = attempt(lambda: repr({_code}))")

# ---- KL divergences ----
_P = {
    "normal": "D.Normal(leaf(0., 1.), leaf(1., 2.))",
    "laplace": "D.Laplace(leaf(0.5, -1.), leaf(1., 0.5))",
    "gumbel": "D.Gumbel(leaf(0.5, -1.), leaf(1., 0.5))",
    "cauchy": "D.Cauchy(leaf(0.5, -1.), leaf(1., 0.5))",
    "exponential": "D.Exponential(leaf(1.5, 0.5))",
    "gamma": "D.Gamma(leaf(2., 0.5), leaf(1., 3.))",
    "beta": "D.Beta(leaf(2., 0.5), leaf(1., 3.))",
    "uniform": "D.Uniform(leaf(0.1, 0.2), leaf(0.5, 0.9))",
    "pareto": "D.Pareto(leaf(1., 2.), leaf(3., 2.5))",
    "halfnormal": "D.HalfNormal(leaf(1., 2.))",
    "lognormal": "D.LogNormal(leaf(0., 1.), leaf(1., 2.))",
    "cb": "D.ContinuousBernoulli(leaf(0.3, 0.8))",
    "geometric": "D.Geometric(leaf(0.3, 0.8))",
}
_KL_PAIRS = [
    ("normal", "normal"), ("laplace", "laplace"), ("gumbel", "gumbel"), ("cauchy", "cauchy"),
    ("gamma", "gamma"), ("beta", "beta"), ("pareto", "pareto"), ("halfnormal", "halfnormal"),
    ("lognormal", "lognormal"), ("cb", "cb"), ("geometric", "geometric"),
    ("beta", "cb"), ("beta", "pareto"), ("beta", "exponential"), ("beta", "gamma"),
    ("beta", "normal"), ("beta", "uniform"), ("cb", "pareto"), ("cb", "exponential"),
    ("cb", "normal"), ("cb", "uniform"), ("exponential", "beta"), ("exponential", "gamma"),
    ("exponential", "gumbel"), ("exponential", "pareto"), ("gamma", "beta"),
    ("gamma", "exponential"), ("gamma", "gumbel"), ("gamma", "normal"), ("gamma", "uniform"),
    ("gumbel", "beta"), ("gumbel", "normal"), ("gumbel", "gamma"), ("laplace", "beta"),
    ("laplace", "normal"), ("laplace", "uniform"), ("normal", "beta"), ("normal", "gumbel"),
    ("normal", "laplace"), ("normal", "gamma"), ("pareto", "beta"), ("pareto", "exponential"),
    ("pareto", "gamma"), ("pareto", "normal"), ("pareto", "uniform"), ("uniform", "beta"),
    ("uniform", "cb"), ("uniform", "gamma"), ("uniform", "gumbel"), ("uniform", "pareto"),
    ("uniform", "normal"),
]
for _p, _q in _KL_PAIRS:
    CASES[f"dists2_kl_{_p}_{_q}"] = _case(
        f"p = {_P[_p]}\nq = {_P[_q]}\n"
        "kl = D.kl_divergence(p, q)\n"
        "result = [kl, kl.grad_fn, attempt(lambda: run(kl, *LEAVES))]"
    )
CASES.update(
    {
        "dists2_kl_pareto_exp_alpha_le_1": _case(
            "p = D.Pareto(leaf(1., 2.), leaf(0.5, 2.5))\nq = D.Exponential(leaf(1., 2.))\n"
            "result = [D.kl_divergence(p, q), D.kl_divergence(p, D.Normal(0., 1.))]"
        ),
        "dists2_kl_dirichlet": _case(
            "a, b = leaf(1., 2., 3.), leaf(0.5, 0.5, 4.)\n"
            "result = run(D.kl_divergence(D.Dirichlet(a), D.Dirichlet(b)), a, b)"
        ),
        "dists2_kl_one_hot": _case(
            "a, b = leaf(0.2, 0.3, 0.5), leaf(0.5, 0.4, 0.1)\n"
            "result = run(D.kl_divergence(D.OneHotCategorical(a), D.OneHotCategorical(b)), a, b)"
        ),
        "dists2_kl_lowrank": _case(
            "torch.manual_seed(0)\n"
            "loc = leaf(0., 1., -1.)\ncf = leaf(1., 0.5, -0.3, 0.2, 0.7, 1.1).reshape(3, 2)\n"
            "cd = leaf(0.5, 1., 2.)\np = D.LowRankMultivariateNormal(loc, cf, cd)\n"
            "q = D.LowRankMultivariateNormal(torch.zeros(3), torch.randn(3, 1), torch.ones(3))\n"
            "m = D.MultivariateNormal(torch.ones(3), scale_tril=torch.eye(3) * 2 "
            "+ torch.ones(3, 3).tril(-1) * 0.3)\n"
            "result = [run(D.kl_divergence(p, q), loc, cf, cd), D.kl_divergence(p, m), "
            "D.kl_divergence(m, p), D.kl_divergence(m, m)]"
        ),
        "dists2_kl_lowrank_event_mismatch": (
            "D = torch.distributions\n"
            "D.kl_divergence(D.LowRankMultivariateNormal(torch.zeros(3), torch.ones(3, 1), "
            "torch.ones(3)), D.LowRankMultivariateNormal(torch.zeros(2), torch.ones(2, 1), "
            "torch.ones(2)))"
        ),
        "dists2_kl_mvn_event_mismatch": (
            "D = torch.distributions\n"
            "D.kl_divergence(D.MultivariateNormal(torch.zeros(3), torch.eye(3)), "
            "D.MultivariateNormal(torch.zeros(2), torch.eye(2)))"
        ),
        "dists2_kl_transformed_mismatch": _case(
            "result = [attempt(lambda: D.kl_divergence(D.LogNormal(0., 1.), D.HalfNormal(1.))), "
            "attempt(lambda: D.kl_divergence(D.LogNormal(0., 1.), "
            "D.LogNormal(torch.zeros(2, 1), 1.).expand((2, 1))))]"
        ),
        "dists2_kl_not_implemented": (
            "D = torch.distributions\n"
            "D.kl_divergence(D.VonMises(torch.tensor(0.), torch.tensor(1.)), D.Normal(0., 1.))"
        ),
        "dists2_kl_weibull": _case(
            "result = attempt(lambda: D.kl_divergence(D.Weibull(1., 2.), D.Weibull(1., 3.)))"
        ),
    }
)


# torch's CPU kernels for exp, log, log1p, expm1, tanh, sigmoid, softplus, pow,
# atan, erf, lgamma and digamma are SLEEF's vectorized routines (1-ulp, not
# correctly rounded); ferrograd calls the C library's, which can differ from
# them in the last bit. The values, samples and gradients of these cases go
# through such functions (often several in a row: a log-density sums a few
# terms, a transformed sample chains exp/log), so they agree with torch's to
# a few float32 ulps; relative 1e-5 or 1e-6 absolute for values near 0 (a sum
# of terms that cancels keeps its terms' absolute error).
_FLOAT32_KERNEL_ULPS = (
    "dists2_t_exp", "dists2_t_sigmoid", "dists2_t_tanh", "dists2_t_softplus",
    "dists2_t_power_vec", "dists2_t_softmax", "dists2_t_stick_breaking",
    "dists2_t_compose_event", "dists2_t_independent", "dists2_t_stack",
    "dists2_biject_to_apply", "dists2_transformed_event", "dists2_laplace_sample",
    "dists2_laplace_expand", "dists2_laplace_extra", "dists2_gumbel_sample",
    "dists2_gumbel_expand", "dists2_gumbel_cdf", "dists2_gumbel_extra",
    "dists2_lognormal_sample", "dists2_lognormal_stats", "dists2_lognormal_rsample",
    "dists2_lognormal_cdf", "dists2_pareto_sample", "dists2_pareto_cdf",
    "dists2_weibull_log_prob", "dists2_weibull_stats", "dists2_weibull_rsample",
    "dists2_weibull_expand", "dists2_logistic_normal_sample", "dists2_logistic_normal_rsample",
    "dists2_logistic_normal_expand", "dists2_logistic_normal_extra",
    "dists2_studentt_log_prob", "dists2_studentt_expand", "dists2_fisher_log_prob",
    "dists2_fisher_expand", "dists2_kumaraswamy_log_prob", "dists2_kumaraswamy_stats",
    "dists2_kumaraswamy_expand", "dists2_kumaraswamy_extra", "dists2_vonmises_log_prob",
    "dists2_vonmises_expand", "dists2_vonmises_extra", "dists2_geometric_stats",
    "dists2_geometric_extra", "dists2_multinomial_stats", "dists2_relaxed_bernoulli_log_prob",
    "dists2_relaxed_bernoulli_rsample", "dists2_relaxed_bernoulli_expand",
    "dists2_relaxed_bernoulli_extra", "dists2_relaxed_one_hot_sample",
    "dists2_relaxed_one_hot_rsample", "dists2_relaxed_one_hot_expand",
    "dists2_relaxed_one_hot_extra", "dists2_cont_bernoulli_log_prob",
    "dists2_cont_bernoulli_expand", "dists2_lowrank_mvn_log_prob", "dists2_lowrank_mvn_expand",
    "dists2_lowrank_mvn_extra", "dists2_mixture_log_prob", "dists2_lowrank_mvn_batched",
    "dists2_kl_geometric_geometric", "dists2_kl_beta_cb", "dists2_kl_cb_exponential",
    "dists2_kl_cb_normal", "dists2_kl_normal_gumbel", "dists2_kl_uniform_cb",
    "dists2_kl_uniform_gumbel", "dists2_kl_uniform_normal", "dists2_kl_lowrank",
)
# the same last-bit differences in float64 (tanh, exp, log1p, lgamma)
_FLOAT64_KERNEL_ULPS = (
    "dists2_t_corr_cholesky_f64", "dists2_lognormal_f64", "dists2_weibull_f64",
    "dists2_fisher_f64", "dists2_kumaraswamy_f64", "dists2_relaxed_bernoulli_f64",
    "dists2_cont_bernoulli_f64", "dists2_lowrank_mvn_f64", "dists2_mixture_f64",
)
TOLERANCES = {n: (1e-5, 1e-6) for n in _FLOAT32_KERNEL_ULPS}
TOLERANCES.update({n: (1e-13, 1e-15) for n in _FLOAT64_KERNEL_ULPS})

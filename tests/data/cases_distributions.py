"""torch.distributions (Normal, Uniform, Exponential, Bernoulli, Categorical,
Independent, kl_divergence), recorded from torch 2.13: seeded samples of
several shapes (torch's generator calls, so the same numbers), log_prob,
entropy, moments, gradients of rsample and log_prob and their nodes, reprs,
expand, and the ValueErrors argument and sample validation raise."""

_RUN = (
    "torch.manual_seed(0)\n"
    "D = torch.distributions\n"
    "def run(y, *leaves):\n"
    "    # a weighted sum's backward, so each element's gradient shows\n"
    "    w = torch.arange(y.numel(), dtype=y.dtype).reshape(y.shape) + 1\n"
    "    (y * w).sum().backward()\n"
    "    return [y, y.grad_fn, [t.grad for t in leaves]]\n"
    "def leaf(*values, dtype=torch.float32):\n"
    "    return torch.tensor(list(values), dtype=dtype, requires_grad=True)\n"
    "def shapes(d):\n"
    "    return [d.batch_shape, d.event_shape, repr(d)]\n"
)


def _case(body):
    return _RUN + body


CASES = {
    # ---- Normal ----
    "distrib_normal_sample_shapes": _case(
        "d = D.Normal(torch.tensor([0., 1., -2.]), torch.tensor([1., 0.5, 3.]))\n"
        "result = [d.sample(), d.sample((2,)), d.sample(torch.Size([2, 2])), d.rsample((4,)), "
        "D.Normal(1., 2.).sample(), D.Normal(1., 2.).sample((5, 2)), torch.rand(2)]"
    ),
    "distrib_normal_sample_large": _case(
        "d = D.Normal(leaf(0.5, -1.), leaf(2., 0.25))\n"
        "s = d.sample((20,)); r = d.rsample((20,))\n"
        "result = [s, s.requires_grad, s.grad_fn, r, r.grad_fn, torch.randn(3)]"
    ),
    "distrib_normal_rsample_grad": _case(
        "loc, scale = leaf(0., 1., 2.), leaf(1., 2., 0.5)\n"
        "result = run(D.Normal(loc, scale).rsample((3,)), loc, scale)"
    ),
    "distrib_normal_rsample_float64": _case(
        "loc = torch.tensor([0.5, -0.5], dtype=torch.float64, requires_grad=True)\n"
        "d = D.Normal(loc, 2.)\n"
        "result = [run(d.rsample((3,)), loc), d.sample((2,)), repr(d), d.scale.dtype]"
    ),
    "distrib_normal_log_prob_grad": _case(
        "loc, scale = leaf(0., 1., -1.), leaf(1., 2., 0.5)\n"
        "d = D.Normal(loc, scale)\n"
        "result = run(d.log_prob(torch.tensor([[0.5, 0.2, -3.], [1., 1., 1.]])), loc, scale)"
    ),
    "distrib_normal_entropy_moments": _case(
        "loc, scale = leaf(0., 1.), leaf(1., 3.)\n"
        "d = D.Normal(loc, scale)\n"
        "result = [run(d.entropy(), scale), d.mean, d.mode, d.stddev, d.variance, "
        "d.variance.grad_fn, d.perplexity(), d.cdf(torch.tensor([0.5, 0.5])), "
        "d.icdf(torch.tensor([0.1, 0.9]))]"
    ),
    "distrib_normal_scalar_params": _case(
        "d = D.Normal(0., 1.)\n"
        "result = [shapes(d), d.loc, d.scale, d.log_prob(torch.tensor([0., 1., 2.])), "
        "d.entropy(), d.has_rsample, repr(d.support)]"
    ),
    "distrib_normal_broadcast": _case(
        "d = D.Normal(torch.zeros(2, 1), torch.tensor([1., 2., 3.]))\n"
        "result = [shapes(d), d.loc, d.sample(), d.log_prob(torch.ones(3)), "
        "shapes(D.Normal(torch.tensor([1.]), 2.)), shapes(D.Normal(torch.tensor(1.), 2.))]"
    ),
    "distrib_normal_expand": _case(
        "d = D.Normal(torch.tensor([0., 1.]), torch.tensor([1., 2.])).expand((3, 2))\n"
        "result = [shapes(d), d.loc, d.sample(), d.log_prob(torch.zeros(3, 2)), "
        "d._validate_args]"
    ),
    "distrib_normal_bad_scale": "torch.distributions.Normal(0., -1.)",
    "distrib_normal_bad_scale_tensor": (
        "torch.distributions.Normal(torch.tensor([0., 1.]), torch.tensor([1., -2.]))"
    ),
    "distrib_normal_nan_loc": "torch.distributions.Normal(float('nan'), 1.)",
    "distrib_normal_no_validation": (
        "d = torch.distributions.Normal(0., -1., validate_args=False)\n"
        "result = [repr(d), d.log_prob(torch.tensor(0.5)), d.entropy()]"
    ),
    "distrib_normal_bad_shape": (
        "torch.distributions.Normal(torch.zeros(3), 1.).log_prob(torch.zeros(2))"
    ),
    "distrib_normal_not_tensor": "torch.distributions.Normal(0., 1.).log_prob(0.5)",
    "distrib_normal_bad_param_type": "torch.distributions.Normal('a', 1.)",
    # ---- Uniform ----
    "distrib_uniform_samples_grad": _case(
        "low, high = leaf(0., -1.), leaf(2., 1.)\n"
        "d = D.Uniform(low, high)\n"
        "result = [d.sample((3,)), run(d.rsample((2,)), low, high), shapes(d)]"
    ),
    "distrib_uniform_log_prob_entropy": _case(
        "low, high = leaf(0., -1.), leaf(2., 4.)\n"
        "d = D.Uniform(low, high, validate_args=False)\n"
        "lp = d.log_prob(torch.tensor([[1., 5.], [-1., 0.]]))\n"
        "result = [run(lp, low, high), d.entropy(), d.mean, d.stddev, d.variance, d.mode, "
        "d.cdf(torch.tensor([0.5, 3.])), d.icdf(torch.tensor([0.5, 0.5]))]"
    ),
    "distrib_uniform_scalar": _case(
        "d = D.Uniform(0., 2.)\n"
        "result = [shapes(d), d.sample((4,)), d.log_prob(torch.tensor(1.)), d.entropy(), "
        "repr(d.support), D.Uniform(0., torch.tensor([1., 2.], dtype=torch.float64)).sample()]"
    ),
    "distrib_uniform_bad_bounds": "torch.distributions.Uniform(2., 1.)",
    "distrib_uniform_out_of_support": (
        "torch.distributions.Uniform(0., 2.).log_prob(torch.tensor(3.))"
    ),
    # ---- Exponential ----
    "distrib_exponential": _case(
        "rate = leaf(1., 3., 0.5)\n"
        "d = D.Exponential(rate)\n"
        "result = [d.sample((2,)), run(d.rsample(), rate), shapes(d), d.mean, d.stddev, "
        "d.variance, d.entropy(), d.log_prob(torch.tensor([0.5, 1., 2.])), "
        "D.Exponential(2.).sample((3,))]"
    ),
    "distrib_exponential_log_prob_grad": _case(
        "rate = leaf(1., 3.)\n"
        "result = run(D.Exponential(rate).log_prob(torch.tensor([[0.5, 1.], [0., 2.]])), rate)"
    ),
    "distrib_exponential_negative_value": (
        "torch.distributions.Exponential(1.).log_prob(torch.tensor([-1.]))"
    ),
    # ---- Bernoulli ----
    "distrib_bernoulli_sample": _case(
        "d = D.Bernoulli(torch.tensor([0.2, 0.7, 0.5, 0.]))\n"
        "result = [d.sample(), d.sample((3,)), D.Bernoulli(0.3).sample((6,)), "
        "D.Bernoulli(torch.tensor([0.1, 0.9], dtype=torch.float64)).sample((4,)), "
        "D.Bernoulli(logits=torch.tensor([-2., 0., 3.])).sample((2,)), torch.rand(2)]"
    ),
    "distrib_bernoulli_probs": _case(
        "p = leaf(0.2, 0.7, 0.5)\n"
        "d = D.Bernoulli(p)\n"
        "result = [run(d.log_prob(torch.tensor([[1., 0., 1.], [0., 0., 1.]])), p), "
        "repr(d), d.logits, d.logits.grad_fn, d.mean, d.variance, d.mode, d.entropy(), "
        "d.enumerate_support(), d.param_shape, repr(d)]"
    ),
    "distrib_bernoulli_logits": _case(
        "l = leaf(-2., 0., 3.)\n"
        "d = D.Bernoulli(logits=l)\n"
        "result = [repr(d), run(d.entropy(), l), d.probs, d.probs.grad_fn, repr(d), "
        "shapes(D.Bernoulli(logits=1.5)), D.Bernoulli(logits=1.5).probs]"
    ),
    "distrib_bernoulli_reinforce": _case(
        "l = leaf(0.5, -1., 2., 0.)\n"
        "d = D.Bernoulli(logits=l)\n"
        "action = d.sample(); reward = torch.tensor([1., -1., 0.5, 2.])\n"
        "loss = -(d.log_prob(action) * reward).sum(); loss.backward()\n"
        "result = [action, loss, loss.grad_fn, l.grad]"
    ),
    "distrib_bernoulli_bad_probs": "torch.distributions.Bernoulli(1.5)",
    "distrib_bernoulli_both": (
        "torch.distributions.Bernoulli(torch.tensor(0.5), logits=torch.tensor(0.))"
    ),
    "distrib_bernoulli_neither": "torch.distributions.Bernoulli()",
    "distrib_bernoulli_bad_value": (
        "torch.distributions.Bernoulli(torch.tensor([0.5])).log_prob(torch.tensor([0.5]))"
    ),
    # ---- Categorical ----
    "distrib_categorical_sample": _case(
        "d = D.Categorical(torch.tensor([0.1, 0.5, 0.4]))\n"
        "result = [d.sample(), d.sample((5,)), d.sample((2, 3)), shapes(d), torch.rand(2)]"
    ),
    "distrib_categorical_batched_sample": _case(
        "d = D.Categorical(logits=torch.tensor([[1., 2., 0.5], [0., 0., 0.], [-1., 3., 1.]]))\n"
        "result = [d.sample(), d.sample((4,)), d.sample((2, 2)), shapes(d), d.probs, d.logits]"
    ),
    "distrib_categorical_probs": _case(
        "p = torch.tensor([[2., 1., 1.], [0., 3., 1.]], requires_grad=True)\n"
        "d = D.Categorical(p)\n"
        "result = [run(d.log_prob(torch.tensor([0, 2])), p), d.probs, d.probs.grad_fn, "
        "d.logits, d.mean, d.variance, d.mode, d.entropy(), d.enumerate_support(), "
        "d.enumerate_support(False), d.param_shape, repr(d.support)]"
    ),
    "distrib_categorical_logits_grad": _case(
        "l = torch.tensor([[1., 2., 0.5], [0., -1., 1.]], requires_grad=True)\n"
        "d = D.Categorical(logits=l)\n"
        "lp = d.log_prob(torch.tensor([[2, 1], [0, 0], [1, 2]]))\n"
        "result = [repr(d), run(lp, l), d.logits.grad_fn]"
    ),
    "distrib_categorical_entropy_grad": _case(
        "l = torch.tensor([[1., 2., 0.5], [0., -1., 1.]], requires_grad=True)\n"
        "result = run(D.Categorical(logits=l).entropy(), l)"
    ),
    "distrib_categorical_reinforce": _case(
        "l = torch.randn(4, 5, requires_grad=True)\n"
        "d = D.Categorical(logits=l)\n"
        "action = d.sample(); reward = torch.tensor([1., -0.5, 2., 0.])\n"
        "loss = -(d.log_prob(action) * reward).sum(); loss.backward()\n"
        "result = [action, loss, l.grad, d.entropy().mean()]"
    ),
    "distrib_categorical_zero_prob_entropy": _case(
        "d = D.Categorical(torch.tensor([0., 0.5, 0.5]))\n"
        "result = [d.entropy(), d.logits, d.log_prob(torch.tensor(0))]"
    ),
    "distrib_categorical_expand": _case(
        "d = D.Categorical(torch.tensor([0.1, 0.5, 0.4])).expand((2, 2))\n"
        "result = [shapes(d), d.sample(), d.log_prob(torch.tensor(1)), d.probs.shape]"
    ),
    "distrib_categorical_bad_probs": (
        "torch.distributions.Categorical(torch.tensor([0.5, -0.1]))"
    ),
    "distrib_categorical_zero_dim": "torch.distributions.Categorical(torch.tensor(1.))",
    "distrib_categorical_out_of_support": (
        "torch.distributions.Categorical(torch.ones(2, 3)).log_prob(torch.tensor([3, 1]))"
    ),
    "distrib_categorical_bad_logits": (
        "torch.distributions.Categorical(logits=torch.tensor([0., float('nan')]))"
    ),
    # ---- kl_divergence ----
    "distrib_kl_normal": _case(
        "a, b = leaf(0., 1.), leaf(1., 2.)\n"
        "kl = D.kl_divergence(D.Normal(a, b), D.Normal(torch.tensor([1., 0.]), 3.))\n"
        "result = run(kl, a, b)"
    ),
    "distrib_kl_bernoulli": _case(
        "p = leaf(0.2, 0.7, 0., 1., 0.5)\n"
        "kl = D.kl_divergence(D.Bernoulli(p), D.Bernoulli(torch.tensor([0.4, 0.4, 0.3, 0., 1.])))\n"
        "result = [run(kl, p), D.kl_divergence(D.Bernoulli(logits=torch.tensor([1., -2.])), "
        "D.Bernoulli(0.5))]"
    ),
    "distrib_kl_categorical": _case(
        "l = torch.tensor([[1., 2., 0.5], [0., -1., 1.]], requires_grad=True)\n"
        "q = D.Categorical(torch.tensor([0.2, 0.3, 0.5]))\n"
        "kl = D.kl_divergence(D.Categorical(logits=l), q)\n"
        "result = [run(kl, l), D.kl_divergence(D.Categorical(torch.tensor([0.5, 0.5, 0.])), "
        "D.Categorical(torch.tensor([0.5, 0., 0.5]))), D.kl_divergence(q, "
        "D.Categorical(torch.tensor([0.5, 0., 0.5])))]"
    ),
    "distrib_kl_other_pairs": _case(
        "n = D.Normal(torch.tensor([0., 1.]), 2.); u = D.Uniform(0., torch.tensor([1., 3.]))\n"
        "e = D.Exponential(torch.tensor([1., 0.5]))\n"
        "result = [D.kl_divergence(e, D.Exponential(2.)), D.kl_divergence(u, D.Uniform(-1., 4.)), "
        "D.kl_divergence(D.Uniform(-1., 4.), u), D.kl_divergence(n, u), D.kl_divergence(e, n), "
        "D.kl_divergence(u, n), D.kl_divergence(u, e), D.kl_divergence(e, u)]"
    ),
    "distrib_kl_not_implemented": (
        "torch.distributions.kl_divergence(torch.distributions.Normal(0., 1.), "
        "torch.distributions.Categorical(torch.ones(2)))"
    ),
    "distrib_kl_cross_family": (
        "torch.distributions.kl_divergence(torch.distributions.Normal(0., 1.), "
        "torch.distributions.Bernoulli(0.5))"
    ),
    "distrib_float64_samples": _case(
        "f = torch.float64\n"
        "n = D.Normal(torch.tensor([0., 2.], dtype=f), torch.tensor([1., 0.5], dtype=f))\n"
        "result = [n.sample((10,)), n.rsample((9,)), "
        "D.Uniform(torch.zeros(3, dtype=f), 2.).sample((2,)), "
        "D.Exponential(torch.tensor([1., 4.], dtype=f)).rsample((3,)), "
        "D.Categorical(torch.tensor([0.2, 0.3, 0.5], dtype=f)).sample((6,)), "
        "D.Bernoulli(torch.tensor(0.5, dtype=f)).sample((20,)), torch.rand(1)]"
    ),
    "distrib_validate_default": _case(
        "D.Distribution.set_default_validate_args(False)\n"
        "try:\n"
        "    d = D.Normal(0., -1.)\n"
        "    r = [repr(d), d._validate_args, D.Bernoulli(2.).mean]\n"
        "finally:\n"
        "    D.Distribution.set_default_validate_args(True)\n"
        "result = r + [D.Normal(0., 1.)._validate_args, "
        "D.Normal(0., 1., validate_args=False)._validate_args]"
    ),
    # ---- Independent ----
    "distrib_independent": _case(
        "loc = leaf(0., 1., 2.)\n"
        "d = D.Independent(D.Normal(loc.reshape(1, 3).expand(2, 3), 1.), 1)\n"
        "lp = d.log_prob(torch.tensor([[0.5, 0.2, 1.], [0., 0., 0.]]))\n"
        "result = [shapes(d), run(lp, loc), d.entropy(), d.sample(), d.rsample((2,)).shape, "
        "d.mean, d.variance, d.has_rsample, repr(d.support), "
        "shapes(D.Independent(D.Normal(torch.zeros(2, 3), 1.), 2))]"
    ),
    "distrib_independent_kl": _case(
        "p = D.Independent(D.Normal(torch.tensor([0., 1.]), 1.), 1)\n"
        "q = D.Independent(D.Normal(torch.tensor([1., 1.]), 2.), 1)\n"
        "result = [D.kl_divergence(p, q), shapes(p.expand((3,))), p.expand((3,)).sample()]"
    ),
    "distrib_independent_too_many_dims": (
        "torch.distributions.Independent(torch.distributions.Normal(torch.zeros(2), 1.), 2)"
    ),
    # ---- MultivariateNormal ----
    "distrib_mvn_covariance": _case(
        "cov = torch.tensor([[2., 0.5, 0.1], [0.5, 1., 0.2], [0.1, 0.2, 0.5]], "
        "requires_grad=True)\n"
        "loc = leaf(0., 1., -1.)\n"
        "d = D.MultivariateNormal(loc, covariance_matrix=cov)\n"
        "x = torch.tensor([[0.5, 0.2, -1.], [1., 1., 1.]])\n"
        "result = [shapes(d), d.sample(), d.sample((2,)), run(d.log_prob(x), loc, cov), "
        "d.entropy(), d.variance, d.scale_tril, d.mean]"
    ),
    "distrib_mvn_rsample_grad": _case(
        "L = torch.tensor([[1., 0.], [0.5, 2.]], requires_grad=True); loc = leaf(0., 1.)\n"
        "d = D.MultivariateNormal(loc, scale_tril=L)\n"
        "result = [run(d.rsample((3,)), loc, L), d.covariance_matrix, "
        "d.covariance_matrix.grad_fn, repr(d)]"
    ),
    "distrib_mvn_batched": _case(
        "L = torch.tensor([[1., 0., 0.], [0.3, 0.8, 0.], [-0.2, 0.1, 1.5]])\n"
        "d = D.MultivariateNormal(torch.tensor([[0., 1., 2.], [1., 0., -1.]]), scale_tril=L)\n"
        "d4 = D.MultivariateNormal(torch.zeros(3), covariance_matrix=(L @ L.T).expand(2, 3, 3))\n"
        "result = [shapes(d), d.sample(), d.rsample((2,)), d.log_prob(torch.ones(4, 2, 3)), "
        "d.entropy(), d4.log_prob(torch.ones(4, 1, 3)), shapes(d4.expand((5, 2))), "
        "d4.expand((5, 2)).sample().shape]"
    ),
    "distrib_mvn_precision": _case(
        "P = torch.tensor([[2., 0.5, 0.1], [0.5, 1., 0.2], [0.1, 0.2, 0.5]])\n"
        "d = D.MultivariateNormal(torch.zeros(3), precision_matrix=P)\n"
        "c = D.MultivariateNormal(torch.zeros(3), covariance_matrix=P)\n"
        "result = [d.scale_tril, d.log_prob(torch.ones(3)), d.entropy(), c.precision_matrix, "
        "d.sample()]"
    ),
    "distrib_mvn_not_positive_definite": (
        "torch.distributions.MultivariateNormal(torch.zeros(2), -torch.eye(2))"
    ),
    "distrib_mvn_not_symmetric": (
        "torch.distributions.MultivariateNormal(torch.zeros(2), "
        "torch.tensor([[1., 2.], [0., 1.]]))"
    ),
    "distrib_mvn_no_matrix": "torch.distributions.MultivariateNormal(torch.zeros(2))",
    "distrib_mvn_bad_scale_tril": (
        "torch.distributions.MultivariateNormal(torch.zeros(2), "
        "scale_tril=torch.tensor([[1., 1.], [0., 1.]]))"
    ),
    "distrib_mvn_bad_event_shape": (
        "torch.distributions.MultivariateNormal(torch.zeros(3), torch.eye(3))"
        ".log_prob(torch.zeros(2))"
    ),
    # ---- a VAE-style reparameterized loss ----
    "distrib_vae_loss": _case(
        "mu, logvar = leaf(0.5, -0.2, 0.1), leaf(-1., 0.3, 0.)\n"
        "q = D.Normal(mu, (0.5 * logvar).exp())\n"
        "z = q.rsample()\n"
        "p = D.Normal(torch.zeros(3), torch.ones(3))\n"
        "loss = (z ** 2).sum() + D.kl_divergence(q, p).sum() - q.log_prob(z).sum()\n"
        "loss.backward()\n"
        "result = [z, loss, loss.grad_fn, mu.grad, logvar.grad]"
    ),
}

# ferrograd's float32 log (and log1p/exp under softplus) lands one ulp away
# from torch's on some inputs (log(0.75): torch -0x1.269622p-2, ferrograd
# -0x1.26962p-2); these cases take logs of probabilities and carry that ulp.
TOLERANCES = {
    name: (1e-6, 1e-7)
    for name in (
        "distrib_bernoulli_logits",
        "distrib_categorical_entropy_grad",
        "distrib_categorical_logits_grad",
        "distrib_categorical_probs",
        "distrib_categorical_reinforce",
        "distrib_kl_bernoulli",
        "distrib_kl_categorical",
        "distrib_kl_other_pairs",
    )
}
# MultivariateNormal factors its matrices with ferrograd's float32 Cholesky and
# triangular solves, which round differently from torch's LAPACK (a few ulps;
# the Cholesky gradient carries a few more); precision_matrix is (L^-1)^T L^-1
# where torch calls cholesky_inverse, so entries that should be 0 are ~1e-8.
TOLERANCES["distrib_mvn_"] = (1e-5, 1e-6)

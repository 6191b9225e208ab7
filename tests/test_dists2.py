"""float64 gradcheck of the transforms and of the further distributions'
reparameterized samples (seeded inside the checked function, so every
evaluation draws the same noise), log-densities, cdfs and KL divergences."""

import ferrograd as torch
import pytest
from ferrograd.autograd import gradcheck

D = torch.distributions
T = D.transforms
f64 = torch.float64


def t(*values):
    return torch.tensor(list(values), dtype=f64, requires_grad=True)


def seeded(fn):
    def run(*args):
        torch.manual_seed(0)
        return fn(*args)

    return run


X = (-1.2, -0.3, 0.4, 1.7)
POS = (0.6, 1.1, 1.9, 2.7)
UNIT = (0.15, 0.35, 0.6, 0.85)
LOC, SCALE = (0.2, -0.7, 1.3), (0.8, 1.4, 2.1)
VALUES = torch.tensor([0.4, -1.1, 2.3], dtype=f64)
POS_VALUES = torch.tensor([0.4, 1.1, 2.3], dtype=f64)

CASES = {
    # transforms: forward, inverse and log|det J|
    "exp": (lambda x: T.ExpTransform()(x) + T.ExpTransform().log_abs_det_jacobian(x, x), [X]),
    "sigmoid": (lambda x: torch.cat([T.SigmoidTransform()(x),
                                     T.SigmoidTransform().log_abs_det_jacobian(x, x)]), [X]),
    "sigmoid_inv": (lambda y: T.SigmoidTransform().inv(y), [UNIT]),
    "tanh": (lambda x: T.TanhTransform().log_abs_det_jacobian(x, T.TanhTransform()(x)), [X]),
    "softplus": (lambda x: T.SoftplusTransform().inv(T.SoftplusTransform()(x)), [X]),
    "power": (lambda x, e: T.PowerTransform(e).log_abs_det_jacobian(x, T.PowerTransform(e)(x)),
              [POS, (0.5, 2.0, -1.5, 3.0)]),
    "affine": (lambda x, s: T.AffineTransform(1.0, s).inv(x) + T.AffineTransform(
        1.0, s).log_abs_det_jacobian(x, x), [X, (0.5, -2.0, 3.0, 1.5)]),
    "stick_breaking": (lambda x: torch.cat([
        T.StickBreakingTransform()(x).flatten(),
        T.StickBreakingTransform().log_abs_det_jacobian(x, T.StickBreakingTransform()(x))
        .reshape(1)]),
        [X]),
    "stick_breaking_inv": (lambda y: T.StickBreakingTransform().inv(y / y.sum()), [POS]),
    "softmax": (lambda x: T.SoftmaxTransform()(x), [X]),
    "corr_cholesky": (lambda x: torch.cat([
        T.CorrCholeskyTransform()(x).flatten(),
        T.CorrCholeskyTransform().log_abs_det_jacobian(x, T.CorrCholeskyTransform()(x))
        .reshape(1)]), [(0.3, -0.8, 0.5)]),
    "lower_cholesky": (lambda x: T.LowerCholeskyTransform()(x.reshape(2, 2)), [X]),
    # reparameterized samples
    "laplace_rsample": (seeded(lambda a, b: D.Laplace(a, b).rsample((2,))), [LOC, SCALE]),
    "cauchy_rsample": (seeded(lambda a, b: D.Cauchy(a, b).rsample((2,))), [LOC, SCALE]),
    "lognormal_rsample": (seeded(lambda a, b: D.LogNormal(a, b).rsample((2,))), [LOC, SCALE]),
    "halfnormal_rsample": (seeded(lambda b: D.HalfNormal(b).rsample((2,))), [SCALE]),
    "halfcauchy_rsample": (seeded(lambda b: D.HalfCauchy(b).rsample((2,))), [SCALE]),
    "pareto_rsample": (seeded(lambda a, b: D.Pareto(a, b).rsample((2,))), [SCALE, (2.0, 3.0, 1.5)]),
    "weibull_rsample": (seeded(lambda a, b: D.Weibull(a, b).rsample((2,))),
                        [SCALE, (2.0, 3.0, 1.5)]),
    "gumbel_rsample": (seeded(lambda a, b: D.Gumbel(a, b).rsample((2,))), [LOC, SCALE]),
    "logistic_normal_rsample": (seeded(lambda a, b: D.LogisticNormal(a, b).rsample((2,))),
                                [LOC, SCALE]),
    "studentt_rsample": (seeded(lambda a, b: D.StudentT(3.0, a, b).rsample((2,))), [LOC, SCALE]),
    "kumaraswamy_rsample": (seeded(lambda a, b: D.Kumaraswamy(a, b).rsample((2,))),
                            [SCALE, (2.0, 3.0, 1.5)]),
    "relaxed_bernoulli_rsample": (seeded(lambda p: D.RelaxedBernoulli(
        torch.tensor(0.7, dtype=f64), p).rsample((2,))), [(0.2, 0.5, 0.8)]),
    "relaxed_one_hot_rsample": (seeded(lambda p: D.RelaxedOneHotCategorical(
        torch.tensor(0.7, dtype=f64), logits=p).rsample((2,))), [(0.2, -0.5, 0.8)]),
    "cont_bernoulli_rsample": (seeded(lambda p: D.ContinuousBernoulli(p).rsample((2,))),
                               [(0.2, 0.4, 0.8)]),
    "lowrank_rsample": (seeded(lambda a, w, d: D.LowRankMultivariateNormal(
        a, w.reshape(3, 1), d).rsample((2,))), [LOC, (0.5, -1.0, 0.3), SCALE]),
    # log-densities, cdfs and entropies
    "laplace_log_prob": (lambda a, b: D.Laplace(a, b).log_prob(VALUES), [LOC, SCALE]),
    "laplace_cdf": (lambda a, b: D.Laplace(a, b).cdf(VALUES), [LOC, SCALE]),
    "cauchy_log_prob": (lambda a, b: D.Cauchy(a, b).log_prob(VALUES), [LOC, SCALE]),
    "gumbel_log_prob": (lambda a, b: D.Gumbel(a, b).log_prob(VALUES), [LOC, SCALE]),
    "lognormal_log_prob": (lambda a, b: D.LogNormal(a, b).log_prob(POS_VALUES), [LOC, SCALE]),
    "halfnormal_log_prob": (lambda b: D.HalfNormal(b).log_prob(POS_VALUES), [SCALE]),
    "pareto_log_prob": (lambda b: D.Pareto(0.3, b).log_prob(POS_VALUES), [SCALE]),
    "weibull_log_prob": (lambda a, b: D.Weibull(a, b).log_prob(POS_VALUES),
                         [SCALE, (2.0, 3.0, 1.5)]),
    "studentt_log_prob": (lambda n, a, b: D.StudentT(n, a, b).log_prob(VALUES),
                          [(1.5, 3.0, 8.0), LOC, SCALE]),
    "studentt_entropy": (lambda n, b: D.StudentT(n, 0.0, b).entropy(),
                         [(1.5, 3.0, 8.0), SCALE]),
    "fisher_log_prob": (lambda a, b: D.FisherSnedecor(a, b).log_prob(POS_VALUES),
                        [(1.5, 3.0, 8.0), (2.5, 4.0, 6.0)]),
    "kumaraswamy_log_prob": (lambda a, b: D.Kumaraswamy(a, b).log_prob(
        torch.tensor([0.2, 0.5, 0.9], dtype=f64)), [SCALE, (2.0, 3.0, 1.5)]),
    "kumaraswamy_entropy": (lambda a, b: D.Kumaraswamy(a, b).entropy(),
                            [SCALE, (2.0, 3.0, 1.5)]),
    "vonmises_log_prob": (lambda a, k: D.VonMises(a, k).log_prob(VALUES),
                          [LOC, (0.5, 2.0, 6.0)]),
    "geometric_log_prob": (lambda p: D.Geometric(p).log_prob(
        torch.tensor([0.0, 2.0, 5.0], dtype=f64)), [(0.2, 0.5, 0.8)]),
    "geometric_entropy": (lambda p: D.Geometric(p).entropy(), [(0.2, 0.5, 0.8)]),
    "multinomial_log_prob": (lambda p: D.Multinomial(4, p).log_prob(
        torch.tensor([1.0, 0.0, 3.0], dtype=f64)), [(0.2, 0.5, 0.8)]),
    "multinomial_entropy": (lambda p: D.Multinomial(4, p).entropy(), [(0.2, 0.5, 0.8)]),
    "cont_bernoulli_log_prob": (lambda p: D.ContinuousBernoulli(p).log_prob(
        torch.tensor([0.1, 0.5, 0.9], dtype=f64)), [(0.2, 0.4, 0.8)]),
    "cont_bernoulli_entropy": (lambda p: D.ContinuousBernoulli(p).entropy(), [(0.2, 0.4, 0.8)]),
    "relaxed_bernoulli_log_prob": (lambda p: D.RelaxedBernoulli(
        torch.tensor(0.7, dtype=f64), p).log_prob(torch.tensor([0.1, 0.5, 0.9], dtype=f64)),
        [(0.2, 0.5, 0.8)]),
    "lowrank_log_prob": (lambda a, w, d: D.LowRankMultivariateNormal(
        a, w.reshape(3, 1), d).log_prob(VALUES), [LOC, (0.5, -1.0, 0.3), SCALE]),
    "mixture_log_prob": (lambda w, a, b: D.MixtureSameFamily(
        D.Categorical(w), D.Normal(a, b)).log_prob(VALUES), [(0.2, 0.5, 0.3), LOC, SCALE]),
    # KL divergences
    "kl_laplace_normal": (lambda a, b: D.kl_divergence(D.Laplace(a, b), D.Normal(0.3, 1.5)),
                          [LOC, SCALE]),
    "kl_gumbel_gumbel": (lambda a, b: D.kl_divergence(D.Gumbel(a, b), D.Gumbel(0.3, 1.5)),
                         [LOC, SCALE]),
    "kl_beta_gamma": (lambda a, b: D.kl_divergence(D.Beta(a, b), D.Gamma(2.0, 1.5)),
                      [SCALE, (2.0, 3.0, 1.5)]),
    "kl_lowrank": (lambda a, w, d: D.kl_divergence(
        D.LowRankMultivariateNormal(a, w.reshape(3, 1), d),
        D.MultivariateNormal(torch.zeros(3, dtype=f64), torch.eye(3, dtype=f64) * 2)),
        [LOC, (0.5, -1.0, 0.3), SCALE]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradcheck(name):
    fn, inputs = CASES[name]
    assert gradcheck(fn, tuple(t(*v) for v in inputs))


def test_cauchy_and_geometric_fill_in_memory_order():
    # a transposed tensor gets its draws in memory order, as torch's kernel visits it
    torch.manual_seed(0)
    a = torch.empty(3, 4).t().cauchy_()
    torch.manual_seed(0)
    b = torch.empty(3, 4).cauchy_()
    assert a.t().tolist() == b.tolist()
    torch.manual_seed(0)
    g = torch.empty(1000, dtype=torch.long).geometric_(0.25)
    assert int(g.min()) >= 1

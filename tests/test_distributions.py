"""float64 gradchecks of torch.distributions: log_prob, entropy, kl_divergence and
rsample (reseeded before each call, so the same noise every time) with respect to
the parameters. Values and nodes are compared with torch in cases_distributions.py."""

import ferrograd as torch
import pytest
from ferrograd.autograd import gradcheck

D = torch.distributions
f64 = torch.float64


def _t(*values):
    return torch.tensor(list(values), dtype=f64, requires_grad=True)


def _seeded(f):
    def run(*args):
        torch.manual_seed(0)
        return f(*args)

    return run


X3 = torch.tensor([0.3, -1.2, 2.0], dtype=f64)

CHECKS = {
    "normal_log_prob": (lambda m, s: D.Normal(m, s).log_prob(X3), _t(0.1, 0.5, -1.0),
                        _t(0.7, 1.5, 2.0)),
    "normal_entropy": (lambda s: D.Normal(0.0, s).entropy(), _t(0.7, 1.5, 2.0)),
    "normal_rsample": (_seeded(lambda m, s: D.Normal(m, s).rsample((4,))),
                       _t(0.1, 0.5, -1.0), _t(0.7, 1.5, 2.0)),
    "uniform_rsample": (_seeded(lambda lo, hi: D.Uniform(lo, hi).rsample((2,))),
                        _t(-1.0, 0.0), _t(1.0, 3.0)),
    "uniform_log_prob": (lambda lo, hi: D.Uniform(lo, hi).log_prob(torch.zeros(2, dtype=f64)),
                         _t(-1.0, -0.5), _t(1.0, 3.0)),
    "exponential_rsample": (_seeded(lambda r: D.Exponential(r).rsample((3,))), _t(0.5, 2.0)),
    "exponential_log_prob": (lambda r: D.Exponential(r).log_prob(X3.abs()), _t(0.5, 2.0, 1.0)),
    "bernoulli_log_prob_probs": (
        lambda p: D.Bernoulli(p).log_prob(torch.tensor([1.0, 0.0, 1.0], dtype=f64)),
        _t(0.2, 0.6, 0.9)),
    "bernoulli_entropy_logits": (lambda l: D.Bernoulli(logits=l).entropy(), _t(-2.0, 0.3, 1.5)),
    "categorical_log_prob_logits": (
        lambda l: D.Categorical(logits=l).log_prob(torch.tensor([[0, 2], [1, 1]])),
        torch.tensor([[0.5, -1.0, 2.0], [0.0, 0.3, -0.2]], dtype=f64, requires_grad=True)),
    "categorical_entropy_probs": (
        lambda p: D.Categorical(p).entropy(),
        torch.tensor([[0.5, 1.0, 2.0], [1.0, 0.3, 0.2]], dtype=f64, requires_grad=True)),
    "kl_normal_normal": (lambda m, s: D.kl_divergence(D.Normal(m, s), D.Normal(0.5, 2.0)),
                         _t(0.1, 0.5, -1.0), _t(0.7, 1.5, 2.0)),
    "kl_bernoulli_bernoulli": (
        lambda p: D.kl_divergence(D.Bernoulli(p), D.Bernoulli(torch.tensor(0.4, dtype=f64))),
        _t(0.2, 0.6, 0.9)),
    "kl_categorical_categorical": (
        lambda l: D.kl_divergence(D.Categorical(logits=l),
                                  D.Categorical(torch.tensor([0.2, 0.3, 0.5], dtype=f64))),
        torch.tensor([[0.5, -1.0, 2.0], [0.0, 0.3, -0.2]], dtype=f64, requires_grad=True)),
    "independent_normal_log_prob": (
        lambda m: D.Independent(D.Normal(m, 1.0), 1).log_prob(X3), _t(0.1, 0.5, -1.0)),
    "mvn_log_prob_scale_tril": (
        lambda m, L: D.MultivariateNormal(m, scale_tril=L.tril()).log_prob(X3),
        _t(0.1, 0.5, -1.0),
        torch.tensor([[1.0, 0.0, 0.0], [0.3, 0.8, 0.0], [-0.2, 0.1, 1.5]], dtype=f64,
                     requires_grad=True)),
    "mvn_log_prob_covariance": (
        lambda c: D.MultivariateNormal(torch.zeros(3, dtype=f64),
                                       covariance_matrix=(c + c.mT) / 2).log_prob(X3),
        torch.tensor([[2.0, 0.5, 0.1], [0.5, 1.0, 0.2], [0.1, 0.2, 0.5]], dtype=f64,
                     requires_grad=True)),
    "mvn_rsample": (
        _seeded(lambda m, L: D.MultivariateNormal(m, scale_tril=L.tril()).rsample((2,))),
        _t(0.1, 0.5),
        torch.tensor([[1.0, 0.0], [0.3, 0.8]], dtype=f64, requires_grad=True)),
}


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_gradcheck(name):
    fn, *inputs = CHECKS[name]
    assert gradcheck(fn, tuple(inputs)) is True


def test_sample_has_no_graph_and_rsample_does():
    loc = _t(0.0, 1.0)
    d = D.Normal(loc, 1.0)
    assert d.sample().requires_grad is False
    assert d.rsample().requires_grad is True

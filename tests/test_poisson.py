"""float64 gradchecks of the count distributions' log_prob (Poisson,
Binomial by probs and by logits, NegativeBinomial), the Poisson KL and
Gamma.cdf with respect to the rate. The samplers, the Dirichlet/Beta
rsample gradients (torch's implicit approximations, not finite
differences of the sampler) and all values and nodes are compared with
torch's recordings in cases_poisson.py instead."""

import ferrograd as torch
import pytest
from ferrograd.autograd import gradcheck

D = torch.distributions
f64 = torch.float64


def _t(*values):
    return torch.tensor(list(values), dtype=f64, requires_grad=True)


K = torch.tensor([0.0, 2.0, 5.0], dtype=f64)

CHECKS = {
    "poisson_log_prob": (lambda r: D.Poisson(r).log_prob(K), _t(0.5, 3.0, 12.0)),
    "poisson_kl": (
        lambda p, q: D.kl_divergence(D.Poisson(p), D.Poisson(q)),
        _t(0.5, 3.0, 12.0),
        _t(1.5, 2.0, 4.0),
    ),
    "binomial_log_prob_probs": (
        lambda p: D.Binomial(torch.tensor([4.0, 6.0, 9.0], dtype=f64), p).log_prob(K),
        _t(0.2, 0.5, 0.7),
    ),
    "binomial_log_prob_logits": (
        lambda lo: D.Binomial(9, logits=lo).log_prob(K),
        _t(-1.5, 0.3, 2.0),
    ),
    "negative_binomial_log_prob": (
        lambda n, p: D.NegativeBinomial(n, p).log_prob(K),
        _t(0.7, 3.0, 10.0),
        _t(0.2, 0.5, 0.8),
    ),
    "gamma_cdf_rate": (
        lambda r: D.Gamma(torch.tensor([0.5, 2.0, 5.0], dtype=f64), r).cdf(
            torch.tensor([0.3, 1.2, 2.0], dtype=f64)
        ),
        _t(1.0, 0.5, 3.0),
    ),
}


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_gradcheck(name):
    f, *inputs = CHECKS[name]
    assert gradcheck(f, tuple(inputs))


def test_dirichlet_rsample_gradient_keeps_the_simplex():
    # the coordinates sum to one whatever the concentrations: the sum's
    # gradient vanishes (to rounding)
    torch.manual_seed(0)
    c = torch.tensor([[0.3, 2.0, 9.0], [5.0, 7.0, 40.0]], dtype=f64, requires_grad=True)
    D.Dirichlet(c).rsample((5,)).sum().backward()
    assert float(c.grad.abs().max()) < 1e-12


def test_poisson_counts_in_range():
    torch.manual_seed(0)
    counts = torch.poisson(torch.full((2000,), 3.0, dtype=f64))
    assert float(counts.min()) >= 0
    assert abs(float(counts.mean()) - 3.0) < 0.2

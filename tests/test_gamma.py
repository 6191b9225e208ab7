"""float64 gradchecks of the gamma family: lgamma, and log_prob of Gamma,
Chi2, Beta and Dirichlet with respect to their parameters; Gamma's rsample
with respect to the rate (reseeded, so the same draws every time). The
concentration gradient of rsample is torch's implicit reparameterization
(not a finite difference of the sampler), so it is compared with torch's
recording in cases_gamma.py instead, as are all values and nodes."""

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


V = torch.tensor([0.3, 1.2, 2.0], dtype=f64)
P = torch.tensor([0.2, 0.5, 0.9], dtype=f64)

CHECKS = {
    "lgamma": (torch.lgamma, _t(0.3, 1.5, 4.0, 12.5)),
    "gamma_log_prob": (
        lambda c, r: D.Gamma(c, r).log_prob(V),
        _t(0.5, 2.0, 5.0),
        _t(1.0, 0.5, 3.0),
    ),
    "chi2_log_prob": (lambda df: D.Chi2(df).log_prob(V), _t(1.0, 3.0, 7.0)),
    "gamma_rsample_rate": (
        _seeded(lambda r: D.Gamma(torch.tensor([0.5, 2.0, 5.0], dtype=f64), r).rsample((2,))),
        _t(1.0, 0.5, 3.0),
    ),
    "beta_log_prob": (
        lambda a, b: D.Beta(a, b).log_prob(P),
        _t(0.5, 2.0, 3.0),
        _t(1.5, 1.0, 0.7),
    ),
    "dirichlet_log_prob": (
        lambda c: D.Dirichlet(c).log_prob(torch.tensor([0.2, 0.3, 0.5], dtype=f64)),
        _t(0.5, 2.0, 3.0),
    ),
}


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_gradcheck(name):
    f, *inputs = CHECKS[name]
    assert gradcheck(f, tuple(inputs))


def test_standard_gamma_is_deterministic_per_seed():
    a = torch.tensor([0.2, 1.0, 3.0], dtype=f64)
    torch.manual_seed(5)
    first = torch._standard_gamma(a)
    torch.manual_seed(5)
    assert torch.equal(first, torch._standard_gamma(a))


def test_sample_has_no_graph_and_rsample_does():
    c = _t(0.5, 2.0)
    assert D.Gamma(c, 1.0).sample().grad_fn is None
    assert type(D.Gamma(c, 1.0).rsample().grad_fn).__name__ == "DivBackward0"

"""``torch.distributions``: Normal, Uniform, Exponential, Bernoulli, Categorical,
Gamma, Chi2, Dirichlet, Beta, Poisson, Binomial, NegativeBinomial,
Independent, MultivariateNormal and ``kl_divergence`` between them, with torch's sampling (same
seed, same numbers), validation messages and reprs."""

from . import constraints
from ._univariate import Bernoulli, Categorical, Exponential, ExponentialFamily, Normal, Uniform
from .binomial import Binomial
from .dirichlet import Beta, Dirichlet
from .distribution import Distribution
from .gamma import Chi2, Gamma
from .independent import Independent
from .kl import kl_divergence, register_kl
from .multivariate_normal import MultivariateNormal
from .negative_binomial import NegativeBinomial
from .poisson import Poisson

__all__ = [
    "Bernoulli",
    "Beta",
    "Binomial",
    "Categorical",
    "Chi2",
    "Dirichlet",
    "Distribution",
    "Exponential",
    "ExponentialFamily",
    "Gamma",
    "Independent",
    "MultivariateNormal",
    "NegativeBinomial",
    "Normal",
    "Poisson",
    "Uniform",
    "constraints",
    "kl_divergence",
    "register_kl",
]

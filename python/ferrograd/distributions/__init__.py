"""``torch.distributions``: Normal, Uniform, Exponential, Bernoulli, Categorical,
Gamma, Chi2, Dirichlet, Beta, Independent, MultivariateNormal, the
transforms with TransformedDistribution and the distributions built from
them (LogNormal, Gumbel, Laplace, Cauchy, ... VonMises, LowRankMultivariateNormal,
MixtureSameFamily) and ``kl_divergence`` between them, with torch's sampling
(same seed, same numbers), validation messages and reprs."""

from . import constraints
from ._univariate import Bernoulli, Categorical, Exponential, ExponentialFamily, Normal, Uniform
from .dirichlet import Beta, Dirichlet
from .distribution import Distribution
from .gamma import Chi2, Gamma
from .independent import Independent
from .kl import kl_divergence, register_kl
from .multivariate_normal import MultivariateNormal

# transforms, TransformedDistribution and the distributions built on them
from . import transforms  # noqa: E402
from ._continuous import (  # noqa: E402
    Cauchy,
    FisherSnedecor,
    Geometric,
    Gumbel,
    HalfCauchy,
    HalfNormal,
    Kumaraswamy,
    Laplace,
    LogisticNormal,
    LogNormal,
    Pareto,
    StudentT,
    VonMises,
    Weibull,
)
from ._discrete_relaxed import (  # noqa: E402
    ContinuousBernoulli,
    ExpRelaxedCategorical,
    LogitRelaxedBernoulli,
    Multinomial,
    OneHotCategorical,
    OneHotCategoricalStraightThrough,
    RelaxedBernoulli,
    RelaxedOneHotCategorical,
)
from . import _kl_more  # noqa: E402,F401 - registers their KL divergences
from .constraint_registry import biject_to, transform_to  # noqa: E402
from .lowrank_multivariate_normal import LowRankMultivariateNormal  # noqa: E402
from .mixture_same_family import MixtureSameFamily  # noqa: E402
from .transformed_distribution import TransformedDistribution  # noqa: E402
from .transforms import (  # noqa: E402
    AbsTransform,
    AffineTransform,
    CatTransform,
    ComposeTransform,
    CorrCholeskyTransform,
    CumulativeDistributionTransform,
    ExpTransform,
    IndependentTransform,
    LowerCholeskyTransform,
    PositiveDefiniteTransform,
    PowerTransform,
    ReshapeTransform,
    SigmoidTransform,
    SoftmaxTransform,
    SoftplusTransform,
    StackTransform,
    StickBreakingTransform,
    TanhTransform,
    Transform,
    identity_transform,
)

__all__ = [
    "Bernoulli",
    "Beta",
    "Categorical",
    "Chi2",
    "Dirichlet",
    "Distribution",
    "Exponential",
    "ExponentialFamily",
    "Gamma",
    "Independent",
    "MultivariateNormal",
    "Normal",
    "Uniform",
    "constraints",
    "kl_divergence",
    "register_kl",
    # transforms and the distributions added with them
    "AbsTransform",
    "AffineTransform",
    "CatTransform",
    "Cauchy",
    "ComposeTransform",
    "ContinuousBernoulli",
    "CorrCholeskyTransform",
    "CumulativeDistributionTransform",
    "ExpRelaxedCategorical",
    "ExpTransform",
    "FisherSnedecor",
    "Geometric",
    "Gumbel",
    "HalfCauchy",
    "HalfNormal",
    "IndependentTransform",
    "Kumaraswamy",
    "Laplace",
    "LogNormal",
    "LogisticNormal",
    "LogitRelaxedBernoulli",
    "LowRankMultivariateNormal",
    "LowerCholeskyTransform",
    "MixtureSameFamily",
    "Multinomial",
    "OneHotCategorical",
    "OneHotCategoricalStraightThrough",
    "Pareto",
    "PositiveDefiniteTransform",
    "PowerTransform",
    "RelaxedBernoulli",
    "RelaxedOneHotCategorical",
    "ReshapeTransform",
    "SigmoidTransform",
    "SoftmaxTransform",
    "SoftplusTransform",
    "StackTransform",
    "StickBreakingTransform",
    "StudentT",
    "TanhTransform",
    "Transform",
    "TransformedDistribution",
    "VonMises",
    "Weibull",
    "biject_to",
    "identity_transform",
    "transform_to",
    "transforms",
]

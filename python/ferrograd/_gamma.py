"""``torch._standard_gamma`` (with its reparameterized gradient,
StandardGammaBackward0) and ``torch._sample_dirichlet``. The draws and values come from the Rust core, which
follows torch's CPU kernels bit for bit; the nodes are recorded here with
torch's names and gradient formulas."""

from . import _core
from ._checks import not_tensor
from ._fused import with_formula
from ._grad_mode import no_grad


def _engine(generator):
    from . import _engine as engine

    return engine(generator)


def _standard_gamma(input, generator=None):
    """One draw of Gamma(alpha, 1) per element of ``input`` (alpha)."""
    if not isinstance(input, _core.Tensor):
        not_tensor("_standard_gamma", input)
    with no_grad():
        result = _core._standard_gamma(input.detach(), _engine(generator))

    def gradients(grad, needs, alpha, output):
        return [grad * _standard_gamma_grad(alpha, output)]

    return with_formula(
        "StandardGammaBackward0", [input], result, [input, result.detach()], gradients
    )


def _standard_gamma_grad(input, output):
    """d output / d alpha of standard gamma draws ``output`` (torch's
    implicit reparameterization gradient; not differentiable itself)."""
    if not isinstance(input, _core.Tensor):
        not_tensor("_standard_gamma_grad", input)
    with no_grad():
        return _core._standard_gamma_grad(input.detach(), output.detach())


def _sample_dirichlet(input, generator=None):
    """Dirichlet draws along the last dimension of the concentrations."""
    if not isinstance(input, _core.Tensor):
        not_tensor("_sample_dirichlet", input)
    with no_grad():
        return _core._sample_dirichlet(input.detach(), _engine(generator))


NAMES = ["_standard_gamma", "_standard_gamma_grad", "_sample_dirichlet"]
METHODS = []

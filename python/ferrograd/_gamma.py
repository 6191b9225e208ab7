"""``torch._standard_gamma`` (with its reparameterized gradient,
StandardGammaBackward0), ``torch._sample_dirichlet``, ``torch.lgamma`` and
``torch.digamma``. The draws and values come from the Rust core, which
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


def _floating(input):
    from . import get_default_dtype

    if input.dtype.is_floating_point:
        return input
    return input.to(get_default_dtype())


def lgamma(input):
    """log |Gamma(x)| elementwise (LgammaBackward0: grad * digamma(x))."""
    if not isinstance(input, _core.Tensor):
        not_tensor("lgamma", input)
    x = _floating(input)
    with no_grad():
        result = _core._gamma_special("lgamma", x.detach())

    def gradients(grad, needs, saved):
        return [grad * digamma(saved)]

    return with_formula("LgammaBackward0", [x], result, [x], gradients)


def digamma(input):
    """The logarithmic derivative of Gamma elementwise. Its own gradient
    (torch: polygamma(1, x)) is not implemented here yet."""
    if not isinstance(input, _core.Tensor):
        not_tensor("digamma", input)
    x = _floating(input)
    with no_grad():
        result = _core._gamma_special("digamma", x.detach())

    def gradients(grad, needs, saved):
        raise NotImplementedError(
            "ferrograd: the derivative of digamma (polygamma(1, x)) is not implemented"
        )

    return with_formula("DigammaBackward0", [x], result, [x], gradients)


NAMES = ["_standard_gamma", "_standard_gamma_grad", "_sample_dirichlet", "lgamma", "digamma"]
METHODS = ["lgamma", "digamma"]

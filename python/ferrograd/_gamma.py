"""``torch._standard_gamma`` (with its reparameterized gradient,
StandardGammaBackward0), ``torch._sample_dirichlet`` and its gradient
``torch._dirichlet_grad``, ``torch.poisson`` and ``torch.binomial``. The
draws and values come from the Rust core, which follows torch's CPU kernels
bit for bit; the nodes are recorded here with torch's names and gradient
formulas."""

import warnings

from . import _core
from ._checks import SCALAR_TYPE_NAMES, not_tensor
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


def _no_derivative(op):
    """torch's node for an op without a derivative formula: backward
    through it raises."""

    def gradients(grad, needs):
        raise RuntimeError(f"derivative for aten::{op} is not implemented")

    return gradients


def _same_dtype(tensors):
    # TensorIterator's check: every operand in the first one's dtype
    for t in tensors[1:]:
        if t.dtype != tensors[0].dtype:
            raise RuntimeError(
                f"Found dtype {SCALAR_TYPE_NAMES[t.dtype]} but expected {SCALAR_TYPE_NAMES[tensors[0].dtype]}"
            )


def poisson(input, generator=None):
    """One Poisson draw per element of ``input`` (the rates), with torch's
    CPU sampler; PoissonBackward0 passes zero gradients."""
    if not isinstance(input, _core.Tensor):
        not_tensor("poisson", input)
    with no_grad():
        result = _core._poisson(input.detach(), _engine(generator))

    def gradients(grad, needs):
        return [grad.new_zeros(grad.shape)]

    return with_formula("PoissonBackward0", [input], result, [], gradients)


def binomial(count, prob, generator=None):
    """One Binomial(count, prob) draw per element pair (broadcast), with
    torch's CPU sampler (BTRS or inversion); not differentiable."""
    from ._composite_shapes import broadcast_tensors

    if not isinstance(count, _core.Tensor):
        not_tensor("binomial", count, "count")
    if not isinstance(prob, _core.Tensor):
        not_tensor("binomial", prob, "prob", 2)
    for name, t in (("count", count), ("prob", prob)):
        if not t.dtype.is_floating_point:
            raise ValueError(
                f"binomial only supports floating-point dtypes for {name}, "
                f"got: {SCALAR_TYPE_NAMES[t.dtype]}"
            )
    c, p = broadcast_tensors(count.detach(), prob.detach())
    _same_dtype([c, p])
    if c.shape != count.shape:
        _warn_resized(count.shape, c.shape)
    with no_grad():
        result = _core._binomial(c, p, _engine(generator))
    return with_formula("NotImplemented", [count, prob], result, [], _no_derivative("binomial"))


def _dirichlet_grad(x, alpha, total):
    """d x / d alpha of Beta(alpha, total - alpha) draws ``x``, over 1 - x
    (the gradient torch's Dirichlet rsample is built from); not
    differentiable itself."""
    from ._composite_shapes import broadcast_tensors

    for i, (name, t) in enumerate((("x", x), ("alpha", alpha), ("total", total))):
        if not isinstance(t, _core.Tensor):
            not_tensor("_dirichlet_grad", t, name, i + 1)
    xs, a, t = broadcast_tensors(x.detach(), alpha.detach(), total.detach())
    _same_dtype([xs, a, t])
    if xs.shape != x.shape:
        _warn_resized(x.shape, xs.shape)
    with no_grad():
        result = _core._dirichlet_grad(xs, a, t)
    return with_formula(
        "NotImplemented", [x, alpha, total], result, [], _no_derivative("_dirichlet_grad")
    )


def _warn_resized(had, needed):
    # the output is made in the first operand's shape and resized by the
    # iterator to the broadcast one, with torch's warning
    warnings.warn(
        f"An output with one or more elements was resized since it had shape {list(had)}, "
        "which does not match the required output shape "
        f"{list(needed)}. This behavior is deprecated, and in a future PyTorch release "
        "outputs will not be resized unless they have zero elements. You can explicitly "
        "reuse an out tensor t by resizing it, inplace, to zero elements with t.resize_(0). "
        "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/Resize.cpp:30.)",
        UserWarning,
        stacklevel=3,
    )


NAMES = [
    "_standard_gamma",
    "_standard_gamma_grad",
    "_sample_dirichlet",
    "_dirichlet_grad",
    "poisson",
    "binomial",
]
METHODS = []

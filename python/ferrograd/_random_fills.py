"""``Tensor.cauchy_`` and ``Tensor.geometric_``: torch's CPU kernels draw,
element by element in memory order, one double uniform (53 random bits)
and transform it in double, casting to the tensor's dtype at the end; the
same here, so a seed gives torch's numbers for every dtype."""

import math

from . import _core
from ._core import Tensor

# how torch's C++ side spells a dtype in the Cauchy dtype error
_CPP_NAMES = {
    getattr(_core, name): text
    for name, text in (
        ("int64", "long int"), ("int32", "int"), ("int16", "short int"),
        ("int8", "signed char"), ("uint8", "unsigned char"), ("bool", "bool"),
        ("complex64", "c10::complex<float>"), ("complex128", "c10::complex<double>"),
    )
    if hasattr(_core, name)
}


def _double_uniforms(shape, generator):
    import ferrograd

    return ferrograd.rand(shape, dtype=_core.float64, generator=generator)


def _fill(self, draw):
    import ferrograd

    return ferrograd._fill_in_memory_order(self, draw)


def _cauchy_(self, median=0.0, sigma=1.0, *, generator=None):
    """Fills with median + sigma * tan(pi * (u - 1/2))."""
    if not self.dtype.is_floating_point:
        raise RuntimeError(
            "Cauchy distribution is a continuous probability distribution. dtype must be a "
            f"floating point but you specified {_CPP_NAMES.get(self.dtype, self.dtype)}"
        )
    median, sigma = float(median), float(sigma)
    if not sigma > 0.0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={sigma:g}")

    def draw(shape):
        u = _double_uniforms(shape, generator)
        return (median + sigma * (math.pi * (u - 0.5)).tan()).to(self.dtype)

    return _fill(self, draw)


def _geometric_(self, p, *, generator=None):
    """Fills with the number of Bernoulli(p) trials up to the first success,
    ceil(log(u) / log(1 - p))."""
    p = float(p)
    if not 0.0 < p < 1.0:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p:g}")
    if self.dtype == _core.bool:
        raise NotImplementedError("\"geometric_cpu\" not implemented for 'Bool'")
    log_q = math.log1p(-p)

    def draw(shape):
        u = _double_uniforms(shape, generator)
        return (u.log() / log_q).ceil().to(self.dtype)

    return _fill(self, draw)


Tensor.cauchy_ = _cauchy_
Tensor.geometric_ = _geometric_

"""``torch.special``: the common special functions, under the names torch
gives them there (most are the torch-level ops of the same name)."""

from . import _core, _math
from ._checks import REQUIRED as _REQUIRED
from ._checks import missing as _missing
from ._checks import not_tensor as _not_tensor
from ._core import Tensor as _Tensor


def _checked(name, op):
    def function(input):
        if not isinstance(input, _Tensor):
            _not_tensor(f"special_{name}", input)
        return op(input)

    function.__name__ = function.__qualname__ = name
    return function


def _unary(name, op=None):
    return _checked(name, lambda t: _core._math_unary(t, op or name))


erf = _unary("erf")
erfc = _unary("erfc")
erfinv = _unary("erfinv")
exp2 = _unary("exp2")
sinc = _unary("sinc")
entr = _unary("entr")
gammaln = _unary("gammaln", "lgamma")
digamma = _unary("digamma")
psi = _unary("psi", "digamma")
i0 = _unary("i0")
i0e = _unary("i0e")
i1 = _unary("i1")
i1e = _unary("i1e")
gammainc = _math._binary("special_gammainc", "igamma", "other")[0]
gammaincc = _math._binary("special_gammaincc", "igammac", "other")[0]
gammainc.__name__ = gammainc.__qualname__ = "gammainc"
gammaincc.__name__ = gammaincc.__qualname__ = "gammaincc"
expit = _checked("expit", lambda t: t.sigmoid())
expm1 = _checked("expm1", lambda t: t.expm1())
log1p = _checked("log1p", lambda t: t.log1p())


def logit(input, eps=None):
    if not isinstance(input, _Tensor):
        _not_tensor("special_logit", input)
    return _math.logit(input, eps)


def xlogy(input, other=_REQUIRED):
    return _math.xlogy_named(input, other, "special_xlogy")


def logsumexp(input, dim=_REQUIRED, keepdim=False):
    if not isinstance(input, _Tensor):
        _not_tensor("special_logsumexp", input)
    if dim is _REQUIRED:
        _missing("special_logsumexp", "dim")
    return input.logsumexp(dim, keepdim)


def softmax(input, dim=_REQUIRED, dtype=None):
    if not isinstance(input, _Tensor):
        _not_tensor("special_softmax", input)
    if dim is _REQUIRED:
        _missing("special_softmax", "dim")
    return input.softmax(dim, dtype=dtype)


def log_softmax(input, dim=_REQUIRED, dtype=None):
    if not isinstance(input, _Tensor):
        _not_tensor("special_log_softmax", input)
    if dim is _REQUIRED:
        _missing("special_log_softmax", "dim")
    return input.log_softmax(dim, dtype=dtype)


def polygamma(n=_REQUIRED, input=_REQUIRED):
    return _math.polygamma_named(n, input, "special_polygamma")


def multigammaln(input=_REQUIRED, p=_REQUIRED):
    return _math.mvlgamma_named(input, p, "special_multigammaln")

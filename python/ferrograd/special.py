"""``torch.special``: the common special functions, under the names torch
gives them there (most are the torch-level ops of the same name)."""

from . import _core, _math
from ._checks import REQUIRED as _REQUIRED
from ._checks import c_type_name as _c_type_name
from ._checks import missing as _missing
from ._checks import not_tensor as _not_tensor
from ._core import Tensor as _Tensor
from ._grad_mode import no_grad as _no_grad


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


def _not_differentiable(name, arg="input"):
    """A Bessel-type function torch defines without a derivative: its result
    never requires grad, and ``out=`` takes any tensor, even one requiring
    grad, whose autograd state it leaves as it was."""
    func = f"special_{name}"

    def function(*args, out=None, **kwargs):
        if len(args) > 1:
            raise TypeError(f"{func}() takes 1 positional argument but {len(args)} were given")
        if args:
            input = args[0]
        elif arg in kwargs:
            input = kwargs.pop(arg)
        elif arg != "x" and "x" in kwargs:  # torch's numpy-style alias of input
            input = kwargs.pop("x")
        else:
            _missing(func, arg)
        if args and arg in kwargs:
            raise TypeError(f"{func}() got multiple values for argument '{arg}'")
        for key in kwargs:
            raise TypeError(f"{func}() got an unexpected keyword argument '{key}'")
        if not isinstance(input, _Tensor):
            if args:
                _not_tensor(func, input, arg)
            raise TypeError(f"{func}(): argument '{arg}' must be Tensor, not {_c_type_name(input)}")
        if out is not None and not isinstance(out, _Tensor):
            raise TypeError(f"{func}(): argument 'out' must be Tensor, not {_c_type_name(out)}")
        result = _core._special_bessel(input, name)
        if out is None:
            return result
        with _no_grad():
            return _core._write_out(func, result, out, [], "elementwise")

    function.__name__ = function.__qualname__ = func  # torch's builtin's name
    return function


airy_ai = _not_differentiable("airy_ai", "x")
bessel_j0 = _not_differentiable("bessel_j0")
bessel_j1 = _not_differentiable("bessel_j1")
bessel_y0 = _not_differentiable("bessel_y0")
bessel_y1 = _not_differentiable("bessel_y1")
modified_bessel_i0 = _not_differentiable("modified_bessel_i0")
modified_bessel_i1 = _not_differentiable("modified_bessel_i1")
modified_bessel_k0 = _not_differentiable("modified_bessel_k0")
modified_bessel_k1 = _not_differentiable("modified_bessel_k1")
scaled_modified_bessel_k0 = _not_differentiable("scaled_modified_bessel_k0", "x")
scaled_modified_bessel_k1 = _not_differentiable("scaled_modified_bessel_k1", "x")
spherical_bessel_j0 = _not_differentiable("spherical_bessel_j0", "x")

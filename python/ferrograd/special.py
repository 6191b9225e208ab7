"""``torch.special``: the common special functions, under the names torch
gives them there (most are the torch-level ops of the same name)."""

from . import _core, _math
from ._checks import REQUIRED as _REQUIRED
from ._checks import c_type_name as _c_type_name
from ._checks import is_number as _is_number
from ._checks import missing as _missing
from ._checks import not_tensor as _not_tensor
from ._core import Tensor as _Tensor
from ._fused import _Formula
from ._grad_mode import is_grad_enabled as _is_grad_enabled
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


# ---- the normal distribution, erfcx, zeta, xlog1py, round, and the
# orthogonal polynomials ----

_SQRT1_2 = 0.7071067811865476  # M_SQRT1_2


def _scalar_node(name, t, result, gradient):
    if _is_grad_enabled() and t.requires_grad:
        _core._record_function(name, [t], [result], _Formula(name, [], gradient))
    return result


def _times(t, c):
    """``t * c`` for a Python number as torch's C++ scales (MulBackward1, at
    every order of differentiation)."""
    return _scalar_node("MulBackward1", t, t.detach() * c, lambda g, needs: [_times(g, c)])


def _plus(t, c):
    """``t + c`` for a Python number as torch's C++ adds (AddBackward1)."""
    return _scalar_node("AddBackward1", t, t.detach() + c, lambda g, needs: [g])


def ndtr(input):
    """Φ(x) as torch composes it: ``(1 + erf(x·√½))·0.5``, recording its
    C++ nodes (MulBackward1, ErfBackward0, AddBackward1, MulBackward1)."""
    if not isinstance(input, _Tensor):
        _not_tensor("special_ndtr", input)
    return _times(_plus(_times(input, _SQRT1_2).erf(), 1), 0.5)


erfcx = _checked("erfcx", lambda t: _core._special_unary(t, "erfcx"))
log_ndtr = _checked("log_ndtr", lambda t: _core._special_unary(t, "log_ndtr"))
ndtri = _checked("ndtri", lambda t: _core._special_unary(t, "ndtri"))


def round(input, *, decimals=0):
    if not isinstance(input, _Tensor):
        _not_tensor("special_round", input)
    return _core._special_round(input, decimals)


def _tensor_or_number(name, op, first, second, signatures):
    """``op`` of two operands of which at least one is a tensor, the other a
    tensor or a Python number; anything else is torch's TypeError."""
    args = [a for a in (first, second) if a is not _REQUIRED]
    if len(args) == 2 and any(isinstance(a, _Tensor) for a in args) and all(
            isinstance(a, _Tensor) or _is_number(a) for a in args):
        plain = [a.item() if hasattr(a, "item") and not isinstance(a, _Tensor) else a for a in args]
        return op(*plain)
    _math._invalid_combination(name, args, signatures)


def _signatures(a, b):
    return (f"Tensor {a}, Tensor {b}, *, Tensor out = None",
            f"Number {'self' if a == 'input' else a}, Tensor {b}, *, Tensor out = None",
            f"Tensor {a}, Number {b}, *, Tensor out = None")


def zeta(input=_REQUIRED, other=_REQUIRED):
    return _tensor_or_number("special_zeta", lambda a, b: _core._special_binary(a, b, "zeta"),
                             input, other, _signatures("input", "other"))


def xlog1py(input=_REQUIRED, other=_REQUIRED):
    return _tensor_or_number("special_xlog1py", lambda a, b: _core._special_binary(a, b, "xlog1py"),
                             input, other, _signatures("input", "other"))


def _polynomial(name):
    def function(x=_REQUIRED, n=_REQUIRED):
        return _tensor_or_number(f"special_{name}",
                                 lambda a, b: _core._orthogonal_polynomial(a, b, name),
                                 x, n, _signatures("x", "n"))

    function.__name__ = function.__qualname__ = name
    return function


chebyshev_polynomial_t = _polynomial("chebyshev_polynomial_t")
chebyshev_polynomial_u = _polynomial("chebyshev_polynomial_u")
chebyshev_polynomial_v = _polynomial("chebyshev_polynomial_v")
chebyshev_polynomial_w = _polynomial("chebyshev_polynomial_w")
shifted_chebyshev_polynomial_t = _polynomial("shifted_chebyshev_polynomial_t")
shifted_chebyshev_polynomial_u = _polynomial("shifted_chebyshev_polynomial_u")
shifted_chebyshev_polynomial_v = _polynomial("shifted_chebyshev_polynomial_v")
shifted_chebyshev_polynomial_w = _polynomial("shifted_chebyshev_polynomial_w")
hermite_polynomial_h = _polynomial("hermite_polynomial_h")
hermite_polynomial_he = _polynomial("hermite_polynomial_he")
laguerre_polynomial_l = _polynomial("laguerre_polynomial_l")
legendre_polynomial_p = _polynomial("legendre_polynomial_p")

"""Elementwise math beyond the basics, as torch names it: trigonometric and
hyperbolic functions and their inverses (with the ``arc*`` aliases), log2,
log10, exp2, erf, erfc, erfinv, logit, deg2rad, rad2deg, nan_to_num, the
binary atan2, hypot, fmod, xlogy, fmax, fmin, heaviside, and the shrink
activations. ``install`` puts the torch-level functions in the package
namespace and the methods (and in-place ``_`` forms) on Tensor."""

from . import _core
from ._checks import REQUIRED, c_type_name, is_number, missing, not_tensor
from ._core import Tensor

# torch name -> the op's own name (aliases share the op, and its node)
_UNARY = {
    n: n
    for n in ["tan", "sinh", "cosh", "asin", "acos", "atan", "asinh", "acosh", "atanh", "log2", "log10", "exp2", "erf", "erfc", "erfinv", "deg2rad", "rad2deg", "sinc", "lgamma", "digamma", "i0"]
}
_UNARY.update(
    arcsin="asin", arccos="acos", arctan="atan", arcsinh="asinh", arccosh="acosh",
    arctanh="atanh",
)
# torch has no torch.erfinv_ (only the method), nor torch.lgamma_/digamma_
_NO_TORCH_INPLACE = {"erfinv", "lgamma", "digamma"}

# binary ops of two tensors: torch name -> (op, name of the second argument)
_BINARY = {
    "atan2": ("atan2", "other"),
    "arctan2": ("atan2", "other"),
    "hypot": ("hypot", "other"),
    "fmax": ("fmax", "other"),
    "fmin": ("fmin", "other"),
    "heaviside": ("heaviside", "values"),
    "igamma": ("igamma", "other"),
    "igammac": ("igammac", "other"),
}
_BINARY_INPLACE = ("atan2", "arctan2", "hypot", "heaviside", "igamma", "igammac")


def _int_argument(name, arg, value, position):
    """torch's TypeError for a non-integer ``n``/``p`` (bools pass, as ints)."""
    if isinstance(value, int) or hasattr(value, "__index__"):
        return int(value)
    raise TypeError(
        f"{name}(): argument '{arg}' (position {position}) must be int, not {c_type_name(value)}"
    )


def polygamma(n=REQUIRED, input=REQUIRED):
    return polygamma_named(n, input, "polygamma")


def polygamma_named(n, input, name):
    """``polygamma`` whose type errors name ``name`` (torch.special's is special_polygamma)."""
    if n is REQUIRED:
        missing(name, "n")
    n = _int_argument(name, "n", n, 1)
    if input is REQUIRED:
        missing(name, "input")
    if not isinstance(input, Tensor):
        not_tensor(name, input, "input", 2)
    return _core._polygamma(input, n)


def _polygamma_method(self, n=REQUIRED):
    if n is REQUIRED:
        missing("polygamma", "n")
    return _core._polygamma(self, _int_argument("polygamma", "n", n, 1))


def _polygamma_inplace(self, n=REQUIRED):
    if n is REQUIRED:
        missing("polygamma_", "n")
    n = _int_argument("polygamma_", "n", n, 1)
    source = self._inplace_source()
    self._inplace_assign(_core._polygamma(source, n, True))
    return self


def mvlgamma(input=REQUIRED, p=REQUIRED):
    return mvlgamma_named(input, p, "mvlgamma")


def mvlgamma_named(input, p, name):
    """``mvlgamma`` whose type errors name ``name`` (special_multigammaln)."""
    if input is REQUIRED:
        missing(name, "input")
    if not isinstance(input, Tensor):
        not_tensor(name, input)
    if p is REQUIRED:
        missing(name, "p")
    return _core._mvlgamma(input, _int_argument(name, "p", p, 2))


def _mvlgamma_method(self, p=REQUIRED):
    if p is REQUIRED:
        missing("mvlgamma", "p")
    return _core._mvlgamma(self, _int_argument("mvlgamma", "p", p, 1))


def _invalid_combination(name, args, signatures):
    """torch's TypeError for arguments none of its overloads takes."""
    got = ", ".join("Tensor" if isinstance(a, Tensor) else c_type_name(a) for a in args)
    listed = "\n".join(f" * ({s})" for s in signatures)
    raise TypeError(
        f"{name}() received an invalid combination of arguments - got ({got}), "
        f"but expected one of:\n{listed}\n"
    )


def _unary(torch_name, op):
    def function(input):
        if not isinstance(input, Tensor):
            not_tensor(torch_name, input)
        return _core._math_unary(input, op)

    def method(self, *args):
        if args:
            raise TypeError(f"TensorBase.{torch_name}() takes no arguments ({len(args)} given)")
        return _core._math_unary(self, op)

    function.__name__ = function.__qualname__ = method.__name__ = torch_name
    return function, method


def _binary(torch_name, op, arg):
    def function(input, other=REQUIRED, **kwargs):
        if arg in kwargs and other is REQUIRED:  # heaviside(x, values=v)
            other = kwargs.pop(arg)
        if kwargs:
            raise TypeError(f"{torch_name}() got an unexpected keyword argument '{next(iter(kwargs))}'")
        if not isinstance(input, Tensor):
            not_tensor(torch_name, input)
        if other is REQUIRED:
            missing(torch_name, arg)
        if not isinstance(other, Tensor):
            not_tensor(torch_name, other, arg, 2)
        return _core._math_binary(input, other, op)

    def method(self, other=REQUIRED, **kwargs):
        if arg in kwargs and other is REQUIRED:
            other = kwargs.pop(arg)
        if other is REQUIRED:
            missing(torch_name, arg)
        if not isinstance(other, Tensor):
            not_tensor(torch_name, other, arg, 1)
        return _core._math_binary(self, other, op)

    function.__name__ = function.__qualname__ = method.__name__ = torch_name
    return function, method


_FMOD_SIGNATURES = ("Tensor input, Tensor other, *, Tensor out = None",
                    "Tensor input, Number other, *, Tensor out = None")


def fmod(input, other=REQUIRED):
    if isinstance(input, Tensor):
        if isinstance(other, Tensor):
            return _core._math_binary(input, other, "fmod")
        if is_number(other):
            return _core._fmod_scalar(input, _plain(other))
    _invalid_combination("fmod", [a for a in (input, other) if a is not REQUIRED],
                         _FMOD_SIGNATURES)


def _fmod_method(self, other=REQUIRED):
    if isinstance(other, Tensor):
        return _core._math_binary(self, other, "fmod")
    if is_number(other):
        return _core._fmod_scalar(self, _plain(other))
    _invalid_combination("fmod", [] if other is REQUIRED else [other],
                         ("Tensor other", "Number other"))


_XLOGY_SIGNATURES = ("Tensor input, Tensor other, *, Tensor out = None",
                     "Number self, Tensor other, *, Tensor out = None",
                     "Tensor input, Number other, *, Tensor out = None")


def xlogy(input, other=REQUIRED):
    return xlogy_named(input, other, "xlogy")


def xlogy_named(input, other, name):
    """``xlogy`` whose type errors name ``name`` (torch.special's is special_xlogy)."""
    if isinstance(input, Tensor):
        if isinstance(other, Tensor):
            return _core._math_binary(input, other, "xlogy")
        if is_number(other):
            return _core._xlogy_scalar(input, _plain(other), False)
    elif is_number(input) and isinstance(other, Tensor):
        return _core._xlogy_scalar(other, _plain(input), True)
    _invalid_combination(name, [a for a in (input, other) if a is not REQUIRED],
                         _XLOGY_SIGNATURES)


def _xlogy_method(self, other=REQUIRED):
    if isinstance(other, Tensor):
        return _core._math_binary(self, other, "xlogy")
    if is_number(other):
        return _core._xlogy_scalar(self, _plain(other), False)
    _invalid_combination("xlogy", [] if other is REQUIRED else [other],
                         ("Tensor other", "Number other"))


def _plain(number):
    """A numpy scalar as the Python number the native ops take."""
    return number.item() if hasattr(number, "item") else number


def logit(input, eps=None):
    if not isinstance(input, Tensor):
        not_tensor("logit", input)
    return _logit_method(input, eps)


def _logit_method(self, eps=None):
    if eps is not None and not is_number(eps):
        raise TypeError(
            f"logit(): argument 'eps' (position 1) must be float, not {c_type_name(eps)}"
        )
    return _core._logit(self, None if eps is None else float(eps))


def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    if not isinstance(input, Tensor):
        not_tensor("nan_to_num", input)
    return _nan_to_num_method(input, nan, posinf, neginf)


def _nan_to_num_method(self, nan=0.0, posinf=None, neginf=None):
    def value(v):
        return None if v is None else float(v)

    return _core._nan_to_num(self, value(nan), value(posinf), value(neginf))


# ---- shrink activations ----

# the largest finite value of each float dtype, as torch's message prints it (%g)
_FINITE_MAX = {
    _core.float16: 65504.0, _core.bfloat16: 3.3895313892515355e38,
    _core.float32: 3.4028234663852886e38, _core.float64: 1.7976931348623157e308,
}
_DTYPE_NAMES = {
    _core.float16: "Half", _core.bfloat16: "BFloat16", _core.float32: "Float",
    _core.float64: "Double",
}


def hardshrink(input, lambd=0.5):
    if not isinstance(input, Tensor):
        not_tensor("hardshrink", input)
    return _core._hardshrink(input, float(lambd))


def softshrink(input, lambd=0.5):
    if not isinstance(input, Tensor):
        not_tensor("softshrink", input)
    top = _FINITE_MAX.get(input.dtype)
    lambd = float(lambd)
    # torch checks the dtype first (the kernel raises for integers), then lambda
    if top is not None and not 0 <= lambd <= top:
        raise RuntimeError(
            f"lambda must be in range [0, {top:g}] for input dtype "
            f"{_DTYPE_NAMES[input.dtype]}, but found {lambd:g}"
        )
    return _core._softshrink(input, lambd)


def inplace_method(name):
    """``t.name_(...)``: computes ``t.name(...)`` and writes it into ``t``."""

    def method(self, *args, **kwargs):
        source = self._inplace_source()
        self._inplace_assign(getattr(source, name)(*args, **kwargs))
        return self

    method.__name__ = name + "_"
    return method


def _inplace_recorded(op):
    """In-place asinh/acosh/atanh: torch records a node of their own that has
    no derivative (``<Op>Backward1``)."""

    def method(self):
        source = self._inplace_source()
        self._inplace_assign(_core._math_unary(source, op + "_"))
        return self

    return method


def _torch_inplace(name):
    """``torch.name_(input, ...)``, the in-place method as a function."""

    def function(input, *args, **kwargs):
        if not isinstance(input, Tensor):
            not_tensor(name + "_", input)
        return getattr(input, name + "_")(*args, **kwargs)

    function.__name__ = function.__qualname__ = name + "_"
    return function


def install(namespace):
    """Puts the torch-level functions in ``namespace`` (the package's) and the
    methods on Tensor."""
    for name, op in _UNARY.items():
        function, method = _unary(name, op)
        namespace[name] = function
        setattr(Tensor, name, method)
        if op in ("asinh", "acosh", "atanh"):
            setattr(Tensor, name + "_", _inplace_recorded(op))
        else:
            setattr(Tensor, name + "_", inplace_method(name))
        if name not in _NO_TORCH_INPLACE:
            namespace[name + "_"] = _torch_inplace(name)
    for name, (op, arg) in _BINARY.items():
        function, method = _binary(name, op, arg)
        namespace[name] = function
        setattr(Tensor, name, method)
        if name in _BINARY_INPLACE:
            setattr(Tensor, name + "_", inplace_method(name))
    Tensor.fmod, Tensor.xlogy = _fmod_method, _xlogy_method
    Tensor.logit, Tensor.nan_to_num = _logit_method, _nan_to_num_method
    Tensor.hardshrink = hardshrink
    Tensor.polygamma, Tensor.mvlgamma = _polygamma_method, _mvlgamma_method
    Tensor.polygamma_, Tensor.mvlgamma_ = _polygamma_inplace, inplace_method("mvlgamma")
    namespace.update(polygamma=polygamma, mvlgamma=mvlgamma)
    for name in ("fmod", "xlogy", "logit", "nan_to_num"):
        setattr(Tensor, name + "_", inplace_method(name))
    for name in ("xlogy", "logit", "nan_to_num"):
        namespace[name + "_"] = _torch_inplace(name)
    namespace.update(fmod=fmod, xlogy=xlogy, logit=logit, nan_to_num=nan_to_num,
                     hardshrink=hardshrink)
    # the in-place forms of ops that had only the method so far
    for name in ("log1p", "expm1", "rsqrt", "square"):
        if not hasattr(Tensor, name + "_"):
            setattr(Tensor, name + "_", inplace_method(name))
        if name + "_" not in namespace:
            namespace[name + "_"] = _torch_inplace(name)

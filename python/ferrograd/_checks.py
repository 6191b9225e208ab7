"""torch's errors for a non-tensor where a function takes a tensor
(``torch.exp([1.0])``), for the functions written in Python here. Callers test
``isinstance(x, Tensor)`` inline and call these only when that fails, so the
tensor path pays one check and no extra call."""

import numbers
import operator

from . import _core
from ._core import Tensor

# torch's C names of the dtypes, as its error messages spell them
SCALAR_TYPE_NAMES = {
    _core.float32: "Float", _core.float64: "Double", _core.int64: "Long", _core.int32: "Int",
    _core.uint8: "Byte", _core.bool: "Bool", _core.float16: "Half", _core.bfloat16: "BFloat16",
    _core.complex64: "ComplexFloat", _core.complex128: "ComplexDouble",
}

# default of a required argument after a tensor: torch's parser reports a
# non-tensor input before missing arguments (``torch.flip([1.0])``)
REQUIRED = object()


# ferrograd's stand-ins for types torch defines in C, which torch names "torch.<name>"
_TORCH_C_TYPES = frozenset(("dtype", "Size", "device"))


def c_type_name(obj):
    """The type name CPython reports in C-level messages (tp_name): bare for
    builtins and Python classes, module-qualified for extension types."""
    t = type(obj)
    if t.__name__ in _TORCH_C_TYPES and t.__module__.startswith("ferrograd"):
        return f"torch.{t.__name__}"
    if t.__module__ == "builtins" or t.__flags__ & (1 << 9):  # Py_TPFLAGS_HEAPTYPE
        return t.__name__
    return f"{t.__module__}.{t.__name__}"


def not_tensor(func, value, arg="input", position=1):
    """Raises the TypeError torch's argument parser gives for ``value`` passed
    as ``arg`` of ``func()`` (torch's name, e.g. ``log_sigmoid``)."""
    raise TypeError(
        f"{func}(): argument '{arg}' (position {position}) must be Tensor, "
        f"not {c_type_name(value)}"
    ) from None  # when raised in an except block, the native error adds nothing


def missing(func, *names):
    """Raises torch's TypeError for required arguments not given, in its
    wording ("arguments" for one, "argument" for several)."""
    s = "s" if len(names) == 1 else ""
    quoted = ", ".join(f'"{name}"' for name in names)
    raise TypeError(f"{func}() missing {len(names)} required positional argument{s}: {quoted}")


def bad_call(func, input, **required):
    """For ``func(input, ...)`` whose inline check failed: torch's TypeError for
    a non-tensor input, else for the ``required`` arguments left ``REQUIRED``.
    Returns if neither (the caller checks its other tensors next)."""
    if not isinstance(input, Tensor):
        not_tensor(func, input)
    names = [name for name, value in required.items() if value is REQUIRED]
    if names:
        missing(func, *names)


def check_other(func, other):
    """After add/sub/mul/div failed: torch's TypeError if ``other`` is missing
    or is neither a tensor nor a number (torch takes either)."""
    if other is REQUIRED:
        missing(func, "other")
    if not isinstance(other, Tensor) and not is_number(other):
        not_tensor(func, other, "other", 2)


def no_attribute(value, name):
    """Raises the AttributeError of torch's functions written in Python, which
    use ``value.name`` before anything checks the type (``F.mse_loss``: ``size``)."""
    raise AttributeError(f"'{c_type_name(value)}' object has no attribute '{name}'")


def is_number(value):
    """A Python or numpy scalar: add/sub/mul/div take one for a tensor, as torch's do."""
    return isinstance(value, numbers.Number)


# the numbers add/sub/mul/div take for a tensor without calling ``number``
SCALARS = frozenset((int, float, bool, complex))


def number(func, value):
    """Any other ``value`` given for add/sub/mul/div's tensor input: a number
    (numpy's as the Python one, which the native ops take), else torch's TypeError."""
    if not is_number(value):
        not_tensor(func, value)
    return value.item() if hasattr(value, "item") else value


def _as_int(value):
    """``value`` as an int if torch's parser takes it as one (anything with
    ``__index__``: ints, numpy integers, integer tensors of one element)."""
    try:
        return operator.index(value)
    except TypeError:
        return None


def int_list(func, arg, value, position, sized=True):
    """``value`` as torch's parser reads an int-list argument (a tuple or list
    of ints, or an int if the list has a fixed size: ``sized``), or its
    TypeError: the first element is checked when the argument is matched (a
    bool is refused there), the rest when it is unpacked."""
    if sized and not isinstance(value, bool) and _as_int(value) is not None:
        return [_as_int(value)]
    if not isinstance(value, (tuple, list)):
        raise TypeError(
            f"{func}(): argument '{arg}' (position {position}) must be tuple of ints, "
            f"not {c_type_name(value)}"
        )
    if value and (isinstance(value[0], bool) or _as_int(value[0]) is None):
        raise TypeError(
            f"{func}(): argument '{arg}' (position {position}) must be tuple of ints, but "
            f"found element of type {c_type_name(value[0])} at pos 0"
        )
    out = []
    for v in value:
        i = _as_int(v)
        if i is None:
            raise TypeError(
                f"{func}(): argument '{arg}' failed to unpack the object at pos {position} "
                f'with error "type must be tuple of ints,but got {c_type_name(v)}"'
            )
        out.append(i)
    return out

"""torch's TypeError for a non-tensor where a function takes a tensor first
(``torch.exp([1.0])``), for the functions written in Python here."""

import functools
import inspect

from ._core import Tensor


def c_type_name(obj):
    """The type name CPython reports in C-level messages (tp_name): bare for
    builtins and Python classes, module-qualified for extension types."""
    t = type(obj)
    if t.__module__ == "builtins" or t.__flags__ & (1 << 9):  # Py_TPFLAGS_HEAPTYPE
        return t.__name__
    return f"{t.__module__}.{t.__name__}"


def tensor_first(fn, torch_name):
    """``fn`` refusing a non-tensor first argument with torch's message, which
    names the function as ``torch_name`` (``logsigmoid`` reports ``log_sigmoid``)."""
    first = next(iter(inspect.signature(fn).parameters))

    @functools.wraps(fn)
    def checked(*args, **kwargs):
        value = args[0] if args else kwargs.get(first)
        if not isinstance(value, Tensor):
            raise TypeError(
                f"{torch_name}(): argument 'input' (position 1) must be Tensor, "
                f"not {c_type_name(value)}"
            )
        return fn(*args, **kwargs)

    return checked


def check_tensor_first(namespace, names):
    """Wraps each function ``names`` lists (``name`` or ``name:torch_name``) in
    ``namespace`` (a module's globals) with ``tensor_first``."""
    for entry in names.split():
        name, _, torch_name = entry.partition(":")
        namespace[name] = tensor_first(namespace[name], torch_name or name)

"""Tensor printing that matches PyTorch's ``repr``/``str`` output character for character.

Pure Python + numpy.  The Tensor class (implemented in Rust) hands over its values as a
numpy array and calls :func:`format_tensor`; print options live in a module-level state
object managed through :func:`set_printoptions` / :func:`get_printoptions`.

Layout rules (see shared/reference/SEMANTICS.md, "Printing"):

* A *formatter* is built from the values that will actually be printed (all of them, or only
  the edge elements when the tensor is summarized).  For floating dtypes it looks at the finite
  non-zero values only and picks one of three modes: int mode (every such value is integral,
  printed as ``3.``), fixed mode (``3.1416``) or scientific mode (``3.1416e+00``).  The
  formatter also fixes a common width; every element is right-aligned to it.
* 1-d rows are wrapped so that a line holds ``max(1, (linewidth - indent) // (width + 2))``
  elements; nested dimensions add one space of indentation per level and ``k - 1`` newlines
  between the sub-tensors of a k-d tensor.
* Suffixes (``size=``, ``dtype=``, ``grad_fn=`` / ``requires_grad=True``) follow the body and
  move onto their own line when they would overflow the line width.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

__all__ = [
    "PRINT_OPTS",
    "device_repr",
    "dtype_repr",
    "format_scalar_for_fstring",
    "format_tensor",
    "get_printoptions",
    "printoptions",
    "set_printoptions",
    "size_repr",
    "tensor_format",
]


# ----------------------------------------------------------------------------------------------
# print options


class _PrintOptions:
    """Current print options (mirrors the fields torch keeps)."""

    __slots__ = ("edgeitems", "linewidth", "precision", "sci_mode", "threshold")

    def __init__(self) -> None:
        self.precision: int = 4
        self.threshold: float = 1000
        self.edgeitems: int = 3
        self.linewidth: int = 80
        self.sci_mode: bool | None = None

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"_PrintOptions({get_printoptions()!r})"


PRINT_OPTS = _PrintOptions()

_PROFILES = {
    "default": {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80},
    "short": {"precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": 80},
    "full": {"precision": 4, "threshold": math.inf, "edgeitems": 3, "linewidth": 80},
}


def set_printoptions(
    precision: int | None = None,
    threshold: float | None = None,
    edgeitems: int | None = None,
    linewidth: int | None = None,
    profile: str | None = None,
    sci_mode: bool | None = None,
) -> None:
    """Set print options with torch's semantics.

    A ``profile`` (``"default"``, ``"short"``, ``"full"``) first sets precision, threshold,
    edgeitems and linewidth; explicit arguments then override it.  Every call also sets
    ``sci_mode`` to its argument, so omitting it restores automatic selection.
    """
    if profile is not None:
        preset = _PROFILES.get(profile)
        if preset is not None:
            for name, value in preset.items():
                setattr(PRINT_OPTS, name, value)
    if precision is not None:
        PRINT_OPTS.precision = precision
    if threshold is not None:
        PRINT_OPTS.threshold = threshold
    if edgeitems is not None:
        PRINT_OPTS.edgeitems = edgeitems
    if linewidth is not None:
        PRINT_OPTS.linewidth = linewidth
    PRINT_OPTS.sci_mode = sci_mode


def get_printoptions() -> dict:
    """The current print options as a dict (same keys and order as torch)."""
    return {
        "precision": PRINT_OPTS.precision,
        "threshold": PRINT_OPTS.threshold,
        "edgeitems": PRINT_OPTS.edgeitems,
        "linewidth": PRINT_OPTS.linewidth,
        "sci_mode": PRINT_OPTS.sci_mode,
    }


@contextlib.contextmanager
def printoptions(**kwargs: Any) -> Iterator[None]:
    """Context manager: apply ``set_printoptions(**kwargs)`` and restore the old options."""
    old = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**old)


# ----------------------------------------------------------------------------------------------
# dtypes

_FLOAT_DTYPES = frozenset({"float16", "bfloat16", "float32", "float64", "half", "float", "double"})
_COMPLEX_DTYPES = frozenset({"complex32", "complex64", "complex128", "cfloat", "cdouble"})
_DEFAULT_COMPLEX = {"float16": "complex32", "float32": "complex64", "float64": "complex128"}


def _is_floating(dtype_name: str) -> bool:
    return dtype_name in _FLOAT_DTYPES


def _is_complex(dtype_name: str) -> bool:
    return dtype_name in _COMPLEX_DTYPES


# ----------------------------------------------------------------------------------------------
# element formatters


class _Formatter:
    """Chooses how the elements of one (real) tensor are written and how wide they are.

    ``values`` holds exactly the elements that will be printed (any shape).
    """

    def __init__(self, values: np.ndarray, floating: bool) -> None:
        self.floating = floating
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        self.precision = PRINT_OPTS.precision
        flat = np.asarray(values).reshape(-1)

        if not floating:
            if flat.size:
                if flat.dtype == np.bool_:
                    self.max_width = 5 if not flat.all() else 4
                else:
                    # the longest decimal text belongs to the largest or the smallest value
                    lo, hi = flat.min().item(), flat.max().item()
                    self.max_width = max(1, len(str(lo)), len(str(hi)))
            return

        vals = flat.astype(np.float64, copy=False)
        sel = vals[np.isfinite(vals) & (vals != 0)]
        if sel.size == 0:
            # all zero / nan / inf: int mode, never automatic sci mode
            if PRINT_OPTS.sci_mode is not None:
                self.sci_mode = PRINT_OPTS.sci_mode
            return

        absval = np.abs(sel)
        lo = float(absval.min())
        hi = float(absval.max())
        self.int_mode = bool(np.all(np.ceil(sel) == sel))
        if self.int_mode:
            self.sci_mode = hi / lo > 1000.0 or hi > 1.0e8
        else:
            self.sci_mode = hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4
        if PRINT_OPTS.sci_mode is not None:
            self.sci_mode = PRINT_OPTS.sci_mode

        # Text length is monotone in |v| within each sign for fixed/int mode, and in sci mode
        # it only depends on the sign and on the exponent's digit count (largest at the
        # extremes), so the extreme positive and negative values give the longest text.
        candidates = set()
        pos = sel[sel > 0]
        neg = sel[sel < 0]
        for part in (pos, neg):
            if part.size:
                candidates.add(float(part.min()))
                candidates.add(float(part.max()))
        for v in candidates:
            text = self._text(v)
            self.max_width = max(self.max_width, len(text))

    def _text(self, v: float) -> str:
        """The unpadded text of one element (v is a Python float / int / bool)."""
        if not self.floating:
            return str(v)
        if self.sci_mode:
            return f"{v:.{self.precision}e}"
        if self.int_mode:
            text = f"{v:.0f}"
            if not (math.isinf(v) or math.isnan(v)):
                text += "."
            return text
        return f"{v:.{self.precision}f}"

    def width(self) -> int:
        return self.max_width

    def format(self, v: Any) -> str:
        text = self._text(v)
        if len(text) < self.max_width:
            text = " " * (self.max_width - len(text)) + text
        return text


def _make_element_fn(formatter1: _Formatter, formatter2: _Formatter | None) -> Callable:
    if formatter2 is None:
        return formatter1.format

    def fmt_complex(v: complex) -> str:
        real_text = formatter1.format(v.real)
        imag_text = (formatter2.format(v.imag) + "j").lstrip()
        if imag_text[0] in "+-":
            return real_text + imag_text
        return real_text + "+" + imag_text

    return fmt_complex


# ----------------------------------------------------------------------------------------------
# layout


def _edge_index(n: int, edgeitems: int) -> np.ndarray:
    if n > 2 * edgeitems:
        return np.concatenate([np.arange(edgeitems), np.arange(n - edgeitems, n)])
    return np.arange(n)


def _summarized(arr: np.ndarray) -> np.ndarray:
    """Only the elements that a summarized print shows (torch's get_summarized_data)."""
    if arr.ndim == 0:
        return arr
    e = PRINT_OPTS.edgeitems
    if not e:
        # nothing but "..." is shown
        return arr[(slice(0, 0),) * arr.ndim]
    return arr[np.ix_(*[_edge_index(n, e) for n in arr.shape])]


def _vector_str(
    arr: np.ndarray, indent: int, summarize: bool, fmt: Callable, element_length: int
) -> str:
    e = PRINT_OPTS.edgeitems
    n = arr.shape[0]
    if summarize and not e:
        data = ["..."]
    elif summarize and n > 2 * e:
        data = (
            [fmt(v) for v in arr[:e].tolist()]
            + [" ..."]
            + [fmt(v) for v in arr[n - e:].tolist()]
        )
    else:
        data = [fmt(v) for v in arr.tolist()]

    per_line = max(1, math.floor((PRINT_OPTS.linewidth - indent) / element_length))
    lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + ("," + "\n" + " " * (indent + 1)).join(lines) + "]"


def _body_str(
    arr: np.ndarray, indent: int, summarize: bool, fmt: Callable, element_length: int
) -> str:
    ndim = arr.ndim
    if ndim == 0:
        return fmt(arr.item())
    if ndim == 1:
        return _vector_str(arr, indent, summarize, fmt, element_length)
    e = PRINT_OPTS.edgeitems
    n = arr.shape[0]
    if summarize and n > 2 * e:
        slices = (
            [_body_str(arr[i], indent + 1, summarize, fmt, element_length) for i in range(e)]
            + ["..."]
            + [
                _body_str(arr[i], indent + 1, summarize, fmt, element_length)
                for i in range(n - e, n)
            ]
        )
    else:
        slices = [_body_str(arr[i], indent + 1, summarize, fmt, element_length) for i in range(n)]
    return "[" + ("," + "\n" * (ndim - 1) + " " * (indent + 1)).join(slices) + "]"


def _tensor_str(arr: np.ndarray, dtype_name: str, indent: int) -> str:
    """The bracketed body of a non-empty tensor."""
    summarize = arr.size > PRINT_OPTS.threshold
    shown = _summarized(arr) if summarize else arr
    if _is_complex(dtype_name):
        formatter1 = _Formatter(np.real(shown), True)
        formatter2: _Formatter | None = _Formatter(np.imag(shown), True)
        element_length = formatter1.width() + 2 + formatter2.width() + 1
    else:
        formatter1 = _Formatter(shown, _is_floating(dtype_name))
        formatter2 = None
        element_length = formatter1.width() + 2
    fmt = _make_element_fn(formatter1, formatter2)
    return _body_str(arr, indent, summarize, fmt, element_length)


def _add_suffixes(text: str, suffixes: Sequence[str], indent: int) -> str:
    parts = [text]
    # length of the last line, plus 2 (torch's bookkeeping)
    last_line_len = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if last_line_len + len(suffix) + 2 > PRINT_OPTS.linewidth:
            parts.append(",\n" + " " * indent + suffix)
            last_line_len = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line_len += len(suffix) + 2
    parts.append(")")
    return "".join(parts)


def _shape_tuple_str(shape: Sequence[int]) -> str:
    return str(tuple(int(s) for s in shape))


def format_tensor(
    arr: np.ndarray,
    dtype_name: str,
    *,
    grad_fn_name: str | None = None,
    requires_grad: bool = False,
    prefix: str = "tensor(",
    device: str | None = None,
    default_dtype: str = "float32",
) -> str:
    """torch's ``repr(tensor)`` for a tensor whose values are ``arr``.

    ``arr`` has the tensor's shape (0-d and empty allowed); ``dtype_name`` is the torch dtype
    name without ``torch.`` (``"float32"``, ``"float64"``, ``"int64"``, ``"bool"``, ... ;
    other integer, half and complex dtypes work too).  ``grad_fn_name`` gives the suffix
    ``grad_fn=<Name>``; otherwise ``requires_grad=True`` adds ``requires_grad=True``.
    ``device`` (e.g. ``"cuda:0"``) adds ``device='...'`` unless it is the CPU;
    ``default_dtype`` is torch.get_default_dtype()'s name.
    """
    arr = np.asarray(arr)
    indent = len(prefix)
    suffixes: list[str] = []
    if device is not None and str(device) != "cpu":
        suffixes.append(f"device='{device}'")

    if arr.size == 0:
        # an empty tensor: its dtype cannot be inferred from the values, so only the
        # default floating dtype goes without a dtype suffix
        if arr.ndim != 1:
            suffixes.append("size=" + _shape_tuple_str(arr.shape))
        if dtype_name != default_dtype:
            suffixes.append("dtype=torch." + dtype_name)
        body = "[]"
    else:
        if not PRINT_OPTS.edgeitems:
            suffixes.append("size=" + _shape_tuple_str(arr.shape))
        implicit = (default_dtype, "int64", "bool", _DEFAULT_COMPLEX.get(default_dtype))
        if dtype_name not in implicit:
            suffixes.append("dtype=torch." + dtype_name)
        body = _tensor_str(arr, dtype_name, indent)

    if grad_fn_name is not None:
        suffixes.append(f"grad_fn=<{grad_fn_name}>")
    elif requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes(prefix + body, suffixes, indent)


# ----------------------------------------------------------------------------------------------
# helpers for the Tensor class's other dunders


def format_scalar_for_fstring(value: Any, ndim: int, spec: str, text: Callable[[], str],
                              type_name: str = "Tensor") -> str:
    """``Tensor.__format__``: 0-d tensors format their Python scalar ``value`` (``item()``);
    any other tensor accepts only an empty spec and gives ``text()`` (its ``str``)."""
    if ndim == 0:
        return format(value, spec)
    if spec:
        raise TypeError(f"unsupported format string passed to {type_name}.__format__")
    return text()


def tensor_format(t: Any, spec: str) -> str:
    """``Tensor.__format__`` for an object with ``dim()``, ``item()`` and ``__str__``."""
    if t.dim() == 0:
        return format(t.item(), spec)
    if spec:
        raise TypeError(f"unsupported format string passed to {type(t).__name__}.__format__")
    return str(t)


def size_repr(shape: Sequence[int]) -> str:
    """``repr(torch.Size(shape))`` -> ``torch.Size([2, 3])``."""
    return "torch.Size([" + ", ".join(str(int(s)) for s in shape) + "])"


def dtype_repr(dtype_name: str) -> str:
    """``repr(dtype)`` / ``str(dtype)`` -> ``torch.float32``."""
    return "torch." + dtype_name


def device_repr(device_type: str = "cpu", index: int | None = None) -> str:
    """``repr(device)`` -> ``device(type='cpu')`` (``str(device)`` is just ``cpu``)."""
    if index is None:
        return f"device(type='{device_type}')"
    return f"device(type='{device_type}', index={index})"

"""``torch.testing``: ``assert_close`` with torch's default tolerances per dtype,
its pairing of nested sequences and mappings, and its failure messages."""

import cmath
import collections.abc
import math
import warnings

import ferrograd as _fg

__all__ = ["assert_close", "make_tensor"]


def _precisions():
    """(rtol, atol) by dtype; dtypes not listed compare exactly."""
    return {
        _fg.float16: (0.001, 1e-5),
        _fg.bfloat16: (0.016, 1e-5),
        _fg.float32: (1.3e-6, 1e-5),
        _fg.float64: (1e-7, 1e-7),
        getattr(_fg, "complex64", None): (1.3e-6, 1e-5),
        getattr(_fg, "complex128", None): (1e-7, 1e-7),
    }


_NUMBER_DTYPE = {int: "int64", float: "float64", complex: "complex128"}


class _Failure(Exception):
    """A failed comparison: the exception type to raise, its message and
    where in the nested inputs it happened."""

    def __init__(self, kind, msg, where=()):
        super().__init__(msg)
        self.kind = kind
        self.msg = msg
        self.where = where

    def to_error(self, msg=None):
        if not isinstance(msg, str):
            text = self.msg
            if self.where:
                items = "".join(str([k]) for k in self.where)
                text += f"\n\nThe failure occurred for item {items}"
            msg = msg(text) if callable(msg) else text
        return self.kind(msg)


class _Unsupported(Exception):
    pass


def _type_text(value):
    """``type(value)`` as torch prints it: ferrograd's Tensor is torch's."""
    if type(value) is _fg.Tensor:
        return "<class 'torch.Tensor'>"
    return str(type(value))


def _tolerances(dtypes, rtol, atol, where):
    if (rtol is None) != (atol is None):
        missing = "rtol" if rtol is None else "atol"
        raise _Failure(
            ValueError,
            "Both 'rtol' and 'atol' must be either specified or omitted, "
            f"but got no {missing}.",
            where,
        )
    if rtol is not None:
        return rtol, atol
    table = _precisions()
    pairs = [table.get(d, (0.0, 0.0)) for d in dtypes]
    return max(p[0] for p in pairs), max(p[1] for p in pairs)


def _diff_line(kind, diff, idx, tol, exact):
    if idx is None:
        line = f"{kind.title()} difference: {diff}"
    else:
        line = f"Greatest {kind} difference: {diff} at index {idx}"
    return line if exact else line + f" (up to {tol} allowed)"


def _mismatch_msg(name, extra, abs_diff, abs_idx, rel_diff, rel_idx, rtol, atol):
    exact = rtol == 0 and atol == 0
    lines = [f"{name} are not {'equal' if exact else 'close'}!", ""]
    if extra:
        lines.append(extra.strip())
    lines.append(_diff_line("absolute", abs_diff, abs_idx, atol, exact))
    lines.append(_diff_line("relative", rel_diff, rel_idx, rtol, exact))
    return "\n".join(lines).strip()


def _scalar_msg(actual, expected, rtol, atol):
    abs_diff = abs(actual - expected)
    rel_diff = float("inf") if expected == 0 else abs_diff / abs(expected)
    extra = f"Expected {expected} but got {actual}."
    return _mismatch_msg("Scalars", extra, abs_diff, None, rel_diff, None, rtol, atol)


def _first_max(values):
    """Value and flat index of the maximum, NaN winning, ties to the first."""
    best, at = None, 0
    for i, v in enumerate(values):
        if isinstance(v, float) and v != v:  # noqa: PLR0124 - NaN test
            return v, i
        if best is None or v > best:
            best, at = v, i
    return best, at


def _unravel(flat, shape):
    if not shape:
        return ()
    idx = []
    for size in reversed(shape):
        flat, rem = divmod(flat, size)
        idx.append(rem)
    return tuple(reversed(idx))


def _tensor_msg(actual, expected, matches, rtol, atol):
    total = matches.numel()
    bad = total - int(matches.sum().item())
    extra = f"Mismatched elements: {bad} / {total} ({bad / total:.1%})"
    a, e, m = actual.flatten(), expected.flatten(), matches.flatten()
    if not actual.dtype.is_floating_point and not actual.dtype.is_complex:
        a, e = a.to(_fg.int64), e.to(_fg.int64)
    abs_diff = (a - e).abs()
    abs_diff[m] = 0
    rel_diff = abs_diff / e.abs()
    rel_diff[m] = 0
    abs_max, abs_at = _first_max(abs_diff.tolist())
    rel_max, rel_at = _first_max(rel_diff.tolist())
    shape = tuple(matches.shape)
    return _mismatch_msg(
        "Tensor-likes", extra, abs_max, _unravel(abs_at, shape), rel_max,
        _unravel(rel_at, shape), rtol, atol,
    )


def _compare_none(actual, expected, where, **_):
    if actual is not None and expected is not None:
        raise _Unsupported

    def check():
        if not (actual is None and expected is None):
            raise _Failure(AssertionError, f"None mismatch: {actual} is not {expected}", where)

    return check


def _compare_bool(actual, expected, where, **_):
    if not (isinstance(actual, bool) and isinstance(expected, bool)):
        raise _Unsupported

    def check():
        if actual is not expected:
            raise _Failure(
                AssertionError, f"Booleans mismatch: {actual} is not {expected}", where
            )

    return check


def _compare_number(actual, expected, where, rtol, atol, equal_nan, check_dtype, **_):
    numbers = (int, float, complex)
    if not (isinstance(actual, numbers) and isinstance(expected, numbers)):
        raise _Unsupported
    dtypes = [getattr(_fg, _NUMBER_DTYPE[type(v)], None) for v in (actual, expected)]
    rtol, atol = _tolerances(dtypes, rtol, atol, where)
    return lambda: _numbers_close(actual, expected, where, rtol, atol, equal_nan, check_dtype)


def _numbers_close(actual, expected, where, rtol, atol, equal_nan, check_dtype):
    if check_dtype and type(actual) is not type(expected):
        raise _Failure(
            AssertionError,
            f"The (d)types do not match: {type(actual)} != {type(expected)}.",
            where,
        )
    if actual == expected:
        return
    if equal_nan and cmath.isnan(actual) and cmath.isnan(expected):
        return
    gap = abs(actual - expected)
    if cmath.isfinite(gap) and gap <= atol + rtol * abs(expected):
        return
    raise _Failure(AssertionError, _scalar_msg(actual, expected, rtol, atol), where)


def _attr_mismatch(name, a, b, where):
    raise _Failure(
        AssertionError, f"The values for attribute '{name}' do not match: {a} != {b}.", where
    )


def _compare_tensor(
    actual, expected, where, rtol, atol, equal_nan, check_dtype, check_device, check_stride,
    allow_subclasses, **_,
):
    if not (isinstance(actual, type(expected)) or isinstance(expected, type(actual))):
        raise _Unsupported
    if not allow_subclasses and type(actual) is not type(expected):
        raise _Unsupported
    try:
        actual, expected = (
            v if isinstance(v, _fg.Tensor) else _fg.as_tensor(v) for v in (actual, expected)
        )
    except Exception:  # noqa: BLE001 - not tensor-like: another pairing is tried
        raise _Unsupported from None
    rtol, atol = _tolerances([actual.dtype, expected.dtype], rtol, atol, where)
    flags = (equal_nan, check_dtype, check_device, check_stride)
    return lambda: _tensors_close(actual, expected, where, rtol, atol, *flags)


def _tensors_close(
    actual, expected, where, rtol, atol, equal_nan, check_dtype, check_device, check_stride
):
    if actual.shape != expected.shape:
        _attr_mismatch("shape", actual.shape, expected.shape, where)
    if check_stride and actual.stride() != expected.stride():
        _attr_mismatch("stride()", actual.stride(), expected.stride(), where)
    if check_device and actual.device != expected.device:
        _attr_mismatch("device", actual.device, expected.device, where)
    if check_dtype and actual.dtype != expected.dtype:
        _attr_mismatch("dtype", actual.dtype, expected.dtype, where)
    actual, expected = actual.detach(), expected.detach()
    if actual.dtype != expected.dtype:
        common = _fg.promote_types(actual.dtype, expected.dtype)
        actual, expected = actual.to(common), expected.to(common)
    if actual.dtype == _fg.bool:
        # isclose of booleans is equality
        matches = actual == expected
    else:
        matches = _fg.isclose(actual, expected, rtol=rtol, atol=atol, equal_nan=equal_nan)
    if bool(matches.all()):
        return
    if actual.dim() == 0:
        msg = _scalar_msg(actual.item(), expected.item(), rtol, atol)
    else:
        msg = _tensor_msg(actual, expected, matches, rtol, atol)
    raise _Failure(AssertionError, msg, where)


_PAIRS = (_compare_none, _compare_bool, _compare_number, _compare_tensor)


def _is_sequence(v):
    return isinstance(v, collections.abc.Sequence) and not isinstance(v, str)


def _pairs(actual, expected, where, options):
    """Flatten nested sequences and mappings into leaf comparisons, checking
    their lengths and keys; each leaf is a (comparison, actual, expected, where)."""
    if _is_sequence(actual) and _is_sequence(expected):
        if len(actual) != len(expected):
            raise _Failure(
                AssertionError,
                f"The length of the sequences mismatch: {len(actual)} != {len(expected)}",
                where,
            )
        out = []
        for i in range(len(actual)):
            out += _pairs(actual[i], expected[i], (*where, i), options)
        return out
    if isinstance(actual, collections.abc.Mapping) and isinstance(
        expected, collections.abc.Mapping
    ):
        a_keys, e_keys = set(actual.keys()), set(expected.keys())
        if a_keys != e_keys:
            raise _Failure(
                AssertionError,
                "The keys of the mappings do not match:\n"
                f"Missing keys in the actual mapping: {sorted(e_keys - a_keys)}\n"
                f"Additional keys in the actual mapping: {sorted(a_keys - e_keys)}",
                where,
            )
        try:
            keys = sorted(a_keys)
        except Exception:  # noqa: BLE001 - unorderable keys keep set order
            keys = a_keys
        out = []
        for k in keys:
            out += _pairs(actual[k], expected[k], (*where, k), options)
        return out
    return [(actual, expected, where)]


def _comparison(actual, expected, where, options):
    """The check for one leaf, from the first kind of pair that takes it."""
    for make in _PAIRS:
        try:
            return make(actual, expected, where, **options)
        except _Unsupported:
            continue
    raise _Failure(
        TypeError,
        f"No comparison pair was able to handle inputs of type {_type_text(actual)} and "
        f"{_type_text(expected)}.",
        where,
    )


def assert_close(
    actual,
    expected,
    *,
    allow_subclasses=True,
    rtol=None,
    atol=None,
    equal_nan=False,
    check_device=True,
    check_dtype=True,
    check_layout=True,
    check_stride=False,
    msg=None,
):
    """Raise unless ``actual`` and ``expected`` are close (torch's rules)."""
    __tracebackhide__ = True
    options = {
        "rtol": rtol,
        "atol": atol,
        "equal_nan": equal_nan,
        "check_dtype": check_dtype,
        "check_device": check_device,
        "check_stride": check_stride,
        "allow_subclasses": allow_subclasses,
    }
    # every leaf is paired (types, tolerances) before any is compared; a
    # failure to pair is reported without the caller's msg
    try:
        checks = [_comparison(a, e, w, options) for a, e, w in _pairs(actual, expected, (), options)]
    except _Failure as failure:
        raise failure.to_error() from None
    for check in checks:
        try:
            check()
        except _Failure as failure:
            raise failure.to_error(msg) from None


def _dtypes(*names):
    return [getattr(_fg, n) for n in names if hasattr(_fg, n)]


def _limited(low, high, dtype, lowest, highest, default_low, default_high, integral):
    """The drawing range: defaults filled in, checked, clamped to the dtype."""
    low = default_low if low is None else low
    high = default_high if high is None else high
    if any(isinstance(v, float) and math.isnan(v) for v in (low, high)):
        raise ValueError(f"`low` and `high` cannot be NaN, but got {low=} and {high=}")
    if low == high and not integral:
        warnings.warn(
            "Passing `low==high` to `torch.testing.make_tensor` for floating or complex types "
            "is deprecated since 2.1 and will be removed in 2.3. Use `torch.full(...)` instead.",
            FutureWarning,
            stacklevel=3,
        )
    elif low >= high:
        raise ValueError(f"`low` must be less than `high`, but got {low} >= {high}")
    elif high < lowest or low >= highest:
        raise ValueError(
            f"The value interval specified by `low` and `high` is [{low}, {high}), "
            f"but {dtype} only supports [{lowest}, {highest})"
        )
    low, high = min(max(low, lowest), highest), min(max(high, lowest), highest)
    return (math.ceil(low), math.ceil(high)) if integral else (low, high)


def make_tensor(
    *shape,
    dtype,
    device,
    low=None,
    high=None,
    requires_grad=False,
    noncontiguous=False,
    exclude_zero=False,
    memory_format=None,
):
    """A tensor of ``shape`` drawn uniformly from ``[low, high)`` (torch's
    defaults per dtype), from the default generator as torch draws it."""
    integral = _dtypes("bool", "uint8", "int8", "int16", "int32", "int64")
    floating = _dtypes("float16", "bfloat16", "float32", "float64")
    if len(shape) == 1 and isinstance(shape[0], collections.abc.Sequence):
        shape = shape[0]
    shape = tuple(shape)
    if noncontiguous and memory_format is not None:
        raise ValueError(
            "The parameters `noncontiguous` and `memory_format` are mutually exclusive, "
            f"but got {noncontiguous=} and {memory_format=}"
        )
    if requires_grad and dtype in integral:
        raise ValueError(
            "`requires_grad=True` is not supported for boolean and integral dtypes, "
            f"but got {dtype=}"
        )
    noncontiguous = noncontiguous and math.prod(shape) > 1
    if noncontiguous:
        shape = (*shape[:-1], 2 * shape[-1])
    if dtype is _fg.bool:
        low, high = _limited(low, high, dtype, 0, 2, 0, 2, True)
        result = _fg.randint(low, high, shape, dtype=dtype)
    elif dtype in integral:
        info = _fg.iinfo(dtype)
        top = info.max + (0 if dtype is _fg.int64 else 1)
        low, high = _limited(low, high, dtype, info.min, top, -9, 10, True)
        result = _fg.randint(low, high, shape, dtype=dtype)
    elif dtype in floating:
        info = _fg.finfo(dtype)
        low, high = _limited(low, high, dtype, info.min, info.max, -9, 9, False)
        result = _fg.empty(shape, dtype=dtype)
        if high - low >= info.max:
            # the width would overflow: draw half of it and double
            result.uniform_(low / 2, high / 2).mul_(2)
        else:
            result.uniform_(low, high)
    else:
        raise TypeError(
            f"The requested dtype '{dtype}' is not supported by torch.testing.make_tensor(). "
            "To request support, file an issue at: https://github.com/pytorch/pytorch/issues"
        )
    if noncontiguous:
        result = result[..., 1::2]
    elif memory_format is not None:
        result = result.clone(memory_format=memory_format)
    if exclude_zero:
        result[result == 0] = 1 if dtype in integral else _fg.finfo(dtype).tiny
    if dtype in floating:
        result.requires_grad = requires_grad
    return result

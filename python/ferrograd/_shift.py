"""Bit shifts: ``torch.bitwise_left_shift`` / ``bitwise_right_shift``, their
methods and in-place forms, and the operators ``<<``, ``>>``, ``<<=``, ``>>=``
(with the reflected ``1 << t``).

The native core has no shift kernel, so the values are computed here with
numpy on the tensors' integer values (shifts have no gradient: torch only
takes integer dtypes). torch's CPU rules are reproduced: the operands are
promoted to their result type (a Python int wraps into it), a left shift by a
negative count or by the bit width or more gives 0, and a right shift by such
a count fills with the sign bit (arithmetic shift; logical for uint8)."""

import numbers

from . import _core
from ._checks import SCALAR_TYPE_NAMES, c_type_name
from ._core import Tensor

# numpy's names of the integer dtypes (numpy is imported on first use: it slows the import)
_NP = {_core.int64: "int64", _core.int32: "int32", _core.uint8: "uint8"}
_REQUIRED = object()


def _is_scalar(value):
    return isinstance(value, numbers.Number) and not isinstance(value, Tensor)


def _plain(value):
    """A numpy scalar as the Python number torch reads it as."""
    if isinstance(value, Tensor) or not hasattr(value, "item"):
        return value
    return value.item()


def _invalid(name, args, kwargs=()):
    """torch's TypeError for arguments none of its overloads take."""
    def kind(a):
        return "Tensor" if isinstance(a, Tensor) else c_type_name(a)

    got = [kind(a) for a in args] + [f"{k}={kind(v)}" for k, v in kwargs]
    raise TypeError(
        f"{name}() received an invalid combination of arguments - got ({', '.join(got)}), "
        "but expected one of:"
    )


def _broadcast(a, b):
    """The broadcast shape of two shapes, or torch's error naming the rightmost clash."""
    n = max(len(a), len(b))
    a = [1] * (n - len(a)) + list(a)
    b = [1] * (n - len(b)) + list(b)
    for i in range(n - 1, -1, -1):
        if a[i] != b[i] and a[i] != 1 and b[i] != 1:
            raise RuntimeError(
                f"The size of tensor a ({a[i]}) must match the size of tensor b ({b[i]}) "
                f"at non-singleton dimension {i}"
            )
    return [x if y == 1 else y for x, y in zip(a, b)]


def _wrapped(value, np_dtype):
    """A Python int in ``np_dtype`` as torch converts a scalar operand: through int64,
    or uint64 past int64's range, then wrapped into the result type."""
    import numpy as np

    value = int(value)
    bits = np.dtype(np_dtype).itemsize * 8
    value &= (1 << bits) - 1
    if np.issubdtype(np_dtype, np.signedinteger) and value >= 1 << (bits - 1):
        value -= 1 << bits
    return np.array(value, dtype=np_dtype)


def _operand(x, np_dtype):
    if isinstance(x, Tensor):
        return x.detach().numpy().astype(np_dtype)
    return _wrapped(x, np_dtype)


def _kernel(a, b, left, np_dtype):
    """torch's CPU shift of two arrays of one integer dtype."""
    import numpy as np

    bits = np.dtype(np_dtype).itemsize * 8
    signed = np.issubdtype(np_dtype, np.signedinteger)
    # a count is out of range if negative (as a signed number of its width) or too large
    wide = b.astype(np.int64) if signed else b.astype(np.uint64)
    out_of_range = (wide < 0) | (wide >= bits) if signed else wide >= bits
    count = np.where(out_of_range, 0, wide).astype(np_dtype)
    if left:
        # shifted as unsigned, so bits leaving the top wrap as torch's do
        unsigned = "u" + np_dtype.lstrip("u")
        shifted = np.left_shift(a.astype(unsigned), count.astype(unsigned)).astype(np_dtype)
        return np.where(out_of_range, np.zeros((), np_dtype), shifted)
    if signed:
        return np.right_shift(a, np.where(out_of_range, bits - 1, count).astype(np_dtype))
    return np.where(out_of_range, np.zeros((), np_dtype), np.right_shift(a, count))


def _prepare(a, b, left, into, inplace, kinds):
    """Checks the operands as torch's TensorIterator does (shapes, then the output's dtype,
    then the kernel's dtype) and returns (shape, result dtype, the shifted values)."""
    from . import can_cast, result_type

    shape = _broadcast(
        list(a.shape) if isinstance(a, Tensor) else [],
        list(b.shape) if isinstance(b, Tensor) else [],
    )
    dtype = result_type(*kinds)
    if any(
        isinstance(x, int) and not isinstance(x, bool) and x >= 2**63
        and isinstance(y, Tensor) and y.dtype == _core.bool
        for x, y in ((a, b), (b, a))
    ):
        # torch reads such an int as a uint64 number, which a bool tensor promotes to
        raise RuntimeError(
            "Promotion for uint16, uint32, uint64 types is not supported, attempted to "
            "promote Bool and UInt64"
        )
    if inplace and shape != list(into.shape):
        raise RuntimeError(
            f"output with shape {list(into.shape)} doesn't match the broadcast shape {shape}"
        )
    if into is not None and not can_cast(dtype, into.dtype):
        raise RuntimeError(
            f"result type {SCALAR_TYPE_NAMES[dtype]} can't be cast to the desired output type "
            f"{SCALAR_TYPE_NAMES[into.dtype]}"
        )
    np_dtype = _NP.get(dtype)
    if np_dtype is None:  # floats, complex and bool: torch's kernel has none
        kernel = "lshift_cpu" if left else "rshift_cpu"
        raise NotImplementedError(f'"{kernel}" not implemented for \'{SCALAR_TYPE_NAMES[dtype]}\'')
    values = _kernel(_operand(a, np_dtype), _operand(b, np_dtype), left, np_dtype)
    return _laid_out(values, shape, dtype, [t for t in (a, b) if isinstance(t, Tensor)])


def _order(shape, strides):
    """torch's TensorIterator order of dims, innermost first, for a result of ``shape``
    from operands with ``strides`` (aligned to ``shape``, 0 where broadcast): dims sorted
    by stride, the first operand with an opinion deciding."""
    def should_swap(d0, d1):
        for st in strides:
            s0, s1 = st[d0], st[d1]
            if s0 == 0 or s1 == 0:
                continue
            if s0 != s1:
                return -1 if s0 < s1 else 1
            if shape[d0] > shape[d1]:  # equal strides: the smaller dim goes inside
                return 1
        return 0

    n = len(shape)
    perm = list(range(n - 1, -1, -1))
    for i in range(1, n):
        d1 = i
        for d0 in range(i - 1, -1, -1):
            c = should_swap(perm[d0], perm[d1])
            if c > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif c < 0:
                break
    return perm


def _dense_strides(shape, perm):
    strides, step = [0] * len(shape), 1
    for d in perm:
        strides[d] = step
        step *= shape[d]
    return strides


def _layout(shape, dtype, tensors):
    """The order of dims, innermost first, in which torch lays out an elementwise result of
    ``shape`` from its tensor operands (None: contiguous)."""
    n = len(shape)
    if all(list(t.shape) == shape and t.is_contiguous() for t in tensors):
        return None
    strides = []
    for t in tensors:
        size, stride = list(t.shape), list(t.stride())
        if t.dtype != dtype and t.dim() > 0:
            # torch's CPU kernels first cast such an operand (0-d ones excepted), which
            # keeps its layout but makes it dense
            stride = _dense_strides(size, _order(size, [stride]))
        pad = n - len(size)
        # broadcast dims have no say (stride 0)
        strides.append([0] * pad + [
            0 if sz == 1 and shape[pad + i] != 1 else st
            for i, (sz, st) in enumerate(zip(size, stride))
        ])
    perm = _order(shape, strides)
    return None if perm == list(range(n - 1, -1, -1)) else perm


def _laid_out(values, shape, dtype, tensors):
    """``values`` (numpy, broadcastable to ``shape``) as a new tensor with torch's layout."""
    import numpy as np

    perm = _layout(shape, dtype, tensors)
    if perm is None or 0 in shape:
        return _core.from_numpy_copy(np.array(np.broadcast_to(values, shape)), dtype, False)
    # filled in the permuted order, then seen with the dims back in place
    order = perm[::-1]
    buffer = np.empty([shape[d] for d in order], values.dtype)
    buffer[...] = np.broadcast_to(values, shape).transpose(order)
    return _core.from_numpy(buffer.transpose(np.argsort(order)))


def _shifted(a, b, left, into=None, inplace=False):
    a, b = _plain(a), _plain(b)
    checked = []
    for x in (a, b):
        # torch reads an int beyond int64 as uint64, and refuses one beyond that
        if isinstance(x, int) and not isinstance(x, bool) and not -(2**63) <= x < 2**64:
            raise OverflowError(
                "int too big to convert" if x > 0 else "can't convert negative int to unsigned"
            )
        # only the kind of a Python int matters to the result type
        checked.append(0 if isinstance(x, int) and not isinstance(x, bool) else x)
    return _prepare(a, b, left, into, inplace, kinds=checked)


def _function(name, left):
    def function(*args, out=None, **kwargs):
        extra = list(kwargs.items()) + ([("out", out)] if out is not None else [])
        # the overload taking a number first calls it ``self``
        if "self" in kwargs and not isinstance(kwargs["self"], Tensor):
            kwargs["input"] = kwargs.pop("self")
        given = dict(zip(("input", "other"), args))
        if len(args) > 2 or set(kwargs) - {"input", "other"} or set(given) & set(kwargs):
            _invalid(name, args, extra)
        given.update(kwargs)
        input, other = given.get("input", _REQUIRED), given.get("other", _REQUIRED)
        tensor_first = isinstance(input, Tensor) and (
            isinstance(other, Tensor) or _is_scalar(other)
        )
        scalar_first = _is_scalar(input) and isinstance(other, Tensor) and out is None
        if not (tensor_first or scalar_first) or (
            out is not None and not isinstance(out, Tensor)
        ):
            _invalid(name, args, extra)
        if out is None:
            return _shifted(input, other, left)
        result = _shifted(input, other, left, into=out)
        return _core._write_out(name, result, out, [t for t in (input, other)
                                                   if isinstance(t, Tensor)], "elementwise")

    function.__name__ = function.__qualname__ = name
    return function


def _other_argument(name, args, kwargs):
    """The one ``other`` argument of a shift method, or torch's TypeError."""
    given = dict(zip(("other",), args))
    if len(args) > 1 or set(kwargs) - {"other"} or set(given) & set(kwargs):
        _invalid(name, args, list(kwargs.items()))
    given.update(kwargs)
    other = given.get("other", _REQUIRED)
    if not (isinstance(other, Tensor) or _is_scalar(other)):
        _invalid(name, args, list(kwargs.items()))
    return other


def _method(name, left):
    def method(self, *args, **kwargs):
        return _shifted(self, _other_argument(name, args, kwargs), left)

    method.__name__ = name
    return method


def _inplace(name, left):
    def method(self, *args, **kwargs):
        other = _other_argument(name, args, kwargs)
        source = self._inplace_source()
        self._inplace_assign(_shifted(source, other, left, into=self, inplace=True))
        return self

    method.__name__ = name
    return method


def _operator(left, reflected=False, inplace=False):
    def method(self, other):
        if not (isinstance(other, Tensor) or _is_scalar(other)):
            return NotImplemented
        if inplace:
            source = self._inplace_source()
            self._inplace_assign(_shifted(source, other, left, into=self, inplace=True))
            return self
        return _shifted(other, self, left) if reflected else _shifted(self, other, left)

    return method


def install(namespace):
    """Puts the torch-level functions in ``namespace`` (the package's) and the
    methods and operators on Tensor."""
    for name, left in (("bitwise_left_shift", True), ("bitwise_right_shift", False)):
        namespace[name] = _function(name, left)
        setattr(Tensor, name, _method(name, left))
        setattr(Tensor, name + "_", _inplace(name + "_", left))
    for op, left in (("lshift", True), ("rshift", False)):
        setattr(Tensor, f"__{op}__", _operator(left))
        setattr(Tensor, f"__r{op}__", _operator(left, reflected=True))
        setattr(Tensor, f"__i{op}__", _operator(left, inplace=True))

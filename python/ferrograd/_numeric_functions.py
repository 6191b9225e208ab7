"""Numeric helpers torch has beyond the core set: log-sum pairs (logaddexp,
logaddexp2), nan-ignoring reductions (nansum, nanmean, nanmedian,
nanquantile), quantile, logspace, float_power, ldexp/frexp, integer gcd/lcm,
float bit helpers (nextafter, signbit), inf/real tests, renorm, dist, pdist,
histogram, gradient, randint_like and asarray.

Where torch records one node of its own, the value is computed from ordinary
ops and recorded under torch's name (see ``_fused``); where torch's function
is a composite, the same ops are composed so the same nodes appear."""

import builtins
import math
import sys

from . import _core
from ._checks import SCALAR_TYPE_NAMES
from ._fused import fused, with_formula

Tensor = _core.Tensor


def _lib():
    return sys.modules["ferrograd"]


def _dtype_name(dtype):
    # the name torch's dispatch errors use: 'Float', 'Long', ...
    return SCALAR_TYPE_NAMES[dtype]


def _tensor_other(name, other):
    """``other`` if it is a tensor; torch's parser refuses numbers there."""
    if not isinstance(other, Tensor):
        raise TypeError(
            f"{name}(): argument 'other' (position 2) must be Tensor, not {type(other).__name__}"
        )
    return other


def is_floating_point(input):
    if not isinstance(input, Tensor):
        raise TypeError(
            "is_floating_point(): argument 'input' (position 1) must be Tensor, not "
            f"{type(input).__name__}"
        )
    return input.is_floating_point()


# ---- log-sum pairs -----------------------------------------------------------------


def _fma(x, y, z):
    """x * y + z rounded once, as torch's compiled kernel contracts it: the
    product split exactly (Veltkamp/Dekker) and the sum carried with its error."""
    lib = _lib()
    if x.dtype != lib.float64:
        # a float32 product is exact in double; one rounding there, one back
        return (x.double() * float(y) + z.double()).to(x.dtype)
    split = 134217729.0  # 2**27 + 1
    p = x * y
    xh = x * split
    xh = xh - (xh - x)
    xl = x - xh
    yh = y * split
    yh = yh - (yh - y)
    yl = y - yh
    perr = ((xh * yh - p) + xh * yl + xl * yh) + xl * yl
    s = p + z
    bb = s - p
    serr = (p - (s - bb)) + (z - bb)
    return s + (perr + serr)


def _logaddexp_values(a, b, base2):
    # torch's kernel: max + log1p(exp(-|a - b|)), or a itself where a == b
    # are the same infinity (the difference would be nan)
    lib = _lib()
    m = lib.maximum(a, b)
    d = (a - b).abs().neg()
    if base2:
        inv_log_2 = 1.0 / math.log(2.0)
        if a.dtype != lib.float64:
            inv_log_2 = float(__import__("numpy").float32(inv_log_2))
        x = d.exp2().log1p()
        out = lib.where(m.isfinite(), _fma(x, inv_log_2, m), m + x * inv_log_2)
    else:
        out = m + d.exp().log1p()
    same_inf = (a == b) & (a.abs() == math.inf)
    return lib.where(same_inf, a.expand_as(out) if a.shape != out.shape else a, out)


def _logaddexp(name, base2):
    def function(input, other, *, out=None):
        lib = _lib()
        if not isinstance(other, Tensor):
            raise TypeError(
                f"{name}(): argument 'other' (position 2) must be Tensor, not "
                f"{type(other).__name__}"
            )
        dtype = lib.result_type(input, other)
        if not dtype.is_floating_point:
            raise NotImplementedError(
                f'"{name}_cpu" not implemented for \'{_dtype_name(dtype)}\''
            )
        a, b = input.detach().to(dtype), other.detach().to(dtype)
        with lib.no_grad():
            result = _logaddexp_values(a, b, base2)

        def gradients(grad, needs, x, y):
            # torch: grad / (1 + exp(other - self)) and its mirror (2 ** ... for base 2)
            def part(u, v):
                e = (v - u).exp2() if base2 else (v - u).exp()
                return _reduce_to(grad / (1 + e), u.shape)

            return [part(x, y) if needs[0] else None, part(y, x) if needs[1] else None]

        node = "Logaddexp2Backward0" if base2 else "LogaddexpBackward0"
        result = with_formula(node, [input, other], result, [input, other], gradients)
        if out is not None:
            out.copy_(result)
            return out
        return result

    function.__name__ = name
    return function


def _reduce_to(grad, shape):
    shape = tuple(shape)
    if tuple(grad.shape) == shape:
        return grad
    return grad.sum_to_size(shape) if len(shape) else grad.sum()


logaddexp = _logaddexp("logaddexp", False)
logaddexp2 = _logaddexp("logaddexp2", True)


# ---- nan reductions ----------------------------------------------------------------


def _dims(dim):
    if dim is None:
        return None
    return [dim] if isinstance(dim, int) else list(dim)


def nansum(input, dim=None, keepdim=False, *, dtype=None):
    lib = _lib()
    if input.is_complex():
        raise RuntimeError("nansum does not support complex inputs")

    def compute(x):
        if x.is_floating_point():
            x = lib.where(x.isnan(), lib.zeros_like(x), x)
        if dim is None or (isinstance(dim, (list, tuple)) and len(dim) == 0):
            return x.sum(dtype=dtype) if not keepdim else x.sum(
                list(range(x.dim())), keepdim=True, dtype=dtype
            )
        return x.sum(_dims(dim), keepdim=keepdim, dtype=dtype)

    with lib.no_grad():
        result = compute(input.detach())

    def gradients(grad, needs, x):
        # torch: sum's backward times isnan().logical_not(), so inf * 0 gives nan
        if not needs[0]:
            return [None]
        g = grad
        if dim is not None and not keepdim and x.dim():
            for d in sorted(_core.wrap_dim(i, x.dim()) for i in _dims(dim)):
                g = g.unsqueeze(d)
        return [g.expand_as(x) * x.isnan().logical_not()]

    return with_formula("NansumBackward0", [input], result, [input], gradients)


def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    # torch's composite: nansum(...) / (count of non-nan)
    if not (input.is_floating_point() or input.is_complex()):
        raise RuntimeError(
            "nanmean(): expected input to have floating point or complex dtype but got "
            f"{_dtype_name(input.dtype)}"
        )
    count = input.isnan().logical_not()
    if dim is None:
        count = count.sum(list(range(input.dim())), keepdim=keepdim) if keepdim else count.sum()
    else:
        count = count.sum(_dims(dim), keepdim=keepdim)
    return nansum(input, dim, keepdim, dtype=dtype).div(count)


class _ValuesIndices(tuple):
    _name = "nanmedian"
    values = property(lambda self: self[0])
    indices = property(lambda self: self[1])

    def __repr__(self):
        return f"torch.return_types.{self._name}(\nvalues={self[0]!r},\nindices={self[1]!r})"


def nanmedian(input, dim=None, keepdim=False):
    lib = _lib()
    if dim is None:
        if input.numel() == 0:
            return fused("NanmedianBackward0", lambda x: x.new_full((), math.nan), [input])
        flat = input.detach().reshape(-1)
        ordered = flat.sort(stable=True)[0]
        k = int((~flat.isnan()).sum().item()) if flat.is_floating_point() else flat.numel()
        value = ordered[max(k - 1, 0) // 2] if k else ordered[0].new_full((), math.nan)
        value = value.clone()

        def gradients(grad, needs, x, v):
            # torch's evenly_distribute_backward: shared among the inputs equal to the value
            mask = x.isnan() if bool(v.isnan().item()) else x == v
            # as a product, so that create_graph differentiates it in grad
            return [mask * (grad / mask.sum()) if needs[0] else None]

        return with_formula("NanmedianBackward0", [input], value, [input, value], gradients)
    from ._more_ops import _pick

    d = _core.wrap_dim(dim, max(input.dim(), 1))
    if input.dim() and input.size(d) == 0:
        raise IndexError(f"nanmedian(): Expected reduction dim {d} to have non-zero size.")
    x = input.detach()
    # torch's kernel: std::nth_element at (non-NaN count - 1) / 2 in C's
    # division, ordering by value then position with NaN last: a stable
    # sort's pick, except in a row of only NaN, which nothing orders
    n = x.size(d) if x.dim() else 1
    order = x.sort(d, stable=True)[1] if x.dim() else lib.zeros((1,), dtype=lib.int64)
    if x.is_floating_point():
        counts = (~x.isnan()).sum(d) if x.dim() else (~x.isnan()).to(lib.int64).reshape(())
    else:
        counts = lib.full_like(order.select(d if x.dim() else 0, 0), n, dtype=lib.int64)
    ks = (counts - 1).clamp(min=0) // 2
    if x.dim():
        positions = order.gather(d, ks.unsqueeze(d)).squeeze(d)
    else:
        positions = order[0]
    positions = lib.where(counts == 0, lib.full_like(positions, _all_equal_nth0(n)), positions)
    values, indices = _pick(input, positions, d, keepdim, "NanmedianBackward1")
    return _ValuesIndices((values, indices))


def _all_equal_nth0(n):
    """Where libstdc++'s std::nth_element(first, first, last) leaves the
    element that starts at each position when no two compare: its
    introselect's median-of-three pivots and partitions still swap them."""
    items = list(builtins.range(n))
    first, last, depth = 0, n, 2 * (n.bit_length() - 1) if n else 0
    while last - first > 3:
        if depth == 0:
            # heap_select with nothing ordered leaves the front in place
            break
        depth -= 1
        mid = first + (last - first) // 2
        items[first], items[mid] = items[mid], items[first]
        lo, hi = first + 1, last
        while True:
            hi -= 1
            if not lo < hi:
                break
            items[lo], items[hi] = items[hi], items[lo]
            lo += 1
        cut = lo
        if cut <= 0:  # nth is the first position
            first = cut
        else:
            last = cut
    return items[first] if n else 0


# ---- quantile ----------------------------------------------------------------------

_MODES = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(function, input, q, dim, keepdim, interpolation, ignore_nan, out=None):
    lib = _lib()
    name = "quantile"  # torch's checks say quantile() for nanquantile too
    if not isinstance(input, Tensor):
        raise TypeError(f"{function}(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    if input.numel() == 0:
        raise RuntimeError(f"{name}() input tensor must be non-empty")
    if not isinstance(q, Tensor) and not 0 <= q <= 1:
        raise RuntimeError(f"{name}() q must be in the range [0, 1] but got {_g(q)}")
    if isinstance(q, Tensor) and q.dim() > 1:
        raise RuntimeError(f"{name}() q must be a scalar or 1D tensor")
    if input.dtype not in (lib.float32, lib.float64):
        raise RuntimeError(f"{name}() input tensor must be either float or double dtype")
    if isinstance(q, Tensor) and q.dtype != input.dtype:
        raise RuntimeError(f"{name}() q tensor must be same dtype as the input tensor")
    if isinstance(q, Tensor) and q.numel() and not bool(((q >= 0) & (q <= 1)).all().item()):
        raise RuntimeError(f"{name}() q values must be in the range [0, 1]")
    if interpolation not in _MODES:
        raise RuntimeError(
            f"{name}() interpolation must be one of linear, lower, higher, midpoint or nearest, "
            f"but got {interpolation}"
        )
    q_tensor = q if isinstance(q, Tensor) else lib.tensor(float(q), dtype=input.dtype)
    # torch's quantile_output_shape, then quantile_compute
    if dim is None:
        out_shape = [1] * input.dim() if keepdim else []
    else:
        d = _core.wrap_dim(dim, max(input.dim(), 1))
        out_shape = list(input.shape)
        if keepdim:
            if out_shape:
                out_shape[d] = 1
        elif out_shape:
            del out_shape[d]
    if q_tensor.dim() > 0:
        out_shape = [q_tensor.numel()] + out_shape
    if dim is None:
        ordered = input.flatten().sort()[0]
    elif d == input.dim() - 1 or input.dim() == 0:
        ordered = input.sort()[0]
    else:
        ordered = input.unsqueeze(-1).transpose(d, -1).sort()[0]
    if q_tensor.dim() == 0:
        out_shape = [1] + out_shape
    in_shape = out_shape[1:] + [ordered.size(-1) if ordered.dim() else 1]
    ordered = ordered.view(in_shape)
    last = ordered.size(-1) - 1
    with lib.no_grad():
        q_detached = q_tensor.detach()
        if ignore_nan:
            ranks = q_detached * (ordered.isnan().logical_not().sum(-1, keepdim=True) - 1)
            ranks = ranks.masked_fill(ranks < 0, 0)
        else:
            ranks = q_detached * last
            any_nan = ordered.isnan().any(-1, keepdim=True)
            ranks, any_nan = lib.broadcast_tensors(ranks, any_nan)
            ranks = ranks.masked_fill(any_nan, last)
        if interpolation == "lower":
            ranks = ranks.floor()
        elif interpolation == "higher":
            ranks = ranks.ceil()
        elif interpolation == "nearest":
            ranks = ranks.round()
        below = ranks.to(lib.int64)
    values = ordered.gather(-1, below)
    if interpolation in ("linear", "midpoint"):
        with lib.no_grad():
            weights = lib.full_like(ranks, 0.5) if interpolation == "midpoint" else ranks - below
            above = ranks.ceil().to(lib.int64)
        values = values.lerp(ordered.gather(-1, above), weights)
    if q_tensor.dim() == 0:
        values.squeeze_(-1)
    else:
        values.unsqueeze_(0)
        values.transpose_(0, -1)
        values.squeeze_(-1)
    if out is not None:
        out.resize_(values.shape)
        out.copy_(values)
        return out
    return values


def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear", out=None):
    return _quantile("quantile", input, q, dim, keepdim, interpolation, False, out)


def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear", out=None):
    return _quantile("nanquantile", input, q, dim, keepdim, interpolation, True, out)


def _g(number):
    # a double as C++'s ostream writes it (6 significant digits)
    return format(number, "g")


# ---- creation ----------------------------------------------------------------------


def logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False,
             out=None):
    lib = _lib()
    if dtype is None:
        dtype = lib.get_default_dtype()
    steps = int(steps)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    np = __import__("numpy")
    np_type = {"float32": np.float32, "float64": np.float64, "float16": np.float16}.get(
        str(dtype).split(".")[-1]
    )
    if np_type is None and (dtype.is_floating_point or dtype.is_complex):
        np_type = np.float32
    # torch's kernel: start and end in the result's type, the powers in double,
    # the first half counted up from start and the rest down from end
    if np_type is not None:
        s, e = float(np_type(start)), float(np_type(end))
    else:
        s, e = int(start), int(end)
    values = []
    if steps == 1:
        values = [math.pow(base, s)]
    elif steps > 1:
        step = float(e - s) / (steps - 1)
        half = steps // 2
        for i in range(steps):
            exponent = s + step * i if i < half else e - step * (steps - i - 1)
            try:
                values.append(math.pow(base, exponent))
            except OverflowError:
                values.append(math.inf)
    if np_type is not None:
        with np.errstate(over="ignore"):  # too large for the dtype: inf, as torch's cast
            array = np.array(values, dtype=np.float64).astype(np_type)
        result = lib.tensor(array, dtype=dtype)
    else:
        result = lib.tensor([int(v) if math.isfinite(v) else 0 for v in values], dtype=dtype)
    if requires_grad:
        result.requires_grad_(True)
    if out is not None:
        out.copy_(result)
        return out
    return result


def randint_like(input, low=0, high=None, *, dtype=None, device=None, requires_grad=False,
                 memory_format=None, generator=None):
    lib = _lib()
    if high is None:
        low, high = 0, low
    # the same draw as randint with the input's shape and dtype
    return lib.randint(int(low), int(high), tuple(input.shape), dtype=dtype or input.dtype,
                       device=device, requires_grad=requires_grad, generator=generator)


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=False):
    lib = _lib()
    np = sys.modules.get("numpy")
    if isinstance(obj, Tensor):
        result = obj
        if dtype is not None and dtype != obj.dtype:
            if copy is False:
                raise ValueError(
                    f"can't alias tensor with dtype '{_dtype_name(obj.dtype)}' into dtype "
                    f"'{_dtype_name(dtype)}'."
                )
            result = obj.to(dtype)
        elif copy:
            result = obj.clone()
        if result.requires_grad and not requires_grad:
            result = result.detach()
        elif requires_grad and not result.requires_grad:
            # torch sets it on the tensor it returns, the input itself when aliased
            result.requires_grad_(True)
        return result
    if np is not None and isinstance(obj, np.ndarray):
        # torch shares an array's memory, but copies a 0-d one (as a scalar)
        same_type = dtype is None or lib._DTYPE_OF_NP.get(obj.dtype.name) == dtype
        if not copy and same_type and obj.ndim > 0:
            result = lib.from_numpy(obj)
        else:
            result = lib.tensor(obj, dtype=dtype)
        if requires_grad:
            result.requires_grad_(True)
        return result
    if copy is False:
        raise ValueError("can't alias arbitrary sequence into a tensor.")
    return lib.tensor(obj, dtype=dtype, requires_grad=requires_grad)


# ---- powers and floats -------------------------------------------------------------


def float_power(input, exponent, *, out=None):
    lib = _lib()
    complex_ = (isinstance(input, Tensor) and input.is_complex()) or (
        isinstance(exponent, Tensor) and exponent.is_complex()
    ) or isinstance(input, complex) or isinstance(exponent, complex)
    target = lib.complex128 if complex_ else lib.float64
    # torch: both sides in double (or complex double), then pow
    base = input.to(target) if isinstance(input, Tensor) else input
    power = exponent.to(target) if isinstance(exponent, Tensor) else exponent
    if isinstance(base, Tensor):
        result = base.pow(power)
    else:
        result = lib.pow(base, power)
    if out is not None:
        out.copy_(result)
        return out
    return result


def _float_power_(self, exponent):
    lib = _lib()
    complex_ = self.is_complex() or (isinstance(exponent, Tensor) and exponent.is_complex())
    target = lib.complex128 if complex_ else lib.float64
    if self.dtype != target:
        raise RuntimeError(
            "the base given to float_power_ has dtype "
            f"{_dtype_name(self.dtype)} but the operation's result requires dtype "
            f"{_dtype_name(target)}"
        )
    return self.pow_(exponent.to(target) if isinstance(exponent, Tensor) else exponent)


def ldexp(input, other, *, out=None):
    lib = _lib()
    other = _tensor_other("ldexp", other)
    # torch: input * 2 ** other, one node, no gradient for the exponent
    with lib.no_grad():
        scale = lib.pow(2.0, other)
    with lib.no_grad():
        result = input.detach() * scale

    def gradients(grad, needs, other):
        # torch: grad * pow(2, other), in other's dtype: an integer 2 ** -3 is 0
        lib = _lib()
        scale = lib.pow(2, other)
        if not (other.is_floating_point() or other.is_complex()):
            scale = lib.where(other < 0, lib.zeros_like(scale), scale)
        return [grad * scale if needs[0] else None, None]

    result = with_formula("LdexpBackward0", [input, other], result, [other], gradients)
    if out is not None:
        out.copy_(result)
        return out
    return result


class _Frexp(tuple):
    mantissa = property(lambda self: self[0])
    exponent = property(lambda self: self[1])

    def __repr__(self):
        return f"torch.return_types.frexp(\nmantissa={self[0]!r},\nexponent={self[1]!r})"


def frexp(input, *, out=None):
    lib = _lib()
    if not input.is_floating_point():
        raise RuntimeError(
            "torch.frexp() only supports floating-point dtypes"
        )
    np = __import__("numpy")
    array = input.detach().numpy() if input.dtype != lib.bfloat16 else input.detach().float().numpy()
    m, e = np.frexp(array)
    mantissa = lib.tensor(m).to(input.dtype)
    exponent = lib.tensor(e.astype(np.int32))

    def gradients(grad, needs, e):
        return [grad / e.exp2() if needs[0] else None]

    mantissa = with_formula("FrexpBackward0", [input], mantissa, [exponent], gradients)
    if out is not None:
        out[0].copy_(mantissa)
        out[1].copy_(exponent)
        return _Frexp(out)
    return _Frexp((mantissa, exponent))


def _int_pair(name, input, other):
    lib = _lib()
    other = _tensor_other(name, other)
    dtype = lib.result_type(input, other)
    if dtype.is_floating_point or dtype.is_complex or dtype == lib.bool:
        raise NotImplementedError(f'"{name}_cpu" not implemented for \'{_dtype_name(dtype)}\'')
    a, b = lib.broadcast_tensors(input.to(dtype), other.to(dtype))
    return a, b


def _gcd_values(a, b):
    lib = _lib()
    # torch's Euclid on the absolute values
    a, b = a.abs(), b.abs()
    while bool((a != 0).any().item()):
        nonzero = a != 0
        c = a
        a = lib.where(nonzero, b % lib.where(nonzero, a, lib.ones_like(a)), a)
        b = lib.where(nonzero, c, b)
    return b


def gcd(input, other, *, out=None):
    a, b = _int_pair("gcd", input, other)
    result = _gcd_values(a, b)
    if out is not None:
        out.copy_(result)
        return out
    return result


def lcm(input, other, *, out=None):
    lib = _lib()
    a, b = _int_pair("lcm", input, other)
    g = _gcd_values(a, b)
    zero = g == 0
    result = lib.where(zero, lib.zeros_like(a), (a // lib.where(zero, lib.ones_like(g), g) * b).abs())
    if out is not None:
        out.copy_(result)
        return out
    return result


def _gcd_(self, other):
    return self.copy_(gcd(self, other))


def _lcm_(self, other):
    return self.copy_(lcm(self, other))


def nextafter(input, other, *, out=None):
    lib = _lib()
    other = _tensor_other("nextafter", other)
    dtype = lib.result_type(input, other)
    if not dtype.is_floating_point or dtype in (lib.float16, lib.bfloat16):
        raise NotImplementedError(f'"nextafter_cpu" not implemented for \'{_dtype_name(dtype)}\'')
    np = __import__("numpy")
    a, b = lib.broadcast_tensors(input.detach().to(dtype), other.detach().to(dtype))
    result = lib.tensor(np.nextafter(a.numpy(), b.numpy()), dtype=dtype)
    if out is not None:
        out.copy_(result)
        return out
    return result


def _nextafter_(self, other):
    return self.copy_(nextafter(self, other))


def signbit(input, *, out=None):
    lib = _lib()
    if input.is_complex():
        raise RuntimeError("signbit is not implemented for complex tensors.")
    if input.is_floating_point():
        np = __import__("numpy")
        array = input.detach().float().numpy() if input.dtype == lib.bfloat16 else input.detach().numpy()
        result = lib.tensor(np.signbit(array))
    else:
        result = input.detach() < 0
    if out is not None:
        out.copy_(result)
        return out
    return result


def _inf_test(name, sign):
    def function(input, *, out=None):
        if input.is_complex():
            raise RuntimeError(f"{name} does not support complex inputs.")
        if input.is_floating_point():
            result = input.detach() == sign * math.inf
        else:
            result = _lib().zeros_like(input, dtype=_lib().bool)
        if out is not None:
            out.copy_(result)
            return out
        return result

    function.__name__ = name
    return function


isneginf = _inf_test("isneginf", -1)
isposinf = _inf_test("isposinf", 1)


def isreal(input):
    lib = _lib()
    if not input.is_complex():
        return lib.ones_like(input, dtype=lib.bool)
    return input.detach().imag == 0


# ---- norms and distances -----------------------------------------------------------


def renorm(input, p, dim, maxnorm, *, out=None):
    lib = _lib()
    if p <= 0:
        raise RuntimeError("renorm: non-positive-norm not supported")
    if maxnorm < 0:
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {_g(maxnorm)}")
    d = _core.wrap_dim(dim, max(input.dim(), 1))
    if input.dim() <= 1:
        raise RuntimeError(f"renorm: input needs at least 2 dimensions, got {input.dim()} dimensions")
    if not (input.is_floating_point() or input.is_complex()):
        raise RuntimeError(
            "linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
            f"{_dtype_name(input.dtype)}"
        )
    reduce = [i for i in range(input.dim()) if i != d]

    with lib.no_grad():
        x = input.detach()
        norm = lib.linalg.vector_norm(x, p, reduce, keepdim=True)
        bound = lib.full_like(norm, maxnorm)
        # torch's factor: maxnorm / (norm + 1e-7) where the norm exceeds maxnorm
        factor = lib.where(norm > bound, bound / (norm + 1e-7), lib.ones_like(norm))
        result = x * factor

    def gradients(grad, needs, x):
        # torch's renorm_backward
        if not needs[0]:
            return [None]
        norm = lib.linalg.vector_norm(x, p, reduce, keepdim=True)
        summed = (x * grad).sum(reduce, keepdim=True)
        nb = _norm_backward(summed, x, p, norm, reduce)
        invnorm = (norm + 1e-7).reciprocal()
        factor = invnorm * maxnorm
        return [lib.where(norm > maxnorm, factor * (grad - invnorm * nb), grad)]

    result = with_formula("RenormBackward0", [input], result, [input], gradients)
    if out is not None:
        out.copy_(result)
        return out
    return result


def _renorm_(self, p, dim, maxnorm):
    return self.copy_(renorm(self, p, dim, maxnorm))


def _norm_backward(grad, x, p, norm, dims=None):
    """torch's norm_backward (``grad`` and ``norm`` keeping the reduced dims)."""
    lib = _lib()
    if p == 0:
        return lib.zeros_like(x)
    if p == 1:
        return x.sgn() * grad
    if p == 2:
        return grad * (x / norm).masked_fill(norm == 0, 0)
    if math.isinf(p):
        x_abs = x.abs()
        mask = x_abs.eq(norm).logical_or(x_abs.isnan())
        count = mask.sum() if dims is None else mask.sum(dims, keepdim=True)
        return x.sgn() * ((grad / count) * mask)
    if p < 1:
        scaled = x.sgn() * x.abs().pow(p - 1).masked_fill(x == 0, 0)
        return scaled * grad * norm.pow(1 - p)
    if p < 2:
        scaled = x.sgn() * x.abs().pow(p - 1)
    else:
        scaled = x * x.abs().pow(p - 2)
    scale = (grad / norm.pow(p - 1)).masked_fill(norm == 0, 0)
    return scaled * scale


def dist(input, other, p=2):
    lib = _lib()
    other = _tensor_other("dist", other)
    with lib.no_grad():
        result = lib.linalg.vector_norm(input.detach() - other.detach(), p)

    def gradients(grad, needs, a, b, norm):
        g = _norm_backward(grad, a - b, p, norm)
        return [
            _reduce_to(g, a.shape) if needs[0] else None,
            _reduce_to(-g, b.shape) if needs[1] else None,
        ]

    return with_formula("DistBackward0", [input, other], result, [input, other, result],
                        gradients)


def pdist(input, p=2):
    lib = _lib()
    if input.dim() != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.dim()}D")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    if not input.is_floating_point():
        raise RuntimeError(
            "pdist only supports floating-point dtypes"
        )
    n = input.size(0)
    if n < 2:
        return fused("PdistBackward0", lambda x: x.new_zeros(0), [input])
    rows, cols = lib.triu_indices(n, n, 1)
    x = input.detach()
    diff = (x[rows] - x[cols]).abs()
    with lib.no_grad():
        if p == 0:
            result = (diff != 0).to(x.dtype).sum(-1)
        elif p == math.inf:
            result = diff.amax(-1)
        elif p == 1:
            result = diff.sum(-1)
        elif p == 2:
            result = (diff * diff).sum(-1).sqrt()
        else:
            result = (diff**p).sum(-1) ** (1.0 / p)

    def gradients(grad, needs, x, dist):
        if not needs[0]:
            return [None]
        with lib.no_grad():
            result = _pdist_backward(grad.detach(), x.detach(), p, dist.detach())

        def refuse(*_):
            # torch has no derivative for its _pdist_backward kernel
            raise NotImplementedError("the derivative for '_pdist_backward' is not implemented.")

        return [with_formula("PdistBackwardBackward0", [grad, x, dist], result, [], refuse)]

    return with_formula("PdistBackward0", [input], result, [input, result], gradients)


def _pdist_backward(grad, x, p, dist):
    """torch's _pdist_backward kernel: each pair (i, j) in order adds its term
    to row i and takes it from row j."""
    lib = _lib()
    n = x.size(0)
    rows = [lib.zeros_like(x[0]) for _ in builtins.range(n)]
    k = 0
    for i in builtins.range(n):
        for j in builtins.range(i + 1, n):
            diff = x[i] - x[j]
            g, d = grad[k], dist[k]
            if p == 0:
                term = lib.zeros_like(diff)
            elif p == 1:
                term = diff.sign() * g
            elif p == 2:
                term = lib.where(d == 0, lib.zeros_like(diff), g * diff / d)
            elif math.isinf(p):
                term = g * diff.sign() * (diff.abs() == d)
            elif p < 2:
                zero = (d == 0) | ((diff == 0) & (p < 1))
                term = diff.sign() * diff.abs().pow(p - 1) * g / d.pow(p - 1)
                term = lib.where(zero, lib.zeros_like(term), term)
            else:
                term = diff * diff.abs().pow(p - 2) * g / d.pow(p - 1)
                term = lib.where(d == 0, lib.zeros_like(term), term)
            rows[i] = rows[i] + term
            rows[j] = rows[j] - term
            k += 1
    return lib.stack(rows)


# ---- histogram and gradient --------------------------------------------------------


class _Histogram(tuple):
    hist = property(lambda self: self[0])
    bin_edges = property(lambda self: self[1])

    def __repr__(self):
        return f"torch.return_types.histogram(\nhist={self[0]!r},\nbin_edges={self[1]!r})"


def histogram(input, bins=100, *, range=None, weight=None, density=False, out=None):
    lib = _lib()
    if not input.is_floating_point():
        raise NotImplementedError(
            f'"histogramdd" not implemented for \'{_dtype_name(input.dtype)}\''
        )
    x = input.detach().reshape(-1)
    if isinstance(bins, Tensor):
        edges = bins.detach()
        if edges.dim() != 1:
            raise RuntimeError(
                "torch.histogram(): bins tensor should have one dimension, but got "
                f"{edges.dim()} dimensions in the bins tensor"
            )
    else:
        if bins <= 0:
            raise RuntimeError(
                "torch.histogram(): number of bins should be positive, but got " f"{bins} for dimension 0"
            )
        if range is not None:
            left, right = float(range[0]), float(range[1])
        elif x.numel():
            left, right = x.min().item(), x.max().item()
        else:
            left, right = 0.0, 0.0
        if left > right:
            raise RuntimeError(
                "torch.histogramdd: min should not exceed max, but got min "
                f"{_g(left)} max {_g(right)} for dimension 0"
            )
        if not (math.isfinite(left) and math.isfinite(right)):
            raise RuntimeError(
                f"torch.histogram(): range of [{left}, {right}] is not finite"
            )
        if left == right:
            left, right = left - 0.5, right + 0.5
        edges = lib.linspace(left, right, bins + 1, dtype=input.dtype)
    nbins = edges.numel() - 1
    inside = (x >= edges[0]) & (x <= edges[-1])
    position = lib.searchsorted(edges, x, right=True) - 1
    position = position.clamp(max=nbins - 1)
    w = weight.detach().reshape(-1) if weight is not None else lib.ones_like(x)
    w = lib.where(inside, w, lib.zeros_like(w))
    position = lib.where(inside, position, lib.zeros_like(position))
    hist = lib.zeros(nbins, dtype=input.dtype).index_add(0, position, w)
    if density:
        widths = edges[1:] - edges[:-1]
        hist = hist / hist.sum() / widths
    if out is not None:
        out[0].copy_(hist)
        out[1].copy_(edges)
        return _Histogram(out)
    return _Histogram((hist, edges.clone()))


def gradient(input, *, spacing=1, dim=None, edge_order=1):
    lib = _lib()
    if dim is None:
        dims = list(builtins.range(input.dim()))
    elif isinstance(dim, int):
        dims = [dim]
    else:
        dims = list(dim)
    if edge_order not in (1, 2):
        raise RuntimeError(
            "torch.gradient only supports edge_order=1 and edge_order=2."
        )
    if isinstance(spacing, (list, tuple)):
        spacings = list(spacing)
        if dim is None and len(spacings) != len(dims):
            raise RuntimeError(
                "torch.gradient expected spacing to be unspecified, a scalar, or a list of "
                f"length equal to 'self.dim() = {input.dim()}', since dim argument was not "
                f"given, but got a list of length {len(spacings)}"
            )
        if len(spacings) != len(dims):
            raise RuntimeError(
                "torch.gradient expected spacing to be unspecified, a scalar or it's spacing and "
                f"dim arguments to have the same length, but got a spacing argument of length "
                f"{len(spacings)} and a dim argument of length {len(dims)}."
            )
    else:
        spacings = [spacing] * len(dims)
    for d in dims:
        size = input.size(d)
        if size < edge_order + 1:
            raise RuntimeError(
                "torch.gradient expected each dimension size to be at least edge_order+1"
            )
    result = []
    for d, dx in zip(dims, spacings):
        d = _core.wrap_dim(d, max(input.dim(), 1))
        if isinstance(dx, Tensor):
            result.append(_gradient_coordinates(input, dx, d, edge_order))
            continue

        def cut(start, end=None, d=d):
            return _cut(input, d, start, end)

        center = (cut(2) - cut(0, -2)) / dx
        if edge_order == 1:
            before = (cut(1, 2) - cut(0, 1)) / dx
            after = (cut(-1) - cut(-2, -1)) / dx
        else:
            before = (cut(0, 1) * -1.5 + cut(1, 2) * 2 - cut(2, 3) * 0.5) / dx
            after = (cut(-3, -2) * 0.5 - cut(-2, -1) * 2 + cut(-1) * 1.5) / dx
        result.append(lib.cat([before, center / 2, after], d))
    return tuple(result)


def _cut(t, d, start, end=None):
    """``t[..., start:end]`` along ``d`` (a SliceBackward0, as torch's at::slice)."""
    n = t.size(d)
    s = start + n if start < 0 else start
    e = n if end is None else (end + n if end < 0 else end)
    return t[(slice(None),) * d + (slice(s, e),)]


def _gradient_coordinates(input, coordinates, d, edge_order):
    lib = _lib()
    # torch's gradient for coordinate spacing: second-order-accurate central
    # differences for uneven steps
    shape = [1] * input.dim()
    shape[d] = -1
    ax = coordinates.reshape(shape) if coordinates.dim() else coordinates

    def cut(t, start, end=None):
        return _cut(t, d, start, end)

    dx1 = cut(ax, 1, -1) - cut(ax, 0, -2)
    dx2 = cut(ax, 2) - cut(ax, 1, -1)
    a = -dx2 / (dx1 * (dx1 + dx2))
    b = (dx2 - dx1) / (dx1 * dx2)
    c = dx1 / (dx2 * (dx1 + dx2))
    center = a * cut(input, 0, -2) + b * cut(input, 1, -1) + c * cut(input, 2)
    if edge_order == 1:
        before = (cut(input, 1, 2) - cut(input, 0, 1)) / (cut(ax, 1, 2) - cut(ax, 0, 1))
        after = (cut(input, -1) - cut(input, -2, -1)) / (cut(ax, -1) - cut(ax, -2, -1))
    else:
        # torch's second-order one-sided differences for uneven steps
        h = cut(ax, 1) - cut(ax, 0, -1)
        h0, h1 = cut(h, 0, 1), cut(h, 1, 2)
        a = -(2.0 * h0 + h1) / (h0 * (h0 + h1))
        b = (h0 + h1) / (h0 * h1)
        c = -h0 / (h1 * (h0 + h1))
        before = a * cut(input, 0, 1) + b * cut(input, 1, 2) + c * cut(input, 2, 3)
        hl, hm = cut(h, -1), cut(h, -2, -1)
        a = hl / (hm * (hl + hm))
        b = -(hl + hm) / (hl * hm)
        c = (2 * hl + hm) / (hl * (hl + hm))
        after = a * cut(input, -3, -2) + b * cut(input, -2, -1) + c * cut(input, -1)
    return lib.cat([before, center, after], d)


NAMES = [
    "is_floating_point", "asarray", "logaddexp", "logaddexp2", "nansum", "nanmean",
    "nanmedian", "quantile", "nanquantile", "logspace", "randint_like", "float_power",
    "ldexp", "frexp", "gcd", "lcm", "nextafter", "signbit", "isneginf", "isposinf", "isreal",
    "renorm", "dist", "pdist", "histogram", "gradient",
]
METHODS = [
    "logaddexp", "logaddexp2", "nansum", "nanmean", "nanmedian", "quantile", "nanquantile",
    "float_power", "ldexp", "frexp", "gcd", "lcm", "nextafter", "signbit", "isneginf",
    "isposinf", "isreal", "renorm", "dist", "histogram",
]
METHOD_FUNCTIONS = {
    "float_power_": _float_power_,
    "gcd_": _gcd_,
    "lcm_": _lcm_,
    "nextafter_": _nextafter_,
    "renorm_": _renorm_,
    "ldexp_": lambda self, other: self.mul_(_lib().pow(2.0, _tensor_other("ldexp_", other))),
}

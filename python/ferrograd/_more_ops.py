"""Functions learners reach for beyond the core set: distances (cdist),
statistics (std_mean, var_mean, aminmax), running extrema and log-sums
(cummax, cummin, logcumsumexp), rearrangements (rot90, fliplr, flipud),
cross products, and the integer helpers (unique, unique_consecutive,
bincount, histc, argwhere, count_nonzero, isin, searchsorted, bucketize,
tril_indices, triu_indices).

The differentiable ones are computed from ops ferrograd has and recorded as
the one node torch records (see ``_fused``); the others are plain values."""

import builtins
import numbers

from . import _core
from ._checks import SCALAR_TYPE_NAMES, not_tensor
from ._fused import fused, with_formula
from ._std_sort import std_sort

Tensor = _core.Tensor


def _wrap(dim, ndim):
    return _core.wrap_dim(dim, max(ndim, 1))


# ---- differentiable ----------------------------------------------------------------


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    if x1.dim() < 2 or x2.dim() < 2:
        raise RuntimeError(
            f"cdist only supports at least 2D tensors, X1 got: {x1.dim()}D"
            if x1.dim() < 2
            else f"cdist only supports at least 2D tensors, X2 got: {x2.dim()}D"
        )
    if x1.size(-1) != x2.size(-1):
        raise RuntimeError(
            "X1 and X2 must have the same number of columns. X1: "
            f"{x1.size(-1)} X2: {x2.size(-1)}"
        )
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")

    def distances(a, b):
        diff = (a.unsqueeze(-2) - b.unsqueeze(-3)).abs()
        if p == 0:
            return (diff != 0).to(a.dtype).sum(-1)
        if p == float("inf"):
            return diff.amax(-1)
        if p == 1:
            return diff.sum(-1)
        if p == 2:
            return (diff * diff).sum(-1).sqrt()
        return (diff**p).sum(-1) ** (1.0 / p)

    return fused("CdistBackward0", distances, [x1, x2])


def _dims_and_correction(dim, unbiased, correction):
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    return dim, correction


def _with_mean(node, statistic, input, dim, unbiased, keepdim, correction):
    """(statistic, mean) over `dim`, recorded as torch's one node."""
    dim, correction = _dims_and_correction(dim, unbiased, correction)

    def compute(x):
        spread = getattr(x, statistic)(dim, correction=correction, keepdim=keepdim)
        return spread, x.mean(dim, keepdim=keepdim) if dim is not None else x.mean()

    return fused(node, compute, [input])


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return _with_mean("StdMeanBackward0", "std", input, dim, unbiased, keepdim, correction)


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return _with_mean("VarMeanBackward0", "var", input, dim, unbiased, keepdim, correction)


class _MinMax(tuple):
    """torch.return_types.aminmax: a (min, max) pair with names."""

    min = property(lambda self: self[0])
    max = property(lambda self: self[1])

    def __repr__(self):
        return f"torch.return_types.aminmax(\nmin={self[0]!r},\nmax={self[1]!r})"


def aminmax(input, *, dim=None, keepdim=False):
    if input.numel() == 0 and dim is None:
        raise RuntimeError(
            "aminmax(): cannot compute aminmax over an empty dimension as the operation has no "
            "identity."
        )

    def compute(x):
        if dim is None:
            return x.amin(), x.amax()
        return x.amin(dim, keepdim=keepdim), x.amax(dim, keepdim=keepdim)

    return _MinMax(fused("AminmaxBackward0", compute, [input]))


class _ValuesIndices(tuple):
    _name = "cummax"

    values = property(lambda self: self[0])
    indices = property(lambda self: self[1])

    def __repr__(self):
        return f"torch.return_types.{self._name}(\nvalues={self[0]!r},\nindices={self[1]!r})"


def _running_extreme(input, dim, take_max):
    from . import int64, stack, where

    d = _wrap(dim, input.dim())
    if input.dim() == 0:
        from . import zeros

        return input.clone(), zeros((), dtype=int64)
    slabs = input.detach().unbind(d)
    best, best_at, positions = None, None, []
    for i, slab in enumerate(slabs):
        if best is None:
            best, best_at = slab, _core.full(list(slab.shape), 0, int64)
        else:
            # ties move to the later position, as torch's kernel does; NaN sticks
            better = (slab >= best) if take_max else (slab <= best)
            better = better | slab.isnan()
            better = better & ~best.isnan()
            best = where(better, slab, best)
            best_at = where(better, _core.full(list(slab.shape), i, int64), best_at)
        positions.append(best_at)
    indices = stack(positions, d) if positions else _core.full(list(input.shape), 0, int64)

    def pick(x):
        return x.gather(d, indices)

    name = "CummaxBackward0" if take_max else "CumminBackward0"
    values = fused(name, pick, [input])
    return values, indices


def cummax(input, dim):
    out = _ValuesIndices(_running_extreme(input, dim, True))
    return out


class _CumminResult(_ValuesIndices):
    _name = "cummin"


def cummin(input, dim):
    return _CumminResult(_running_extreme(input, dim, False))


def logcumsumexp(input, dim):
    from . import stack

    d = _wrap(dim, input.dim())

    def compute(x):
        if x.dim() == 0:
            return x.clone()
        running, parts = None, []
        for slab in x.unbind(d):
            if running is None:
                running = slab
            else:
                # log(e^a + e^b) from the larger of the two, so neither overflows
                high = running.maximum(slab)
                low = running.minimum(slab)
                running = high + (low - high).exp().log1p()
                running = running.where(~high.isinf() | (high < 0), high)
            parts.append(running)
        return stack(parts, d)

    return fused("LogcumsumexpBackward0", compute, [input])


def rot90(input, k=1, dims=(0, 1)):
    dims = list(dims)
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if input.dim() < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {input.dim()}")
    d0, d1 = (_wrap(d, input.dim()) for d in dims)
    if d0 == d1:
        raise RuntimeError(
            f"expected rotation dims to be different, but got dim0 = {d0} and dim1 = {d1}"
        )
    k %= 4

    def rotate(x):
        # a quarter turn is a flip seen transposed, as torch returns it
        if k == 1:
            return x.flip(d1).transpose(d0, d1)
        if k == 2:
            return x.flip(d0, d1)
        if k == 3:
            return x.flip(d0).transpose(d0, d1)
        return x.clone()

    return fused("Rot90Backward0", rotate, [input])


def fliplr(input):
    if input.dim() < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return input.flip(1)


def flipud(input):
    if input.dim() < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return input.flip(0)


def cross(input, other, dim=None):
    from . import broadcast_tensors

    if dim is None:
        dim = next((i for i, s in enumerate(input.shape) if s == 3), -1)
    d = _wrap(dim, input.dim())
    if input.size(d) != 3:
        raise RuntimeError(
            f"linalg.cross: inputs dimension {dim} must have length 3. Got {input.size(d)} and "
            f"{other.size(d) if other.dim() > d else 0}"
        )

    def compute(a, b):
        a, b = broadcast_tensors(a, b)
        a0, a1, a2 = a.unbind(d)
        b0, b1, b2 = b.unbind(d)
        from . import stack

        return stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], d)

    return fused("LinalgCrossBackward0", compute, [input, other])


class _MedianResult(_ValuesIndices):
    _name = "median"


class _KthvalueResult(_ValuesIndices):
    _name = "kthvalue"


def _pick(input, positions, d, keepdim, node):
    """The values at `positions` along `d`, recorded as torch's node."""
    index = positions.unsqueeze(d) if input.dim() else positions

    def gather(x):
        if x.dim() == 0:
            return x.clone()
        values = x.gather(d, index)
        return values if keepdim else values.squeeze(d)

    values = fused(node, gather, [input])
    return values, (index if keepdim else positions)


def kthvalue(input, k, dim=-1, keepdim=False):
    d = _wrap(dim, input.dim())
    size = input.size(d) if input.dim() else 1
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")
    positions = _core._selected_positions(input, d, k - 1)
    return _KthvalueResult(_pick(input, positions, d, keepdim, "KthvalueBackward0"))


def median(input, dim=None, keepdim=False):
    if dim is None:
        from . import float32, full

        if input.numel() == 0:
            return full((), float("nan"), dtype=input.dtype if input.is_floating_point()
                        else float32)
        flat = input.reshape(-1)
        position = _core._selected_positions(flat.detach(), 0)
        value = flat.detach()[position].clone()

        def spread(x):
            # the gradient is shared by every element equal to the median
            ties = (x == value).to(x.dtype)
            return value + ((x - value) * ties).sum() / ties.sum()

        if not input.is_floating_point():
            return value
        return fused("MedianBackward0", spread, [input])
    d = _wrap(dim, input.dim())
    if input.dim() and input.size(d) == 0:
        raise IndexError(f"median(): Expected reduction dim {d} to have non-zero size.")
    # among equal values torch's median may pick another position than this
    # selection (its kthvalue's); the values agree
    positions = _core._selected_positions(input, d)
    return _MedianResult(_pick(input, positions, d, keepdim, "MedianBackward1"))


class _ModeResult(_ValuesIndices):
    _name = "mode"


def _mode_position(row):
    """torch's CPU mode of one row: the row's (value, position) pairs sorted
    by value with std::sort, then the longest run of equal values (the first
    such run on a tie, so the smallest value); its position is that of the
    run's last pair, which the unstable sort decides."""
    pairs = std_sort([(v, i) for i, v in enumerate(row)], lambda a, b: a[0] < b[0])
    best, best_count, count = 0, 0, 0
    for k, (value, _) in enumerate(pairs):
        count += 1
        if k == len(pairs) - 1 or value != pairs[k + 1][0]:
            if count > best_count:
                best, best_count = pairs[k][1], count
            count = 0
    return best


def mode(input, dim=-1, keepdim=False):
    from . import int64, tensor

    if not isinstance(input, Tensor):
        not_tensor("mode", input)
    d = _wrap(dim, input.dim())
    if input.dim() == 0:
        positions = tensor(0, dtype=int64)
    else:
        size = input.size(d)
        if size == 0:
            raise IndexError(f"mode(): Expected reduction dim {d} to have non-zero size.")
        rows = input.detach().movedim(d, -1).reshape(-1, size).tolist()
        rest = [s for i, s in enumerate(input.shape) if i != d]
        positions = tensor([_mode_position(r) for r in rows], dtype=int64).reshape(rest)
    return _ModeResult(_pick(input, positions, d, keepdim, "ModeBackward0"))


_native_lerp = Tensor.lerp  # a number weight: one kernel, LerpBackward0

# the C++ type names torch's dtype checks print
_C_NAMES = {
    _core.float32: "float", _core.float64: "double", _core.float16: "c10::Half",
    _core.bfloat16: "c10::BFloat16", _core.int64: "long int", _core.int32: "int",
    _core.uint8: "unsigned char", _core.bool: "bool",
}


def _broadcast_in_order(shapes):
    """The shape several operands broadcast to, met one after another as
    torch's elementwise kernels meet them (so its message names the pair)."""
    shape = []
    for other in shapes:
        n = builtins.max(len(shape), len(other))
        a, b = [1] * (n - len(shape)) + list(shape), [1] * (n - len(other)) + list(other)
        for i in range(n - 1, -1, -1):
            if a[i] != b[i] and a[i] != 1 and b[i] != 1:
                raise RuntimeError(
                    f"The size of tensor a ({a[i]}) must match the size of tensor b ({b[i]}) at "
                    f"non-singleton dimension {i}"
                )
        shape = [y if x == 1 else x for x, y in zip(a, b)]
    return shape


def _lerp_gradients(grad, needs, start, end, weight):
    return [
        (grad * (1 - weight)).sum_to_size(start.shape) if needs[0] else None,
        (grad * weight).sum_to_size(end.shape) if needs[1] else None,
        (grad * (end - start)).sum_to_size(weight.shape).to(weight.dtype) if needs[2] else None,
    ]


def _lerp_arguments(names, args, kwargs, name="lerp"):
    """``args``/``kwargs`` bound to ``names`` (input, end, weight or end,
    weight), or torch's TypeError for a combination its two overloads
    (a tensor or a number weight) do not take."""
    bound = dict(zip(names, args))
    fits = len(args) <= len(names) and all(k in names and k not in bound for k in kwargs)
    bound.update(kwargs)
    fits = fits and len(bound) == len(names)
    if fits:
        weight = bound["weight"]
        tensors = [bound[n] for n in names if n != "weight"]
        number = isinstance(weight, numbers.Number) and not isinstance(weight, complex)
        fits = all(isinstance(t, Tensor) for t in tensors) and (
            isinstance(weight, Tensor) or number
        )
    if not fits:
        got = [_parser_type(a) for a in args] + [f"{k}={_parser_type(v)}" for k, v in kwargs.items()]
        raise TypeError(
            f"{name}() received an invalid combination of arguments - got ({', '.join(got)}), "
            "but expected one of:\n"
            " * (Tensor input, Tensor end, Tensor weight, *, Tensor out = None)\n"
            " * (Tensor input, Tensor end, Number weight, *, Tensor out = None)"
        )
    return bound


def _parser_type(value):
    return "Tensor" if isinstance(value, Tensor) else type(value).__name__


def lerp_function(*args, **kwargs):
    """``torch.lerp``."""
    bound = _lerp_arguments(("input", "end", "weight"), args, kwargs)
    return lerp(bound["input"], bound["end"], bound["weight"])


def lerp_method(self, *args, **kwargs):
    """``Tensor.lerp``."""
    bound = _lerp_arguments(("end", "weight"), args, kwargs)
    return lerp(self, bound["end"], bound["weight"])


def lerp_inplace(self, *args, **kwargs):
    """``Tensor.lerp_``: computes ``lerp`` and writes it into ``self``."""
    bound = _lerp_arguments(("end", "weight"), args, kwargs, "lerp_")
    source = self._inplace_source()
    self._inplace_assign(lerp(source, bound["end"], bound["weight"]))
    return self


def lerp(self, end, weight):
    """``self + weight * (end - self)``; a tensor weight broadcasts with both
    ends and gets a gradient too (LerpBackward1)."""
    from . import float32, where

    if not isinstance(weight, Tensor):
        return _native_lerp(self, end, weight)
    if end.dtype != self.dtype:
        raise RuntimeError(
            f"expected dtype {_C_NAMES[self.dtype]} for `end` but got dtype {_C_NAMES[end.dtype]}"
        )
    # a 0-d weight of any dtype is read as the ends' dtype
    if weight.dim() != 0 and weight.dtype != self.dtype:
        raise RuntimeError(
            f"expected dtype {_C_NAMES[self.dtype]} for `weight` but got dtype "
            f"{_C_NAMES[weight.dtype]}"
        )
    if not self.is_floating_point():
        raise NotImplementedError(
            f'"lerp_kernel_tensor" not implemented for \'{SCALAR_TYPE_NAMES[self.dtype]}\''
        )
    shape = _broadcast_in_order([self.shape, end.shape, weight.shape])
    # half precision is computed in float32 and rounded once, as torch's kernel does
    dtype = float32 if self.dtype in (_core.float16, _core.bfloat16) else self.dtype
    s, e = self.detach().to(dtype), end.detach().to(dtype)
    w = weight.detach().to(dtype)
    # torch's kernel: a fused multiply-add from whichever end is nearer the weight
    near_start = w.abs() < 0.5
    base = where(near_start, s, e).expand(shape)
    coefficient = where(near_start, w, w - 1).expand(shape)
    out = base.addcmul(coefficient, (e - s).expand(shape)).to(self.dtype)
    inputs = [self, end, weight]
    return with_formula("LerpBackward1", inputs, out, inputs, _lerp_gradients)


# ---- integer helpers (no gradients) ------------------------------------------------------


class _NotDifferentiable:
    """The handler of a node torch records but cannot differentiate."""

    def __init__(self, op):
        self.op = op

    def backward(self, grads, needs):
        raise NotImplementedError(f"the derivative for '{self.op}' is not implemented.")

    def release(self):
        pass


def _undifferentiable(out, input, node, op):
    """``out`` with the node torch records from a float ``input`` that
    requires grad (its backward refuses)."""
    from ._grad_mode import is_grad_enabled

    if is_grad_enabled() and input.requires_grad:
        _core._record_function(node, [input], [out], _NotDifferentiable(op))
    return out


def _lexically_less(a, b):
    # torch's slice order: the first element that is less or greater decides
    # (NaN decides nothing)
    for x, y in zip(a, b):
        if x < y:
            return True
        if x > y:
            return False
    return False


def _all_equal(a, b):
    # element by element (a list's == takes a float as equal to itself, NaN too)
    return builtins.all(x == y for x, y in zip(a, b))


def _unique_slices(input, dim, consecutive, return_inverse, return_counts):
    """unique / unique_consecutive of the slices along ``dim``."""
    from . import int64, tensor

    if input.dim() == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    d = _core.wrap_dim(dim, input.dim())
    name = "unique_consecutive" if consecutive else "unique_dim"
    empty = tensor([], dtype=int64)
    if input.numel() == 0:
        zero_dims = builtins.sum(1 for s in input.shape if s == 0)
        if zero_dims != 1:
            raise RuntimeError(
                "Number of zero sized dimensions is more than one, so unique cannot be applied "
            )
        if input.size(d) != 0:
            raise RuntimeError(
                "There are 0 sized dimensions, and they aren't selected, so unique cannot be "
                "applied"
            )
        out = input.detach().clone()
        return out, empty, empty
    moved = input.detach().movedim(d, 0)
    flat = moved.reshape(moved.size(0), -1)
    slices = flat.tolist()
    order = list(range(len(slices)))
    if not consecutive:
        std_sort(order, lambda a, b: _lexically_less(slices[a], slices[b]))
    # runs of equal slices in that order (NaN equals nothing)
    kept, inverse, counts = [order[0]], [0] * len(order), [1]
    for position in order[1:]:
        if not _all_equal(slices[position], slices[kept[-1]]):
            kept.append(position)
            counts.append(0)
        counts[-1] += 1
        inverse[position] = len(kept) - 1
    out = flat.index_select(0, tensor(kept, dtype=int64))
    out = out.reshape([len(kept), *moved.shape[1:]]).movedim(0, d)
    node = "UniqueConsecutiveBackward0" if consecutive else "UniqueDimBackward0"
    out = _undifferentiable(out, input, node, name)
    return out, tensor(inverse, dtype=int64), tensor(counts, dtype=int64)


def _with_extras(out, inverse, counts, return_inverse, return_counts):
    extras = ([inverse] if return_inverse else []) + ([counts] if return_counts else [])
    return (out, *extras) if extras else out


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    from . import tensor

    if dim is not None:
        out, inverse, counts = _unique_slices(input, dim, False, return_inverse, return_counts)
        return _with_extras(out, inverse, counts, return_inverse, return_counts)
    values = input.reshape(-1).tolist()
    # torch's CPU unique returns the values sorted whatever `sorted` says
    distinct = builtins.sorted(set(values))
    out = _undifferentiable(tensor(distinct, dtype=input.dtype), input, "Unique2Backward0",
                            "_unique2")
    extras = []
    if return_inverse:
        where = {v: i for i, v in enumerate(distinct)}
        extras.append(tensor([where[v] for v in values]).reshape(list(input.shape)))
    if return_counts:
        counts = {}
        for v in values:
            counts[v] = counts.get(v, 0) + 1
        extras.append(tensor([counts[v] for v in distinct]))
    return (out, *extras) if extras else out


def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    from . import tensor

    if dim is not None:
        out, inverse, counts = _unique_slices(input, dim, True, return_inverse, return_counts)
        return _with_extras(out, inverse, counts, return_inverse, return_counts)
    values = input.reshape(-1).tolist()
    runs, inverse = [], []
    for v in values:
        if not runs or runs[-1][0] != v:
            runs.append([v, 0])
        runs[-1][1] += 1
        inverse.append(len(runs) - 1)
    out = _undifferentiable(tensor([r[0] for r in runs], dtype=input.dtype), input,
                            "UniqueConsecutiveBackward0", "unique_consecutive")
    extras = []
    if return_inverse:
        extras.append(tensor(inverse).reshape(list(input.shape)))
    if return_counts:
        extras.append(tensor([r[1] for r in runs]))
    return (out, *extras) if extras else out


def bincount(input, weights=None, minlength=0):
    from . import float64, int64, tensor

    if input.dim() != 1:
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if input.is_floating_point():
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    values = input.tolist()
    if any(v < 0 for v in values):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    length = builtins.max(minlength, (builtins.max(values) + 1) if values else 0)
    if weights is None:
        counts = [0] * length
        for v in values:
            counts[v] += 1
        return tensor(counts, dtype=int64)
    if weights.numel() != len(values):
        raise RuntimeError("weights should be 1-d and have the same length as input")
    sums = [0.0] * length
    for v, w in zip(values, weights.tolist()):
        sums[v] += w
    return tensor(sums, dtype=weights.dtype if weights.is_floating_point() else float64)


def histc(input, bins=100, min=0, max=0):
    from . import tensor

    if not input.is_floating_point():
        raise RuntimeError(
            f'"histogram_cpu" not implemented for \'{SCALAR_TYPE_NAMES[input.dtype]}\''
        )
    if bins <= 0:
        raise RuntimeError("bins must be > 0")
    values = input.reshape(-1).tolist()
    low, high = float(min), float(max)
    if low == high and values:
        low, high = float(input.min()), float(input.max())
    if low == high:
        low, high = low - 1, high + 1
    if low > high:
        raise RuntimeError("max must be larger than min")
    counts = [0.0] * bins
    for v in values:
        if low <= v <= high:
            position = int((v - low) * bins / (high - low))
            counts[position if position < bins else bins - 1] += 1
    return tensor(counts, dtype=input.dtype)


def argwhere(input):
    return input.nonzero()


def count_nonzero(input, dim=None):
    from . import int64

    return (input != 0).sum(dim, dtype=int64) if dim is not None else (input != 0).sum(
        dtype=int64
    )


def isin(elements, test_elements, *, assume_unique=False, invert=False):
    from . import tensor

    pool = set(test_elements.reshape(-1).tolist()) if isinstance(test_elements, Tensor) else {
        test_elements
    }
    if not isinstance(elements, Tensor):
        elements = tensor(elements)
    flags = [(v in pool) != invert for v in elements.reshape(-1).tolist()]
    return tensor(flags).reshape(list(elements.shape))


def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None,
                 sorter=None):
    import bisect

    from . import int32, int64, tensor

    if side is not None:
        right = side == "right"
    if sorter is not None:
        raise NotImplementedError("ferrograd's searchsorted has no sorter=")
    scalar = not isinstance(input, Tensor)
    values = [input] if scalar else input.tolist()
    find = bisect.bisect_right if right else bisect.bisect_left
    rows = sorted_sequence.tolist()
    dtype = int32 if out_int32 else int64

    def place(seq, vs):
        if isinstance(vs, list):
            return [place(seq, v) for v in vs]
        return find(seq, vs)

    if sorted_sequence.dim() == 1:
        result = place(rows, values)
    else:
        result = [place(r, v) for r, v in zip(rows, values)]
    out = tensor(result, dtype=dtype)
    return out.reshape(()) if scalar else out


def bucketize(input, boundaries, *, out_int32=False, right=False):
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


def _triangle_indices(row, col, offset, lower):
    from . import tensor

    pairs = [
        (i, j)
        for i in range(row)
        for j in range(col)
        if (j - i <= offset if lower else j - i >= offset)
    ]
    return tensor([[p[0] for p in pairs], [p[1] for p in pairs]]).reshape(2, len(pairs))


def tril_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    out = _triangle_indices(row, col, offset, True)
    return out if dtype is None else out.to(dtype)


def triu_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    out = _triangle_indices(row, col, offset, False)
    return out if dtype is None else out.to(dtype)


NAMES = [
    "mode", "kthvalue", "median", "cdist", "std_mean", "var_mean", "aminmax", "cummax", "cummin",
    "logcumsumexp", "rot90", "fliplr", "flipud", "cross", "unique", "unique_consecutive",
    "bincount", "histc", "argwhere", "count_nonzero", "isin", "searchsorted", "bucketize",
    "tril_indices", "triu_indices",
]
METHODS = [
    "mode", "kthvalue", "median", "aminmax", "cummax", "cummin", "logcumsumexp", "rot90", "fliplr",
    "flipud", "cross", "unique", "unique_consecutive", "bincount", "histc", "argwhere",
    "count_nonzero", "isin",
]
# torch.lerp, Tensor.lerp and Tensor.lerp_
FUNCTIONS = {"lerp": lerp_function}
METHOD_FUNCTIONS = {"lerp": lerp_method, "lerp_": lerp_inplace}

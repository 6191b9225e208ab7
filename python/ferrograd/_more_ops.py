"""Functions learners reach for beyond the core set: distances (cdist),
statistics (std_mean, var_mean, aminmax), running extrema and log-sums
(cummax, cummin, logcumsumexp), rearrangements (rot90, fliplr, flipud),
cross products, and the integer helpers (unique, unique_consecutive,
bincount, histc, argwhere, count_nonzero, isin, searchsorted, bucketize,
tril_indices, triu_indices).

The differentiable ones are computed from ops ferrograd has and recorded as
the one node torch records (see ``_fused``); the others are plain values."""

import builtins

from . import _core
from ._checks import SCALAR_TYPE_NAMES
from ._fused import fused

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


# ---- integer helpers (no gradients) ------------------------------------------------------


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    from . import tensor

    if dim is not None:
        raise NotImplementedError("ferrograd's unique has no dim=")
    values = input.reshape(-1).tolist()
    # torch's CPU unique returns the values sorted whatever `sorted` says
    distinct = builtins.sorted(set(values))
    out = tensor(distinct, dtype=input.dtype)
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
        raise NotImplementedError("ferrograd's unique_consecutive has no dim=")
    values = input.reshape(-1).tolist()
    runs, inverse = [], []
    for v in values:
        if not runs or runs[-1][0] != v:
            runs.append([v, 0])
        runs[-1][1] += 1
        inverse.append(len(runs) - 1)
    out = tensor([r[0] for r in runs], dtype=input.dtype)
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
    "kthvalue", "median", "cdist", "std_mean", "var_mean", "aminmax", "cummax", "cummin",
    "logcumsumexp", "rot90", "fliplr", "flipud", "cross", "unique", "unique_consecutive",
    "bincount", "histc", "argwhere", "count_nonzero", "isin", "searchsorted", "bucketize",
    "tril_indices", "triu_indices",
]
METHODS = [
    "kthvalue", "median", "aminmax", "cummax", "cummin", "logcumsumexp", "rot90", "fliplr",
    "flipud", "cross", "unique", "unique_consecutive", "bincount", "histc", "argwhere",
    "count_nonzero", "isin",
]

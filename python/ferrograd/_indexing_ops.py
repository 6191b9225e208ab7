"""Scatter/index ops (scatter, scatter_add, index_add, index_copy,
index_fill), masked_select, take, roll, cumprod and repeat_interleave.

Each is computed from ops ferrograd has (``index_put`` places values along
a dim, gathering and slicing pick them) and recorded as the one node torch
records (ScatterAddBackward0, RollBackward0, ...), see ``_fused``. The
in-place forms write the result into the tensor, bump its version and give
it that node, as torch's do."""

from . import _core
from ._checks import SCALAR_TYPE_NAMES
from ._fused import fused

Tensor = _core.Tensor


# ---- shared checks and index building ----------------------------------------


def _wrap(dim, ndim):
    return _core.wrap_dim(dim, max(ndim, 1))


def _index_dtype(name, index, allow_int32=True):
    from . import int32, int64

    if index.dtype == int64 or (allow_int32 and index.dtype == int32):
        return
    raise RuntimeError(f"{name}: Expected dtype int32/int64 for index but got: "
                       f"{SCALAR_TYPE_NAMES[index.dtype]}")


def _check_in_range(index, size, dim):
    if index.numel() == 0:
        return
    low, high = int(index.min()), int(index.max())
    bad = high if high >= size else low if low < -size else None
    if bad is not None:
        raise RuntimeError(f"index {bad} is out of bounds for dimension {dim} with size {size}")


def _along(shape, dim, index_along):
    """Index tensors for ``index_put``: ``index_along`` on ``dim``, every
    position of the other dims of ``shape``."""
    from . import arange

    n = len(shape)
    indices = []
    for d in range(n):
        view = [1] * n
        view[d] = -1
        if d != dim:
            indices.append(arange(shape[d]).reshape(view))
        elif index_along.dim() == n and n > 1:  # scatter's index: one per element
            indices.append(index_along)
        else:  # index_add's: one per slice
            indices.append(index_along.reshape(view))
    return tuple(indices)


def _in_place(name, fn, target, others, before_backward=None):
    """``target`` overwritten with ``fn(target, *others)`` as an in-place op:
    the node torch records for the out-of-place form becomes its history
    (through CopySlices when ``target`` is a view), its version is bumped."""
    return target._write_in_place(
        lambda old: fused(name, fn, [old, *others], before_backward=before_backward)
    )


# ---- scatter -----------------------------------------------------------------


def _scatter_checks(self, dim, index, src):
    from . import int32, int64

    d = _wrap(dim, self.dim())
    if index.dtype not in (int32, int64):
        raise RuntimeError("scatter(): Expected dtype int32/int64 for index")
    if isinstance(src, Tensor) and src.dtype != self.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    if index.numel() == 0:  # torch checks no shapes for an empty index
        return d
    if index.dim() != self.dim():
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    # a src with fewer dims fails on its sizes below (torch's IndexError)
    if isinstance(src, Tensor) and src.dim() > index.dim():
        raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
    for j in range(index.dim()):
        too_big = j != d and index.size(j) > self.size(j)
        if too_big or (isinstance(src, Tensor) and index.size(j) > src.size(j)):
            what = f"and to be no larger size than src {list(src.shape)}" if isinstance(
                src, Tensor
            ) else ""
            raise RuntimeError(
                f"Expected index {list(index.shape)} to be no larger than self "
                f"{list(self.shape)} apart from dimension {d} {what}".rstrip()
            )
    _check_in_range(index, self.size(d), d)
    return d


def _src_grad_check(name, index, src):
    """torch's scatter backward gives `src` a gradient shaped like `index`,
    which its engine refuses when `src` is larger."""

    def check(needs):
        if needs[1] and list(index.shape) != list(src.shape):
            raise RuntimeError(
                f"Function {name} returned an invalid gradient at index 1 - got "
                f"{list(index.shape)} but expected shape compatible with {list(src.shape)}"
            )

    return check


def _scatter_fn(d, index, accumulate):
    def compute(x, src):
        region = src[tuple(slice(0, n) for n in index.shape)]
        return x.index_put(_along(index.shape, d, index.long()), region, accumulate=accumulate)

    return compute


def _scatter_value_fn(d, index, value):
    def compute(x):
        from . import full

        filled = full(list(index.shape), value, dtype=x.dtype)
        return x.index_put(_along(index.shape, d, index.long()), filled)

    return compute


def _scatter(self, dim, index, src=None, value=None, reduce=None, inplace=False):
    if reduce is not None:
        raise NotImplementedError("ferrograd's scatter has no reduce=")
    if src is None:
        src = value
    d = _scatter_checks(self, dim, index, src)
    if isinstance(src, Tensor):
        fn, others, name = _scatter_fn(d, index, False), [src], "ScatterBackward0"
    else:
        fn, others, name = _scatter_value_fn(d, index, float(src)), [], "ScatterBackward1"
    check = _src_grad_check(name, index, src) if others else None
    if inplace:
        return _in_place(name, fn, self, others, check)
    return fused(name, fn, [self, *others], before_backward=check)


def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    return _scatter(input, dim, index, src, value, reduce)


def _scatter_add(self, dim, index, src, inplace=False):
    d = _scatter_checks(self, dim, index, src)
    fn = _scatter_fn(d, index, True)
    check = _src_grad_check("ScatterAddBackward0", index, src)
    if inplace:
        return _in_place("ScatterAddBackward0", fn, self, [src], check)
    return fused("ScatterAddBackward0", fn, [self, src], before_backward=check)


def scatter_add(input, dim, index, src):
    return _scatter_add(input, dim, index, src)


# ---- index_add / index_copy / index_fill --------------------------------------


def _index_checks(name, self, dim, index, source):
    d = _wrap(dim, self.dim())
    _index_dtype(f"{name}()", index)
    if index.dim() > 1:
        raise IndexError(f"{name}(): Index is supposed to be a vector")
    _check_in_range(index, self.size(d) if self.dim() else 1, d)
    if source is not None and source.dtype != self.dtype:
        raise RuntimeError(
            f"{name}(): self ({SCALAR_TYPE_NAMES[self.dtype]}) and source "
            f"({SCALAR_TYPE_NAMES[source.dtype]}) must have the same scalar type"
        )
    return d


def _index_add(self, dim, index, source, *, alpha=1, inplace=False):
    d = _index_checks("index_add_", self, dim, index, source)

    def compute(x, src):
        shape = list(x.shape)
        shape[d] = index.numel()
        values = src if alpha == 1 else src * alpha
        return x.index_put(_along(shape, d, index.long()), values.reshape(shape), accumulate=True)

    if inplace:
        return _in_place("IndexAddBackward0", compute, self, [source])
    return fused("IndexAddBackward0", compute, [self, source])


def _index_copy(self, dim, index, source, inplace=False):
    d = _index_checks("index_copy_", self, dim, index, source)

    def compute(x, src):
        shape = list(x.shape)
        shape[d] = index.numel()
        return x.index_put(_along(shape, d, index.long()), src.reshape(shape))

    if inplace:
        return _in_place("IndexCopyBackward0", compute, self, [source])
    return fused("IndexCopyBackward0", compute, [self, source])


def _index_fill(self, dim, index, value, inplace=False):
    # a tensor value is torch's second overload, with its own node
    name = "IndexFillBackward1" if isinstance(value, Tensor) else "IndexFillBackward0"
    if isinstance(value, Tensor):
        value = value.item()
    d = _index_checks("index_fill_", self, dim, index, None)

    def compute(x):
        from . import full

        shape = list(x.shape)
        shape[d] = index.numel()
        filled = full(shape, float(value), dtype=x.dtype)
        return x.index_put(_along(shape, d, index.long()), filled)

    if inplace:
        return _in_place(name, compute, self, [])
    return fused(name, compute, [self])


# ---- masked_select, take, roll, cumprod, repeat_interleave -------------------------


def masked_select(input, mask):
    from . import bool as bool_
    from . import broadcast_tensors

    if mask.dtype != bool_:
        raise RuntimeError("masked_select: expected BoolTensor for mask")

    def compute(x):
        x_b, m_b = broadcast_tensors(x, mask)
        return x_b[m_b]

    return fused("MaskedSelectBackward0", compute, [input])


def take(input, index):
    from . import int64

    if index.dtype != int64:
        raise RuntimeError(
            f"take(): Expected a long tensor for index, but got {SCALAR_TYPE_NAMES[index.dtype]}"
        )
    n = input.numel()
    if index.numel():
        low, high = int(index.min()), int(index.max())
        bad = high if high >= n else low if low < -n else None
        if bad is not None:
            raise IndexError(
                f"out of range: tried to access index {bad} on a tensor of {n} elements."
            )
    return fused("TakeBackward0", lambda x: x.reshape(-1)[index], [input])


def roll(input, shifts, dims=None):
    from . import cat

    shifts = [shifts] if isinstance(shifts, int) else list(shifts)
    if dims is None:
        if len(shifts) != 1:
            raise RuntimeError(
                f"`shifts` required to be of size 1 when `dims` is unset, got {len(shifts)}"
            )

        def compute(x):
            flat = x.reshape(-1)
            return _roll_dim(flat, shifts[0], 0, cat).view(list(x.shape))

        return fused("RollBackward0", compute, [input])
    dims = [dims] if isinstance(dims, int) else list(dims)
    if len(shifts) != len(dims):
        raise RuntimeError(
            f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}"
        )
    dims = [_wrap(d, input.dim()) for d in dims]

    def compute(x):
        for s, d in zip(shifts, dims):
            x = _roll_dim(x, s, d, cat)
        return x

    return fused("RollBackward0", compute, [input])


def _roll_dim(x, shift, d, cat):
    size = x.size(d)
    if size == 0:
        return x.clone()
    shift %= size
    if shift == 0:
        return x.clone()
    return cat([x.narrow(d, size - shift, shift), x.narrow(d, 0, size - shift)], d)


def cumprod(input, dim, *, dtype=None):
    from . import stack

    d = _wrap(dim, input.dim())
    source = input if dtype is None else input.to(dtype)
    if dtype is None and not (input.is_floating_point() or input.is_complex()):
        from . import int64

        source = input.to(int64)

    def compute(x):
        if x.dim() == 0 or x.size(d) == 0:
            return x.clone()
        running, parts = None, []
        # one product after another, in order: torch's rounding
        for slab in x.unbind(d):
            running = slab if running is None else running * slab
            parts.append(running)
        return stack(parts, d)

    return fused("CumprodBackward0", compute, [source])


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    from . import arange, cat, int64, tensor

    if repeats is None:  # torch.repeat_interleave(counts): indices repeated by count
        counts = input.tolist()
        return cat([tensor([i] * int(c), dtype=int64) for i, c in enumerate(counts)]
                   or [tensor([], dtype=int64)])
    x = input.reshape(-1) if dim is None else input
    d = 0 if dim is None else _wrap(dim, input.dim())
    if isinstance(repeats, int) or (isinstance(repeats, Tensor) and repeats.numel() == 1
                                    and repeats.dim() == 0):
        times = int(repeats)
        if times < 0:
            raise RuntimeError("repeats can not be negative")
        shape = list(x.shape)
        expanded = x.unsqueeze(d + 1).expand(*shape[: d + 1], times, *shape[d + 1 :])
        shape[d] *= times
        return expanded.contiguous().view(shape)
    counts = repeats.tolist()
    if len(counts) != x.size(d):
        raise RuntimeError("repeats must have the same size as input along dim")
    index = cat([arange(i, i + 1).expand(int(c)) for i, c in enumerate(counts)]
                or [tensor([], dtype=int64)])
    return x.index_select(d, index)


# ---- attached to Tensor -------------------------------------------------------------


def install():
    Tensor.scatter = lambda self, dim, index, src=None, *, value=None, reduce=None: _scatter(
        self, dim, index, src, value, reduce
    )
    Tensor.scatter_ = lambda self, dim, index, src=None, *, value=None, reduce=None: _scatter(
        self, dim, index, src, value, reduce, inplace=True
    )
    Tensor.scatter_add = lambda self, dim, index, src: _scatter_add(self, dim, index, src)
    Tensor.scatter_add_ = lambda self, dim, index, src: _scatter_add(
        self, dim, index, src, inplace=True
    )
    Tensor.index_add = lambda self, dim, index, source, *, alpha=1: _index_add(
        self, dim, index, source, alpha=alpha
    )
    Tensor.index_add_ = lambda self, dim, index, source, *, alpha=1: _index_add(
        self, dim, index, source, alpha=alpha, inplace=True
    )
    Tensor.index_copy = lambda self, dim, index, source: _index_copy(self, dim, index, source)
    Tensor.index_copy_ = lambda self, dim, index, source: _index_copy(
        self, dim, index, source, inplace=True
    )
    Tensor.index_fill = lambda self, dim, index, value: _index_fill(self, dim, index, value)
    Tensor.index_fill_ = lambda self, dim, index, value: _index_fill(
        self, dim, index, value, inplace=True
    )
    Tensor.masked_select = masked_select
    Tensor.take = take
    Tensor.roll = roll
    Tensor.cumprod = cumprod
    Tensor.repeat_interleave = repeat_interleave


def index_add(input, dim, index, source, *, alpha=1):
    return _index_add(input, dim, index, source, alpha=alpha)


def index_copy(input, dim, index, source):
    return _index_copy(input, dim, index, source)


def index_fill(input, dim, index, value):
    return _index_fill(input, dim, index, value)

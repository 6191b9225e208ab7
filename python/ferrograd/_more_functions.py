"""torch functions built from ops ferrograd has: products (inner, vdot,
tensordot, kron, addmv, addr, addbmm, chain_matmul), block and index
helpers (block_diag, cartesian_prod, combinations, diagflat, vander,
unravel_index), splits (hsplit, vsplit, dsplit, ravel), scatters
(select/slice/diagonal/masked_scatter, scatter_reduce, index_reduce) and
statistics (trapezoid, cumulative_trapezoid, cov, corrcoef).

Where torch's function is a composite, the same ops are composed here so the
same nodes are recorded; where torch records one node of its own, the value
is computed from ordinary ops and recorded under that name (``_fused``), or,
where torch's gradient formula is needed (block_diag's views, the
scatter_reduce ties and zeros), with that formula (``with_formula``)."""

import builtins
import itertools
import numbers

from . import _core
from ._checks import SCALAR_TYPE_NAMES
from ._fused import fused, with_formula
from ._grad_mode import no_grad

Tensor = _core.Tensor


def _lib():
    import ferrograd

    return ferrograd


def _unsafe_view(x, shape):
    """torch's ``_unsafe_view`` of a fresh result: a reshape recorded as
    UnsafeViewBackward0."""
    return fused("UnsafeViewBackward0", lambda t: t.reshape(shape), [x])


def _scaled_sum(input, product, beta, alpha):
    """``beta * input + alpha * product``; ``beta=0`` ignores the input (NaN
    included), as torch's addmm family does."""
    if alpha != 1:
        product = product * alpha
    if beta == 0:
        return product
    return (input if beta == 1 else input * beta) + product


# ---- products ----------------------------------------------------------------------


def _tensordot_dims(a, b, dims):
    if isinstance(dims, Tensor):
        dims = dims.tolist()
    if isinstance(dims, numbers.Integral):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > a.dim() or dims > b.dim():
            raise RuntimeError(
                f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}"
            )
        return list(range(-dims, 0)), list(range(dims))
    first, second = dims
    for name, position, value in (("dims_self", 3, first), ("dims_other", 4, second)):
        if isinstance(value, numbers.Integral):
            # torch's binding takes two lists of dims, not two numbers
            raise TypeError(
                f"tensordot(): argument '{name}' (position {position}) must be tuple of ints, "
                f"not {type(value).__name__}"
            )
    return list(first), list(second)


def tensordot(a, b, dims=2, out=None):
    """Permute the contracted dims together, reshape both to matrices, ``mm``
    and view the result, as torch does (ViewBackward0 over MmBackward0)."""
    if out is not None:
        raise NotImplementedError("ferrograd's tensordot has no out=")
    dims1, dims2 = _tensordot_dims(a, b, dims)
    if len(dims1) != len(dims2):
        raise RuntimeError("both dimension lists should have same length")
    if a.dtype != b.dtype:
        raise RuntimeError("both inputs should have same dtype")
    contracted1 = [_core.wrap_dim(d, a.dim()) for d in dims1]
    contracted2 = [_core.wrap_dim(d, b.dim()) for d in dims2]
    csize = 1
    for d1, d2, o1, o2 in zip(contracted1, contracted2, dims1, dims2):
        if a.size(d1) != b.size(d2):
            raise RuntimeError(
                f"contracted dimensions need to match, but first has size {a.size(d1)} in dim "
                f"{o1} and second has size {b.size(d2)} in dim {o2}"
            )
        csize *= a.size(d1)
    free1 = [d for d in range(a.dim()) if d not in contracted1]
    free2 = [d for d in range(b.dim()) if d not in contracted2]
    size1 = size2 = 1
    for d in free1:
        size1 *= a.size(d)
    for d in free2:
        size2 *= b.size(d)
    shape = [a.size(d) for d in free1] + [b.size(d) for d in free2]
    t1 = a.permute(*free1, *contracted1)
    t2 = b.permute(*contracted2, *free2)
    if not free1 and not free2:
        # everything contracted: torch takes the dot product of the flattened inputs
        t1 = t1 if t1.dim() == 1 else t1.reshape(csize)
        t2 = t2 if t2.dim() == 1 else t2.reshape(csize)
        return _core.dot(t1, t2).view(shape)
    return t1.reshape(size1, csize).mm(t2.reshape(csize, size2)).view(shape)


def inner(input, other, *, out=None):
    if out is not None:
        raise NotImplementedError("ferrograd's inner has no out=")
    if input.dim() == 0 or other.dim() == 0:
        return input * other
    if input.size(-1) != other.size(-1):
        raise RuntimeError(
            "inner() the last dimension must match on both input tensors but got shapes "
            f"{list(input.shape)} and {list(other.shape)}"
        )
    return tensordot(input, other, ([-1], [-1]))


def vdot(input, other, *, out=None):
    """The dot product (real tensors need no conjugate), one VdotBackward0."""
    if out is not None:
        raise NotImplementedError("ferrograd's vdot has no out=")
    if input.dim() != 1 or other.dim() != 1:
        raise RuntimeError(
            f"1D tensors expected, but got {input.dim()}D and {other.dim()}D tensors"
        )
    if input.numel() != other.numel():
        raise RuntimeError(
            f"inconsistent tensor size, expected tensor [{input.numel()}] and src "
            f"[{other.numel()}] to have the same number of elements, but got "
            f"{input.numel()} and {other.numel()} elements respectively"
        )
    if input.dtype != other.dtype:
        raise RuntimeError(
            "dot : expected both vectors to have same dtype, but found "
            f"{SCALAR_TYPE_NAMES[input.dtype]} and {SCALAR_TYPE_NAMES[other.dtype]}"
        )
    return fused("VdotBackward0", _core.dot, [input, other])


def kron(input, other, *, out=None):
    """Interleave the two inputs' dims with ones, multiply, then merge the
    pairs: torch's UnsafeViewBackward0 over MulBackward0 over two
    UnsafeViewBackward0."""
    if out is not None:
        raise NotImplementedError("ferrograd's kron has no out=")
    ndim = builtins.max(input.dim(), other.dim())
    pad_a, pad_b = ndim - input.dim(), ndim - other.dim()
    shape_a, shape_b, shape = [], [], []
    for i in range(ndim):
        ai = input.size(i - pad_a) if i >= pad_a else 1
        bi = other.size(i - pad_b) if i >= pad_b else 1
        shape_a += [ai, 1]
        shape_b += [1, bi]
        shape.append(ai * bi)
    return _unsafe_view(_unsafe_view(input, shape_a) * _unsafe_view(other, shape_b), shape)


def addmv(input, mat, vec, *, beta=1, alpha=1, out=None):
    """``beta * input + alpha * (mat @ vec)`` (AddmvBackward0)."""
    if out is not None:
        raise NotImplementedError("ferrograd's addmv has no out=")
    if mat.dim() != 2 or vec.dim() != 1 or input.dim() > 1:
        raise RuntimeError(
            f"vector + matrix @ vector expected, got {input.dim()}, {mat.dim()}, {vec.dim()}"
        )
    if not input.dtype == mat.dtype == vec.dtype:
        raise RuntimeError(
            "addmv input tensors must have the same dtype, but got "
            f"{SCALAR_TYPE_NAMES[input.dtype]}, {SCALAR_TYPE_NAMES[mat.dtype]}, and "
            f"{SCALAR_TYPE_NAMES[vec.dtype]}"
        )
    rows = input.size(0) if input.dim() == 1 else input.numel()
    if mat.size(1) != vec.size(0) or (rows != mat.size(0) and rows != 1):
        raise RuntimeError(
            f"size mismatch, got input ({rows}), mat ({mat.size(0)}x{mat.size(1)}), "
            f"vec ({vec.size(0)})"
        )

    def compute(i, m, v):
        return _scaled_sum(i, m.mv(v), beta, alpha)

    return fused("AddmvBackward0", compute, [input, mat, vec])


def addr(input, vec1, vec2, *, beta=1, alpha=1, out=None):
    """``beta * input + alpha * outer(vec1, vec2)`` (AddrBackward0)."""
    if out is not None:
        raise NotImplementedError("ferrograd's addr has no out=")
    for name, v in (("vec1", vec1), ("vec2", vec2)):
        if v.dim() != 1:
            raise RuntimeError(f"addr: Expected 1-D argument {name}, but got {v.dim()}-D")
    with no_grad():
        input.expand(vec1.size(0), vec2.size(0))

    def compute(i, a, b):
        return _scaled_sum(i, _lib().outer(a, b), beta, alpha)

    return fused("AddrBackward0", compute, [input, vec1, vec2])


def addbmm(input, batch1, batch2, *, beta=1, alpha=1, out=None):
    """``beta * input + alpha * (batch1 @ batch2).sum(0)`` (AddbmmBackward0)."""
    if out is not None:
        raise NotImplementedError("ferrograd's addbmm has no out=")
    shape = [batch1.size(1), batch2.size(2)]
    if batch1.size(0) != batch2.size(0):
        raise RuntimeError(
            "batch1 and batch2 must have same number of batches, got "
            f"{batch1.size(0)} and {batch2.size(0)}"
        )
    if batch1.size(2) != batch2.size(1):
        raise RuntimeError(
            f"Incompatible matrix sizes for bmm ({batch1.size(1)}x{batch1.size(2)} and "
            f"{batch2.size(1)}x{batch2.size(2)})"
        )
    for first, name, other in ((input, "self", batch2), (batch1, "mat1", batch2)):
        if first.dtype != other.dtype:
            raise RuntimeError(
                f"{name} and mat2 must have the same dtype, but got "
                f"{SCALAR_TYPE_NAMES[first.dtype]} and {SCALAR_TYPE_NAMES[other.dtype]}"
            )
    with no_grad():
        input.expand(shape)

    def compute(i, a, b):
        return _scaled_sum(i, _core.bmm(a, b).sum(0), beta, alpha)

    return fused("AddbmmBackward0", compute, [input, batch1, batch2])


def _in_place(function):
    """``Tensor.<name>_``: the function of the current value, written into
    it (the result must keep its shape)."""

    def method(self, *args, **kwargs):
        result = function(self._inplace_source(), *args, **kwargs)
        if list(result.shape) != list(self.shape):
            raise RuntimeError(
                f"Bad in-place call: input tensor size {list(self.shape)} and output tensor "
                f"size {list(result.shape)} should match"
            )
        self._inplace_assign(result)
        return self

    method.__name__ = function.__name__ + "_"
    return method


addmv_ = _in_place(addmv)
_addr_in_place = _in_place(addr)


def addr_(self, vec1, vec2, *, beta=1, alpha=1):
    # the in-place form checks the shapes itself, with its own message
    if vec1.dim() == 1 and vec2.dim() == 1 and list(self.shape) != [vec1.size(0), vec2.size(0)]:
        raise RuntimeError(
            f"size mismatch, input: {list(self.shape)}, v1: {list(vec1.shape)}, v2: "
            f"{list(vec2.shape)}"
        )
    return _addr_in_place(self, vec1, vec2, beta=beta, alpha=alpha)
addbmm_ = _in_place(addbmm)


def chain_matmul(*matrices, out=None):
    """``linalg.multi_dot`` of two or more matrices; one is returned as a
    copy."""
    if out is not None:
        raise NotImplementedError("ferrograd's chain_matmul has no out=")
    if len(matrices) == 1 and isinstance(matrices[0], (list, tuple)):
        matrices = tuple(matrices[0])
    if not matrices:
        raise RuntimeError("chain_matmul(): Expected one or more matrices")
    for m in matrices:
        if m.dim() != 2:
            raise RuntimeError(f"Tensor dimension is {m.dim()}, expected 2 instead.")
    if len(matrices) == 1:
        return matrices[0].clone()
    for i, (a, b) in enumerate(itertools.pairwise(matrices)):
        if a.size(1) != b.size(0):
            raise RuntimeError(
                f"multi_dot(): tensors {i} and {i + 1} with shapes {list(a.shape)} and "
                f"{list(b.shape)} cannot be multiplied"
            )
    shape = [matrices[0].size(0), matrices[-1].size(1)]
    return _chain_order(list(matrices)).view(shape)


def _chain_order(ms):
    """The product in the cheapest order, as torch's multi_dot picks it
    (dynamic programming over the split points)."""
    n = len(ms)
    if n == 2:
        return ms[0].mm(ms[1])
    p = [m.size(0) for m in ms] + [ms[-1].size(1)]
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = None
            for k in range(i, j):
                c = cost[i][k] + cost[k + 1][j] + p[i] * p[k + 1] * p[j + 1]
                if cost[i][j] is None or c < cost[i][j]:
                    cost[i][j], split[i][j] = c, k

    def product(i, j):
        if i == j:
            return ms[i]
        k = split[i][j]
        return product(i, k).mm(product(k + 1, j))

    return product(0, n - 1)


# ---- blocks and index helpers ------------------------------------------------------


def block_diag(*tensors):
    """The tensors (0-d and 1-d ones as rows) along a diagonal of zeros, one
    BlockDiagBackward0."""
    from . import promote_types, zeros

    blocks = []
    for i, t in enumerate(tensors):
        if t.dim() > 2:
            raise RuntimeError(
                "torch.block_diag: Input tensors must have 2 or fewer dimensions. Input "
                f"{i} has {t.dim()} dimensions"
            )
        blocks.append(t)
    dtype = blocks[0].dtype if blocks else None
    for t in blocks[1:]:
        dtype = promote_types(dtype, t.dtype)

    if not blocks:
        return zeros(1, 0)  # as torch returns
    mats = [t.reshape(1, -1) if t.dim() < 2 else t for t in blocks]
    spans, r, c = [], 0, 0
    for m in mats:
        spans.append((r, c, m.size(0), m.size(1)))
        r, c = r + m.size(0), c + m.size(1)
    with no_grad():
        out = zeros(r, c, dtype=dtype)
        for m, (r, c, h, w) in zip(mats, spans):
            out[r : r + h, c : c + w] = m

    def gradients(grad, needs):
        # torch hands each block its window of the gradient, a view of it
        found = []
        for t, need, (r, c, h, w) in zip(blocks, needs, spans):
            if not need:
                found.append(None)
                continue
            g = grad[r : r + h, c : c + w]
            if t.dim() < 2:
                g = g.reshape(t.shape)
            found.append(g if g.dtype == t.dtype else g.to(t.dtype))
        return found

    return with_formula("BlockDiagBackward0", blocks, out, [], gradients)


def _expect_vector(t):
    if t.dim() != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(t.shape)}")


def _grids(vectors):
    """``meshgrid(..., indexing="ij")`` as torch's C++ builds it: a view of
    each vector, expanded."""
    shape = [v.size(0) for v in vectors]
    grids = []
    for i, v in enumerate(vectors):
        view = [1] * len(vectors)
        view[i] = -1
        grids.append(v.view(view).expand(shape))
    return grids


def cartesian_prod(*tensors):
    """Rows of every combination: the meshgrid's grids flattened and
    stacked, as torch composes it."""
    from . import stack

    for t in tensors:
        _expect_vector(t)
    if any(t.dtype != tensors[0].dtype for t in tensors):
        raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    if len(tensors) == 1:
        return tensors[0]
    grids = _grids(tensors)
    return stack([g.flatten() for g in grids], dim=1)


def combinations(input, r=2, with_replacement=False):
    """Index grids masked to increasing (or non-decreasing) tuples, then each
    grid of values masked the same way and stacked, as torch composes it."""
    from . import arange, empty, ones, stack

    _expect_vector(input)
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return empty(0, dtype=input.dtype)
    n = input.size(0)
    index = arange(n)
    index_grids = _grids([index] * r)
    mask = ones(index_grids[0].shape, dtype=_lib().bool)
    for a, b in itertools.pairwise(index_grids):
        mask = mask & ((a <= b) if with_replacement else (a < b))
    grids = _grids([input] * r)
    return stack([g.masked_select(mask) for g in grids], dim=1)


def diagflat(input, offset=0):
    """The flattened input on a diagonal (DiagEmbedBackward0 over a view)."""
    return input.contiguous().view(-1).diag_embed(offset)


def vander(x, N=None, increasing=False):
    """Columns of powers built as torch builds them: ones, the input copied
    in, a cumulative product, then a flip unless ``increasing``."""
    from . import empty, flip, int64

    if x.dim() != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    if N is None:
        N = x.size(0)
    elif N < 0:
        raise RuntimeError("N must be non-negative.")
    dtype = x.dtype if x.is_floating_point() else int64
    if N == 0:
        return empty(x.size(0), 0, dtype=dtype)
    # filled after creation, as torch's ones is: the version counter reads 1
    result = empty(x.numel(), N, dtype=dtype).fill_(1)
    if N > 1:
        result[:, 1:] = x.unsqueeze(1)
        result[:, 1:] = result[:, 1:].cumprod(1)
    return result if increasing else flip(result, [1])


def unravel_index(indices, shape):
    """Coordinates of flat indices in ``shape`` (torch's Python version)."""
    from . import int64, is_tensor, tensor

    if not is_tensor(indices):
        indices = tensor(indices)
    if indices.is_floating_point() or indices.dtype == _lib().bool:
        raise TypeError(f"expected 'indices' to be integer dtype, but got {indices.dtype}")
    if isinstance(shape, numbers.Integral):
        shape = (shape,)
    shape = tuple(shape)
    if any(s < 0 for s in shape):
        raise ValueError(f"'shape' cannot have negative values, but got {shape}")
    coefs = list(reversed(list(itertools.accumulate(reversed(shape[1:] + (1,)), lambda a, b: a * b))))
    coords = indices.unsqueeze(-1).floor_divide(tensor(coefs, dtype=int64)) % tensor(shape, dtype=int64)
    return tuple(coords.unbind(-1))


# ---- splits ------------------------------------------------------------------------


def _split_at(name, input, sections, dim, min_dim):
    if input.dim() < min_dim:
        if min_dim == 1:
            raise RuntimeError(
                f"torch.{name} requires a tensor with at least 1 dimension, but got a tensor "
                f"with {input.dim()} dimensions!"
            )
        raise RuntimeError(
            f"torch.{name} requires a tensor with at least {min_dim} dimension, but got a "
            f"tensor with {input.dim()} dimensions!"
        )
    if isinstance(sections, numbers.Integral):
        size = input.size(dim)
        if sections == 0 or size % sections != 0:
            raise RuntimeError(
                f"torch.{name} attempted to split along dimension {dim}, but the size of the "
                f"dimension {size} is not divisible by the split_size {sections}!"
            )
    return _lib().tensor_split(input, sections, dim)


def hsplit(input, indices_or_sections):
    return _split_at("hsplit", input, indices_or_sections, 1 if input.dim() > 1 else 0, 1)


def vsplit(input, indices_or_sections):
    return _split_at("vsplit", input, indices_or_sections, 0, 2)


def dsplit(input, indices_or_sections):
    return _split_at("dsplit", input, indices_or_sections, 2, 3)


def ravel(input):
    """A flat view, copied first if not contiguous (torch's contiguous().view(-1))."""
    return input.contiguous().view(-1)


def positive(input):
    """The input itself; bool tensors are refused as torch refuses ``+b``."""
    if input.dtype == _lib().bool:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


# ---- scatters ----------------------------------------------------------------------


def _check_src(src, slot):
    if list(src.shape) != list(slot.shape):
        raise RuntimeError(
            "expected src to have a size equal to the slice of self. src size = "
            f"{list(src.shape)}, slice size = {list(slot.shape)}"
        )


def _scatter_into(name, input, src, view):
    """A copy of ``input`` with ``view(copy)`` overwritten by ``src``, one
    node called ``name``."""
    with no_grad():
        _check_src(src, view(input))

    def compute(i, s):
        out = i.clone()
        view(out).copy_(s)
        return out

    return fused(name, compute, [input, src])


def select_scatter(input, src, dim, index):
    return _scatter_into("SelectScatterBackward0", input, src, lambda t: t.select(dim, index))


def slice_scatter(input, src, dim=0, start=None, end=None, step=1):
    if step <= 0:
        raise RuntimeError("slice step must be positive")
    dim = _core.wrap_dim(dim, builtins.max(input.dim(), 1))
    key = (slice(None),) * dim + (slice(start, end, step),)
    return _scatter_into("SliceScatterBackward0", input, src, lambda t: t[key])


def diagonal_scatter(input, src, offset=0, dim1=0, dim2=1):
    return _scatter_into(
        "DiagonalScatterBackward0", input, src, lambda t: t.diagonal(offset, dim1, dim2)
    )


def _masked_scatter_checks(input, mask, source):
    if mask.dtype != _lib().bool:
        raise RuntimeError(
            "masked_scatter_ only supports boolean masks, but got mask with dtype "
            f"{SCALAR_TYPE_NAMES[mask.dtype]}"
        )
    if input.dtype != source.dtype:
        raise RuntimeError(
            "masked_scatter: expected self and source to have same dtypes but got"
            f"{SCALAR_TYPE_NAMES[input.dtype]} and {SCALAR_TYPE_NAMES[source.dtype]}"
        )


def _masked_scatter(input, mask, source):
    def compute(i, s):
        i = i.expand(mask.shape)
        with no_grad():
            count = int(mask.sum())
        if s.numel() < count:
            raise RuntimeError("Number of elements of source < number of ones in mask")
        out = i.clone()
        out[mask] = s.reshape(-1)[:count]
        return out

    return fused("MaskedScatterBackward0", compute, [input, source])


def masked_scatter(input, mask, source):
    """``input`` (broadcast with ``mask``) with the masked places filled from
    ``source`` in order (MaskedScatterBackward0)."""
    from . import broadcast_tensors

    _masked_scatter_checks(input, mask, source)
    with no_grad():
        # the input's gradient is summed back to its shape by the node itself
        mask, _ = broadcast_tensors(mask, input)
    return _masked_scatter(input, mask, source)


def masked_scatter_(self, mask, source):
    _masked_scatter_checks(self, mask, source)
    if mask.dim() > self.dim():
        # torch expands the mask in C++, whose message names the type so
        raise RuntimeError(
            f"expand(CPU{SCALAR_TYPE_NAMES[mask.dtype]}Type{{{list(mask.shape)}}}, "
            f"size={list(self.shape)}): the number of sizes provided ({self.dim()}) must be "
            f"greater or equal to the number of dimensions in the tensor ({mask.dim()})"
        )
    mask = mask.expand(self.shape)
    self._inplace_assign(_masked_scatter(self._inplace_source(), mask, source))
    return self


_REDUCTIONS = ("sum", "prod", "mean", "amax", "amin")
# torch also takes the older names of amax and amin
_ALIASES = {"max": "amax", "min": "amin"}


def _identity(reduce, dtype):
    """The value a reduction starts from where the input is left out."""
    lib = _lib()
    if reduce in ("sum", "mean"):
        return 0
    if reduce == "prod":
        return 1
    if lib.empty(0, dtype=dtype).is_floating_point():
        return float("-inf") if reduce == "amax" else float("inf")
    info = lib.iinfo(dtype)
    return info.min if reduce == "amax" else info.max


def _reduce_values(input, dim, index, src, reduce, include_self):
    """scatter_reduce's values, no graph. Each slice of ``index`` along
    ``dim`` names distinct places, so the slices are reduced in one after
    another, in index order as torch's CPU kernel does."""
    lib = _lib()
    with no_grad():
        src = src[tuple(slice(0, n) for n in index.shape)]
        out = input.clone()
        if not include_self:
            out = out.scatter(dim, index, _identity(reduce, input.dtype))
        for k in range(index.size(dim)):
            at = index.narrow(dim, k, 1)
            here, value = out.gather(dim, at), src.narrow(dim, k, 1)
            if reduce in ("sum", "mean"):
                new = here + value
            elif reduce == "prod":
                new = here * value
            elif reduce == "amax":
                new = lib.maximum(here, value)
            else:
                new = lib.minimum(here, value)
            out = out.scatter(dim, at, new)
        if reduce == "mean":
            count = _mean_count(input, dim, index, src, include_self)
            if out.is_floating_point():
                out = out / count
            else:
                out = out.div(count, rounding_mode="floor")
    return out


def _mean_count(input, dim, index, src, include_self):
    lib = _lib()
    start = lib.ones_like(input) if include_self else lib.zeros_like(input)
    count = start.scatter_add(dim, index, lib.ones_like(src[tuple(slice(0, n) for n in index.shape)]))
    return count.masked_fill(count == 0, 1)


def _reduce_gradients(name, dim, index, reduce, include_self):
    """torch's scatter_reduce backward formulas, from ordinary ops (so that
    ``create_graph`` differentiates them again)."""
    lib = _lib()

    def gradients(grad, needs, self, src):
        if needs[1] and list(src.shape) != list(index.shape):
            # torch's formula gives src an index-shaped gradient, which its engine refuses
            raise RuntimeError(
                f"Function {name} returned an invalid gradient at index 1 - got "
                f"{list(index.shape)} but expected shape compatible with {list(src.shape)}"
            )
        grad_self = grad_src = None
        if reduce == "sum":
            grad_self, grad_src = grad, grad.gather(dim, index)
        elif reduce == "mean":
            n = _mean_count(self, dim, index, src, include_self)
            grad_self = grad / n
            grad_src = grad_self.gather(dim, index)
        elif reduce == "prod":
            result = scatter_reduce(self, dim, index, src, reduce, include_self=include_self)
            masked_self = self.masked_fill(self == 0, 1)
            masked_self_result = scatter_reduce(
                masked_self, dim, index, src, reduce, include_self=include_self
            )
            grad_self = grad * masked_self_result / masked_self
            src_zero = src == 0
            zeros = lib.zeros_like(self).scatter_add(dim, index, src_zero.to(self.dtype))
            single_zero = src_zero & (zeros.gather(dim, index) == 1)
            masked_src_result = scatter_reduce(
                self, dim, index, src.masked_fill(single_zero, 1), reduce,
                include_self=include_self,
            )
            grad_src = lib.where(
                single_zero,
                (grad * masked_src_result).gather(dim, index),
                (grad * result).gather(dim, index) / src.masked_fill(src_zero, 1),
            )
        else:
            with no_grad():
                result = _reduce_values(self, dim, index, src, reduce, include_self)
            value = result.gather(dim, index)
            self_is_result = (self == result).to(self.dtype)
            src_is_result = (src == value).to(self.dtype)
            distributed = grad / self_is_result.scatter_add(dim, index, src_is_result)
            grad_self = self_is_result * distributed
            grad_src = src_is_result * distributed.gather(dim, index)
        if not include_self:
            grad_self = grad_self.scatter(dim, index, 0)
        return [grad_self if needs[0] else None, grad_src if needs[1] else None]

    return gradients


def _scatter_reduce(name, input, dim, index, src, reduce, include_self):
    dim = _core.wrap_dim(dim, builtins.max(input.dim(), 1))
    out = _reduce_values(input, dim, index, src, reduce, include_self)
    gradients = _reduce_gradients(name, dim, index, reduce, include_self)
    return with_formula(name, [input, src], out, [input, src], gradients)


def scatter_reduce(input, dim, index, src, reduce, *, include_self=True, out=None):
    """Reduce ``src`` into a copy of ``input`` at ``index`` along ``dim``
    (ScatterReduceBackward0)."""
    if out is not None:
        raise NotImplementedError("ferrograd's scatter_reduce has no out=")
    reduce = _ALIASES.get(reduce, reduce)
    if reduce not in _REDUCTIONS:
        raise RuntimeError(
            f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}"
        )
    with no_grad():
        # scatter_add's checks (dims, index dtype and bounds, dtypes) are scatter_reduce's
        input.scatter_add(dim, index, src)
    return _scatter_reduce("ScatterReduceBackward0", input, dim, index, src, reduce, include_self)


def scatter_reduce_(self, dim, index, src, reduce, *, include_self=True):
    result = scatter_reduce(self._inplace_source(), dim, index, src, reduce, include_self=include_self)
    self._inplace_assign(result)
    return self


def index_reduce(input, dim, index, source, reduce, *, include_self=True):
    """``source``'s slices along ``dim`` reduced into ``input``'s slices
    named by ``index`` (IndexReduceBackward0): a scatter_reduce with the
    index spread over ``source``'s shape."""
    if reduce not in ("prod", "mean", "amax", "amin"):
        raise RuntimeError(
            "index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got "
            f"{reduce}."
        )
    dim = _core.wrap_dim(dim, builtins.max(input.dim(), 1))
    if index.dim() > 1:
        raise IndexError(
            "index_reduce_(): Index is supposed to be a vector, but got dim: "
            f"{index.dim()} with type: {SCALAR_TYPE_NAMES[index.dtype]} and size: "
            f"{list(index.shape)}"
        )
    if index.dtype not in (_lib().int32, _lib().int64):
        raise RuntimeError(
            "index_reduce_(): Expected dtype int32/int64 for index but got: "
            f"{SCALAR_TYPE_NAMES[index.dtype]}"
        )
    if input.dtype != source.dtype:
        raise RuntimeError(
            f"index_reduce_(): self ({SCALAR_TYPE_NAMES[input.dtype]}) and source "
            f"({SCALAR_TYPE_NAMES[source.dtype]}) must have the same scalar type"
        )
    source_dim = source.size(dim) if source.dim() > 0 else 1
    if index.numel() != source_dim:
        raise RuntimeError(
            f"index_reduce_(): Number of indices ({index.numel()}) should be equal to "
            f"source.size(dim): ({source_dim}), for dim: {dim}"
        )
    kept = [n for d, n in enumerate(input.shape) if d != dim]
    if kept != [n for d, n in enumerate(source.shape) if d != dim]:
        raise RuntimeError(
            "source tensor shape must match self tensor shape, excluding the specified "
            f"dimension. Got self.shape = {list(input.shape)} source.shape = "
            f"{list(source.shape)}"
        )
    size = input.size(dim) if input.dim() > 0 else 1
    # negative indices are refused too
    if index.numel() and (bool((index >= size).any()) or bool((index < 0).any())):
        raise IndexError("index out of range in self")
    shape = [1] * builtins.max(source.dim(), 1)
    shape[dim] = -1
    spread = index.to(_lib().int64).view(shape).expand(source.shape)
    return _scatter_reduce("IndexReduceBackward0", input, dim, spread, source, reduce, include_self)


def index_reduce_(self, dim, index, source, reduce, *, include_self=True):
    result = index_reduce(self._inplace_source(), dim, index, source, reduce, include_self=include_self)
    self._inplace_assign(result)
    return self


# ---- integrals and statistics ------------------------------------------------------


def _trapezoid_x(name, y, x, dim):
    dim = _core.wrap_dim(dim, builtins.max(y.dim(), 1))
    if x.dim() == 1:
        if x.size(0) != y.size(dim):
            raise RuntimeError(f"{name}: There must be one `x` value for each sample point")
        shape = [1] * y.dim()
        shape[dim] = x.size(0)
        x = x.view(shape)
    elif x.dim() != y.dim() or x.size(dim) != y.size(dim):
        raise RuntimeError(f"{name}: There must be one `x` value for each sample point")
    n = y.size(dim)
    dx = x.narrow(dim, 1, n - 1) - x.narrow(dim, 0, n - 1)
    return dim, (y.narrow(dim, 1, n - 1) + y.narrow(dim, 0, n - 1)) * dx


def _times(t, number):
    """``t * number`` as torch's C++ scales (MulBackward1)."""
    from .linalg import _times_number

    return _times_number(t, number)


def _halved(t):
    """``t / 2`` as torch's C++ divides by a Scalar (DivBackward1, one edge)."""
    from .linalg import _record

    result = t.detach() / 2
    _record("DivBackward1", [t], [result], lambda grads, needs, t: [grads[0] / 2])
    return result


def _number_x(name, x):
    """torch's overloads take a tensor ``x`` or a keyword ``dx``."""
    if x is not None and not isinstance(x, Tensor):
        raise TypeError(
            f"{name}() received an invalid combination of arguments - got (Tensor, "
            f"{type(x).__name__}), but expected one of:"
        )


def trapezoid(y, x=None, *, dx=None, dim=-1):
    """The trapezoidal rule along ``dim``, with the same ops torch uses."""
    _number_x("trapezoid", x)
    if x is not None:
        dim_, parts = _trapezoid_x("trapezoid", y, x, dim)
        return _halved(parts.sum(dim_))
    dx = 1 if dx is None else dx
    dim = _core.wrap_dim(dim, builtins.max(y.dim(), 1))
    if y.size(dim) == 0:
        return _times(y.sum(dim), dx)
    return _times(y.sum(dim) - _times(y.select(dim, 0) + y.select(dim, -1), 0.5), dx)


def trapz(y, x=None, *, dx=None, dim=-1):
    return trapezoid(y, x, dx=dx, dim=dim)


def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    """Running trapezoid sums along ``dim`` (one fewer than the samples)."""
    _number_x("cumulative_trapezoid", x)
    if x is not None:
        dim_, parts = _trapezoid_x("cumulative_trapezoid", y, x, dim)
        return _halved(parts.cumsum(dim_))
    dx = 1 if dx is None else dx
    dim = _core.wrap_dim(dim, builtins.max(y.dim(), 1))
    n = y.size(dim)
    if n == 0:
        return _times(y.narrow(dim, 0, 0), dx / 2.0)
    return _times(y.narrow(dim, 1, n - 1) + y.narrow(dim, 0, n - 1), dx / 2.0).cumsum(dim)


def _check_cov_weights(name, weights, observations):
    """torch's checks of cov's ``fweights`` (integral) or ``aweights`` (floating)."""
    if weights.dim() > 1:
        raise RuntimeError(
            f"cov(): expected {name} to have one or fewer dimensions but got {name} "
            f"with {weights.dim()} dimensions"
        )
    if name == "fweights" and (weights.is_floating_point() or weights.dtype == _lib().bool):
        raise RuntimeError(
            "cov(): expected fweights to have integral dtype but got fweights with "
            f"{SCALAR_TYPE_NAMES[weights.dtype]} dtype"
        )
    if name == "aweights" and not weights.is_floating_point():
        raise RuntimeError(
            "cov(): expected aweights to have floating point dtype but got aweights with "
            f"{SCALAR_TYPE_NAMES[weights.dtype]} dtype"
        )
    if weights.numel() != observations:
        raise RuntimeError(
            f"cov(): expected {name} to have the same numel as there are observations in "
            f"the input but got {weights.numel()} != {observations}"
        )
    if bool((weights < 0).any()):
        raise RuntimeError(f"cov(): {name} cannot be negative")


def cov(input, *, correction=1, fweights=None, aweights=None):
    """Covariance of the rows (variables) over the columns (observations),
    composed as torch's Correlation.cpp composes it."""
    from . import int64, tensor

    if input.dim() > 2:
        raise RuntimeError(
            "cov(): expected input to have two or fewer dimensions but got an input with "
            f"{input.dim()} dimensions"
        )
    x = input if input.dim() == 2 else input.view(1, -1)
    observations = x.size(1)
    w = None
    if fweights is not None:
        _check_cov_weights("fweights", fweights, observations)
        w = fweights
    if aweights is not None:
        _check_cov_weights("aweights", aweights, observations)
        w = aweights if w is None else w * aweights
    w_sum = w.sum() if w is not None else tensor(observations, dtype=int64)
    avg = (x * w if w is not None else x).sum(1) / w_sum
    if w is not None and aweights is not None and correction != 0:
        norm_factor = w_sum - correction * (w * aweights).sum() / w_sum
    else:
        norm_factor = w_sum - correction
    if bool(norm_factor <= 0):
        import warnings

        warnings.warn(
            "cov(): degrees of freedom is <= 0. Correction should be strictly less than the "
            "number of observations.",
            stacklevel=2,
        )
        norm_factor = norm_factor * 0
    x = x - avg.unsqueeze(1)
    c = x.mm((x * w if w is not None else x).t())
    return (c / norm_factor).squeeze()


def corrcoef(input):
    """``cov`` normalised by the standard deviations, clipped to [-1, 1]."""
    from . import clip, sqrt

    if input.dim() > 2:
        raise RuntimeError(
            "corrcoef(): expected input to have two or fewer dimensions but got an input with "
            f"{input.dim()} dimensions"
        )
    c = cov(input)
    if c.dim() == 0:
        return c / c
    stddev = sqrt(c.diagonal())
    c = c / stddev.view(-1, 1)
    c = c / stddev.view(1, -1)
    return clip(c, -1, 1)


NAMES = [
    "inner", "vdot", "tensordot", "kron", "addmv", "addr", "addbmm", "chain_matmul",
    "block_diag", "cartesian_prod", "combinations", "diagflat", "hsplit", "vsplit", "dsplit",
    "ravel", "positive", "select_scatter", "slice_scatter", "diagonal_scatter",
    "masked_scatter", "scatter_reduce", "index_reduce", "vander", "unravel_index", "trapezoid", "trapz", "cumulative_trapezoid",
    "cov", "corrcoef",
]
METHODS = [
    "inner", "vdot", "kron", "addmv", "addr", "addbmm", "diagflat", "hsplit", "vsplit",
    "dsplit", "ravel", "positive", "select_scatter", "slice_scatter", "diagonal_scatter",
    "masked_scatter", "masked_scatter_", "scatter_reduce", "addmv_", "addr_", "addbmm_", "scatter_reduce_", "index_reduce",
    "index_reduce_", "cov", "corrcoef",
]

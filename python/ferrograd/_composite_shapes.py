"""Shape functions torch builds out of other ops (cat, slicing, expand,
repeat, gather, subtraction): built from the same ops here, they record the
same grad_fn nodes torch's do."""

import builtins
import itertools
import warnings

from . import _core
from ._checks import SCALAR_TYPE_NAMES
from ._core import Tensor

__all__ = [
    "atleast_1d",
    "atleast_2d",
    "atleast_3d",
    "broadcast_shapes",
    "broadcast_tensors",
    "column_stack",
    "diff",
    "dstack",
    "hstack",
    "meshgrid",
    "swapaxes",
    "swapdims",
    "take_along_dim",
    "tensor_split",
    "tile",
    "vstack",
]


def _tensor_list(func, tensors):
    """``tensors`` as a list, with torch's errors for a non-sequence or an empty one."""
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(
            f"{func}(): argument 'tensors' (position 1) must be tuple of Tensors, "
            f"not {type(tensors).__name__}"
        )
    if not tensors:
        raise RuntimeError(f"{func} expects a non-empty TensorList")
    return list(tensors)


def _at_least(dims, tensors):
    """Each tensor viewed with at least ``dims`` dims (torch's atleast_nd layouts)."""
    one = len(tensors) == 1 and isinstance(tensors[0], Tensor)
    items = [tensors[0]] if one else list(tensors[0] if len(tensors) == 1 else tensors)
    out = []
    for t in items:
        if t.dim() < 1 <= dims:
            t = t.reshape(1)
        if t.dim() < 2 <= dims:
            t = t.unsqueeze(0)
        if t.dim() < 3 <= dims:
            # a row becomes (1, n, 1), a matrix (m, n, 1)
            t = t.unsqueeze(-1)
        out.append(t)
    return out[0] if one else tuple(out)


def atleast_1d(*tensors):
    return _at_least(1, tensors)


def atleast_2d(*tensors):
    return _at_least(2, tensors)


def atleast_3d(*tensors):
    return _at_least(3, tensors)


def hstack(tensors, *, out=None):
    tensors = _at_least(1, [_tensor_list("hstack", tensors)])
    dim = 0 if tensors[0].dim() == 1 else 1
    return _core.cat(tensors, dim, out=out) if out is not None else _core.cat(tensors, dim)


def vstack(tensors, *, out=None):
    tensors = _at_least(2, [_tensor_list("vstack", tensors)])
    return _core.cat(tensors, 0, out=out) if out is not None else _core.cat(tensors, 0)


def dstack(tensors, *, out=None):
    tensors = _at_least(3, [_tensor_list("dstack", tensors)])
    return _core.cat(tensors, 2, out=out) if out is not None else _core.cat(tensors, 2)


def column_stack(tensors, *, out=None):
    tensors = _tensor_list("column_stack", tensors)
    # vectors and scalars become columns
    cols = [t.reshape(t.numel(), 1) if t.dim() <= 1 else t for t in tensors]
    return _core.cat(cols, 1, out=out) if out is not None else _core.cat(cols, 1)


def tensor_split(input, indices_or_sections, dim=0):
    """Views of ``input`` split along ``dim``: into that many near-equal
    parts (the first ones one longer), or at those indices."""
    if input.dim() == 0:
        raise RuntimeError(
            "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims"
        )
    split = indices_or_sections
    if isinstance(split, Tensor):
        split = split.item() if split.dim() == 0 else split.tolist()
    size = input.shape[dim]
    if isinstance(split, int):
        if split <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {split}")
        base, extra = divmod(size, split)
        bounds, start = [], 0
        for i in range(split):
            stop = start + base + (1 if i < extra else 0)
            bounds.append((start, stop))
            start = stop
    elif isinstance(split, (list, tuple)):
        edges = [0, *(builtins.int(i) for i in split), size]
        # indices past the end clamp; a decreasing pair gives an empty part
        clamp = [builtins.min(builtins.max(e if e >= 0 else e + size, 0), size) for e in edges]
        bounds = [(a, builtins.max(a, b)) for a, b in itertools.pairwise(clamp)]
    else:
        raise TypeError(
            "tensor_split() received an invalid combination of arguments - got "
            f"(Tensor, {type(split).__name__}), but expected one of:"
        )
    return tuple(input.narrow(dim, a, b - a) for a, b in bounds)


def tile(input, dims):
    dims = tuple(dims)
    # fewer dims than the tensor: leading ones repeat once
    dims = (1,) * (input.dim() - len(dims)) + dims
    return input.repeat(dims)


def swapaxes(input, axis0, axis1):
    return input.transpose(axis0, axis1)


def swapdims(input, dim0, dim1):
    return input.transpose(dim0, dim1)


def _broadcast_pair(a, b):
    """The broadcast of shapes ``a`` and ``b``, with the error tensor ops raise."""
    n = builtins.max(len(a), len(b))
    a, b = [1] * (n - len(a)) + list(a), [1] * (n - len(b)) + list(b)
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y and x != 1 and y != 1:
            raise RuntimeError(
                f"The size of tensor a ({x}) must match the size of tensor b ({y}) "
                f"at non-singleton dimension {i}"
            )
    return [y if x == 1 else x for x, y in zip(a, b)]


def broadcast_shapes(*shapes):
    from ._size import Size

    result = []
    for i, shape in enumerate(shapes):
        shape = [shape] if isinstance(shape, int) else list(shape)
        n = builtins.max(len(result), len(shape))
        padded = [1] * (n - len(result)) + result
        for k, size in enumerate(shape):
            at = n - len(shape) + k
            if padded[at] == 1:
                padded[at] = size
            elif size != 1 and size != padded[at]:
                raise RuntimeError(
                    f"Attempting to broadcast a dimension of length {size} at "
                    f"{k - len(shape)}! Mismatching argument at index {i} had {tuple(shape)}; "
                    f"but expected shape should be broadcastable to {result}"
                )
        result = padded
    return Size(result)


def broadcast_tensors(*tensors):
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    shape = []
    for t in tensors:
        shape = _broadcast_pair(shape, list(t.shape))
    # a tensor already of the shape is returned as it is, as torch does
    return tuple(t if list(t.shape) == shape else t.expand(shape) for t in tensors)


def meshgrid(*tensors, indexing=None):
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        warnings.warn(
            "torch.meshgrid: in an upcoming release, it will be required to pass the "
            "indexing argument.",
            UserWarning,
            stacklevel=2,
        )
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(
            f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}'
        )
    for t in tensors:
        if t.dim() > 1:
            raise RuntimeError(
                "torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: "
                + " ".join(str(v) for v in [""] + t.reshape(-1).tolist())
            )
    vectors = [t.reshape(-1) for t in tensors]
    swap = indexing == "xy" and len(vectors) >= 2
    if swap:
        vectors[0], vectors[1] = vectors[1], vectors[0]
    shape = [v.shape[0] for v in vectors]
    grids = []
    for i, v in enumerate(vectors):
        view = [1] * len(vectors)
        view[i] = -1
        grids.append(v.view(view).expand(shape))
    if swap:
        # "xy": the grids of the swapped inputs, handed back in input order
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


def take_along_dim(input, indices, dim=None, *, out=None):
    if indices.dtype != _core.int64:
        raise RuntimeError(
            "torch.take_along_dim(): dtype of indices should be Long but got "
            f"{SCALAR_TYPE_NAMES.get(indices.dtype, indices.dtype)}"
        )
    if dim is None:
        return input.reshape(-1).gather(0, indices.reshape(-1))
    n = input.dim()
    dim = _core.wrap_dim(dim, n)
    # every dim but `dim` broadcast between the two
    in_shape, ix_shape = list(input.shape), list(indices.shape)
    in_shape[dim] = ix_shape[dim] = 1
    common = _broadcast_pair(in_shape, ix_shape)
    in_shape, ix_shape = list(common), list(common)
    in_shape[dim], ix_shape[dim] = input.shape[dim], indices.shape[dim]
    source = input if list(input.shape) == in_shape else input.expand(in_shape)
    index = indices if list(indices.shape) == ix_shape else indices.expand(ix_shape)
    return source.gather(dim, index)


def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The ``n``-th forward difference along ``dim`` (xor for bools)."""
    if input.dim() == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    if n == 0:
        # a copy, made as torch makes it (CopyBackwards)
        return _core.full(list(input.shape), 0, input.dtype).copy_(input)
    if prepend is not None or append is not None:
        parts = [t for t in (prepend, input, append) if t is not None]
        input = _core.cat(parts, dim)
    for _ in range(n):
        # past the length, the difference is empty (and stays so)
        size = builtins.max(input.shape[dim] - 1, 0)
        later = input.narrow(dim, 1 if size else 0, size)
        earlier = input.narrow(dim, 0, size)
        input = later ^ earlier if input.dtype == _core.bool else later - earlier
    return input

"""Reflection, replication and circular padding (``F.pad`` modes "reflect",
"replicate" and "circular") and their modules. Each padded dim is a gather
of the input along it at mirrored, clamped or wrapped positions, recorded as
torch's one node (ReflectionPad2DBackward0, ReplicationPad1DBackward0, ...;
CopySlices for circular, the last of the copies torch makes)."""

from .. import _core
from .._checks import int_list
from .._fused import fused
from .modules import Module

Tensor = _core.Tensor

_NODES = {"reflect": "ReflectionPad{}DBackward0", "replicate": "ReplicationPad{}DBackward0"}


def _positions(size, before, after, mode):
    from .. import tensor

    out = []
    for j in range(-before, size + after):
        if mode == "reflect":
            j = -j if j < 0 else 2 * (size - 1) - j if j >= size else j
        else:
            j = min(max(j, 0), size - 1)
        out.append(j)
    return tensor(out)


def pad_mirrored(input, pad, mode):
    """``F.pad(input, pad, mode)`` for ``mode`` "reflect" or "replicate"."""
    pad = list(pad)
    padded_dims = len(pad) // 2
    if len(pad) % 2 or padded_dims not in (1, 2, 3) or input.dim() not in (
        padded_dims + 1,
        padded_dims + 2,
    ):
        raise NotImplementedError(
            f"Padding size {len(pad)} is not supported for {input.dim()}D input tensor."
        )
    dims = [input.dim() - 1 - i for i in range(padded_dims)]  # last dim first
    for i, d in enumerate(dims):
        before, after = pad[2 * i], pad[2 * i + 1]
        if mode == "reflect" and (before >= input.size(d) or after >= input.size(d)):
            raise RuntimeError(
                "Argument #4: Padding size should be less than the corresponding input "
                f"dimension, but got: padding ({before}, {after}) at dimension {d} of input "
                f"{list(input.shape)}"
            )
    indices = [
        (d, _positions(input.size(d), pad[2 * i], pad[2 * i + 1], mode))
        for i, d in enumerate(dims)
    ]

    def mirror(x):
        for d, index in indices:
            x = x.index_select(d, index)
        return x

    return fused(_NODES[mode].format(padded_dims), mirror, [input])


_OVERLAP = (
    "unsupported operation: some elements of the input tensor and the written-to tensor "
    "refer to a single memory location. Please clone() the tensor before performing the "
    "operation."
)


def check_non_constant(input, pad, mode, value):
    """torch's checks, in its order, for a mode other than "constant"."""
    pad = int_list("pad", "pad", pad, 2, sized=False)
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) > 2 * input.dim():
        raise RuntimeError(
            "Padding length should be less than or equal to two times the input dimension but "
            f"got padding length {len(pad)} and input of dimension {input.dim()}"
        )
    if value is not None and value != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    padded_dims = len(pad) // 2
    if padded_dims not in (1, 2, 3) or input.dim() not in (padded_dims + 1, padded_dims + 2):
        raise NotImplementedError(
            f"Padding size {len(pad)} is not supported for {input.dim()}D input tensor."
        )


def pad_circular(input, pad):
    """``F.pad(input, pad, mode="circular")``. torch first copies the input,
    less any negative sides, into the middle, then wraps that middle around
    into the positive sides; so a side wraps the cropped length, and one
    longer than it would copy from itself, which torch refuses."""
    from .. import int64, tensor

    pad = [int(p) for p in pad]
    padded_dims = len(pad) // 2
    # torch checks the first padded dim first
    for i in reversed(range(padded_dims)):
        before, after = pad[2 * i], pad[2 * i + 1]
        size = input.size(input.dim() - 1 - i)
        if before > size or after > size:
            raise RuntimeError("Padding value causes wrapping around more than once.")
        if size + before + after < 0:
            raise RuntimeError("Negative padding value is resulting in an empty dimension")
    indices = []
    for i in range(padded_dims):  # last dim first, as torch copies
        d = input.dim() - 1 - i
        before, after = pad[2 * i], pad[2 * i + 1]
        start = max(-before, 0)
        kept = input.size(d) - start - max(-after, 0)
        if 0 < kept < max(before, after):
            raise RuntimeError(_OVERLAP)
        span = range(-max(before, 0), kept + max(after, 0))
        if kept:
            positions = [start + j % kept for j in span]
        else:  # nothing kept but a positive side: torch leaves it unwritten
            positions = [j % input.size(d) for j in span]
        indices.append((d, tensor(positions, dtype=int64)))

    def wrap_around(x):
        for d, index in indices:
            x = x.index_select(d, index)
        return x

    return fused("CopySlices", wrap_around, [input])


class _MirrorPadNd(Module):
    _mode = "reflect"
    _sides = 2

    def __init__(self, padding):
        super().__init__()
        if isinstance(padding, int):
            padding = (padding,) * self._sides
        self.padding = tuple(padding)

    def forward(self, input):
        return pad_mirrored(input, self.padding, self._mode)

    def extra_repr(self):
        return f"{self.padding}"


class ReflectionPad1d(_MirrorPadNd):
    _mode, _sides = "reflect", 2


class ReflectionPad2d(_MirrorPadNd):
    _mode, _sides = "reflect", 4


class ReplicationPad1d(_MirrorPadNd):
    _mode, _sides = "replicate", 2


class ReplicationPad2d(_MirrorPadNd):
    _mode, _sides = "replicate", 4

"""Reflection and replication padding (``F.pad`` modes "reflect" and
"replicate") and their modules. Each padded dim is a gather of the input
along it at mirrored or clamped positions, recorded as torch's one node
(ReflectionPad2DBackward0, ReplicationPad1DBackward0, ...)."""

from .. import _core
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
    if len(pad) % 2 or padded_dims not in (1, 2) or input.dim() not in (
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

"""``F.interpolate`` (nearest, nearest-exact, linear, bilinear) and the
Upsample modules.

Source positions are computed in float32 exactly as torch's CPU kernels
compute them, so the same input pixels are picked; the result is gathered
and blended along one axis at a time (width first, which is torch's order of
operations) and recorded as the one node torch records
(UpsampleNearest2DBackward0, UpsampleBilinear2DBackward0, ...)."""

import math

from .. import _core
from .._fused import fused
from .modules import Module

Tensor = _core.Tensor

_MODES = "nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact"
_NODE = {
    "nearest": "UpsampleNearest{}DBackward0",
    "nearest-exact": "UpsampleNearestExact{}DBackward0",
    "linear": "UpsampleLinear1DBackward0",
    "bilinear": "UpsampleBilinear2DBackward0",
}


def _f32(values):
    from .. import float32, tensor

    return tensor(values, dtype=float32)


def _source_scale(in_size, out_size, scale, align_corners):
    """The float32 step from an output index to an input position."""
    if align_corners:
        return _f32(float(in_size - 1)) / (out_size - 1) if out_size > 1 else _f32(0.0)
    if scale is not None and scale > 0:
        return _f32(1.0 / scale)
    return _f32(float(in_size)) / out_size


def _nearest_indices(in_size, out_size, scale, exact):
    from .. import arange, float32, int64

    step = _source_scale(in_size, out_size, scale, False)
    positions = arange(out_size, dtype=float32)
    if exact:
        positions = positions + 0.5
    return (positions * step).floor().to(int64).clamp(max=in_size - 1)


def _linear_weights(in_size, out_size, scale, align_corners):
    """(lower index, upper index, lower weight, upper weight) per output index."""
    from .. import arange, float32, int64

    step = _source_scale(in_size, out_size, scale, align_corners)
    positions = arange(out_size, dtype=float32)
    if align_corners:
        source = positions * step
    else:
        source = ((positions + 0.5) * step - 0.5).clamp(min=0.0)
    lower = source.to(int64)
    upper = (lower + 1).clamp(max=in_size - 1)
    upper_weight = source - lower.to(float32)
    return lower, upper, 1.0 - upper_weight, upper_weight


def _resample(x, mode, out_sizes, scales, align_corners):
    """`x` resized over its trailing dims, the last (width) first."""
    dims = len(out_sizes)
    for axis in reversed(range(dims)):
        d = x.dim() - dims + axis
        in_size, out_size, scale = x.size(d), out_sizes[axis], scales[axis]
        if mode in ("nearest", "nearest-exact"):
            index = _nearest_indices(in_size, out_size, scale, mode == "nearest-exact")
            x = x.index_select(d, index)
            continue
        lower, upper, w_lower, w_upper = _linear_weights(in_size, out_size, scale, align_corners)
        shape = [1] * x.dim()
        shape[d] = out_size
        w_lower = w_lower.to(x.dtype).reshape(shape)
        w_upper = w_upper.to(x.dtype).reshape(shape)
        x = w_lower * x.index_select(d, lower) + w_upper * x.index_select(d, upper)
    return x.contiguous()


def interpolate(
    input,
    size=None,
    scale_factor=None,
    mode="nearest",
    align_corners=None,
    recompute_scale_factor=None,
    antialias=False,
):
    if mode in ("nearest", "area", "nearest-exact") and align_corners is not None:
        raise ValueError(
            "align_corners option can only be set with the interpolating modes: "
            "linear | bilinear | bicubic | trilinear"
        )
    spatial = input.dim() - 2
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is None and scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    if size is not None:
        out_sizes = [int(size)] * spatial if isinstance(size, int) else [int(s) for s in size]
        if len(out_sizes) != spatial:
            raise ValueError(
                "Input and output must have the same number of spatial dimensions, but got "
                f"input with spatial dimensions of {list(input.shape[2:])} and output size of "
                f"{size}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output "
                "size in (o1, o2, ...,oK) format."
            )
        scales = [None] * spatial
    else:
        scales = (
            [float(scale_factor)] * spatial
            if isinstance(scale_factor, (int, float))
            else [float(s) for s in scale_factor]
        )
        if len(scales) != spatial:
            raise ValueError(
                "Input and scale_factor must have the same number of spatial dimensions, but "
                f"got input with spatial dimensions of {list(input.shape[2:])} and scale_factor of "
                f"shape {scale_factor}. Please provide input tensor in (N, C, d1, d2, ...,dK) "
                "format and scale_factor in (s1, s2, ...,sK) format."
            )
        out_sizes = [math.floor(float(n) * s) for n, s in zip(input.shape[2:], scales)]
        if recompute_scale_factor:
            scales = [None] * spatial
    wanted = {"nearest": None, "nearest-exact": None, "linear": 1, "bilinear": 2}
    if mode not in wanted or spatial not in (1, 2) or wanted[mode] not in (None, spatial):
        if spatial not in (1, 2, 3) or mode not in _MODES.split(" | "):
            raise NotImplementedError(
                f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.dim()}D) "
                f"for the modes: {_MODES} (got {mode})"
            )
        raise NotImplementedError(
            f"ferrograd's interpolate has no mode {mode!r} for {input.dim()}-d input"
        )
    if antialias:
        raise NotImplementedError("ferrograd's interpolate has no antialias")
    align = bool(align_corners) if mode in ("linear", "bilinear") else False

    def resize(x):
        return _resample(x, mode, out_sizes, scales, align)

    return fused(_NODE[mode].format(spatial), resize, [input])


class Upsample(Module):
    def __init__(
        self,
        size=None,
        scale_factor=None,
        mode="nearest",
        align_corners=None,
        recompute_scale_factor=None,
    ):
        super().__init__()
        self.name = type(self).__name__
        self.size = size
        if isinstance(scale_factor, tuple):
            self.scale_factor = tuple(float(f) for f in scale_factor)
        else:
            self.scale_factor = float(scale_factor) if scale_factor else None
        self.mode, self.align_corners = mode, align_corners
        self.recompute_scale_factor = recompute_scale_factor

    def forward(self, input):
        return interpolate(
            input,
            self.size,
            self.scale_factor,
            self.mode,
            self.align_corners,
            recompute_scale_factor=self.recompute_scale_factor,
        )

    def extra_repr(self):
        if self.scale_factor is not None:
            info = f"scale_factor={self.scale_factor!r}"
        else:
            info = f"size={self.size!r}"
        return info + f", mode={self.mode!r}"


class UpsamplingNearest2d(Upsample):
    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)

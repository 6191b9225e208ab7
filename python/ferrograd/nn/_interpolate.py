"""``F.interpolate`` (nearest, nearest-exact, linear, bilinear, trilinear,
bicubic, area) and the Upsample modules.

Source positions are computed in float32 exactly as torch's CPU kernels
compute them, so the same input pixels are picked; the result is gathered
and blended along one axis at a time (width first, which is torch's order of
operations) and recorded as the one node torch records
(UpsampleNearest2DBackward0, UpsampleTrilinear3DBackward0, ...). Area mode is
adaptive average pooling, as in torch."""

import math

from .. import _core
from .._checks import SCALAR_TYPE_NAMES
from .._fused import fused, with_formula
from .modules import Module

Tensor = _core.Tensor

_MODES = "nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact"
_NODE = {
    "nearest": "UpsampleNearest{}DBackward0",
    "nearest-exact": "UpsampleNearestExact{}DBackward0",
    "linear": "UpsampleLinear1DBackward0",
    "bilinear": "UpsampleBilinear2DBackward0",
    "trilinear": "UpsampleTrilinear3DBackward0",
    "bicubic": "UpsampleBicubic2DBackward0",
}
# the cubic convolution's free parameter, as torch's kernels take it
_CUBIC_A = -0.75


def _f32(values, dtype=None):
    from .. import float32, tensor

    return tensor(values, dtype=dtype or float32)


def _source_scale(in_size, out_size, scale, align_corners, dtype=None):
    """The step from an output index to an input position, in ``dtype``
    (float32 by default: torch's arithmetic type for float32 and half)."""
    if align_corners:
        if out_size > 1:
            return _f32(float(in_size - 1), dtype) / (out_size - 1)
        return _f32(0.0, dtype)
    if scale is not None and scale > 0:
        return _f32(1.0 / scale, dtype)
    return _f32(float(in_size), dtype) / out_size


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


def _cubic_weights(in_size, out_size, scale, align_corners, dtype):
    """The four source indices (clamped to the input) and their weights per
    output index: torch's cubic convolution around the position's floor."""
    from .. import arange, float64, int64

    step_dtype = float64 if dtype == float64 else None
    step = _source_scale(in_size, out_size, scale, align_corners, step_dtype)
    positions = arange(out_size, dtype=step.dtype)
    # unlike linear, a position before the first pixel is not moved to it
    source = positions * step if align_corners else (positions + 0.5) * step - 0.5
    floor = source.floor().to(int64).clamp(max=in_size - 1)
    t = (source - floor.to(step.dtype)).clamp(0.0, 1.0)
    a = _CUBIC_A

    def near(d):  # |d| <= 1
        return ((a + 2) * d - (a + 3)) * d * d + 1

    def far(d):  # 1 < |d| < 2
        return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a

    weights = [far(t + 1.0), near(t), near(1.0 - t), far(2.0 - t)]
    indices = [(floor + k - 1).clamp(0, in_size - 1) for k in range(4)]
    return indices, weights


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
        shape = [1] * x.dim()
        shape[d] = out_size
        if mode == "bicubic":
            indices, weights = _cubic_weights(in_size, out_size, scale, align_corners, x.dtype)
            blended = None
            for index, weight in zip(indices, weights):
                term = weight.to(x.dtype).reshape(shape) * x.index_select(d, index)
                blended = term if blended is None else blended + term
            x = blended
            continue
        lower, upper, w_lower, w_upper = _linear_weights(in_size, out_size, scale, align_corners)
        w_lower = w_lower.to(x.dtype).reshape(shape)
        w_upper = w_upper.to(x.dtype).reshape(shape)
        x = w_lower * x.index_select(d, lower) + w_upper * x.index_select(d, upper)
    return x.contiguous()


def _bicubic_adjoint(grad, in_sizes, scales, align_corners):
    """The bicubic resize transposed: each output's gradient spread back onto
    its sixteen source pixels by the forward's weights (height first, undoing
    the forward's last pass first)."""
    from .. import zeros

    dims = len(in_sizes)
    for axis in range(dims):
        d = grad.dim() - dims + axis
        in_size, out_size = in_sizes[axis], grad.size(d)
        indices, weights = _cubic_weights(in_size, out_size, scales[axis], align_corners, grad.dtype)
        shape = [1] * grad.dim()
        shape[d] = out_size
        spread_shape = list(grad.shape)
        spread_shape[d] = in_size
        spread = zeros(spread_shape, dtype=grad.dtype)
        for index, weight in zip(indices, weights):
            spread = spread.index_add(d, index, weight.to(grad.dtype).reshape(shape) * grad)
        grad = spread
    return grad


def _bicubic(input, out_sizes, scales, align_corners):
    """One UpsampleBicubic2DBackward0 whose gradient is one
    UpsampleBicubic2DBackwardBackward0, as torch records them."""
    from .._grad_mode import no_grad

    in_sizes = list(input.shape[-2:])
    with no_grad():
        output = _resample(input, "bicubic", out_sizes, scales, align_corners)

    def spread(grad):
        return _bicubic_adjoint(grad, in_sizes, scales, align_corners)

    def gradients(grad, needs):
        return [fused("UpsampleBicubic2DBackwardBackward0", spread, [grad])]

    return with_formula(_NODE["bicubic"], [input], output, [], gradients)


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
    needs = {"linear": 1, "bilinear": 2, "trilinear": 3}  # spatial dims per linear mode
    if spatial not in (1, 2, 3) or mode not in _MODES.split(" | ") or mode == "lanczos" or (
        mode == "bicubic" and spatial != 2
    ):
        raise NotImplementedError(
            f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.dim()}D) "
            f"for the modes: {_MODES} (got {mode})"
        )
    if needs.get(mode, spatial) != spatial:
        raise NotImplementedError(
            f"Got {input.dim()}D input, but {mode} mode needs {needs[mode] + 2}D input"
        )
    if antialias:
        raise NotImplementedError("ferrograd's interpolate has no antialias")
    if mode == "area":
        from .functional import adaptive_avg_pool2d, adaptive_avg_pool3d

        if spatial == 3:
            return adaptive_avg_pool3d(input, out_sizes)
        if spatial == 1:  # torch's adaptive_avg_pool1d: the 2-d one on a unit row
            return adaptive_avg_pool2d(input.unsqueeze(-2), [1, out_sizes[0]]).squeeze(-2)
        return adaptive_avg_pool2d(input, out_sizes)
    if mode == "bicubic" and not input.dtype.is_floating_point:
        name = SCALAR_TYPE_NAMES.get(input.dtype, str(input.dtype))
        raise NotImplementedError(
            f"\"compute_indices_weights_cubic\" not implemented for '{name}'"
        )
    if mode in needs and not input.dtype.is_floating_point:
        # (the kernel torch names: its 2-d one refuses integers before the weights)
        kernel = "upsample_bilinear2d_channels_last" if spatial == 2 else (
            "compute_indices_weights_linear"
        )
        name = SCALAR_TYPE_NAMES.get(input.dtype, str(input.dtype))
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{name}'")
    align = bool(align_corners) if mode in ("bicubic", *needs) else False

    if mode == "bicubic":
        return _bicubic(input, out_sizes, scales, align)

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

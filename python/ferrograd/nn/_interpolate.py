"""``F.interpolate`` (nearest, nearest-exact, linear, bilinear, trilinear,
bicubic, area) and the Upsample modules.

Source positions are computed in float32 exactly as torch's CPU kernels
compute them, so the same input pixels are picked; the result is gathered
and blended along one axis at a time (width first, which is torch's order of
operations) and recorded as the one node torch records
(UpsampleNearest2DBackward0, UpsampleTrilinear3DBackward0, ...). Area mode is
adaptive average pooling, as in torch."""

import math
import struct
from fractions import Fraction

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


# ---- antialiased bilinear and bicubic (torch's _upsample_*2d_aa) ----------
#
# Each output pixel blends a window of input pixels whose width grows with
# the shrinking factor (a triangle, or Keys' cubic with a = -0.5, stretched by
# the factor), the weights divided by their sum. Weights are computed the way
# torch's CPU kernel computes them, in the input's dtype, so float32 rounds
# at the same steps: Python floats are doubles, and rounding a double result
# of one float32 operation to float32 gives float32's own result.

_AA_NODE = {
    "bilinear": "UpsampleBilinear2DAa",
    "bicubic": "UpsampleBicubic2DAa",
    "lanczos": "UpsampleLanczos2DAa",
}


def _f32_bits(value):
    return struct.unpack("<i", struct.pack("<f", value))[0]


def _f32_from_bits(bits):
    return struct.unpack("<f", struct.pack("<i", bits))[0]


def _to_f32(value):
    """The float32 nearest `value` (a float, or an exact Fraction: rounding
    that through a double first could land on a tie it is not on)."""
    near = struct.unpack("f", struct.pack("f", float(value)))[0]
    if not isinstance(value, Fraction) or Fraction(near) == value or math.isinf(near):
        return near
    bits = _f32_bits(near)
    candidates = [near, _f32_from_bits(bits - 1), _f32_from_bits(bits + 1)]
    candidates = [c for c in candidates if math.isfinite(c)]
    return min(candidates, key=lambda c: (abs(Fraction(c) - value), _f32_bits(c) & 1))


def _keep(value):
    return float(value)


def _aa_filter(mode, r):
    if mode == "lanczos":
        # Lanczos-3: sinc(x) * sinc(x / 3) inside |x| < 3. Evaluated in double
        # and rounded once: torch's weights exactly for float64; its float32
        # kernel rounds differently inside (cases_antialias2 states tolerances)
        def lanczos(x):
            if not -3.0 <= x < 3.0:
                return 0.0
            if x == 0.0:
                return 1.0
            px = math.pi * x
            return r(math.sin(px) / px * (math.sin(px / 3.0) / (px / 3.0)))

        return lanczos
    if mode == "bilinear":

        def triangle(x):
            x = abs(x)
            return r(1.0 - x) if x < 1.0 else 0.0

        return triangle
    a = -0.5  # Keys' kernel (PIL's), not the -0.75 of the plain bicubic

    # torch's compiled polynomial fuses each multiply-add (one rounding each)
    def fma(x, y, z):
        return r(Fraction(x) * Fraction(y) + Fraction(z))

    def cubic(x):
        x = abs(x)
        if x < 1.0:
            return fma(r(fma(a + 2, x, -(a + 3)) * x), x, 1.0)
        if x < 2.0:
            return fma(fma(fma(a, x, -5 * a), x, 8 * a), x, -4 * a)
        return 0.0

    return cubic


def _aa_windows(mode, in_size, out_size, scale, align_corners, double):
    """Per output index: the first input index and the window's weights."""
    r = _keep if double else _to_f32
    if align_corners:
        step = r(float(in_size - 1) / (out_size - 1)) if out_size > 1 else 0.0
    elif scale is not None and scale > 0:
        step = r(1.0 / scale)
    else:
        step = r(float(in_size) / out_size)
    half = {"bicubic": 2.0, "lanczos": 3.0}.get(mode, 1.0)  # half the kernel's width
    support = r(half * step) if step >= 1.0 else half
    longest = math.ceil(support) * 2 + 1
    shrink = r(1.0 / step) if step >= 1.0 else 1.0
    kernel = _aa_filter(mode, r)
    windows = []
    for i in range(out_size):
        # (align_corners only changes the step: windows stay pixel-centred)
        center = r(step * (i + 0.5))
        first = max(int(r(center - support) + 0.5), 0)
        count = min(int(r(center + support) + 0.5), in_size) - first
        count = min(max(count, 0), longest)
        weights = [kernel(r((r(first + j - center) + 0.5) * shrink)) for j in range(count)]
        total = 0.0
        for w in weights:
            total = r(total + w)
        if total != 0.0:
            weights = [r(w / total) for w in weights]
        windows.append((first, weights))
    return windows


def _aa_pass(x, d, windows):
    """`x` resized along dim `d`: each output a running sum over its window,
    first term first, in x's dtype. torch's compiled loop adds the terms
    after the first in blocks (of four float32s, of two float64s) with
    separate multiplies and roundings, and the leftover terms after the last
    full block with fused multiply-adds (found by matching its results)."""
    from .. import float32, int64, tensor, where

    block = 4 if x.dtype == float32 else 2

    longest = max(len(w) for _, w in windows)
    shape = [1] * x.dim()
    shape[d] = len(windows)
    out = None
    for j in range(longest):
        index = tensor([first + min(j, max(len(w) - 1, 0)) for first, w in windows], dtype=int64)
        weight = tensor([w[j] if j < len(w) else 0.0 for _, w in windows], dtype=x.dtype)
        picked = x.index_select(d, index)
        weight = weight.reshape(shape)
        if out is None:
            out = picked * weight
            continue
        inside = tensor([j < len(w) for _, w in windows]).reshape(shape)
        leftover = tensor([j > block * ((len(w) - 1) // block) for _, w in windows]).reshape(shape)
        step = where(leftover, _fma(picked, weight, out), out + picked * weight)
        out = where(inside, step, out)
    return out


def _fma(a, b, c):
    """a * b + c rounded once, as torch's compiled kernels compute their
    running sums. float32: the product is exact in float64 and the sum is
    rounded twice, which differs only on a float32 tie the double landed on.
    float64: the product's and the sum's rounding errors recovered exactly
    (Dekker's product, Knuth's sum) and added back before the last rounding."""
    from .. import float32

    if a.dtype == float32:
        return (a.double() * b.double() + c.double()).float()
    p = a * b
    a_hi, a_lo = _split(a)
    b_hi, b_lo = _split(b)
    product_err = ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    s = p + c
    back = s - p
    sum_err = (p - (s - back)) + (c - back)
    exact = s + (sum_err + product_err)
    # a non-finite product or sum has no error terms to add
    return exact.where(exact.isfinite() | ~s.isfinite(), s)


def _split(v):
    """`v` as a high part of 26 bits and the exact rest."""
    t = v * 134217729.0
    hi = t - (t - v)
    return hi, v - hi


def _aa_resize(x, mode, out_sizes, scales, align_corners):
    """The forward: width first, then height, each only if its size changes
    (an unchanged size is copied, whatever the scale factor says)."""
    from .. import float64

    double, input = x.dtype == float64, x
    for axis in (1, 0):
        d = 2 + axis
        if x.size(d) != out_sizes[axis]:
            windows = _aa_windows(mode, x.size(d), out_sizes[axis], scales[axis], align_corners, double)
            if axis == 0 and x.size(3) == 1:
                # torch's row pass reads one window per run of its innermost
                # loop, which is the rows themselves when the width is one:
                # every row then takes the first row's window
                windows = [windows[0]] * len(windows)
            x = _aa_pass(x, d, windows)
    return x.clone() if x is input else x.contiguous()


def _aa_adjoint(grad, mode, in_sizes, scales, align_corners):
    """The forward transposed as torch's backward computes it: each output
    pixel in turn (rows, then columns) adds weight_y * weight_x times its
    gradient to every pixel of its window, one fused multiply-add each,
    without skipping unchanged sizes. The additions are replayed in rounds,
    the k-th round making every pixel's k-th addition, so each pixel sums in
    torch's order."""
    from .. import float64, int64, tensor, zeros

    double = grad.dtype == float64
    n, c, out_h, out_w = grad.shape
    rows = _aa_windows(mode, in_sizes[0], out_h, scales[0], align_corners, double)
    cols = _aa_windows(mode, in_sizes[1], out_w, scales[1], align_corners, double)
    rounds = []  # per round: targets, weights_y, weights_x, sources
    seen = {}
    for oh, (top, wy) in enumerate(rows):
        for ow, (left, wx) in enumerate(cols):
            for y, a in enumerate(wy):
                for x, b in enumerate(wx):
                    target = (top + y) * in_sizes[1] + left + x
                    k = seen.get(target, 0)
                    seen[target] = k + 1
                    if k == len(rounds):
                        rounds.append(([], [], [], []))
                    for column, value in zip(rounds[k], (target, a, b, oh * out_w + ow)):
                        column.append(value)
    flat = grad.reshape(n * c, out_h * out_w)
    spread = zeros(n * c, in_sizes[0] * in_sizes[1], dtype=grad.dtype)
    for targets, weights_y, weights_x, sources in rounds:
        where_to = tensor(targets, dtype=int64)
        weight = tensor(weights_x, dtype=grad.dtype) * tensor(weights_y, dtype=grad.dtype)
        picked = flat.index_select(1, tensor(sources, dtype=int64))
        total = _fma(weight, picked, spread.index_select(1, where_to))
        spread = spread.index_copy(1, where_to, total)
    return spread.reshape(n, c, in_sizes[0], in_sizes[1])


def _interpolate_antialiased(input, mode, out_sizes, scales, align_corners):
    from .. import float32, float64

    if input.dtype not in (float32, float64):
        if list(input.shape[-2:]) == list(out_sizes):
            # torch copies without computing weights, so takes any dtype here
            return fused(_AA_NODE[mode] + "Backward0", lambda x: x.clone(), [input])
        name = SCALAR_TYPE_NAMES.get(input.dtype, str(input.dtype))
        if name == "Byte":
            raise NotImplementedError("ferrograd's antialiased interpolate takes float input only")
        raise NotImplementedError(f"\"compute_index_ranges_weights\" not implemented for '{name}'")
    return _antialiased(input, mode, out_sizes, scales, align_corners)


def _antialiased(input, mode, out_sizes, scales, align_corners):
    """The node torch records, whose gradient is its BackwardBackward node,
    whose gradient is the forward node again."""
    from .._grad_mode import no_grad

    name = _AA_NODE[mode]
    in_sizes = list(input.shape[-2:])

    def forward(x):
        with no_grad():
            y = _aa_resize(x, mode, out_sizes, scales, align_corners)
        return with_formula(name + "Backward0", [x], y, [], lambda g, needs: [backward(g)])

    def backward(g):
        with no_grad():
            y = _aa_adjoint(g, mode, in_sizes, scales, align_corners)
        return with_formula(name + "BackwardBackward0", [g], y, [], lambda gg, needs: [forward(gg)])

    return forward(input)


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
        if recompute_scale_factor:
            raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
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
    if antialias and not (mode in ("bilinear", "bicubic", "lanczos") and input.dim() == 4):
        raise ValueError(
            "Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and "
            "requires a 4-D tensor as input"
        )
    if mode == "lanczos" and input.dim() == 4:
        if align_corners:
            raise ValueError("Lanczos mode does not support align_corners=True")
        if not antialias:
            raise ValueError("Lanczos mode requires antialias=True")
    if antialias:
        return _interpolate_antialiased(input, mode, out_sizes, scales, bool(align_corners))
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

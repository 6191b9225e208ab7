"""Adaptive max pooling (``F.adaptive_max_pool1d/2d`` and their modules) and
power-average pooling (``F.lp_pool1d/2d`` and their modules).

Adaptive max pooling gathers each output's window from the flattened plane
(torch's windows: rows floor(i*H/oH) up to ceil((i+1)*H/oH), columns alike),
picks the first largest value, or the last NaN if the window holds one, as
torch's kernel does, and records the gather as one AdaptiveMaxPool2DBackward0.
The 1-d functions go through the 2-d one on a unit row, as torch's do."""

from .. import _core
from .._checks import SCALAR_TYPE_NAMES, c_type_name, int_list, no_attribute, not_tensor
from .._fused import fused
from .._grad_mode import no_grad
from .modules import Module

Tensor = _core.Tensor


def _bounds(size, out):
    """(start, end) of each of ``out`` windows over ``size`` positions."""
    return [(i * size // out, -(-(i + 1) * size // out)) for i in range(out)]


def _window_table(sizes, outs):
    """The flat in-plane positions of each output's window over the trailing
    ``sizes`` (2 or 3 axes), one row per output (row-major), short windows
    padded with their last position (a repeat changes neither the first
    maximum nor the last NaN)."""
    import itertools

    from .. import int64, tensor, zeros

    strides = [1] * len(sizes)
    for a in range(len(sizes) - 2, -1, -1):
        strides[a] = strides[a + 1] * sizes[a + 1]
    spans = [_bounds(n, o) for n, o in zip(sizes, outs)]
    windows = [
        [
            sum(i * st for i, st in zip(at, strides))
            for at in itertools.product(*(range(a, b) for a, b in window))
        ]
        for window in itertools.product(*spans)
    ]
    if not windows:
        return zeros((0, 1), dtype=int64)
    longest = max(len(w) for w in windows)
    return tensor([w + w[-1:] * (longest - len(w)) for w in windows], dtype=int64)


def _pick(values):
    """Per row of ``values`` (last dim): where torch's kernel ends up, the
    first largest value unless a NaN is present, then the last NaN."""
    from .. import arange, where

    first_max = values.argmax(-1)
    width = values.size(-1)
    order = arange(1, width + 1)
    last_nan = (values.isnan().long() * order).max(-1).values - 1
    return where(last_nan >= 0, last_nan, first_max)


def _adaptive_max_pool(input, size, func="adaptive_max_pool2d"):
    """Values and int64 indices (flat within each plane) of 2-d or 3-d
    adaptive max pooling of ``input`` to ``size`` [(oT,) oH, oW], after torch's
    checks."""
    dims = 3 if func == "adaptive_max_pool3d" else 2
    shape = list(input.shape)
    if len(shape) not in (dims + 1, dims + 2):
        raise RuntimeError(
            f"{func}(): Expected {dims + 1}D or {dims + 2}D tensor, but got: {shape}"
        )
    for i in range(1, len(shape)):
        if shape[i] == 0:
            raise RuntimeError(
                f"{func}(): Expected input to have non-zero size for non-batch dimensions, "
                f"but input has sizes {shape} with dimension {i} being empty"
            )
    if len(size) != dims:
        raise RuntimeError(f"{func}(): internal error: output_size.size() must be {dims}")
    out_shape = shape[:-dims] + size
    if any(s < 0 for s in size):
        bad = next(s for s in size if s < 0)
        raise RuntimeError(
            f"Trying to create tensor with negative dimension {bad}: {out_shape}"
        )
    if not input.dtype.is_floating_point:
        name = SCALAR_TYPE_NAMES.get(input.dtype, str(input.dtype))
        kernel = "adaptive_max_pool3d_cpu" if dims == 3 else "adaptive_max_pool2d"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{name}'")

    lead, sizes = shape[:-dims], shape[-dims:]
    volume = 1
    for n in sizes:
        volume *= n
    table = _window_table(sizes, size)
    outputs, window = table.shape
    with no_grad():
        flat = input.reshape(lead + [volume])
        windows = flat.index_select(-1, table.reshape(-1)).reshape(lead + [outputs, window])
        chosen = _pick(windows).unsqueeze(-1)
        indices = table.expand(lead + [outputs, window]).gather(-1, chosen).squeeze(-1)

    def gather(x):
        return x.reshape(lead + [volume]).gather(-1, indices).reshape(out_shape)

    values = fused(f"AdaptiveMaxPool{dims}DBackward0", gather, [input])
    return values, indices.reshape(out_shape)


def _adaptive_max_pool2d(input, size, func="adaptive_max_pool2d"):
    return _adaptive_max_pool(input, size, func)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    if not isinstance(input, Tensor):
        no_attribute(input, "size")  # torch's Python reads input.size() first
    if isinstance(output_size, int):
        size = [output_size, output_size]
    else:
        if output_size is None or not hasattr(output_size, "__len__"):
            raise TypeError(f"object of type '{c_type_name(output_size)}' has no len()")
        if input.dim() <= len(output_size):
            raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")
        defaults = list(input.shape)[-len(output_size):]
        size = [d if s is None else s for s, d in zip(output_size, defaults)]
        size = int_list("adaptive_max_pool2d", "output_size", size, 2)
    values, indices = _adaptive_max_pool2d(input, size)
    return (values, indices) if return_indices else values


def adaptive_max_pool3d(input, output_size, return_indices=False):
    if not isinstance(input, Tensor):
        no_attribute(input, "size")  # torch's Python reads input.size() first
    if isinstance(output_size, int):
        size = [output_size] * 3
    else:
        if output_size is None or not hasattr(output_size, "__len__"):
            raise TypeError(f"object of type '{c_type_name(output_size)}' has no len()")
        if input.dim() <= len(output_size):
            raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")
        defaults = list(input.shape)[-len(output_size):]
        size = [d if s is None else s for s, d in zip(output_size, defaults)]
        size = int_list("adaptive_max_pool3d", "output_size", size, 3)
    values, indices = _adaptive_max_pool(input, size, "adaptive_max_pool3d")
    return (values, indices) if return_indices else values


def adaptive_max_pool3d_with_indices(input, output_size, return_indices=False):
    return adaptive_max_pool3d(input, output_size, True)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    if not isinstance(input, Tensor):
        not_tensor("adaptive_max_pool1d", input)
    size = int_list("adaptive_max_pool1d", "output_size", output_size, 2)
    if input.dim() not in (2, 3):
        raise RuntimeError(
            f"Expected 2 to 3 dimensions, but got {input.dim()}-dimensional tensor for argument "
            "#1 'self' (while checking arguments for adaptive_max_pool1d)"
        )
    shape = list(input.shape)
    for i in range(1, len(shape)):
        if shape[i] == 0:
            raise RuntimeError(
                "adaptive_max_pool1d(): Expected input to have non-zero size for non-batch "
                f"dimensions, but input has sizes {shape} with dimension {i} being empty"
            )
    if len(size) != 1:
        raise RuntimeError(
            "adaptive_max_pool1d() argument 'output_size' should contain one int "
            f"(got {len(size)})"
        )
    values, indices = _adaptive_max_pool2d(input.unsqueeze(-2), [1, size[0]])
    values, indices = values.squeeze(-2), indices.squeeze(-2)
    return (values, indices) if return_indices else values


def adaptive_max_pool1d_with_indices(input, output_size, return_indices=False):
    return adaptive_max_pool1d(input, output_size, True)


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=False):
    return adaptive_max_pool2d(input, output_size, True)


class _AdaptiveMaxPoolNd(Module):
    def __init__(self, output_size, return_indices=False):
        super().__init__()
        self.output_size, self.return_indices = output_size, return_indices

    def extra_repr(self):
        return f"output_size={self.output_size}"


class AdaptiveMaxPool1d(_AdaptiveMaxPoolNd):
    def forward(self, input):
        return adaptive_max_pool1d(input, self.output_size, self.return_indices)


class AdaptiveMaxPool2d(_AdaptiveMaxPoolNd):
    def forward(self, input):
        return adaptive_max_pool2d(input, self.output_size, self.return_indices)


class AdaptiveMaxPool3d(_AdaptiveMaxPoolNd):
    def forward(self, input):
        return adaptive_max_pool3d(input, self.output_size, self.return_indices)


# ---- power-average pooling ----


def _lp_finish(pooled, window, norm_type):
    """Mean of x**p over each window back to (sum of x**p) ** (1/p), with a
    negative sum's sign kept and a zero one giving a zero gradient (torch's
    composition, so its nodes)."""
    from .. import sign
    from .functional import relu

    return (sign(pooled) * relu(pooled.abs())).mul(window).pow(1.0 / norm_type)


def _lp_max(pool, input, kernel_size, stride, ceil_mode, norm_type):
    """p = +-inf: the largest (smallest) absolute value, through max pooling."""
    if norm_type == float("inf"):
        return pool(input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    return -pool(-input.abs(), kernel_size, stride, 0, 1, ceil_mode)


def _lp_pool(max_pool, avg_pool, area, input, norm_type, kernel_size, stride, ceil_mode):
    """(mean of x**p over each window * area) ** (1/p); p = +-inf through max pooling."""
    if isinstance(norm_type, (int, float)) and abs(norm_type) == float("inf"):
        return _lp_max(max_pool, input, kernel_size, stride, ceil_mode, norm_type)
    pooled = avg_pool(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return _lp_finish(pooled, area, norm_type)


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    from . import functional as F

    return _lp_pool(
        F.max_pool1d, F.avg_pool1d, kernel_size, input, norm_type, kernel_size, stride, ceil_mode
    )


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    from . import functional as F

    width, height = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    return _lp_pool(
        F.max_pool2d, F.avg_pool2d, width * height, input, norm_type, kernel_size, stride,
        ceil_mode,
    )


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    from . import functional as F

    kd, kw, kh = (kernel_size,) * 3 if isinstance(kernel_size, int) else kernel_size
    return _lp_pool(
        F.max_pool3d, F.avg_pool3d, kd * kw * kh, input, norm_type, kernel_size, stride,
        ceil_mode,
    )


class _LPPoolNd(Module):
    def __init__(self, norm_type, kernel_size, stride=None, ceil_mode=False):
        super().__init__()
        self.norm_type, self.kernel_size = norm_type, kernel_size
        self.stride, self.ceil_mode = stride, ceil_mode

    def extra_repr(self):
        return (
            f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}, ceil_mode={self.ceil_mode}"
        )


class LPPool1d(_LPPoolNd):
    def forward(self, input):
        return lp_pool1d(
            input, float(self.norm_type), self.kernel_size, self.stride, self.ceil_mode
        )


class LPPool2d(_LPPoolNd):
    def forward(self, input):
        return lp_pool2d(
            input, float(self.norm_type), self.kernel_size, self.stride, self.ceil_mode
        )


class LPPool3d(_LPPoolNd):
    def forward(self, input):
        return lp_pool3d(
            input, float(self.norm_type), self.kernel_size, self.stride, self.ceil_mode
        )

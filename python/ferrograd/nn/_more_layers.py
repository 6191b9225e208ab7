"""More layers torch has: pixel (un)shuffle, channel shuffle, RMS norm,
bilinear, 1-d adaptive average pooling, Softmax2d, circular padding modules,
local response norm, alpha dropout, Gumbel softmax, multilabel margin loss,
LazyLinear.

Where torch runs one native kernel and records one node (pixel_shuffle,
_trilinear, channel_shuffle, multilabel_margin_loss) the node is recorded
under torch's name with ``fused``; composites (rms_norm, alpha_dropout,
gumbel_softmax, local_response_norm) run torch's op sequence, so they record
torch's nodes and draw torch's random numbers in the same order."""

import math

from .. import _core
from .._checks import not_tensor
from .._fused import fused, with_formula
from .._grad_mode import no_grad
from . import functional as F
from . import init
from .modules import Module, Parameter

Tensor = _core.Tensor


# ---- pixel shuffle / unshuffle ----


def _shuffle(x, factor, up):
    """pixel_shuffle (``up``) or pixel_unshuffle of ``x`` by ``factor``, contiguous."""
    *lead, c, h, w = x.shape
    lead = list(lead)
    n = len(lead)
    if up:
        oc = c // (factor * factor)
        y = x.reshape(lead + [oc, factor, factor, h, w])
        # (oc, h, f, w, f)
        y = y.permute(list(range(n)) + [n, n + 3, n + 1, n + 4, n + 2])
        return y.reshape(lead + [oc, h * factor, w * factor])
    oh, ow = h // factor, w // factor
    y = x.reshape(lead + [c, oh, factor, ow, factor])
    # (c, f, f, oh, ow)
    y = y.permute(list(range(n)) + [n, n + 2, n + 4, n + 1, n + 3])
    return y.reshape(lead + [c * factor * factor, oh, ow])


def _fresh(values):
    """``values`` in a new contiguous tensor (torch's kernels write a fresh
    output, whose size-1 dims have the dense strides a view may lack)."""
    from .. import empty

    return empty(list(values.shape), dtype=values.dtype).copy_(values)


def _shuffle_node(input, r, up):
    """One PixelShuffleBackward0 (PixelUnshuffleBackward0) node whose
    backward is the inverse shuffle, recorded as its own node as torch's is."""
    with no_grad():
        out = _fresh(_shuffle(input, r, up))

    def gradients(grad, needs):
        return [_shuffle_node(grad, r, not up)]

    name = "PixelShuffleBackward0" if up else "PixelUnshuffleBackward0"
    return with_formula(name, [input], out, [], gradients)


def pixel_shuffle(input, upscale_factor):
    if not isinstance(input, Tensor):
        not_tensor("pixel_shuffle", input)
    r = int(upscale_factor)
    if input.dim() < 3:
        raise RuntimeError(
            "pixel_shuffle expects input to have at least 3 dimensions, but got input with "
            f"{input.dim()} dimension(s)"
        )
    if r <= 0:
        raise RuntimeError(f"pixel_shuffle expects a positive upscale_factor, but got {r}")
    c = input.shape[-3]
    if c % (r * r) != 0:
        raise RuntimeError(
            "pixel_shuffle expects its input's 'channel' dimension to be divisible by the "
            f"square of upscale_factor, but input.size(-3)={c} is not divisible by {r * r}"
        )
    return _shuffle_node(input, r, True)


def pixel_unshuffle(input, downscale_factor):
    if not isinstance(input, Tensor):
        not_tensor("pixel_unshuffle", input)
    r = int(downscale_factor)
    if input.dim() < 3:
        raise RuntimeError(
            "pixel_unshuffle expects input to have at least 3 dimensions, but got input with "
            f"{input.dim()} dimension(s)"
        )
    if r <= 0:
        raise RuntimeError(f"pixel_unshuffle expects a positive downscale_factor, but got {r}")
    h, w = input.shape[-2], input.shape[-1]
    if h % r != 0:
        raise RuntimeError(
            "pixel_unshuffle expects height to be divisible by downscale_factor, but "
            f"input.size(-2)={h} is not divisible by {r}"
        )
    if w % r != 0:
        raise RuntimeError(
            "pixel_unshuffle expects width to be divisible by downscale_factor, but "
            f"input.size(-1)={w} is not divisible by {r}"
        )
    return _shuffle_node(input, r, False)


class PixelShuffle(Module):
    def __init__(self, upscale_factor):
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input):
        return pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self):
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    def __init__(self, downscale_factor):
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input):
        return pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self):
        return f"downscale_factor={self.downscale_factor}"


# ---- channel shuffle ----


def channel_shuffle(input, groups):
    if not isinstance(input, Tensor):
        not_tensor("channel_shuffle", input)
    g = int(groups)
    if input.dim() <= 2:
        raise RuntimeError(
            "channel_shuffle expects input with > 2 dims, but got input with sizes "
            f"{list(input.shape)}"
        )
    if g <= 0:
        raise RuntimeError(
            f"Number of groups to divide channels in must be positive. Value of groups:{g}"
        )
    c = input.shape[1]
    if c % g != 0:
        raise RuntimeError(
            f"Number of channels must be divisible by groups. Got {c} channels and {g} groups."
        )

    return _channel_shuffle_node(input, g)


def _channel_shuffle_node(input, g):
    """One ChannelShuffleBackward0 node; its backward shuffles the gradient
    back by ``channels / groups`` groups, recorded as torch records it."""
    shape = list(input.shape)
    c = shape[1]
    with no_grad():
        out = input.reshape([shape[0], g, c // g] + shape[2:]).transpose(1, 2).reshape(shape)
        out = _fresh(out)

    def gradients(grad, needs):
        return [_channel_shuffle_node(grad, c // g)]

    return with_formula("ChannelShuffleBackward0", [input], out, [], gradients)


class ChannelShuffle(Module):
    def __init__(self, groups):
        super().__init__()
        self.groups = groups

    def forward(self, input):
        return channel_shuffle(input, self.groups)

    def extra_repr(self):
        return f"groups={self.groups}"


# ---- RMS norm ----


def _check_norm_shape(input, normalized_shape, weight):
    """torch's rms_norm shape checks (layer norm's, worded a little differently)."""
    shape = list(normalized_shape)
    text = "[" + ", ".join(str(s) for s in shape) + "]"
    if not shape:
        raise RuntimeError(
            "Expected normalized_shape to be at least 1-dimensional, i.e., containing at least "
            f"one element, but got normalized_shape = {text}"
        )
    if weight is not None and list(weight.shape) != shape:
        wtext = "[" + ", ".join(str(s) for s in weight.shape) + "]"
        raise RuntimeError(
            "Expected weight to be of same shape as normalized_shape, but got weight of shape "
            f"{wtext} and normalized_shape = {text}"
        )
    ishape = list(input.shape)
    if len(ishape) < len(shape):
        raise ValueError(
            f"Input tensor must have at least {len(shape)} dimensions, but got {len(ishape)}"
        )
    if ishape[len(ishape) - len(shape):] != shape:
        itext = "[" + ", ".join(str(s) for s in ishape) + "]"
        raise RuntimeError(
            f"Given normalized_shape={text}, expected input with shape [*{text[1:-1]}], but got "
            f"input of size{itext}"
        )


def rms_norm(input, normalized_shape, weight=None, eps=None):
    if not isinstance(input, Tensor):
        not_tensor("rms_norm", input)
    from .._checks import int_list

    normalized_shape = int_list("rms_norm", "normalized_shape", normalized_shape, 2, sized=False)
    _check_norm_shape(input, normalized_shape, weight)
    if eps is None:  # the dtype's machine epsilon, as torch's kernel defaults
        from .. import finfo

        eps = finfo(input.dtype).eps
    dims = [input.dim() - i - 1 for i in range(len(normalized_shape))]
    # torch: rsqrt(pow(x, 2).mean(dims, keepdim=True).add_(eps)); x * that, then * weight
    scale = input.pow(2).mean(dims, keepdim=True).add_(eps).rsqrt()
    out = input.mul(scale)
    return out if weight is None else out.mul(weight)


class RMSNorm(Module):
    def __init__(self, normalized_shape, eps=None, elementwise_affine=True, device=None, dtype=None):
        super().__init__()
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps, self.elementwise_affine = eps, elementwise_affine
        if elementwise_affine:
            kw = {} if dtype is None else {"dtype": dtype}
            self.weight = Parameter(_core.full(list(self.normalized_shape), 1.0, **kw))
        else:
            self.weight = None

    def reset_parameters(self):
        if self.weight is not None:
            init.ones_(self.weight)

    def forward(self, x):
        return rms_norm(x, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self):
        return (
            f"{self.normalized_shape}, eps={self.eps}, "
            f"elementwise_affine={self.elementwise_affine}"
        )


# ---- bilinear ----


def bilinear(input1, input2, weight, bias=None):
    for i, (t, name) in enumerate(((input1, "input1"), (input2, "input2"), (weight, "weight"))):
        if not isinstance(t, Tensor):
            not_tensor("bilinear", t, name, i + 1)
    if input1.dim() != input2.dim():
        raise RuntimeError(
            f"bilinear(): input dimensions do not match: got {input1.dim()} and {input2.dim()}"
        )
    for i in range(input1.dim() - 1):
        if input1.shape[i] != input2.shape[i]:
            raise RuntimeError(
                f"bilinear(): input batch dimensions do not match at dim {i}: got "
                f"{input1.shape[i]} and {input2.shape[i]}"
            )
    if input1.shape[-1] != weight.shape[1]:
        raise RuntimeError(
            "bilinear(): input1 size does not match weight size: got "
            f"{input1.shape[-1]} but expected {weight.shape[1]}"
        )
    if input2.shape[-1] != weight.shape[2]:
        raise RuntimeError(
            "bilinear(): input2 size does not match weight size: got "
            f"{input2.shape[-1]} but expected {weight.shape[2]}"
        )
    if bias is not None and bias.shape[0] != weight.shape[0]:
        raise RuntimeError(
            "bilinear(): bias size does not match weight size: got "
            f"{bias.shape[0]} but expected {weight.shape[0]}"
        )
    out_shape = list(input1.shape[:-1]) + [weight.shape[0]]
    a = input1.reshape(-1, input1.shape[-1])
    b = input2.reshape(-1, input2.shape[-1])

    def trilinear(a, w, b):
        # out[n, o] = sum_ij a[n, i] w[o, i, j] b[n, j]
        from .. import einsum

        return einsum("ni,oij,nj->no", a, w, b)

    out = fused("TrilinearBackward0", trilinear, [a, weight, b]).reshape(out_shape)
    return out if bias is None else out + bias


class Bilinear(Module):
    def __init__(self, in1_features, in2_features, out_features, bias=True, device=None,
                 dtype=None):
        super().__init__()
        self.in1_features, self.in2_features = in1_features, in2_features
        self.out_features = out_features
        kw = {} if dtype is None else {"dtype": dtype}
        self.weight = Parameter(_core.full([out_features, in1_features, in2_features], 0.0, **kw))
        self.bias = Parameter(_core.full([out_features], 0.0, **kw)) if bias else None
        self.reset_parameters()

    def reset_parameters(self):
        # torch: bound = 1 / sqrt(weight.size(1)) for weight and bias alike
        bound = 1 / math.sqrt(self.weight.size(1))
        init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input1, input2):
        return bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self):
        return (
            f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
            f"out_features={self.out_features}, bias={self.bias is not None}"
        )


# ---- 1-d adaptive average pooling ----


def adaptive_avg_pool1d(input, output_size):
    from .._checks import int_list

    if not isinstance(input, Tensor):
        not_tensor("adaptive_avg_pool1d", input)
    size = int_list("adaptive_avg_pool1d", "output_size", output_size, 2)
    if input.dim() not in (2, 3):
        raise RuntimeError(
            f"Expected 2 to 3 dimensions, but got {input.dim()}-dimensional tensor for argument "
            "#1 'self' (while checking arguments for adaptive_avg_pool1d)"
        )
    if len(size) != 1:
        raise RuntimeError(
            "adaptive_avg_pool1d() argument 'output_size' should contain one int "
            f"(got {len(size)})"
        )
    # torch: adaptive_avg_pool2d(self.unsqueeze(-2), {1, n}).squeeze(-2)
    return F.adaptive_avg_pool2d(input.unsqueeze(-2), [1, size[0]]).squeeze(-2)


class AdaptiveAvgPool1d(Module):
    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def forward(self, input):
        return adaptive_avg_pool1d(input, self.output_size)

    def extra_repr(self):
        return f"output_size={self.output_size}"


# ---- Softmax2d ----


class Softmax2d(Module):
    def forward(self, input):
        if input.dim() not in (3, 4):
            raise ValueError(
                f"Softmax2d: expected input to be 3D or 4D, got {input.dim()}D instead"
            )
        return F.softmax(input, -3, _stacklevel=5)


# ---- circular padding ----


class _CircularPadNd(Module):
    _dims = 1

    def __init__(self, padding):
        super().__init__()
        # torch's _pair / _quadruple / _ntuple(6): an int for every side
        if isinstance(padding, int):
            padding = (padding,) * (2 * self._dims)
        self.padding = tuple(padding)

    def forward(self, input):
        if input.dim() not in (self._dims + 1, self._dims + 2):
            raise ValueError(
                f"expected {self._dims + 1}D or {self._dims + 2}D input (got {input.dim()}D input)"
            )
        return F.pad(input, self.padding, "circular")

    def extra_repr(self):
        return f"{self.padding}"


class CircularPad1d(_CircularPadNd):
    _dims = 1


class CircularPad2d(_CircularPadNd):
    _dims = 2


class CircularPad3d(_CircularPadNd):
    _dims = 3


# ---- local response norm ----


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    dim = input.dim()
    if dim < 3:
        # torch's message has this run of spaces (a wrapped string literal)
        raise ValueError(
            f"Expected 3D or higher dimensionality{' ' * 26}input (got {dim} dimensions)"
        )
    if input.numel() == 0:
        return input
    div = input.mul(input)
    if dim == 3:
        div = div.unsqueeze(1)
        div = F.pad(div, (0, 0, size // 2, (size - 1) // 2))
        div = F.avg_pool2d(div, (size, 1), stride=1).squeeze(1)
    else:
        sizes = list(input.shape)
        div = div.view(sizes[0], 1, sizes[1], sizes[2], -1)
        div = F.pad(div, (0, 0, 0, 0, size // 2, (size - 1) // 2))
        div = F.avg_pool3d(div, (size, 1, 1), stride=1).squeeze(1).view(sizes)
    div = div.mul(alpha).add(k).pow(beta)
    return input / div


class LocalResponseNorm(Module):
    def __init__(self, size, alpha=1e-4, beta=0.75, k=1.0):
        super().__init__()
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def forward(self, input):
        return local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self):
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"


# ---- alpha dropout ----

_ALPHA = 1.7580993408473766  # SELU's alpha * scale, torch's constant


def _alpha_dropout(input, p, training, inplace, feature, name):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not isinstance(input, Tensor):
        not_tensor(name + ("_" if inplace else ""), input)
    if p == 0 or not training or input.numel() == 0:
        return input
    from .. import empty, empty_like, zeros

    if p == 1:
        zero = zeros((), dtype=input.dtype)
        return input.mul_(zero) if inplace else input * zero
    # torch's _dropout_impl: noise = bernoulli_(1 - p) (per channel if feature),
    # b = (noise - 1) * (alpha * a) + alpha * a * p, noise *= a, x * noise + b
    if feature:
        if input.dim() < 2:
            raise RuntimeError(
                "Feature dropout requires at least 2 dimensions in the input"
            )
        shape = list(input.shape[:2]) + [1] * (input.dim() - 2)
        noise = empty(shape, dtype=input.dtype)
    else:
        noise = empty_like(input)
    with no_grad():
        noise.bernoulli_(1 - p)
        a = 1.0 / math.sqrt((_ALPHA * _ALPHA * p + 1) * (1 - p))
        b = noise.add(-1).mul_(_ALPHA * a).add_(_ALPHA * a * p)
        noise.mul_(a)
    out = input.mul_(noise) if inplace else input * noise
    return out.add_(b)


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    return _alpha_dropout(input, p, training, inplace, False, "alpha_dropout")


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    return _alpha_dropout(input, p, training, inplace, True, "feature_alpha_dropout")


class AlphaDropout(Module):
    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p, self.inplace = p, inplace

    def forward(self, input):
        return alpha_dropout(input, self.p, self.training)

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"


class FeatureAlphaDropout(AlphaDropout):
    def forward(self, input):
        return feature_alpha_dropout(input, self.p, self.training)


# ---- Gumbel softmax ----


def gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1):
    import warnings

    from .. import empty_like, zeros_like

    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.", stacklevel=2)
    # torch: -empty_like(logits).exponential_().log(), added, divided by tau
    gumbels = -empty_like(logits).exponential_().log()
    gumbels = (logits + gumbels) / tau
    y_soft = gumbels.softmax(dim)
    if not hard:
        return y_soft
    index = y_soft.max(dim, keepdim=True)[1]
    y_hard = zeros_like(logits).scatter_(dim, index, 1.0)
    return y_hard - y_soft.detach() + y_soft


# ---- multilabel margin loss ----


def multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    from .. import arange, int64
    from ._losses_extra import _check_reduction, _legacy, _reduce

    reduction = _legacy(size_average, reduce, reduction)
    _check_reduction(reduction)
    dims = input.dim()
    if not ((dims == 2 and input.size(1) != 0) or (dims == 1 and input.size(0) != 0)
            or dims == 0):
        raise RuntimeError(
            "Expected non-empty vector or matrix with optional 0-dim batch size, but got: "
            f"{list(input.shape)}"
        )
    if dims <= 1:
        classes = 1 if dims == 0 else input.size(0)
        if not (target.dim() <= 1 and target.numel() == classes):
            raise RuntimeError(
                f"inconsistent target size: {list(target.shape)} for input of size: "
                f"{list(input.shape)}"
            )
    else:
        classes = input.size(1)
        if not (target.dim() == 2 and list(target.shape) == list(input.shape)):
            raise RuntimeError(
                f"inconsistent target size: {list(target.shape)} for input of size: "
                f"{list(input.shape)}"
            )
    if target.dtype != int64:
        from .._checks import SCALAR_TYPE_NAMES

        raise RuntimeError(
            f"expected scalar type Long but found {SCALAR_TYPE_NAMES[target.dtype]}"
        )
    labels = target.reshape(-1, classes)
    if labels.numel() and (int(labels.min()) < -1 or int(labels.max()) >= classes):
        raise RuntimeError("argument #2 'target' is out of range")
    # a row's targets are its labels before the first -1 (duplicates count again)
    valid = (labels == -1).long().cumsum(1) == 0
    picked = labels.clamp_min(0)
    one_hot = (picked.unsqueeze(-1) == arange(classes)) & valid.unsqueeze(-1)
    is_target = one_hot.any(1)
    pairs = (valid.unsqueeze(-1) & ~is_target.unsqueeze(1)).to(input.dtype)
    batched = dims == 2

    def compute(x):
        x = x.reshape(-1, classes)
        chosen = x.gather(1, picked)
        # torch's kernel: each (target j, non-target i) adds max(0, 1 - (x[j] - x[i])),
        # and its gradient only where that is positive (relu's, not clamp's, at 0)
        margins = (1 - chosen.unsqueeze(-1) + x.unsqueeze(1)).relu()
        per_row = (margins * pairs).sum((1, 2)) / classes
        if not batched:
            per_row = per_row.squeeze(0)
        return _reduce(per_row, reduction)

    return fused("MultilabelMarginLossBackward0", compute, [input])


class MultiLabelMarginLoss(Module):
    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        from ._losses_extra import _legacy

        super().__init__()
        self.reduction = _legacy(size_average, reduce, reduction)

    def forward(self, input, target):
        return multilabel_margin_loss(input, target, reduction=self.reduction)


# ---- LazyLinear ----


class LazyLinear(Module):
    """A Linear whose in_features is the last size of its first input; it
    draws its initial values then (torch's Linear init, in its order) and
    becomes a Linear, as torch's does."""

    def __init__(self, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in_features, self.out_features = 0, out_features
        self._dtype = dtype
        # stand-ins for torch's UninitializedParameter: same names, no values
        self.weight = Parameter(_core.full([0], 0.0))
        self.bias = Parameter(_core.full([0], 0.0)) if bias else None

    def has_uninitialized_params(self):
        return self.in_features == 0 and self.weight.numel() == 0

    def initialize_parameters(self, input):
        from .modules import Linear

        if not self.has_uninitialized_params():
            return
        in_features = input.shape[-1]
        made = Linear(in_features, self.out_features, self.bias is not None)
        self.in_features = in_features
        if self._dtype is not None:
            made = made.to(self._dtype)
        self.weight = made.weight
        if self.bias is not None:
            self.bias = made.bias

    def forward(self, input):
        from .modules import Linear

        self.initialize_parameters(input)
        self.__class__ = Linear
        del self._dtype
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self):
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )


# ---- affine_grid / grid_sample ----

_ALIGN_WARNING = (
    "Default grid_sample and affine_grid behavior has changed to align_corners=False since "
    "1.3.0. Please specify align_corners=True if the old behavior is desired. See the "
    "documentation of grid_sample for details."
)


def _linspace_from_neg_one(theta, steps, align_corners):
    """torch's base-grid axis: linspace(-1, 1), shrunk by (n - 1) / n
    (a multiply then a divide, as torch rounds it) without align_corners."""
    from .. import linspace, tensor

    if steps <= 1:
        return tensor(0.0, dtype=theta.dtype)
    axis = linspace(-1, 1, steps, dtype=theta.dtype)
    return axis if align_corners else axis * (steps - 1) / steps


def _affine_grid_generator(theta, size, align_corners):
    from .. import empty

    n, spatial = size[0], list(size[2:])
    base = empty([n] + spatial + [len(spatial) + 1], dtype=theta.dtype)
    # the last axis of each point is (x, y[, z], 1): x runs along the last dim
    for k in range(len(spatial)):
        axis = _linspace_from_neg_one(theta, spatial[-1 - k], align_corners)
        for _ in range(k):
            axis = axis.unsqueeze(-1)
        base.select(-1, k).copy_(axis)
    base.select(-1, len(spatial)).fill_(1)
    points = math.prod(spatial)

    def generate(t):
        grid = base.view(n, points, len(spatial) + 1).bmm(t.transpose(1, 2))
        return grid.view([n] + spatial + [len(spatial)])

    return fused("AffineGridGeneratorBackward0", generate, [theta])


def affine_grid(theta, size, align_corners=None):
    import warnings

    if align_corners is None:
        warnings.warn(_ALIGN_WARNING, stacklevel=2)
        align_corners = False
    if not theta.is_floating_point():
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    if len(size) == 4:
        if theta.dim() != 3 or theta.shape[-2] != 2 or theta.shape[-1] != 3:
            raise ValueError(
                f"Expected a batch of 2D affine matrices of shape Nx2x3 for size {size}. "
                f"Got {theta.shape}."
            )
        spatial_size = size[-2:]
    elif len(size) == 5:
        if theta.dim() != 3 or theta.shape[-2] != 3 or theta.shape[-1] != 4:
            raise ValueError(
                f"Expected a batch of 3D affine matrices of shape Nx3x4 for size {size}. "
                f"Got {theta.shape}."
            )
        spatial_size = size[-3:]
    else:
        raise NotImplementedError(
            "affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, "
            f"respectively. Got size {size}."
        )
    if align_corners and min(spatial_size) == 1:
        warnings.warn(
            "Since version 1.3.0, affine_grid behavior has changed for unit-size grids when "
            "align_corners=True. This is not an intended use case of affine_grid. See the "
            "documentation of affine_grid for details.",
            stacklevel=2,
        )
    elif min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {size}")
    return _affine_grid_generator(theta, list(size), align_corners)


def _source_index(coord, size, padding_mode, align_corners):
    """torch's CPU grid sampler: a grid coordinate in [-1, 1] to a pixel
    position, then clipped (border) or reflected and clipped (reflection)."""
    if align_corners:
        pos = (coord + 1) * ((size - 1) / 2)
    else:
        pos = (coord + 1) * (size / 2) - 0.5
    if padding_mode == "reflection":
        # fold into one span: |x| (about -0.5 without align_corners) modulo
        # twice the span, mirrored back into the span
        twice = 2 * (size - 1) if align_corners else 2 * size
        if twice == 0:
            pos = pos * 0
        else:
            shifted = pos if align_corners else pos + 0.5
            absolute = shifted.abs()
            flips = (absolute / twice).detach().trunc()
            extra = absolute - flips * twice
            pos = _minimum(extra, twice - extra)
            if not align_corners:
                pos = pos - 0.5
    if padding_mode in ("border", "reflection"):
        pos = _clip(pos, size - 1)
    return pos


def _minimum(a, b):
    from .. import where

    return where(a <= b, a, b)


def _clip(pos, limit):
    """min(limit, max(pos, 0)), with no gradient at or past the limits (torch's)."""
    from .. import where

    inside = (pos > 0) & (pos < limit)
    return where(inside, pos, pos.detach().clamp(0, limit))


def _grid_sample_2d(inp, grid, mode, padding_mode, align_corners):
    n, c, h, w = inp.shape
    ho, wo = grid.shape[1], grid.shape[2]
    ix = _source_index(grid.select(-1, 0), w, padding_mode, align_corners)
    iy = _source_index(grid.select(-1, 1), h, padding_mode, align_corners)
    flat = inp.reshape(n, c, h * w)

    def corner(x, y):
        """Values at integer positions (x, y) of each plane, zero outside."""
        inside = (x >= 0) & (x <= w - 1) & (y >= 0) & (y <= h - 1)
        index = (y.clamp(0, h - 1) * w + x.clamp(0, w - 1)).long().reshape(n, 1, ho * wo)
        values = flat.gather(2, index.expand(n, c, ho * wo)).reshape(n, c, ho, wo)
        return values * inside.unsqueeze(1).to(inp.dtype)

    if mode == "nearest":
        return corner(ix.detach().round(), iy.detach().round())
    x0, y0 = ix.detach().floor(), iy.detach().floor()
    # torch: distances w, n to the west and north sides; e = 1 - w, s = 1 - n
    west, north = ix - x0, iy - y0
    east, south = 1 - west, 1 - north
    nw, ne, sw, se = south * east, south * west, north * east, north * west
    return (
        corner(x0, y0) * nw.unsqueeze(1)
        + corner(x0 + 1, y0) * ne.unsqueeze(1)
        + corner(x0, y0 + 1) * sw.unsqueeze(1)
        + corner(x0 + 1, y0 + 1) * se.unsqueeze(1)
    )


def _cubic_coefficients(t):
    """torch's cubic convolution weights (A = -0.75) of the taps at -1, 0, 1, 2
    for a fraction ``t``, written as its kernel writes them."""
    a = -0.75

    def far(x):
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a

    def near(x):
        return ((a + 2) * x - (a + 3)) * x * x + 1

    return [far(t + 1), near(t), near(1 - t), far(2 - t)]


def _tap(pos, size, padding_mode, align_corners):
    """A bicubic tap's integer position after padding (torch's
    compute_coordinates): clipped, or reflected then clipped; no gradient."""
    if padding_mode == "zeros":
        return pos
    return _source_index_padding(pos, size, padding_mode, align_corners).detach()


def _source_index_padding(pos, size, padding_mode, align_corners):
    if padding_mode == "reflection":
        twice = 2 * (size - 1) if align_corners else 2 * size
        if twice == 0:
            return pos * 0
        shifted = pos if align_corners else pos + 0.5
        absolute = shifted.abs()
        extra = absolute - (absolute / twice).trunc() * twice
        pos = _minimum(extra, twice - extra)
        if not align_corners:
            pos = pos - 0.5
    return pos.clamp(0, size - 1)


def _grid_sample_bicubic(inp, grid, padding_mode, align_corners):
    n, c, h, w = inp.shape
    ho, wo = grid.shape[1], grid.shape[2]
    ix = _source_index(grid.select(-1, 0), w, "zeros", align_corners)
    iy = _source_index(grid.select(-1, 1), h, "zeros", align_corners)
    flat = inp.reshape(n, c, h * w)
    x0, y0 = ix.detach().floor(), iy.detach().floor()
    cx, cy = _cubic_coefficients(ix - x0), _cubic_coefficients(iy - y0)

    def value(x, y):
        x = _tap(x, w, padding_mode, align_corners)
        y = _tap(y, h, padding_mode, align_corners)
        inside = (x >= 0) & (x <= w - 1) & (y >= 0) & (y <= h - 1)
        index = (y.clamp(0, h - 1) * w + x.clamp(0, w - 1)).long().reshape(n, 1, ho * wo)
        values = flat.gather(2, index.expand(n, c, ho * wo)).reshape(n, c, ho, wo)
        return values * inside.unsqueeze(1).to(inp.dtype)

    out = None
    for i in range(4):
        row = None
        for j in range(4):
            term = cx[j].unsqueeze(1) * value(x0 - 1 + j, y0 - 1 + i)
            row = term if row is None else row + term
        term = cy[i].unsqueeze(1) * row
        out = term if out is None else out + term
    return out


def _grid_sample_3d(inp, grid, mode, padding_mode, align_corners):
    """The 5-d (volumetric) sampler: trilinear over the 8 corners around each
    point, in torch's order (top before bottom, north before south, west
    before east), or the nearest voxel."""
    n, c, d, h, w = inp.shape
    do, ho, wo = grid.shape[1], grid.shape[2], grid.shape[3]
    points = do * ho * wo
    ix = _source_index(grid.select(-1, 0), w, padding_mode, align_corners)
    iy = _source_index(grid.select(-1, 1), h, padding_mode, align_corners)
    iz = _source_index(grid.select(-1, 2), d, padding_mode, align_corners)
    flat = inp.reshape(n, c, d * h * w)

    def corner(x, y, z):
        inside = (x >= 0) & (x <= w - 1) & (y >= 0) & (y <= h - 1) & (z >= 0) & (z <= d - 1)
        index = (z.clamp(0, d - 1) * (h * w) + y.clamp(0, h - 1) * w + x.clamp(0, w - 1))
        index = index.long().reshape(n, 1, points)
        values = flat.gather(2, index.expand(n, c, points)).reshape(n, c, do, ho, wo)
        return values * inside.unsqueeze(1).to(inp.dtype)

    if mode == "nearest":
        return corner(ix.detach().round(), iy.detach().round(), iz.detach().round())
    x0, y0, z0 = ix.detach().floor(), iy.detach().floor(), iz.detach().floor()
    x1, y1, z1 = x0 + 1, y0 + 1, z0 + 1
    out = None
    for zc, zw in ((z0, z1 - iz), (z1, iz - z0)):
        for yc, yw in ((y0, y1 - iy), (y1, iy - y0)):
            for xc, xw in ((x0, x1 - ix), (x1, ix - x0)):
                term = corner(xc, yc, zc) * (xw * yw * zw).unsqueeze(1)
                out = term if out is None else out + term
    return out


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    import warnings

    from .._checks import SCALAR_TYPE_NAMES

    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError(
            "nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or "
            f"'bicubic', but got: '{mode}'"
        )
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError(
            "nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
            f"'reflection', but got: '{padding_mode}'"
        )
    if align_corners is None:
        warnings.warn(_ALIGN_WARNING, stacklevel=2)
        align_corners = False
    isizes, gsizes = list(input.shape), list(grid.shape)
    if isizes[0] != gsizes[0]:
        raise RuntimeError(
            "grid_sampler(): expected grid and input to have same batch size, but got input "
            f"with sizes {isizes} and grid with sizes {gsizes}"
        )
    if gsizes[-1] != input.dim() - 2:
        raise RuntimeError(
            f"grid_sampler(): expected grid to have size {input.dim() - 2} in last dimension, "
            f"but got grid with sizes {gsizes}"
        )
    for i in range(2, input.dim()):
        if isizes[i] <= 0:
            raise RuntimeError(
                "grid_sampler(): expected input to have non-empty spatial dimensions, but "
                f"input has sizes {isizes} with dimension {i} being empty"
            )
    volumetric = input.dim() == 5 and grid.dim() == 5
    if (input.dim() != 4 or grid.dim() != 4) and not volumetric:
        # torch sends every input but a 4-D one to its 3-d sampler, which wants 5-D
        want = 4 if input.dim() == 4 else 5
        raise RuntimeError(
            f"grid_sampler(): expected {want}D input and grid with same number of dimensions, "
            f"but got input with sizes {isizes} and grid with sizes {gsizes}"
        )
    if volumetric and mode == "bicubic":
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
    if input.dtype != grid.dtype:  # the kernel reads both as input's type
        raise RuntimeError(
            f"expected scalar type {SCALAR_TYPE_NAMES.get(input.dtype)} but found "
            f"{SCALAR_TYPE_NAMES.get(grid.dtype)}"
        )
    if mode == "bicubic":
        return fused(
            "GridSampler2DBackward0",
            lambda i, g: _grid_sample_bicubic(i, g, padding_mode, align_corners),
            [input, grid],
        )
    sample, name = (
        (_grid_sample_3d, "GridSampler3DBackward0")
        if volumetric
        else (_grid_sample_2d, "GridSampler2DBackward0")
    )
    return fused(
        name, lambda i, g: sample(i, g, mode, padding_mode, align_corners), [input, grid]
    )


# ---- embedding bag ----


def embedding_bag(
    input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False,
    mode="mean", sparse=False, per_sample_weights=None, include_last_offset=False,
    padding_idx=None,
):
    import warnings

    from .. import arange, int64

    if weight.dtype == int64 and input.is_floating_point():
        warnings.warn(
            "Argument order of nn.functional.embedding_bag was changed. Usage "
            "`embedding_bag(weight, input, ...)` is deprecated, and should now be "
            "`embedding_bag(input, weight, ...)`.",
            stacklevel=2,
        )
        weight, input = input, weight
    if per_sample_weights is not None and input.size() != per_sample_weights.size():
        raise ValueError(
            f"embedding_bag: If per_sample_weights ({per_sample_weights.shape}) is not None, "
            f"then it must have the same shape as the input ({input.shape})"
        )
    if weight.dim() != 2:
        raise ValueError(f"weight has to be a 2D Tensor, but got Tensor of dimension {weight.dim()}")
    if input.dim() == 2:
        if offsets is not None:
            raise ValueError(
                "if input is 2D, then offsets has to be None, as input is treated is a "
                "mini-batch of fixed length sequences. However, found offsets of type "
                # ferrograd's Tensor is torch's, as torch prints it
                + ("<class 'torch.Tensor'>" if type(offsets) is Tensor else str(type(offsets)))
            )
        offsets = arange(0, input.numel(), input.size(1), dtype=input.dtype)
        include_last_offset = False
        input = input.reshape(-1)
        if per_sample_weights is not None:
            per_sample_weights = per_sample_weights.reshape(-1)
    elif input.dim() == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.dim() != 1:
            raise ValueError("offsets has to be a 1D Tensor")
    else:
        raise ValueError(
            f"input has to be 1D or 2D Tensor, but got Tensor of dimension {input.dim()}"
        )
    if mode not in ("sum", "mean", "max"):
        raise ValueError("mode has to be one of sum, mean or max")
    if mode == "max" and scale_grad_by_freq:
        raise ValueError("max mode does not support scaling the gradient by the frequency")
    if mode == "max" and sparse:
        raise ValueError("max mode does not support sparse weights")
    if max_norm is not None:
        from .. import where

        with no_grad():
            # torch's embedding_renorm_: each row used whose norm is above max_norm
            # is scaled by max_norm / (norm + 1e-7)
            rows = input.reshape(-1).unique()
            norms = weight.index_select(0, rows).norm(norm_type, 1)
            scale = where(norms > max_norm, max_norm / (norms + 1e-7), 1.0)
            weight.index_copy_(0, rows, weight.index_select(0, rows) * scale.unsqueeze(1))
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(
            "embedding_bag: per_sample_weights was not None. per_sample_weights is only "
            f"supported for mode='sum' (got mode='{mode}'). Please open a feature request on "
            "GitHub."
        )
    if scale_grad_by_freq or sparse:
        raise NotImplementedError(
            "ferrograd: embedding_bag with scale_grad_by_freq or sparse is not implemented"
        )
    return _embedding_bag(input, weight, offsets, mode, per_sample_weights,
                          include_last_offset, padding_idx)


def _embedding_bag(input, weight, offsets, mode, per_sample_weights, include_last_offset,
                   padding_idx):
    from .. import int64

    if input.dtype not in (int64, _core.int32):
        from .._checks import SCALAR_TYPE_NAMES

        raise RuntimeError(
            "Expected tensor for argument #1 'indices' to have one of the following scalar "
            f"types: Long, Int; but got torch.{SCALAR_TYPE_NAMES[input.dtype]}Tensor instead "
            "(while checking arguments for embedding_bag)"
        )
    n = input.numel()
    offs = [int(o) for o in offsets.tolist()]
    if offs and offs[0] != 0:
        raise RuntimeError(
            "offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start "
            f"from position 0. However, got {offs[0]}"
        )
    if offs and offs[-1] > n:
        raise RuntimeError(
            f"offsets[-1] can not be greater than input's length {n} but got offsets[-1] of "
            f"{offs[-1]}"
        )
    num = weight.size(0)
    if padding_idx is not None and padding_idx < 0:
        padding_idx += num
    if n and (int(input.min()) < 0 or int(input.max()) >= num):
        raise RuntimeError(
            "Expected i < index_size to be true, but got false.  (Could this error message be "
            "improved?  If so, please report an enhancement request to PyTorch.)"
        )
    bags = len(offs) - 1 if include_last_offset else len(offs)
    ends = offs[1:] + ([] if include_last_offset else [n])
    # membership[b, i]: position i is in bag b and is not padding
    member = [[0.0] * n for _ in range(bags)]
    index = input.tolist()
    for b in range(bags):
        for i in range(offs[b], ends[b]):
            if index[i] != padding_idx:
                member[b][i] = 1.0
    from .. import tensor

    membership = tensor(member, dtype=weight.dtype).reshape(bags, n)
    counts = membership.sum(1, keepdim=True)
    positions = input.to(int64)
    psw = [] if per_sample_weights is None else [per_sample_weights]

    def compute(w, *scales):
        rows = w.index_select(0, positions)
        if scales:
            rows = rows * scales[0].unsqueeze(1)
        if mode == "max":
            from .. import where

            picked = where(membership.unsqueeze(-1) > 0, rows.unsqueeze(0), float("-inf"))
            if n == 0:
                return w.new_zeros((bags, w.size(1)))
            best = picked.max(1).values
            return where(counts > 0, best, 0.0)
        # each bag's rows added in order
        out = (membership.unsqueeze(-1) * rows.unsqueeze(0)).sum(1)
        if mode == "mean":
            out = out / counts.clamp_min(1)
        return out

    return fused("EmbeddingBagBackward0", compute, [weight] + psw)


class EmbeddingBag(Module):
    def __init__(
        self, num_embeddings, embedding_dim, max_norm=None, norm_type=2.0,
        scale_grad_by_freq=False, mode="mean", sparse=False, _weight=None,
        include_last_offset=False, padding_idx=None, device=None, dtype=None,
    ):
        super().__init__()
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.max_norm, self.norm_type = max_norm, norm_type
        self.scale_grad_by_freq = scale_grad_by_freq
        if padding_idx is not None:
            if padding_idx > 0:
                if padding_idx >= num_embeddings:
                    raise AssertionError("padding_idx must be within num_embeddings")
            elif padding_idx < 0:
                if padding_idx < -num_embeddings:
                    raise AssertionError("padding_idx must be within num_embeddings")
                padding_idx = num_embeddings + padding_idx
        self.padding_idx = padding_idx
        if _weight is None:
            kw = {} if dtype is None else {"dtype": dtype}
            self.weight = Parameter(_core.full([num_embeddings, embedding_dim], 0.0, **kw))
            self.reset_parameters()
        else:
            if list(_weight.shape) != [num_embeddings, embedding_dim]:
                raise AssertionError(
                    "Shape of weight does not match num_embeddings and embedding_dim"
                )
            self.weight = Parameter(_weight)
        self.mode, self.sparse = mode, sparse
        self.include_last_offset = include_last_offset

    def reset_parameters(self):
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with no_grad():
                self.weight[self.padding_idx].fill_(0)

    def forward(self, input, offsets=None, per_sample_weights=None):
        return embedding_bag(
            input, self.weight, offsets, self.max_norm, self.norm_type,
            self.scale_grad_by_freq, self.mode, self.sparse, per_sample_weights,
            self.include_last_offset, self.padding_idx,
        )

    def extra_repr(self):
        s = "{num_embeddings}, {embedding_dim}"
        if self.max_norm is not None:
            s += ", max_norm={max_norm}"
        if self.norm_type != 2:
            s += ", norm_type={norm_type}"
        if self.scale_grad_by_freq is not False:
            s += ", scale_grad_by_freq={scale_grad_by_freq}"
        s += ", mode={mode}"
        if self.padding_idx is not None:
            s += ", padding_idx={padding_idx}"
        names = ("num_embeddings", "embedding_dim", "max_norm", "norm_type",
                 "scale_grad_by_freq", "mode", "padding_idx")
        return s.format(**{k: repr(getattr(self, k)) for k in names})

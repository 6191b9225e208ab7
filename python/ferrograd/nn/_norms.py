"""Group and instance normalization.

``group_norm`` is one node in torch (NativeGroupNormBackward0): here its
statistics and scaling are ordinary ops recorded as that one node (see
``_fused``). ``instance_norm`` is, in torch as here, batch norm over the
input viewed as one image whose channels are every (image, channel) pair."""

import warnings

from .. import _core
from .._checks import SCALAR_TYPE_NAMES
from .._fused import fused
from .._grad_mode import no_grad
from .._size import Size
from .modules import Module, Parameter, _BatchNorm

Tensor = _core.Tensor


def _channel_shape(input, vector):
    """`vector` (one value per channel) shaped to broadcast over `input`."""
    return vector.reshape([1, -1] + [1] * (input.dim() - 2))


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-05):
    if input.dim() < 2:
        raise RuntimeError(
            f"Expected at least 2 dimensions for input tensor but received {input.dim()}"
        )
    batch, channels = input.size(0), input.size(1)
    _expect_more_than_one([batch * channels // num_groups, num_groups, *input.shape[2:]])
    shape = list(input.shape)
    if channels % num_groups != 0:
        raise RuntimeError(
            "Expected number of channels in input to be divisible by num_groups, but got input "
            f"of shape {shape} and num_groups={num_groups}"
        )
    # torch's message for a bad bias shows the weight's shape (or [0])
    weight_shape = [0] if weight is None else list(weight.shape)
    for name, vector in (("weight", weight), ("bias", bias)):
        if vector is not None and (vector.dim() != 1 or vector.numel() != channels):
            raise RuntimeError(
                f"Expected {name} to be a vector of size equal to the number of channels in "
                f"input, but got {name} of shape {weight_shape} and input of shape {shape}"
            )
    if not input.is_floating_point():
        raise NotImplementedError(
            f'"GroupNormKernelImpl" not implemented for \'{SCALAR_TYPE_NAMES[input.dtype]}\''
        )
    has_weight, has_bias = weight is not None, bias is not None
    from .. import ones, zeros

    # absent affine terms are constants: edges to nothing, as torch's are
    weight = weight if has_weight else ones(channels, dtype=input.dtype)
    bias = bias if has_bias else zeros(channels, dtype=input.dtype)

    def normalize(x, w, b):
        grouped = x.reshape(batch, num_groups, -1)
        mean = grouped.mean(-1, keepdim=True)
        var = grouped.var(-1, correction=0, keepdim=True)
        y = ((grouped - mean) * (var + eps).rsqrt()).reshape(shape)
        if has_weight:
            y = y * _channel_shape(x, w)
        if has_bias:
            y = y + _channel_shape(x, b)
        return y

    return fused("NativeGroupNormBackward0", normalize, [input, weight, bias])


def _expect_more_than_one(size):
    """torch's check that each normalized channel (all but dim 1) has two
    values; its message shows the sizes as a list."""
    count = size[0]
    for s in size[2:]:
        count *= s
    if count == 1:
        raise ValueError(
            f"Expected more than 1 value per channel when training, got input size {size}"
        )


def instance_norm(
    input,
    running_mean=None,
    running_var=None,
    weight=None,
    bias=None,
    use_input_stats=True,
    momentum=0.1,
    eps=1e-05,
):
    from . import functional as F

    shape = list(input.shape)
    if use_input_stats:
        spatial = 1
        for s in shape[2:]:
            spatial *= s
        if spatial == 1:
            raise ValueError(
                "Expected more than 1 spatial element when training, got input size "
                f"{Size(shape)!r}"
            )
    batch, channels = shape[0], shape[1]

    def repeated(t):
        return None if t is None else t.repeat(batch)

    weight_, bias_ = repeated(weight), repeated(bias)
    mean_, var_ = repeated(running_mean), repeated(running_var)
    as_one_image = input.contiguous().view([1, batch * channels] + shape[2:])
    out = F.batch_norm(as_one_image, mean_, var_, weight_, bias_, use_input_stats, momentum, eps)
    with no_grad():
        # the statistics of the repeated copies, averaged back per channel
        if running_mean is not None:
            running_mean.copy_(mean_.view(batch, channels).mean(0))
        if running_var is not None:
            running_var.copy_(var_.view(batch, channels).mean(0))
    return out.view(shape)


class GroupNorm(Module):
    def __init__(
        self, num_groups, num_channels, eps=1e-05, affine=True, device=None, dtype=None, bias=True
    ):
        super().__init__()
        if num_channels % num_groups != 0:
            raise ValueError(
                f"num_channels ({num_channels}) must be divisible by num_groups ({num_groups})"
            )
        self.num_groups, self.num_channels, self.eps, self.affine = (
            num_groups,
            num_channels,
            eps,
            affine,
        )
        dtype = dtype or _core.float32
        if affine:
            self.weight = Parameter(_core.full([num_channels], 1.0, dtype))
            self.bias = Parameter(_core.full([num_channels], 0.0, dtype)) if bias else None
        else:
            self.weight = self.bias = None

    def reset_parameters(self):
        if self.affine:
            with no_grad():
                self.weight.fill_(1)
                if self.bias is not None:
                    self.bias.zero_()

    def forward(self, input):
        return group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return (
            f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
            f"bias={self.bias is not None}"
        )


class _InstanceNorm(_BatchNorm):
    """InstanceNorm1d/2d: batch norm's parameters, buffers and repr, with
    torch's other defaults (no affine, no running statistics)."""

    _ranks = (3,)

    def __init__(
        self,
        num_features,
        eps=1e-05,
        momentum=0.1,
        affine=False,
        track_running_stats=False,
        device=None,
        dtype=None,
        bias=True,
    ):
        super().__init__(
            num_features, eps, momentum, affine, track_running_stats, device, dtype, bias
        )

    def forward(self, input):
        unbatched = self._ranks[0] - 1
        if input.dim() not in (unbatched, self._ranks[0]):
            raise ValueError(
                f"expected {unbatched}D or {self._ranks[0]}D input (got {input.dim()}D input)"
            )
        feature_dim = input.dim() - unbatched
        if input.size(feature_dim) != self.num_features:
            if self.affine:
                raise ValueError(
                    f"expected input's size at dim={feature_dim} to match num_features "
                    f"({self.num_features}), but got: {input.size(feature_dim)}."
                )
            warnings.warn(
                f"input's size at dim={feature_dim} does not match num_features. You can "
                "silence this warning by not passing in num_features, which is not used "
                "because affine=False",
                stacklevel=2,
            )
        batched = input.dim() == self._ranks[0]
        out = instance_norm(
            input if batched else input.unsqueeze(0),
            self.running_mean,
            self.running_var,
            self.weight,
            self.bias,
            self.training or not self.track_running_stats,
            self.momentum if self.momentum is not None else 0.0,
            self.eps,
        )
        return out if batched else out.squeeze(0)


class InstanceNorm1d(_InstanceNorm):
    _ranks = (3,)


class InstanceNorm2d(_InstanceNorm):
    _ranks = (4,)

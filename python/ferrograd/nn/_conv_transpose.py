"""Transposed convolutions (``conv_transpose1d/2d/3d`` and their modules).

A transposed convolution is the gradient of a convolution with respect to
its input: here it is computed as exactly that (the convolution's own
backward, which folds ``weight^T @ x`` back onto the image), and recorded as
one ConvolutionBackward0 node, the node torch records for it."""

from .. import _core
from .._fused import fused
from .._grad_mode import enable_grad, is_grad_enabled
from .modules import _ConvNd

Tensor = _core.Tensor


def _tuple(value, dims):
    return [value] * dims if isinstance(value, int) else [int(v) for v in value]


def _transposed(dims, input, weight, bias, stride, padding, output_padding, groups, dilation):
    from .. import autograd, zeros
    from . import functional as F

    name = f"conv_transpose{dims}d"
    if not isinstance(input, Tensor):
        F._not_tensor(name, input)
    batched = input.dim() == dims + 2
    if input.dim() == dims + 1:
        input = input.unsqueeze(0)
    stride, padding = _tuple(stride, dims), _tuple(padding, dims)
    output_padding, dilation = _tuple(output_padding, dims), _tuple(dilation, dims)
    if any(o >= s and o >= d for o, s, d in zip(output_padding, stride, dilation)):
        parts = [("output_padding", output_padding), ("stride", stride), ("dilation", dilation)]
        axes = ["depth", "height", "width"][3 - dims :]
        text = " ".join(f"{n}_{a}: {v[i]}" for n, v in parts for i, a in enumerate(axes))
        raise RuntimeError(
            f"output padding must be smaller than either stride or dilation, but got {text}"
        )
    if input.size(1) != weight.size(0):
        raise RuntimeError(
            f"Given transposed=1, weight of size {list(weight.shape)}, expected input"
            f"{list(input.shape)} to have {weight.size(0)} channels, but got {input.size(1)} "
            "channels instead"
        )
    out_channels = weight.size(1) * groups
    spatial = [
        (size - 1) * s - 2 * p + d * (k - 1) + o + 1
        for size, s, p, d, k, o in zip(
            input.shape[2:], stride, padding, dilation, weight.shape[2:], output_padding
        )
    ]
    forward = (F.conv1d, F.conv2d, F.conv3d)[dims - 1]
    has_bias = bias is not None

    def compute(x, w, *b):
        # the input gradient of the convolution that maps `spatial` to x's size
        differentiable = is_grad_enabled()
        with enable_grad():
            image = zeros(x.size(0), out_channels, *spatial, dtype=x.dtype, requires_grad=True)
            mapped = forward(image, w, None, stride, padding, dilation, groups)
            (out,) = autograd.grad(mapped, image, x, create_graph=differentiable)
        if not differentiable:
            out = out.detach()
        if has_bias:
            out = out + b[0].reshape([1, -1] + [1] * dims)
        return out

    out = fused("ConvolutionBackward0", compute, [input, weight] + ([bias] if has_bias else []))
    return out if batched else out.squeeze(0)


def conv_transpose1d(
    input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1
):
    return _transposed(1, input, weight, bias, stride, padding, output_padding, groups, dilation)


def conv_transpose2d(
    input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1
):
    return _transposed(2, input, weight, bias, stride, padding, output_padding, groups, dilation)


def conv_transpose3d(
    input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1
):
    return _transposed(3, input, weight, bias, stride, padding, output_padding, groups, dilation)


class _ConvTransposeNd(_ConvNd):
    """ConvTranspose1d/2d/3d: a convolution module whose weight is (in, out /
    groups, kernel) and whose forward is the transposed convolution."""

    _transposed = True

    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        output_padding=0,
        groups=1,
        bias=True,
        dilation=1,
        padding_mode="zeros",
        device=None,
        dtype=None,
    ):
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        super().__init__(
            in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
            padding_mode, device, dtype,
        )
        self.transposed = True
        self.output_padding = tuple(_tuple(output_padding, self._dims))

    def _output_padding(self, input, output_size):
        if output_size is None:
            return self.output_padding
        n = self._dims
        output_size = list(output_size)[-n:]
        spatial = list(input.shape[-n:])
        smallest = [
            (size - 1) * s - 2 * p + d * (k - 1) + 1
            for size, s, p, d, k in zip(
                spatial, self.stride, self.padding, self.dilation, self.kernel_size
            )
        ]
        largest = [m + s - 1 for m, s in zip(smallest, self.stride)]
        if any(not lo <= o <= hi for o, lo, hi in zip(output_size, smallest, largest)):
            from .._size import Size

            raise ValueError(
                f"requested an output size of {output_size}, but valid sizes range from "
                f"{smallest} to {largest} (for an input of {Size(spatial)!r})"
            )
        return tuple(o - m for o, m in zip(output_size, smallest))

    def forward(self, input, output_size=None):
        output_padding = self._output_padding(input, output_size)
        return _transposed(
            self._dims,
            input,
            self.weight,
            self.bias,
            self.stride,
            self.padding,
            output_padding,
            self.groups,
            self.dilation,
        )


class ConvTranspose1d(_ConvTransposeNd):
    _dims = 1


class ConvTranspose2d(_ConvTransposeNd):
    _dims = 2


class ConvTranspose3d(_ConvTransposeNd):
    _dims = 3

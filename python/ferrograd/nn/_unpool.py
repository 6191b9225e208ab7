"""Max unpooling (``F.max_unpool1d/2d/3d`` and their modules): each value goes
to the flat in-plane position ``max_pool`` gave as its index, everything
else is zero. Recorded as one MaxUnpool2DBackward0 whose gradient gathers
the output's gradient back at those positions. The 1-d functions run the 2-d
one on a unit column, as torch's do (so Unsqueeze/Squeeze nodes around it)."""

from .. import _core
from .._checks import SCALAR_TYPE_NAMES, c_type_name, no_attribute
from .._fused import with_formula
from .._grad_mode import no_grad
from .modules import Module

Tensor = _core.Tensor


def _checked_unpool_input(input, indices, dims):
    """torch's rank, index-shape and empty-dim checks of max_unpool{2,3}d."""
    if input.dim() not in (dims + 1, dims + 2):
        raise RuntimeError(
            f"Input to max_unpooling{dims}d should be a {dims + 1}d or {dims + 2}d Tensor, but "
            f"got a tensor with {input.dim()} dimensions."
        )
    shape = list(input.shape)
    if shape != list(indices.shape):
        raise RuntimeError(
            f"Expected shape of indices to be same as that of the input tensor ({shape}) but "
            f"got indices tensor with shape: {list(indices.shape)}"
        )
    for d in range(1, len(shape)):
        if shape[d] == 0:
            raise RuntimeError(
                f"max_unpooling{dims}d_forward_out_cpu(): Expected input to have non-zero size "
                f"for non-batch dimensions, but got {shape} with dimension {d} being empty."
            )


def _tuple(value, n):
    if isinstance(value, (list, tuple)) or hasattr(value, "__iter__"):
        return tuple(int(v) for v in value)
    return (int(value),) * n


def _output_size(input, kernel, stride, padding, output_size):
    """The unpooled spatial sizes: computed from the pooling's arguments, or
    ``output_size`` (its last dims) if it lies within a stride of that."""
    dims = len(kernel)
    default = [
        (input.shape[input.dim() - dims + d] - 1) * stride[d] + kernel[d] - 2 * padding[d]
        for d in range(dims)
    ]
    if output_size is None:
        sizes = default
    else:
        if not hasattr(output_size, "__len__"):
            raise TypeError(f"object of type '{c_type_name(output_size)}' has no len()")
        if len(output_size) == dims + 2:
            output_size = output_size[2:]
        if len(output_size) != dims:
            raise ValueError(
                f"output_size should be a sequence containing {dims} or {dims + 2} elements, "
                f"but it has a length of '{len(output_size)}'"
            )
        for d in range(dims):
            low, high = default[d] - stride[d], default[d] + stride[d]
            if not low < output_size[d] < high:
                raise ValueError(
                    f'invalid output_size "{output_size}" (dim {d} must be between {low} '
                    f"and {high})"
                )
        sizes = [int(s) for s in output_size]
    for d, size in enumerate(sizes):
        if size < 0:
            raise ValueError(
                "max_unpooling: output_size must contain non-negative spatial dimensions, "
                f"but got output_size[{d}]={size}"
            )
    return sizes


def _max_unpool2d(input, indices, output_size):
    """torch's native max_unpool2d: its checks, then the scatter as one node."""
    from .. import int64

    if indices.dtype != int64:
        name = SCALAR_TYPE_NAMES.get(indices.dtype, str(indices.dtype))
        raise RuntimeError(f"elements in indices should be type int64 but got: {name}")
    if len(output_size) != 2:
        raise RuntimeError(
            "There should be exactly two elements (height, width) in output_size, but got "
            f"{len(output_size)} elements."
        )
    _checked_unpool_input(input, indices, 2)
    if not input.dtype.is_floating_point:
        name = SCALAR_TYPE_NAMES.get(input.dtype, str(input.dtype))
        raise NotImplementedError(f"\"max_unpool2d\" not implemented for '{name}'")

    return _scatter(input, indices, output_size, "MaxUnpool2DBackward0")


def _scatter(input, indices, output_size, node):
    """Each value to its index within its plane of ``output_size``, zeros
    elsewhere, as one ``node`` whose gradient gathers at those indices."""
    from .. import zeros

    dims = len(output_size)
    shape = list(input.shape)
    lead, inner, plane = shape[:-dims], 1, 1
    for n in shape[-dims:]:
        inner *= n
    for n in output_size:
        plane *= n
    positions = indices.reshape(lead + [inner])
    outside = (positions < 0) | (positions >= plane)
    if outside.any():
        # torch's kernel keeps going and reports the last bad index it met
        bad = positions[outside][-1].item()
        volume = "x".join(str(n) for n in output_size)
        raise RuntimeError(
            f"Found an invalid max index: {bad} (output volumes are of size {volume})"
        )
    with no_grad():
        values = input.reshape(lead + [inner])
        output = zeros(lead + [plane], dtype=input.dtype).scatter(-1, positions, values)
        output = output.reshape(lead + list(output_size))

    def gradients(grad, needs, positions):
        return [grad.reshape(lead + [plane]).gather(-1, positions).reshape(shape)]

    return with_formula(node, [input], output, [positions], gradients)


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """torch's native max_unpool3d: its checks, then the scatter as one node."""
    from .. import int64

    if not isinstance(input, Tensor):
        no_attribute(input, "size")  # torch's Python reads input.size() first
    kernel = _tuple(kernel_size, 3)
    stride = kernel if stride is None else _tuple(stride, 3)
    sizes = _output_size(input, kernel, stride, _tuple(padding, 3), output_size)
    if indices.dtype != int64:
        raise RuntimeError("elements in indices should be type int64")
    _checked_unpool_input(input, indices, 3)
    if any(s <= 0 for s in stride):
        raise RuntimeError(f"strides should be greater than zero, but got stride: {list(stride)}")
    if not input.dtype.is_floating_point:
        name = SCALAR_TYPE_NAMES.get(input.dtype, str(input.dtype))
        raise NotImplementedError(f"\"max_unpool3d\" not implemented for '{name}'")
    return _scatter(input, indices, sizes, "MaxUnpool3DBackward0")


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    if not isinstance(input, Tensor):
        no_attribute(input, "size")  # torch's Python reads input.size() first
    kernel = _tuple(kernel_size, 2)
    stride = kernel if stride is None else _tuple(stride, 2)
    sizes = _output_size(input, kernel, stride, _tuple(padding, 2), output_size)
    return _max_unpool2d(input, indices, sizes)


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    if not isinstance(input, Tensor):
        no_attribute(input, "size")  # torch's Python reads input.size() first
    kernel = _tuple(kernel_size, 1)
    stride = kernel if stride is None else _tuple(stride, 1)
    sizes = _output_size(input, kernel, stride, _tuple(padding, 1), output_size)
    out = _max_unpool2d(input.unsqueeze(-1), indices.unsqueeze(-1), sizes + [1])
    return out.squeeze(-1)


class _MaxUnpoolNd(Module):
    _dims = 2

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        self.kernel_size = _tuple(kernel_size, self._dims)
        self.stride = _tuple(stride if stride is not None else kernel_size, self._dims)
        self.padding = _tuple(padding, self._dims)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(_MaxUnpoolNd):
    _dims = 1

    def forward(self, input, indices, output_size=None):
        return max_unpool1d(
            input, indices, self.kernel_size, self.stride, self.padding, output_size
        )


class MaxUnpool2d(_MaxUnpoolNd):
    def forward(self, input, indices, output_size=None):
        return max_unpool2d(
            input, indices, self.kernel_size, self.stride, self.padding, output_size
        )


class MaxUnpool3d(_MaxUnpoolNd):
    _dims = 3

    def forward(self, input, indices, output_size=None):
        return max_unpool3d(
            input, indices, self.kernel_size, self.stride, self.padding, output_size
        )

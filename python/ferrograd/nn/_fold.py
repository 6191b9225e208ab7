"""Sliding blocks: ``F.unfold`` lays each block of an image out as a column
(Im2ColBackward0), ``F.fold`` adds columns back onto images
(Col2ImBackward0), each the other's backward; ``nn.Unfold``/``nn.Fold``.
The arguments are checked here, in torch's order and words; the work is
the convolution's own im2col/col2im in Rust."""

from .. import _core
from .._checks import not_tensor
from .modules import Module

Tensor = _core.Tensor


def _pair(v):
    return list(v) if isinstance(v, (tuple, list)) else [v, v]


def _check_geometry(kernel, dilation, padding, stride):
    checks = (
        (kernel, lambda v: v > 0, "kernel size should be greater than zero", "kernel"),
        (dilation, lambda v: v > 0, "dilation should be greater than zero", "dilation"),
        (padding, lambda v: v >= 0, "padding should be non-negative", "pad"),
        (stride, lambda v: v > 0, "stride should be greater than zero", "stride"),
    )
    for values, ok, text, name in checks:
        if not all(ok(v) for v in values):
            raise RuntimeError(
                f"{text}, but got {name}_height: {values[0]} {name}_width: {values[1]}"
            )


def _blocks(size, kernel, dilation, padding, stride):
    return [
        (size[a] + 2 * padding[a] - (dilation[a] * (kernel[a] - 1) + 1)) // stride[a] + 1
        for a in range(2)
    ]


def _float_input(input, kernel_name):
    if not input.dtype.is_floating_point:
        from .._checks import SCALAR_TYPE_NAMES

        raise NotImplementedError(
            f'"{kernel_name}" not implemented for '
            f"'{SCALAR_TYPE_NAMES.get(input.dtype, input.dtype)}'"
        )


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    if not isinstance(input, Tensor):
        not_tensor("unfold", input)
    kernel, dilation = _pair(kernel_size), _pair(dilation)
    padding, stride = _pair(padding), _pair(stride)
    if input.dim() < 3:
        # torch reads the image's width (dim 2 of an unbatched input) first
        if input.dim() == 0:
            raise IndexError("Dimension specified as 2 but tensor has no dimensions")
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-input.dim()}, "
            f"{input.dim() - 1}], but got 2)"
        )
    _check_geometry(kernel, dilation, padding, stride)
    shape = list(input.shape)
    if input.dim() > 4 or 0 in shape[-3:]:
        raise RuntimeError(
            "Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero "
            f"dimensions for input, but got: {shape}"
        )
    blocks = _blocks(shape[-2:], kernel, dilation, padding, stride)
    if min(blocks) < 1:
        raise RuntimeError(
            f"Given input with spatial size ({shape[-2]}, {shape[-1]}), kernel_size="
            f"({kernel[0]}, {kernel[1]}), dilation=({dilation[0]}, {dilation[1]}), padding="
            f"({padding[0]}, {padding[1]}), calculated shape of the array of sliding blocks as "
            f"({blocks[0]}, {blocks[1]}), but its components must be at least one."
        )
    _float_input(input, "im2col_out_cpu")
    return _core._unfold(input, kernel, dilation, padding, stride)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    if not isinstance(input, Tensor):
        not_tensor("fold", input)
    size, kernel = _pair(output_size), _pair(kernel_size)
    dilation, padding, stride = _pair(dilation), _pair(padding), _pair(stride)
    _check_geometry(kernel, dilation, padding, stride)
    shape = list(input.shape)
    if input.dim() not in (2, 3) or 0 in shape[-2:]:
        raise RuntimeError(
            "Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and "
            f"non-zero dimensions for input, but got: {shape}"
        )
    rows, columns = shape[-2], shape[-1]
    if rows % (kernel[0] * kernel[1]) != 0:
        raise RuntimeError(
            "Expected size of input's dimension 1 to be divisible by the product of kernel_size, "
            f"but got input.size(1)={rows} and kernel_size=({kernel[0]}, {kernel[1]})."
        )
    blocks = _blocks(size, kernel, dilation, padding, stride)
    if blocks[0] * blocks[1] != columns:
        raise RuntimeError(
            f"Given output_size=({size[0]}, {size[1]}), kernel_size=({kernel[0]}, {kernel[1]}), "
            f"dilation=({dilation[0]}, {dilation[1]}), padding=({padding[0]}, {padding[1]}), "
            f"stride=({stride[0]}, {stride[1]}), expected size of input's dimension 2 to match "
            f"the calculated number of sliding blocks {blocks[0]} * {blocks[1]} = "
            f"{blocks[0] * blocks[1]}, but got input.size(2)={columns}."
        )
    _float_input(input, "col2im_out_cpu")
    return _core._fold(input, size, kernel, dilation, padding, stride)


class Unfold(Module):
    def __init__(self, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.kernel_size, self.dilation = kernel_size, dilation
        self.padding, self.stride = padding, stride

    def forward(self, input):
        return unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self):
        return (
            f"kernel_size={self.kernel_size}, dilation={self.dilation}, padding={self.padding}, "
            f"stride={self.stride}"
        )


class Fold(Module):
    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.output_size, self.kernel_size = output_size, kernel_size
        self.dilation, self.padding, self.stride = dilation, padding, stride

    def forward(self, input):
        return fold(
            input, self.output_size, self.kernel_size, self.dilation, self.padding, self.stride
        )

    def extra_repr(self):
        return (
            f"output_size={self.output_size}, kernel_size={self.kernel_size}, "
            f"dilation={self.dilation}, padding={self.padding}, stride={self.stride}"
        )

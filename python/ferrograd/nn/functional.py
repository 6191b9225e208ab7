"""``ferrograd.nn.functional``: activations and losses, torch's signatures."""

from .. import _core
from .._checks import REQUIRED as _REQUIRED
from .._checks import int_list as _int_list
from .._checks import missing as _missing
from .._checks import no_attribute as _no_attribute
from .._checks import not_tensor as _not_tensor
from .._grad_mode import no_grad

Tensor = _core.Tensor
linear = _core.linear


def relu(input, inplace=False):
    if not isinstance(input, Tensor):
        _not_tensor("relu_" if inplace else "relu", input)
    return input.relu_() if inplace else input.relu()


def sigmoid(input):
    return input.sigmoid()


def tanh(input):
    return input.tanh()


def _floating_only(kernel, input, refused=()):
    """torch's NotImplementedError for a kernel that has no integer version
    (nor one for the dtypes ``refused``)."""
    if not input.is_floating_point() or input.dtype in refused:
        from .._checks import SCALAR_TYPE_NAMES

        raise NotImplementedError(
            f'"{kernel}" not implemented for \'{SCALAR_TYPE_NAMES[input.dtype]}\''
        )


def leaky_relu(input, negative_slope=0.01, inplace=False):
    if not isinstance(input, Tensor):
        _not_tensor("leaky_relu_" if inplace else "leaky_relu", input)
    _floating_only("leaky_relu_cpu", input)
    if inplace:
        return _in_place(input, lambda t: _core.leaky_relu(t, negative_slope, True))
    return _core.leaky_relu(input, negative_slope)


def gelu(input, approximate="none"):
    if not isinstance(input, Tensor):
        _not_tensor("gelu", input)
    return _core.gelu(input, approximate)


def softplus(input, beta=1.0, threshold=20.0):
    if not isinstance(input, Tensor):
        _not_tensor("softplus", input)
    return _core.softplus(input, beta, threshold)


def silu(input, inplace=False):
    if not isinstance(input, Tensor):
        _not_tensor("silu_" if inplace else "silu", input)
    if inplace:
        return _in_place(input, _core.silu)
    return _core.silu(input)


# ---- activations: elu ... prelu ----


def _in_place(input, compute):
    """Writes ``compute(input)`` into ``input`` under torch's in-place rules
    (a leaf that requires grad is refused; the result's node becomes its history)."""
    input._inplace_assign(compute(input._inplace_source()))
    return input


def _activation(name, input, inplace, compute):
    if not isinstance(input, Tensor):
        _not_tensor(name + "_" if inplace else name, input)
    return _in_place(input, compute) if inplace else compute(input)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def elu(input, alpha=1.0, inplace=False):
    return _activation("elu", input, inplace, lambda t: _core.elu(t, alpha, inplace=inplace))


def elu_(input, alpha=1.0):
    return elu(input, alpha, True)


def selu(input, inplace=False):
    return _activation(
        "selu", input, inplace,
        lambda t: _core.elu(t, _SELU_ALPHA, _SELU_SCALE, inplace=inplace),
    )


def selu_(input):
    return selu(input, True)


def celu(input, alpha=1.0, inplace=False):
    if not isinstance(input, Tensor):
        _not_tensor("celu_" if inplace else "celu", input)
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    return _activation(
        "celu", input, inplace,
        lambda t: _core.elu(t, alpha, 1.0, 1.0 / alpha, celu=True, inplace=inplace),
    )


def celu_(input, alpha=1.0):
    return celu(input, alpha, True)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    return _activation(
        "hardtanh", input, inplace, lambda t: _core.hardtanh(t, min_val, max_val)
    )


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    return hardtanh(input, min_val, max_val, True)


def relu6(input, inplace=False):
    return _activation("relu6", input, inplace, lambda t: _core.hardtanh(t, 0.0, 6.0))


def hardswish(input, inplace=False):
    return _activation("hardswish", input, inplace, _core.hardswish)


def hardsigmoid(input, inplace=False):
    return _activation("hardsigmoid", input, inplace, _core.hardsigmoid)


def mish(input, inplace=False):
    return _activation("mish", input, inplace, _core.mish)


def _threshold(input, threshold, value, inplace=False):
    return _activation(
        "threshold", input, inplace, lambda t: _core.threshold(t, threshold, value, inplace)
    )


threshold = _threshold  # the parameter named like the function, as in torch


def threshold_(input, threshold, value):
    return _threshold(input, threshold, value, True)


def leaky_relu_(input, negative_slope=0.01):
    return leaky_relu(input, negative_slope, True)



def _rrelu_gradient(grad, input, noise, slope):
    """rrelu's input gradient: ``grad`` times the drawn slopes (``noise``) in
    training, else times ``slope`` where the input is not positive. Recorded
    as torch's node, whose own input gradient is this again (and zeros for
    ``input``)."""
    from .. import where, zeros_like
    from .._fused import with_formula

    with no_grad():
        out = grad * noise if noise is not None else where(input > 0, grad, grad * slope)

    def gradients(outer, needs, input):
        return [
            _rrelu_gradient(outer, input, noise, slope) if needs[0] else None,
            zeros_like(input) if needs[1] else None,
        ]

    return with_formula("RreluWithNoiseBackwardBackward0", [grad, input], out, [input], gradients)


def _rrelu(input, lower, upper, training, generator, inplace):
    """Leaky ReLU whose negative slope is the middle of [lower, upper] in
    eval, and in training a slope drawn per element that is not positive."""
    from .. import empty, float32, float64, ones
    from .._fused import with_formula

    if lower > upper:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    node = "RreluWithNoiseBackward1" if inplace else "RreluWithNoiseBackward0"

    def compute(x):
        data = x.detach()
        if not training:
            _floating_only("leaky_relu_cpu", x)
            slope = (lower + upper) / 2
            out, noise = _core.leaky_relu(data, slope), None
        else:
            _floating_only("rrelu_with_noise_out_cpu", x, (_core.float16,))
            # torch draws one double in [0, 1) per element that is not positive
            # (row-major order) and scales it with separate roundings, from
            # bounds and in a precision that are float32 unless the input is float64
            work = float64 if x.dtype == float64 else float32
            low, high = (float(_core.full([], bound, work)) for bound in (lower, upper))
            drawn = data <= 0
            unit = empty(int(drawn.sum()), dtype=float64).uniform_(0, 1, generator=generator)
            noise = ones(list(x.shape), dtype=work)
            noise[drawn] = (unit * (high - low) + low).to(work)
            out = (data.to(work).contiguous() * noise).to(x.dtype)
            noise, slope = noise.to(x.dtype), None

        def gradients(grad, needs, saved):
            return [_rrelu_gradient(grad, saved, noise, slope)]

        return with_formula(node, [x], out, [x], gradients)

    return _in_place(input, compute) if inplace else compute(input)


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    if not isinstance(input, Tensor):
        _not_tensor("rrelu_" if inplace else "rrelu", input)
    return _rrelu(input, lower, upper, training, None, inplace)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False):
    return rrelu(input, lower, upper, training, True)


def softsign(input):
    return input / (input.abs() + 1)




from .._math import hardshrink, softshrink  # noqa: F401 - F.hardshrink, F.softshrink


def tanhshrink(input):
    return input - input.tanh()


def glu(input, dim=-1):
    if input.dim() == 0:  # torch's is Python: a non-tensor fails here
        raise RuntimeError("glu does not support scalars because halving size must be even")
    return _core.glu(input, dim)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    if not isinstance(input, Tensor):
        _no_attribute(input, "dim" if dim is None else "softmax")
    return softmax(-input, _softmax_dim(input, dim, "softmin", _stacklevel), dtype=dtype)


def prelu(input, weight):
    if not isinstance(input, Tensor):
        _not_tensor("prelu", input)
    if not isinstance(weight, Tensor):
        _not_tensor("prelu", weight, "weight", 2)
    return _core.prelu(input, weight)


# ---- end of activations ----


def _reduction(size_average, reduce, reduction):
    # the legacy flags, as torch maps them
    if size_average is None and reduce is None:
        return reduction
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    reduction = "none" if not reduce else "mean" if size_average else "sum"
    import warnings

    warnings.warn(
        "size_average and reduce args will be deprecated, please use "
        f"reduction='{reduction}' instead.",
        stacklevel=3,
    )
    return reduction


def binary_cross_entropy_with_logits(
    input,
    target,
    weight=None,
    size_average=None,
    reduce=None,
    reduction="mean",
    pos_weight=None,
):
    """Sigmoid + binary cross entropy in one numerically stable node."""
    reduction = _reduction(size_average, reduce, reduction)
    if not isinstance(input, Tensor) or not isinstance(target, Tensor):
        _check_reduction(reduction)  # torch checks it first
        _no_size(input, target)
    if weight is not None and not isinstance(weight, Tensor):
        _not_tensor("binary_cross_entropy_with_logits", weight, "weight", 3)
    if pos_weight is not None and not isinstance(pos_weight, Tensor):
        _not_tensor("binary_cross_entropy_with_logits", pos_weight, "pos_weight", 4)
    return _core.binary_cross_entropy_with_logits(input, target, weight, pos_weight, reduction)


def _no_size(input, target):
    """torch's losses are Python that compares ``target.size()`` with
    ``input.size()`` first: a non-tensor fails there."""
    _no_attribute(input if isinstance(target, Tensor) else target, "size")


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    if not isinstance(input, Tensor):  # torch's is Python: calls input.dim() or input.softmax()
        _no_attribute(input, "dim" if dim is None else "softmax")
    if dtype is not None:
        input = input.to(dtype)
    return _core.softmax(input, _softmax_dim(input, dim, "softmax", _stacklevel))


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    if not isinstance(input, Tensor):
        _no_attribute(input, "dim" if dim is None else "log_softmax")
    if dtype is not None:
        input = input.to(dtype)
    return _core.softmax(input, _softmax_dim(input, dim, "log_softmax", _stacklevel), True)


def _softmax_dim(input, dim, name="softmax", stacklevel=3):
    if dim is not None:
        return dim
    import warnings

    warnings.warn(
        f"Implicit dimension choice for {name} has been deprecated. "
        "Change the call to include dim=X as an argument.",
        stacklevel=stacklevel,
    )
    # torch's legacy implicit choice
    return 0 if input.dim() in (0, 1, 3) else 1


def nll_loss(
    input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
    reduction="mean",
):
    reduction = _reduction(size_average, reduce, reduction)
    if (
        not isinstance(input, Tensor)
        or not isinstance(target, Tensor)
        or (weight is not None and not isinstance(weight, Tensor))
    ):
        _bad_loss_args("nll_loss_nd", input, target, weight, reduction)
    return _core.nll_loss(input, target, weight, ignore_index, reduction)


def cross_entropy(
    input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
    reduction="mean", label_smoothing=0.0,
):
    """log_softmax + nll_loss for class indices; soft targets for probabilities."""
    if size_average is not None or reduce is not None:
        reduction = _reduction(size_average, reduce, reduction)
    if (
        not isinstance(input, Tensor)
        or not isinstance(target, Tensor)
        or (weight is not None and not isinstance(weight, Tensor))
    ):
        _bad_loss_args("cross_entropy_loss", input, target, weight, reduction)
    # class indices without smoothing: one native call (None: not that case)
    loss = _core.cross_entropy(input, target, weight, ignore_index, reduction, label_smoothing)
    if loss is not None:
        return loss
    _check_reduction(reduction)
    logp = log_softmax(input, 1 if input.dim() > 1 else 0)
    if target.dtype.is_floating_point:
        return _soft_cross_entropy(logp, target, weight, reduction, label_smoothing)
    loss = _core.nll_loss(logp, target, weight, ignore_index, reduction)
    if label_smoothing <= 0.0:
        return loss
    classes = input.shape[1] if input.dim() > 1 else input.shape[0]
    terms = logp if weight is None else logp * _class_view(weight, input)
    smooth = -terms.sum(1 if input.dim() > 1 else 0)
    keep = target != ignore_index
    smooth = smooth * keep
    if reduction == "sum":
        smooth = smooth.sum()
    elif reduction == "mean":
        if weight is None:
            smooth = smooth.sum() / keep.sum()
        else:
            smooth = smooth.sum() / _core.embedding(target * keep, weight.reshape(-1, 1)).mul(
                keep.unsqueeze(-1)
            ).sum()
    return loss * (1 - label_smoothing) + smooth * (label_smoothing / classes)


def _bad_loss_args(func, input, target, weight, reduction):
    """torch's errors for a non-tensor input, target or weight of nll_loss and
    cross_entropy, which check ``reduction`` first, then call ``func`` (native)."""
    _check_reduction(reduction)
    if not isinstance(input, Tensor):
        _not_tensor(func, input)
    if not isinstance(target, Tensor):
        _not_tensor(func, target, "target", 2)
    _not_tensor(func, weight, "weight", 3)


def _class_view(weight, input):
    shape = [1] * input.dim()
    shape[1 if input.dim() > 1 else 0] = weight.shape[0]
    return weight.reshape(shape)


def _soft_cross_entropy(logp, target, weight, reduction, label_smoothing):
    class_dim = 1 if logp.dim() > 1 else 0
    classes = logp.shape[class_dim]
    if label_smoothing > 0.0:
        target = target * (1 - label_smoothing) + label_smoothing / classes
    terms = logp * target
    if weight is not None:
        terms = terms * _class_view(weight, logp)
    loss = -terms.sum(class_dim)
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    return _core.div_scalar_named(loss.sum(), logp.shape[0] if logp.dim() > 1 else 1)


def _check_reduction(reduction):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    if not isinstance(input, Tensor) or not isinstance(target, Tensor):
        _no_size(input, target)
    if input.shape != target.shape:
        import warnings

        warnings.warn(
            f"Using a target size ({target.shape}) that is different to the input size "
            f"({input.shape}). This will likely lead to incorrect results due to broadcasting. "
            "Please ensure they have the same size.",
            stacklevel=2,
        )
    return _core.pair_loss("mse", input, target, _reduction(size_average, reduce, reduction))


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    if not isinstance(input, Tensor) or not isinstance(target, Tensor):
        _no_size(input, target)
    reduction = _reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    diff = (input - target).abs()
    return diff if reduction == "none" else diff.sum() if reduction == "sum" else diff.mean()


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    if not isinstance(input, Tensor) or not isinstance(target, Tensor):
        _no_size(input, target)
    reduction = _reduction(size_average, reduce, reduction)
    return _core.pair_loss("smooth_l1", input, target, reduction, beta)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    if not isinstance(input, Tensor) or not isinstance(target, Tensor):
        _no_size(input, target)
    return _core.pair_loss("huber", input, target, reduction, delta)


def binary_cross_entropy(
    input, target, weight=None, size_average=None, reduce=None, reduction="mean"
):
    reduction = _reduction(size_average, reduce, reduction)
    if not isinstance(input, Tensor) or not isinstance(target, Tensor):
        _check_reduction(reduction)  # torch checks it first
        _no_size(input, target)
    if weight is not None and not isinstance(weight, Tensor):
        _no_attribute(weight, "size")  # torch broadcasts target.size() with weight.size()
    return _core.binary_cross_entropy(input, target, weight, reduction)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    if not isinstance(input, Tensor):
        _not_tensor("layer_norm", input)
    if weight is not None and not isinstance(weight, Tensor):
        _not_tensor("layer_norm", weight, "weight", 3)
    if bias is not None and not isinstance(bias, Tensor):
        _not_tensor("layer_norm", bias, "bias", 4)
    if isinstance(normalized_shape, int):
        normalized_shape = (normalized_shape,)
    return _core.layer_norm(input, list(normalized_shape), weight, bias, eps)


def embedding(
    input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
    sparse=False,
):
    # torch calls torch.embedding(weight, input): weight comes first, input is "indices"
    if not isinstance(weight, Tensor):
        if padding_idx:
            _no_attribute(weight, "size")  # torch checks padding_idx against weight.size(0)
        _not_tensor("embedding", weight, "weight", 1)
    if not isinstance(input, Tensor):
        _not_tensor("embedding", input, "indices", 2)
    return _core.embedding(input, weight, padding_idx)


def pad(input, pad, mode="constant", value=None):
    if not isinstance(input, Tensor):
        _not_tensor("pad", input)
    if not isinstance(pad, Tensor):  # (a tensor goes to the native error)
        pad = _int_list("pad", "pad", pad, 2, sized=False)
    if mode in ("reflect", "replicate", "circular"):
        from ._padding import check_non_constant, pad_circular, pad_mirrored

        check_non_constant(input, pad, mode, value)
        if mode == "circular":
            return pad_circular(input, pad)
        return pad_mirrored(input, pad, mode)
    if mode != "constant":
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if any(p < 0 for p in pad) and len(pad) % 2 == 0 and len(pad) <= 2 * input.dim():
        from ._extra_modules import pad_cropping

        return pad_cropping(input, list(pad), 0.0 if value is None else float(value))
    return _core.constant_pad(input, list(pad), 0.0 if value is None else float(value))


def one_hot(input, num_classes=-1):
    from .. import arange

    if not isinstance(input, Tensor):
        _not_tensor("one_hot", input)
    if input.dtype != _core.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if input.numel() and input.min().item() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if num_classes == -1:
        if not input.numel():
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(input.max().item()) + 1
    if input.numel() and input.max().item() >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    # a fresh contiguous tensor whatever the input's layout, as torch's
    return (input.unsqueeze(-1) == arange(num_classes)).long().contiguous()


def dropout(input, p=0.5, training=True, inplace=False):
    """Zeroes elements with probability p and scales the rest by 1/(1-p),
    with torch's mask for the same seed: a ``bernoulli_(1 - p)`` noise
    tensor divided by ``1 - p``, then multiplied in."""
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not isinstance(input, Tensor):
        _not_tensor("dropout_" if inplace else "dropout", input)
    if not training or p == 0.0:
        return input
    from .. import empty_like, zeros

    if p == 1.0:
        noise = zeros((), dtype=input.dtype)
    else:
        noise = empty_like(input).bernoulli_(1 - p)
        noise.div_(1 - p)
    return input.mul_(noise) if inplace else input * noise


def logsigmoid(input):
    if not isinstance(input, Tensor):
        _not_tensor("log_sigmoid", input)
    return _core.logsigmoid(input)


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    denom = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
    return input / denom


def cosine_similarity(x1, x2=_REQUIRED, dim=1, eps=1e-8):
    if not isinstance(x1, Tensor):
        _not_tensor("cosine_similarity", x1, "x1", 1)
    if not isinstance(x2, Tensor):
        if x2 is _REQUIRED:
            _missing("cosine_similarity", "x2")
        _not_tensor("cosine_similarity", x2, "x2", 2)
    if x1.shape != x2.shape:
        # as torch: inputs of different shapes are both expanded to the common one
        from .._composite_shapes import broadcast_shapes

        try:
            shape = broadcast_shapes(x1.shape, x2.shape)
        except RuntimeError:
            shape = None  # the product below raises torch's message
        if shape is not None:
            x1, x2 = x1.expand(shape), x2.expand(shape)
    # as torch: the norms are copied and clamped outside the graph, so the
    # gradient passes through the clamp unchanged (CloneBackward0)
    n1 = x1.norm(dim=dim, keepdim=True).clone()
    n2 = x2.norm(dim=dim, keepdim=True).clone()
    with no_grad():
        n1.clamp_(min=eps)
        n2.clamp_(min=eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)



# ---- convolution ----


def _conv_tuple(name, value, dims):
    """A conv argument (an int or a sequence of ``dims`` ints) as a list."""
    if isinstance(value, int):
        return [value] * dims
    value = [int(v) for v in value]
    if len(value) != dims:
        raise RuntimeError(
            f"expected {name} to be a single integer value or a list of {dims} values to match "
            f"the convolution dimensions, but got {name}={value}"
        )
    return value


def _conv(dims, input, weight, bias, stride, padding, dilation, groups):
    name = f"conv{dims}d"
    if not isinstance(input, Tensor):
        _not_tensor(name, input)
    batched = input.dim() == dims + 2
    if input.dim() == dims + 1:
        input = input.unsqueeze(0)
    stride = _conv_tuple("stride", stride, dims)
    dilation = _conv_tuple("dilation", dilation, dims)
    if isinstance(padding, str):
        if padding == "valid":
            padding = [0] * dims
        elif padding == "same":
            if any(s != 1 for s in stride):
                raise RuntimeError("padding='same' is not supported for strided convolutions")
            total = [d * (k - 1) for d, k in zip(dilation, weight.shape[2:])]
            padding = [t // 2 for t in total]
            extra = [t % 2 for t in total]
            if any(extra) and input.dim() == dims + 2:
                # an odd total: the extra row or column goes after, as in torch
                pads = []
                for e in reversed(extra):
                    pads += [0, e]
                input = pad(input, pads)
        else:
            raise RuntimeError(f"Invalid padding string: '{padding}'")
    else:
        padding = _conv_tuple("padding", padding, dims)
        if any(p < 0 for p in padding):
            raise RuntimeError("negative padding is not supported")
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if int(groups) <= 0:
        raise RuntimeError("non-positive groups is not supported")
    # conv1d as a 2-D convolution over one row; conv3d passes its depth first
    out = _core._convolution(
        input,
        weight,
        bias,
        ([1] + stride) if dims == 1 else stride,
        ([0] + padding) if dims == 1 else padding,
        ([1] + dilation) if dims == 1 else dilation,
        int(groups),
    )
    return out if batched else out.squeeze(0)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _conv(1, input, weight, bias, stride, padding, dilation, groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _conv(2, input, weight, bias, stride, padding, dilation, groups)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _conv(3, input, weight, bias, stride, padding, dilation, groups)


# ---- pooling ----


def _pair(value):
    return [value, value] if isinstance(value, int) else [int(v) for v in value]


def max_pool2d(
    input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False
):
    if not isinstance(input, Tensor):
        _not_tensor("max_pool2d", input)
    kernel = _pair(kernel_size)
    stride = kernel if stride is None or stride == [] else _pair(stride)
    values, indices = _core._max_pool(
        input, kernel, stride, _pair(padding), _pair(dilation), bool(ceil_mode)
    )
    return (values, indices) if return_indices else values


def _pool1d_dims(name, input):
    if input.dim() not in (2, 3):
        raise RuntimeError(
            f"Expected 2 to 3 dimensions, but got {input.dim()}-dimensional tensor for argument #1 "
            f"'self' (while checking arguments for {name})"
        )


def max_pool1d(
    input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False
):
    """Through max_pool2d on a unit row, as torch does (so SqueezeBackward1)."""
    def first(v):
        return v if isinstance(v, int) else v[0]

    kernel = [1, first(kernel_size)]
    stride = kernel if stride is None else [1, first(stride)]
    pad, dil = [0, first(padding)], [1, first(dilation)]
    if return_indices:
        _pool1d_dims("max_pool1d", input)
    elif input.dim() not in (2, 3) or 0 in input.shape[-2:] or input.dim() == 2 and 0 in input.shape:
        # torch's values-only max_pool1d has a check of its own
        raise RuntimeError(
            "max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size "
            f"for input, but got:{list(input.shape)}"
        )
    values, indices = _core._max_pool(input.unsqueeze(-2), kernel, stride, pad, dil, ceil_mode)
    values, indices = values.squeeze(-2), indices.squeeze(-2)
    return (values, indices) if return_indices else values


def avg_pool2d(
    input,
    kernel_size,
    stride=None,
    padding=0,
    ceil_mode=False,
    count_include_pad=True,
    divisor_override=None,
):
    if not isinstance(input, Tensor):
        _not_tensor("avg_pool2d", input)
    # torch reads the channel dim before checking the rank
    if input.dim() == 0:
        raise IndexError("Dimension specified as -3 but tensor has no dimensions")
    if input.dim() < 3:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-input.dim()}, "
            f"{input.dim() - 1}], but got -3)"
        )
    if input.dim() > 4:
        raise RuntimeError(
            "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, "
            f"but got:{list(input.shape)}"
        )
    kernel = _pair(kernel_size)
    stride = kernel if stride is None or stride == [] else _pair(stride)
    return _core._avg_pool(
        input, kernel, stride, _pair(padding), bool(ceil_mode), bool(count_include_pad),
        divisor_override,
    )


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """Through avg_pool2d on a unit row, as torch does (so SqueezeBackward1)."""
    def first(v):
        return v if isinstance(v, int) else v[0]

    if not isinstance(input, Tensor):
        _not_tensor("avg_pool1d", input)
    kernel = [1, first(kernel_size)]
    stride = kernel if stride is None else [1, first(stride)]
    _pool1d_dims("avg_pool1d", input)
    out = _core._avg_pool(
        input.unsqueeze(-2), kernel, stride, [0, first(padding)], bool(ceil_mode),
        bool(count_include_pad), None,
    )
    return out.squeeze(-2)


def adaptive_avg_pool2d(input, output_size):
    if not isinstance(input, Tensor):
        _not_tensor("adaptive_avg_pool2d", input)
    size = [output_size] * 2 if isinstance(output_size, int) else list(output_size)
    shape = list(input.shape)
    # None keeps the input's size along that axis
    size = [shape[-2 + i] if s is None else s for i, s in enumerate(size)]
    if size == [1, 1]:
        # torch takes the mean here (MeanBackward1)
        return input.mean((-1, -2), keepdim=True)
    if not input.dtype.is_floating_point:
        from .._checks import SCALAR_TYPE_NAMES

        name = SCALAR_TYPE_NAMES.get(input.dtype, str(input.dtype))
        raise NotImplementedError(f"\"adaptive_avg_pool2d\" not implemented for '{name}'")
    return _core._adaptive_avg_pool(input, size)


def _triple(func, what, value, options):
    """A 3-d pooling's int or three ints, with torch's message otherwise."""
    if isinstance(value, int):
        return [value] * 3
    value = [int(v) for v in value]
    if len(value) == 1:
        return value * 3
    if len(value) != 3:
        raise RuntimeError(f"{func}: {what} must {options} a tuple of three ints")
    return value


def _non_negative_pad(padding):
    for p in padding:
        if p < 0:
            raise RuntimeError(f"pad must be non-negative, but got pad: {p}")


def max_pool3d(
    input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False
):
    if not isinstance(input, Tensor):
        _not_tensor("max_pool3d", input)
    name = "max_pool3d"
    kernel = _triple(name, "kernel_size", kernel_size, "either be a single int, or")
    if stride is None or (not isinstance(stride, int) and len(stride) == 0):
        stride = kernel
    else:
        stride = _triple(name, "stride", stride, "either be omitted, a single int, or")
    padding = _triple(name, "padding", padding, "either be a single int, or")
    dilation = _triple(name, "dilation", dilation, "be either a single int, or")
    _non_negative_pad(padding)
    values, indices = _core._max_pool(input, kernel, stride, padding, dilation, bool(ceil_mode))
    return (values, indices) if return_indices else values


def avg_pool3d(
    input,
    kernel_size,
    stride=None,
    padding=0,
    ceil_mode=False,
    count_include_pad=True,
    divisor_override=None,
):
    if not isinstance(input, Tensor):
        _not_tensor("avg_pool3d", input)
    name = "avg_pool3d"
    kernel = _triple(name, "kernel_size", kernel_size, "be a single int, or")
    if stride is None or (not isinstance(stride, int) and len(stride) == 0):
        stride = kernel
    else:
        stride = _triple(name, "stride", stride, "be omitted, a single int, or")
    padding = _triple(name, "padding", padding, "be a single int, or")
    _non_negative_pad(padding)
    return _core._avg_pool(
        input, kernel, stride, padding, bool(ceil_mode), bool(count_include_pad),
        divisor_override,
    )


def _adaptive_size(input, output_size, dims):
    """``output_size`` as ``dims`` sizes, None keeping the input's."""
    size = [output_size] * dims if isinstance(output_size, int) else list(output_size)
    shape = list(input.shape)
    if len(size) != dims:
        return size
    return [shape[-dims + i] if s is None else s for i, s in enumerate(size)]


def adaptive_avg_pool3d(input, output_size):
    if not isinstance(input, Tensor):
        _not_tensor("adaptive_avg_pool3d", input)
    size = _adaptive_size(input, output_size, 3)
    if len(size) != 3:
        raise RuntimeError("adaptive_avg_pool3d: output_size must be 3")
    if any(s < 0 for s in size):
        raise RuntimeError(
            "adaptive_avg_pool3d: elements of output_size must be greater than or equal to 0 "
            "but received {" + ", ".join(str(s) for s in size[:2]) + "," + str(size[2]) + "}"
        )
    if size == [1, 1, 1]:
        # torch takes the mean here (MeanBackward1)
        return input.mean((-1, -2, -3), keepdim=True)
    if not input.dtype.is_floating_point:
        from .._checks import SCALAR_TYPE_NAMES

        name = SCALAR_TYPE_NAMES.get(input.dtype, str(input.dtype))
        raise NotImplementedError(f"\"adaptive_avg_pool3d_cpu\" not implemented for '{name}'")
    return _core._adaptive_avg_pool(input, size)


# ---- batch norm ----


def batch_norm(
    input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1,
    eps=1e-05,
):
    if not isinstance(input, Tensor):
        _not_tensor("batch_norm", input)
    if training:
        size = list(input.shape)
        values = 1
        for i, s in enumerate(size):
            if i != 1:
                values *= s
        if values == 1:
            from .._size import Size

            raise ValueError(
                "Expected more than 1 value per channel when training, got input size "
                f"{Size(size)!r}"
            )
    return _core._batch_norm(
        input, running_mean, running_var, weight, bias, bool(training), float(momentum),
        float(eps),
    )


# defined apart, imported last: they build on this module's functions
from . import (
    _attention,
    _conv_transpose,
    _extra_modules,
    _fold,
    _interpolate,
    _losses_extra,
    _more_layers,
    _norms,
    _pool_extra,
    _unpool,
)

group_norm, instance_norm = _norms.group_norm, _norms.instance_norm
scaled_dot_product_attention = _attention.scaled_dot_product_attention
conv_transpose1d = _conv_transpose.conv_transpose1d
conv_transpose2d = _conv_transpose.conv_transpose2d
conv_transpose3d = _conv_transpose.conv_transpose3d
interpolate = _interpolate.interpolate
unfold, fold = _fold.unfold, _fold.fold
dropout1d, dropout2d = _extra_modules.dropout1d, _extra_modules.dropout2d
adaptive_max_pool1d = _pool_extra.adaptive_max_pool1d
adaptive_max_pool3d = _pool_extra.adaptive_max_pool3d
adaptive_max_pool3d_with_indices = _pool_extra.adaptive_max_pool3d_with_indices
adaptive_max_pool2d = _pool_extra.adaptive_max_pool2d
adaptive_max_pool1d_with_indices = _pool_extra.adaptive_max_pool1d_with_indices
lp_pool1d, lp_pool2d = _pool_extra.lp_pool1d, _pool_extra.lp_pool2d
lp_pool3d = _pool_extra.lp_pool3d
adaptive_max_pool2d_with_indices = _pool_extra.adaptive_max_pool2d_with_indices
max_unpool1d, max_unpool2d = _unpool.max_unpool1d, _unpool.max_unpool2d
max_unpool3d = _unpool.max_unpool3d
for _name in (
    "kl_div", "margin_ranking_loss", "hinge_embedding_loss", "soft_margin_loss",
    "cosine_embedding_loss", "pairwise_distance", "triplet_margin_loss", "poisson_nll_loss",
    "gaussian_nll_loss", "multilabel_soft_margin_loss", "multi_margin_loss",
):
    globals()[_name] = getattr(_losses_extra, _name)
for _name in (
    "pixel_shuffle", "pixel_unshuffle", "channel_shuffle", "rms_norm", "bilinear",
    "adaptive_avg_pool1d", "local_response_norm", "alpha_dropout", "feature_alpha_dropout",
    "gumbel_softmax", "multilabel_margin_loss", "affine_grid", "grid_sample",
    "embedding_bag",
):
    globals()[_name] = getattr(_more_layers, _name)


def multi_head_attention_forward(*args, **kwargs):
    from ._transformer import multi_head_attention_forward as forward

    return forward(*args, **kwargs)

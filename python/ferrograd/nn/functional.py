"""``ferrograd.nn.functional``: activations and losses, torch's signatures."""

from .. import _core

linear = _core.linear


def relu(input, inplace=False):
    return input.relu()


def sigmoid(input):
    return input.sigmoid()


def tanh(input):
    return input.tanh()


def leaky_relu(input, negative_slope=0.01, inplace=False):
    return _core.leaky_relu(input, negative_slope)


def gelu(input, approximate="none"):
    return _core.gelu(input, approximate)


def softplus(input, beta=1.0, threshold=20.0):
    return _core.softplus(input, beta, threshold)


def silu(input, inplace=False):
    return _core.silu(input)


def _reduction(size_average, reduce, reduction):
    # the legacy flags, as torch maps them
    if size_average is None and reduce is None:
        return reduction
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    if not reduce:
        return "none"
    return "mean" if size_average else "sum"


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
    return _core.binary_cross_entropy_with_logits(
        input, target, weight, pos_weight, _reduction(size_average, reduce, reduction)
    )

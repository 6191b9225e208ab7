"""More losses and distances: kl_div, margin_ranking_loss,
hinge_embedding_loss, soft_margin_loss, cosine_embedding_loss,
triplet_margin_loss, poisson_nll_loss, gaussian_nll_loss,
multilabel_soft_margin_loss, multi_margin_loss, pairwise_distance, and
their modules.

Each is composed of the ops torch composes it of, in its order, so the
graphs carry torch's node names; where torch's C++ adds a number
(AddBackward1) or computes the whole loss in one kernel
(SoftMarginLossBackward0, MultiMarginLossBackward0) that node is recorded
through ``_fused``."""

import math
import warnings

from .. import _core
from .._fused import fused
from .modules import Module, _Loss

Tensor = _core.Tensor


def _plus(t, number):
    """``t + number`` as torch's C++ records it (AddBackward1)."""
    return fused("AddBackward1", lambda x: x + number, [t])


def _minus(t, number):
    """``t - number`` as torch's C++ records it (SubBackward1)."""
    return fused("SubBackward1", lambda x: x - number, [t])


def _reduce(loss, reduction):
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _check_reduction(reduction):
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")


def _legacy(size_average, reduce, reduction):
    """The reduction the legacy flags ask for (with torch's warning), else ``reduction``."""
    if size_average is None and reduce is None:
        return reduction
    from .functional import _reduction

    return _reduction(size_average, reduce, reduction)


def _not_differentiable(t, argument, function):
    """torch's refusal of a gradient its kernel does not give (only while grad is on)."""
    from .._grad_mode import is_grad_enabled

    if t is not None and t.requires_grad and is_grad_enabled():
        raise RuntimeError(
            f"The function '{function}' is not differentiable with respect to argument "
            f"'{argument}'. This input cannot have requires_grad True."
        )


def _times(t, number):
    """``number * t`` as torch's C++ records it (MulBackward1)."""
    return fused("MulBackward1", lambda x: x * number, [t])


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    if size_average is not None or reduce is not None:
        reduction = _legacy(size_average, reduce, reduction)
    elif reduction == "mean":
        warnings.warn(
            "reduction: 'mean' divides the total loss by both the batch size and the support "
            "size.'batchmean' divides only by the batch size, and aligns with the KL div math "
            "definition.'mean' will be changed to behave the same as 'batchmean' in the next "
            "major release.",
            stacklevel=2,
        )
    if reduction not in ("mean", "sum", "none", "batchmean"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if log_target:
        loss = target.exp() * (target - input)
    else:
        loss = target.xlogy(target) - target * input
    if reduction == "batchmean":
        return loss.sum() / input.size(0) if input.dim() != 0 else loss.sum()
    return _reduce(loss, reduction)


def margin_ranking_loss(
    input1, input2, target, margin=0.0, size_average=None, reduce=None, reduction="mean"
):
    reduction = _legacy(size_average, reduce, reduction)
    _check_reduction(reduction)
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError(
            "margin_ranking_loss : All input tensors should have same dimension but got sizes: "
            f"input1: {input1.shape}, input2: {input2.shape}, target: {target.shape} "
        )
    loss = (-target).mul(input1 - input2)
    return _reduce(_plus(loss, margin).clamp_min(0), reduction)


def hinge_embedding_loss(
    input, target, margin=1.0, size_average=None, reduce=None, reduction="mean"
):
    from .. import tensor, where, zeros_like

    reduction = _legacy(size_average, reduce, reduction)
    _check_reduction(reduction)
    zeros = zeros_like(input)
    margin_clamp = (tensor(margin, dtype=input.dtype) - input).clamp_min(0)
    output_margin = where(target != 1, margin_clamp, zeros)
    output_self = where(target != -1, input, zeros)
    return _reduce(output_margin + output_self, reduction)


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    reduction = _legacy(size_average, reduce, reduction)
    _check_reduction(reduction)
    _not_differentiable(target, "target", "soft_margin_loss")

    def compute(x):
        return _reduce((-x * target).exp().log1p(), reduction)

    return fused("SoftMarginLossBackward0", compute, [input])


def cosine_embedding_loss(
    input1, input2, target, margin=0.0, size_average=None, reduce=None, reduction="mean"
):
    from .. import tensor, where, zeros_like

    reduction = _legacy(size_average, reduce, reduction)
    _check_reduction(reduction)
    dim = target.dim()
    if dim not in (0, 1):
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if input1.dim() != dim + 1 or input2.dim() != dim + 1:
        raise RuntimeError(
            f"{dim}D target tensor expects {dim + 1}D input tensors, but found inputs with "
            f"sizes {list(input1.shape)} and {list(input2.shape)}."
        )
    eps = 1e-12
    prod_sum = (input1 * input2).sum(dim)
    mag_square1 = _plus((input1 * input1).sum(dim), eps)
    mag_square2 = _plus((input2 * input2).sum(dim), eps)
    cos = prod_sum / (mag_square1 * mag_square2).sqrt()
    zeros = zeros_like(cos)
    positive = tensor(1.0, dtype=cos.dtype) - cos
    negative = _minus(cos, margin).clamp_min(0)
    loss = where(target == 1, positive, zeros) + where(target == -1, negative, zeros)
    return _reduce(loss, reduction)


def pairwise_distance(x1, x2, p=2.0, eps=1e-06, keepdim=False):
    dim = max(x1.dim(), x2.dim()) - 1

    def norm(d):
        if d.dim() == 0:  # a scalar's norm over its dim -1 is the norm of its one value
            return d.reshape(1).norm(p, 0).reshape(())
        return d.norm(p, dim, keepdim=keepdim)

    # torch's C++ takes the norm through at::norm (NormBackward1)
    return fused("NormBackward1", norm, [_plus(x1 - x2, eps)])


def triplet_margin_loss(
    anchor,
    positive,
    negative,
    margin=1.0,
    p=2,
    eps=1e-06,
    swap=False,
    size_average=None,
    reduce=None,
    reduction="mean",
):
    from .. import minimum

    reduction = _legacy(size_average, reduce, reduction)
    _check_reduction(reduction)
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    dims = (anchor.dim(), positive.dim(), negative.dim())
    if len(set(dims)) != 1:
        raise RuntimeError(
            "The anchor, positive, and negative tensors are expected to have the same number "
            f"of dimensions, but got: anchor {dims[0]}D, positive {dims[1]}D, and negative "
            f"{dims[2]}D inputs"
        )
    dist_pos = pairwise_distance(anchor, positive, p, eps)
    dist_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        dist_neg = minimum(dist_neg, pairwise_distance(positive, negative, p, eps))
    return _reduce((_plus(dist_pos, margin) - dist_neg).clamp_min(0), reduction)


def poisson_nll_loss(
    input,
    target,
    log_input=True,
    full=False,
    size_average=None,
    eps=1e-08,
    reduce=None,
    reduction="mean",
):
    reduction = _legacy(size_average, reduce, reduction)
    _check_reduction(reduction)
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * _plus(input, eps).log()
    if full:
        stirling = target * target.log() - target + _times(_times(target, 2 * math.pi).log(), 0.5)
        loss = loss + stirling.masked_fill(target <= 1, 0)
    return _reduce(loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-06, reduction="mean"):
    from .._grad_mode import no_grad

    if isinstance(var, (int, float)):
        from .. import full as full_

        var = full_(list(input.shape), float(var), dtype=input.dtype)
    if tuple(var.shape) != tuple(input.shape):
        if tuple(input.shape[:-1]) == tuple(var.shape):
            var = var.unsqueeze(-1)
        elif not (tuple(input.shape[:-1]) == tuple(var.shape[:-1]) and var.size(-1) == 1):
            raise ValueError("var is of incorrect size")
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not valid")
    if bool((var < 0).any()):
        raise ValueError("var has negative entry/entries")
    var = var.clone()
    with no_grad():
        var.clamp_(min=eps)
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


def multilabel_soft_margin_loss(
    input, target, weight=None, size_average=None, reduce=None, reduction="mean"
):
    from . import functional as F

    reduction = _legacy(size_average, reduce, reduction)
    loss = -(target * F.logsigmoid(input) + (1 - target) * F.logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.dim() - 1
    loss = loss.sum(dim=class_dim) / input.size(class_dim)
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not valid")
    return _reduce(loss, reduction)


def multi_margin_loss(
    input, target, p=1, margin=1.0, weight=None, size_average=None, reduce=None,
    reduction="mean",
):
    from .. import arange

    reduction = _legacy(size_average, reduce, reduction)
    _check_reduction(reduction)
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.dim() != 1:
        raise ValueError("weight must be one-dimensional")
    from .. import int64

    dims = input.dim()
    if not (dims == 0 or (dims in (1, 2) and input.size(-1) != 0)):
        raise RuntimeError(
            "Expected non-empty vector or matrix with optional 0-dim batch size, but got: "
            f"{list(input.shape)}"
        )
    if target.dtype != int64:
        from .._checks import SCALAR_TYPE_NAMES

        raise RuntimeError(
            f"expected scalar type Long but found {SCALAR_TYPE_NAMES[target.dtype]}"
        )
    _not_differentiable(weight, "weight", "multi_margin_loss")
    batch = input.size(0) if input.dim() == 2 else 1
    if target.numel() != batch or target.dim() > 1:
        raise RuntimeError(
            "multi_margin_loss: target tensor should be 1-D with size equal to the number of "
            f"input samples (batch size). Expected target size [{batch}], but got "
            f"{list(target.shape)}. Input has shape {list(input.shape)}."
        )
    classes = input.size(-1) if dims else 1
    if target.numel() and (int(target.min()) < 0 or int(target.max()) >= classes):
        raise RuntimeError("target out of range")
    batched = input.dim() == 2
    labels = target if target.dim() else target.unsqueeze(0)
    picked = labels.reshape(-1, 1)
    w = [] if weight is None else [weight]

    def compute(x):
        x = x if batched else x.reshape(1, classes)
        chosen = x.gather(1, picked)
        margins = (margin - chosen + x).clamp_min(0)
        if p == 2:
            margins = margins * margins
        if w:
            margins = margins * w[0][picked]
        # a row's own class does not count
        others = arange(classes).reshape(1, -1) != picked
        per_row = (margins * others).sum(1) / classes
        if not batched:
            per_row = per_row.squeeze(0)
        return _reduce(per_row, reduction)

    # torch's kernel gives the weight no gradient: only the input is an edge
    return fused("MultiMarginLossBackward0", compute, [input])


# ---- modules -------------------------------------------------------------------


class _LegacyLoss(_Loss):
    """A loss module whose size_average/reduce flags, if given, choose the reduction."""

    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        super().__init__(reduction=_legacy(size_average, reduce, reduction))


class KLDivLoss(_LegacyLoss):
    def __init__(self, size_average=None, reduce=None, reduction="mean", log_target=False):
        super().__init__(size_average, reduce, reduction)
        self.log_target = log_target

    def forward(self, input, target):
        return kl_div(input, target, reduction=self.reduction, log_target=self.log_target)


class MarginRankingLoss(_LegacyLoss):
    def __init__(self, margin=0.0, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input1, input2, target):
        return margin_ranking_loss(input1, input2, target, self.margin, reduction=self.reduction)


class HingeEmbeddingLoss(_LegacyLoss):
    def __init__(self, margin=1.0, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input, target):
        return hinge_embedding_loss(input, target, self.margin, reduction=self.reduction)


class SoftMarginLoss(_LegacyLoss):
    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)

    def forward(self, input, target):
        return soft_margin_loss(input, target, reduction=self.reduction)


class CosineEmbeddingLoss(_LegacyLoss):
    def __init__(self, margin=0.0, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input1, input2, target):
        return cosine_embedding_loss(
            input1, input2, target, self.margin, reduction=self.reduction
        )


class TripletMarginLoss(_LegacyLoss):
    def __init__(
        self, margin=1.0, p=2.0, eps=1e-06, swap=False, size_average=None, reduce=None,
        reduction="mean",
    ):
        super().__init__(size_average, reduce, reduction)
        if margin <= 0:
            raise ValueError(
                f"TripletMarginLoss: expected margin to be greater than 0, got {margin} instead"
            )
        self.margin, self.p, self.eps, self.swap = margin, p, eps, swap

    def forward(self, anchor, positive, negative):
        return triplet_margin_loss(
            anchor, positive, negative, self.margin, self.p, self.eps, self.swap,
            reduction=self.reduction,
        )


class PoissonNLLLoss(_LegacyLoss):
    def __init__(
        self, log_input=True, full=False, size_average=None, eps=1e-08, reduce=None,
        reduction="mean",
    ):
        super().__init__(size_average, reduce, reduction)
        self.log_input, self.full, self.eps = log_input, full, eps

    def forward(self, log_input, target):
        return poisson_nll_loss(
            log_input, target, self.log_input, self.full, eps=self.eps, reduction=self.reduction
        )


class GaussianNLLLoss(_Loss):
    def __init__(self, *, full=False, eps=1e-06, reduction="mean"):
        super().__init__(reduction=reduction)
        self.full, self.eps = full, eps

    def forward(self, input, target, var):
        return gaussian_nll_loss(input, target, var, self.full, self.eps, self.reduction)


class MultiLabelSoftMarginLoss(_LegacyLoss):
    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)

    def forward(self, input, target):
        return multilabel_soft_margin_loss(input, target, self.weight, reduction=self.reduction)


class MultiMarginLoss(_LegacyLoss):
    def __init__(
        self, p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction="mean"
    ):
        super().__init__(size_average, reduce, reduction)
        if p not in (1, 2):
            raise ValueError("only p == 1 and p == 2 supported")
        if weight is not None and weight.dim() != 1:
            raise ValueError(
                f"MultiMarginLoss: expected weight to be None or 1D tensor, got {weight.dim()}D "
                "instead"
            )
        self.p, self.margin = p, margin
        self.register_buffer("weight", weight)

    def forward(self, input, target):
        return multi_margin_loss(
            input, target, self.p, self.margin, self.weight, reduction=self.reduction
        )


class PairwiseDistance(Module):
    def __init__(self, p=2.0, eps=1e-06, keepdim=False):
        super().__init__()
        self.norm, self.eps, self.keepdim = p, eps, keepdim

    def forward(self, x1, x2):
        return pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)


class CosineSimilarity(Module):
    def __init__(self, dim=1, eps=1e-08):
        super().__init__()
        self.dim, self.eps = dim, eps

    def forward(self, x1, x2):
        from . import functional as F

        return F.cosine_similarity(x1, x2, self.dim, self.eps)

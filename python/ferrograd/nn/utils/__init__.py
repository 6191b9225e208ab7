"""``ferrograd.nn.utils``: gradient clipping, and a model's parameters as one
vector and back."""

import math

import ferrograd as _fg

from ..._grad_mode import no_grad
from ..modules import _typename
from . import rnn

__all__ = [
    "clip_grad_norm_",
    "clip_grad_value_",
    "parameters_to_vector",
    "rnn",
    "vector_to_parameters",
]


def _grads(parameters):
    """The gradients of ``parameters`` (one tensor or an iterable), skipping None."""
    if isinstance(parameters, _fg.Tensor):
        parameters = [parameters]
    return [p.grad for p in parameters if p.grad is not None]


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Scales the gradients in place so that their total norm (the norm of all
    of them as one vector) is at most ``max_norm``; returns that total norm."""
    grads = _grads(parameters)
    max_norm, norm_type = float(max_norm), float(norm_type)
    if not grads:
        return _fg.tensor(0.0)
    with no_grad():
        # the norm of the per-gradient norms is the norm of them all joined
        norms = _fg.stack([g.norm(norm_type) for g in grads])
        total_norm = norms.max() if math.isinf(norm_type) else norms.norm(norm_type)
        if error_if_nonfinite and not math.isfinite(total_norm.item()):
            raise RuntimeError(
                f"The total norm of order {norm_type} for gradients from `parameters` is "
                "non-finite, so it cannot be clipped. To disable this error and scale the "
                "gradients by the non-finite norm anyway, set `error_if_nonfinite=False`"
            )
        # the small term keeps a zero norm from dividing by zero
        scale = (max_norm / (total_norm + 1e-6)).clamp(max=1.0)
        for g in grads:
            g.mul_(scale.to(g.dtype))
    return total_norm


def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamps every gradient in place to ``[-clip_value, clip_value]``."""
    clip_value = float(clip_value)
    with no_grad():
        for g in _grads(parameters):
            g.clamp_(min=-clip_value, max=clip_value)


def parameters_to_vector(parameters):
    """All of ``parameters`` flattened and joined into one vector (with history)."""
    return _fg.cat([p.view(-1) for p in parameters])


def vector_to_parameters(vec, parameters):
    """Copies consecutive slices of ``vec`` into ``parameters``. (torch makes
    each parameter's ``.data`` a view of ``vec``; here they keep their own
    storage: README, known differences.)"""
    if not isinstance(vec, _fg.Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {_typename(vec)}")
    start = 0
    with no_grad():
        for p in parameters:
            n = p.numel()
            p.copy_(vec[start : start + n].view_as(p))
            start += n

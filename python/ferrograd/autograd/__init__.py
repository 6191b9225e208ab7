"""``ferrograd.autograd``: ``backward`` and ``grad`` over the native engine."""

from .. import _core
from .._grad_mode import enable_grad, inference_mode, no_grad, set_grad_enabled
from . import function, functional, graph
from .function import Function
from .gradcheck import gradcheck, gradgradcheck

__all__ = [
    "Function",
    "backward",
    "enable_grad",
    "function",
    "functional",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "graph",
    "inference_mode",
    "no_grad",
    "set_grad_enabled",
]


def _as_tuple(x):
    if x is None:
        return ()
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate gradients of ``tensors`` into the leaves' ``.grad``."""
    tensors = _as_tuple(tensors)
    grads = list(_as_tuple(grad_tensors)) or [None] * len(tensors)
    if retain_graph is None:
        retain_graph = create_graph
    _core.run_backward(list(tensors), grads, retain_graph, create_graph, None)


def grad(
    outputs,
    inputs,
    grad_outputs=None,
    retain_graph=None,
    create_graph=False,
    only_inputs=True,
    allow_unused=None,
    is_grads_batched=False,
    materialize_grads=False,
):
    """Gradients of ``outputs`` with respect to ``inputs``, returned, not accumulated."""
    outputs = _as_tuple(outputs)
    inputs_t = _as_tuple(inputs)
    if not inputs_t:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    grads = list(_as_tuple(grad_outputs)) or [None] * len(outputs)
    if retain_graph is None:
        retain_graph = create_graph
    result = _core.run_backward(list(outputs), grads, retain_graph, create_graph, list(inputs_t))
    unused = [i for i, g in enumerate(result) if g is None]
    if unused and not (allow_unused or materialize_grads):
        raise RuntimeError(
            f"The differentiated Tensor at index {unused[0]} appears to not have been used in "
            "the graph. Set allow_unused=True if this is the desired behavior."
        )
    if materialize_grads:
        from .. import zeros_like

        result = [zeros_like(i) if g is None else g for g, i in zip(result, inputs_t)]
    return tuple(result)

"""One graph node for a function made of several ops.

Where torch computes something in one kernel and records one node (an LSTM
layer on its oneDNN path, group norm), ferrograd computes it from ordinary
ops without recording them, and records a single node under torch's name.
Its backward runs the function again from the saved inputs and
differentiates that; under ``create_graph`` it runs on the inputs
themselves, so the gradients are differentiable again."""

from . import _core
from ._grad_mode import enable_grad, is_grad_enabled, no_grad


class _Recompute:
    """The node's handler (see ``_core._record_function``)."""

    def __init__(self, name, fn, inputs, grad_layout, before_backward=None):
        self.saved = _core.SavedTensors(list(inputs), [False] * len(inputs), name)
        self.fn, self.grad_layout = fn, grad_layout
        self.before_backward = before_backward

    def backward(self, grads, needs):
        from . import autograd, zeros_like

        if self.before_backward is not None:
            self.before_backward(needs)

        tensors = self.saved.unpack()
        create_graph = is_grad_enabled()
        with enable_grad():
            if create_graph:
                leaves = list(tensors)
            else:
                leaves = [t.detach().requires_grad_(need) for t, need in zip(tensors, needs)]
            outputs = self.fn(*leaves)
            if not isinstance(outputs, tuple):
                outputs = (outputs,)
            pairs = [(o, g) for o, g in zip(outputs, grads) if g is not None]
            wanted = [i for i, need in enumerate(needs) if need]
            found = autograd.grad(
                [o for o, _ in pairs],
                [leaves[i] for i in wanted],
                [g for _, g in pairs],
                allow_unused=True,
                create_graph=create_graph,
            )
        result = [None] * len(needs)
        for i, g in zip(wanted, found):
            g = zeros_like(tensors[i]) if g is None else g
            result[i] = g if self.grad_layout is None else self.grad_layout(g)
        return result

    def release(self):
        self.saved.release()


def fused(name, fn, inputs, grad_layout=None, before_backward=None):
    """``fn(*inputs)`` (a tensor or a tuple of tensors) recorded as one node
    called ``name``, with an edge to each of ``inputs`` (all tensors).
    ``grad_layout``, if given, lays out each input's gradient as torch's
    kernel writes it; ``before_backward(needs)`` may refuse a backward torch
    refuses."""
    with no_grad():
        outputs = fn(*inputs)
    if is_grad_enabled() and any(t.requires_grad for t in inputs):
        recorded = outputs if isinstance(outputs, tuple) else (outputs,)
        _core._record_function(name, list(inputs), list(recorded), _Recompute(name, fn, inputs, grad_layout, before_backward))
    return outputs


class _Formula:
    """The handler of a node whose gradients are given as a formula."""

    def __init__(self, name, saved, gradients):
        self.saved = _core.SavedTensors(list(saved), [False] * len(saved), name)
        self.gradients = gradients

    def backward(self, grads, needs):
        return self.gradients(grads[0], needs, *self.saved.unpack())

    def release(self):
        self.saved.release()


def with_formula(name, inputs, output, saved, gradients):
    """Records ``output`` (computed without a graph) as one node called
    ``name`` with an edge to each of ``inputs``. Its backward is
    ``gradients(grad, needs, *saved)``, a gradient or None per input,
    computed from ordinary ops so that ``create_graph`` can differentiate it
    again. For nodes whose gradients torch computes by a formula that
    differentiating the forward would round differently."""
    if is_grad_enabled() and any(t.requires_grad for t in inputs):
        _core._record_function(name, list(inputs), [output], _Formula(name, saved, gradients))
    return output

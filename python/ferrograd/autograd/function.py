"""``torch.autograd.Function``: operations whose forward and backward are
written in Python. ``apply`` runs ``forward`` outside the graph, then records
one node (``<Name>Backward``) from the tensor inputs to the outputs; the
engine calls back into ``backward`` with the outputs' gradients."""

import functools

from .. import _core
from .._grad_mode import is_grad_enabled, no_grad

Tensor = _core.Tensor

__all__ = ["Function", "FunctionCtx", "once_differentiable"]


class FunctionCtx:
    """The ``ctx`` that ``forward`` and ``backward`` share."""

    def __init__(self):
        self.to_save = ()
        self.dirty_tensors = ()
        self.non_differentiable = ()
        self.materialize_grads = True
        self.needs_input_grad = ()
        self._saved = None

    def save_for_backward(self, *tensors):
        self.to_save = tensors

    def mark_dirty(self, *tensors):
        self.dirty_tensors = tensors

    def mark_non_differentiable(self, *tensors):
        self.non_differentiable = tensors

    def set_materialize_grads(self, value):
        self.materialize_grads = value

    @property
    def saved_tensors(self):
        if self._saved is None:  # outside a graph the tensors are kept as given
            return tuple(self.to_save)
        return tuple(self._saved.unpack())


def _is(value, candidates):
    return any(value is c for c in candidates)


class _Handler:
    """What the recorded node calls: maps the engine's gradients to
    ``backward``'s arguments and its results back to the tensor inputs,
    with torch's checks."""

    def __init__(self, fn, ctx, name, inputs, outputs, recorded):
        self.fn, self.ctx, self.name = fn, ctx, name
        self.input_count = len(inputs)
        # per input: its shape if it is a tensor (gradients go there), else None
        self.input_shapes = [tuple(a.shape) if isinstance(a, Tensor) else None for a in inputs]
        # per output: (shape, dtype) for materialized zeros, and which were recorded
        self.output_metas = [
            (tuple(o.shape), o.dtype) if isinstance(o, Tensor) else None for o in outputs
        ]
        self.recorded = recorded

    def backward(self, grads, needs):
        from .. import zeros

        given = iter(grads)
        full = []
        for meta, recorded in zip(self.output_metas, self.recorded):
            # the engine may leave off trailing outputs that got no gradient
            g = next(given, None) if recorded else None
            if g is None and meta is not None and self.ctx.materialize_grads:
                g = zeros(meta[0], dtype=meta[1])
            full.append(g)
        result = self.fn.backward(self.ctx, *full)
        if not isinstance(result, tuple):
            result = (result,)
        n = self.input_count
        if len(result) < n or any(g is not None for g in result[n:]):
            raise RuntimeError(
                f"function {self.name} returned an incorrect number of gradients (expected {n}, "
                f"got {len(result)})"
            )
        for g in result:
            if g is not None and not isinstance(g, Tensor):
                raise RuntimeError(f"expected Variable or None (got {type(g).__name__})")
        out = []
        for i, (g, shape) in enumerate(zip(result, self.input_shapes)):
            if shape is None:
                if g is not None:
                    raise RuntimeError(
                        f"function {self.name} returned a gradient different than None at "
                        f"position {i + 1}, but the corresponding forward input was not a "
                        "Variable"
                    )
                continue
            if g is not None and tuple(g.shape) != shape:
                if not _expandable(shape, tuple(g.shape)):
                    raise RuntimeError(
                        f"Function {self.name} returned an invalid gradient at index {len(out)} - "
                        f"got {list(g.shape)} but expected shape compatible with {list(shape)}"
                    )
                g = g.sum_to_size(shape)
            out.append(g)
        return out

    def release(self):
        if self.ctx._saved is not None:
            self.ctx._saved.release()


def _expandable(shape, target):
    """Whether ``shape`` broadcasts to ``target`` (a gradient of that shape sums back)."""
    if len(shape) > len(target):
        return False
    return all(s in (1, t) for s, t in zip(reversed(shape), reversed(target)))


class Function:
    """Subclass with static ``forward(ctx, *args)`` and ``backward(ctx, *grads)``
    (or ``forward(*args)`` with ``setup_context(ctx, inputs, output)``), then
    call ``YourFunction.apply(*args)``."""

    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        raise RuntimeError(
            "Legacy autograd function with non-static forward method is deprecated. Please use "
            "new-style autograd function with static forward method. (Example: "
            "https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)"
        )

    @staticmethod
    def forward(*args, **kwargs):
        raise NotImplementedError(
            "You must implement the forward function for custom autograd.Function."
        )

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError(
            "You must implement either the backward or vjp method for your custom "
            "autograd.Function to use it with backward mode AD."
        )

    @classmethod
    def apply(cls, *args, **kwargs):
        ctx = FunctionCtx()
        separate_setup = cls.setup_context is not Function.setup_context
        with no_grad():
            if separate_setup:
                output = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, output)
            else:
                output = cls.forward(ctx, *args, **kwargs)
        inputs = args + tuple(kwargs.values())
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in inputs)
        if not (is_grad_enabled() and any(ctx.needs_input_grad)):
            return output
        name = cls.__name__ + "Backward"
        single = not isinstance(output, tuple)
        outputs = [output] if single else list(output)
        for t in ctx.dirty_tensors:
            if t.is_leaf and t.requires_grad:
                raise RuntimeError(
                    "a leaf Variable that requires grad has been used in an in-place operation."
                )
        recorded = [
            isinstance(o, Tensor)
            and o.is_floating_point()
            and not _is(o, ctx.non_differentiable)
            for o in outputs
        ]
        for i, o in enumerate(outputs):
            # an input handed back unchanged becomes a view, so the input
            # keeps its own history
            if isinstance(o, Tensor) and _is(o, inputs) and not _is(o, ctx.dirty_tensors):
                with no_grad():
                    outputs[i] = o.view_as(o)
        handler = _Handler(cls, ctx, name, inputs, outputs, recorded)
        if ctx.to_save:
            saved_outputs = [t is not None and _is(t, outputs) for t in ctx.to_save]
            ctx._saved = _core.SavedTensors(list(ctx.to_save), saved_outputs, name)
            # the node now holds them; holding the outputs here too would be
            # a cycle through the graph that nothing could collect
            ctx.to_save = ()
        recorded_outputs = [o for o, r in zip(outputs, recorded) if r]
        _core._record_function(
            name, [a for a in inputs if isinstance(a, Tensor)], recorded_outputs, handler
        )
        if recorded_outputs:
            node_class = type(recorded_outputs[0].grad_fn)
            if node_class.__repr__ is not _function_node_repr:
                node_class.__repr__ = _function_node_repr
        return outputs[0] if single else tuple(outputs)


def _function_node_repr(node):
    """A custom Function's node prints with the module torch's node classes
    for Functions live in."""
    return f"<torch.autograd.function.{type(node).__name__} object at {hex(id(node))}>"


def once_differentiable(backward):
    """Marks a ``backward`` that is not itself differentiable: it runs
    outside the graph."""

    @functools.wraps(backward)
    def wrapper(ctx, *grads):
        with no_grad():
            return backward(ctx, *grads)

    return wrapper

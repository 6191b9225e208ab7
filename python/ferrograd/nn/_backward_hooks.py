"""Module backward hooks (``register_full_backward_hook`` and
``register_full_backward_pre_hook``). As in torch, a module with such hooks
passes its tensor inputs and its tensor outputs each through one identity
node, ``BackwardHookFunctionBackward``: the outputs' node sees the gradients
of the outputs (the pre-hooks may replace them), the inputs' node sees the
gradients of the inputs and calls the hooks with both."""

import sys
import warnings

from .. import _core
from .._grad_mode import is_grad_enabled
from ..autograd.function import Function

Tensor = _core.Tensor

_NO_INPUT_GRAD = (
    "Full backward hook is firing when gradients are computed with respect to module outputs "
    "since no inputs require gradients. See https://docs.pytorch.org/docs/main/generated/"
    "torch.nn.Module.html#torch.nn.Module.register_full_backward_hook for more details."
)


class BackwardHookFunction(Function):
    """Hands its tensors back unchanged; its backward tells ``hooks`` which
    gradients reached it (``at_outputs`` says which side of the module)."""

    @staticmethod
    def forward(ctx, hooks, at_outputs, *tensors):
        ctx.mark_non_differentiable(*[t for t in tensors if not t.requires_grad])
        # an output no loss used gets None, as the hooks see it in torch
        ctx.set_materialize_grads(not at_outputs)
        ctx.hooks, ctx.at_outputs = hooks, at_outputs
        return tensors

    @staticmethod
    def backward(ctx, *grads):
        if ctx.at_outputs:
            grads = ctx.hooks.reached_outputs(grads)
        else:
            grads = ctx.hooks.reached_inputs(grads)
        return (None, None, *grads)


class BackwardHooks:
    """One call of a module with backward hooks: wraps its inputs and outputs
    and runs the hooks as the gradients pass."""

    def __init__(self, module, hooks, pre_hooks):
        self.module, self.hooks, self.pre_hooks = module, hooks, pre_hooks
        self.input_count = 0
        self.inputs_wrapped = False
        self.grad_outputs = None

    def wrap_inputs(self, args):
        positions = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        self.input_count = len(positions)
        if not (is_grad_enabled() and any(args[i].requires_grad for i in positions)):
            return args
        self.inputs_wrapped = True
        return self._replace(args, positions, False)

    def wrap_outputs(self, output):
        single = isinstance(output, Tensor)
        outputs = (output,) if single else output
        if not isinstance(outputs, tuple):
            return output
        positions = [i for i, o in enumerate(outputs) if isinstance(o, Tensor)]
        if not (is_grad_enabled() and any(outputs[i].requires_grad for i in positions)):
            return output
        wrapped = self._replace(outputs, positions, True)
        return wrapped[0] if single else wrapped

    def _replace(self, values, positions, at_outputs):
        passed = BackwardHookFunction.apply(self, at_outputs, *[values[i] for i in positions])
        values = list(values)
        for i, t in zip(positions, passed):
            values[i] = t
        return tuple(values)

    def reached_outputs(self, grads):
        for hook in list(self.pre_hooks.values()):
            changed = hook(self.module, grads)
            if changed is not None:
                grads = _checked(changed, len(grads), "Backward pre hook", "grad_output")
        self.grad_outputs = grads
        if not self.inputs_wrapped and self.hooks:
            # nothing before the module needs a gradient: the hooks run here
            warnings.warn(_NO_INPUT_GRAD, UserWarning, stacklevel=_outside_ferrograd())
            nothing = (None,) * self.input_count
            for hook in list(self.hooks.values()):
                changed = hook(self.module, nothing, grads)
                if changed is not None and any(g is not None for g in changed):
                    raise RuntimeError(
                        "Backward hook for Modules where no input requires gradient should "
                        "always return None or None for all gradients."
                    )
        return grads

    def reached_inputs(self, grads):
        for hook in list(self.hooks.values()):
            changed = hook(self.module, grads, self.grad_outputs)
            if changed is not None:
                grads = _checked(changed, len(grads), "Backward hook", "grad_input")
        return grads


def _outside_ferrograd():
    """The stacklevel of the innermost caller outside this package (the line
    that ran backward), where torch's engine attributes its warning."""
    package = __file__.rsplit("/nn/", 1)[0]
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame, level = frame.f_back, level + 1
    return level


def _checked(changed, count, hook, what):
    changed = tuple(changed) if isinstance(changed, (tuple, list)) else (changed,)
    if len(changed) != count:
        raise RuntimeError(
            f"{hook} returned an invalid number of {what}, got {len(changed)}, but "
            f"expected {count}"
        )
    return changed

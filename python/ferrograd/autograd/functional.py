"""``torch.autograd.functional``: vjp, jvp, jacobian, hessian, vhp and hvp built
on reverse-mode ``grad`` (jvp and hvp by the double-backward trick)."""

import ferrograd as _fg

from .. import _grad_mode

__all__ = ["hessian", "hvp", "jacobian", "jvp", "vhp", "vjp"]


def _tupled(value, what, fn):
    """``(was_tuple, tuple_of_tensors)``; anything but tensors is a TypeError."""
    was_tuple = isinstance(value, tuple)
    items = value if was_tuple else (value,)
    for i, item in enumerate(items):
        if not isinstance(item, _fg.Tensor):
            where = f"value at index {i}" if was_tuple else f"given {what}"
            raise TypeError(
                f"The {what} given to {fn} must be either a Tensor or a tuple of Tensors but "
                f"the {where} has type {type(item)}."
            )
    return was_tuple, items


def _untuple(res, was_tuple):
    """Undo ``_tupled`` (a pair of flags undoes two levels of nesting)."""
    if isinstance(was_tuple, tuple):
        outer, inner = was_tuple
        if not inner:
            res = tuple(r[0] for r in res)
        return res if outer else res[0]
    return res if was_tuple else res[0]


def _fresh(tensors, create_graph, need_graph):
    """New tensor objects for the inputs: differentiable views of inputs that
    require grad under create_graph (so gradients flow back to them), detached
    copies otherwise (so the function's own captures are told apart)."""
    out = []
    for t in tensors:
        if create_graph and t.requires_grad:
            out.append(t.view_as(t))
        else:
            out.append(t.detach().requires_grad_(need_graph))
    return tuple(out)


def _finish(tensors, create_graph):
    """Drop the history of results unless the caller asked for a graph."""
    if tensors and isinstance(tensors[0], _fg.Tensor):
        return tensors if create_graph else tuple(t.detach() for t in tensors)
    return tuple(_finish(t, create_graph) for t in tensors)


def _check_v(v, ref, ref_is_tuple):
    if len(v) != len(ref):
        if ref_is_tuple:
            raise RuntimeError(
                f"v is a tuple of invalid length: should be {len(ref)} but got {len(v)}."
            )
        raise RuntimeError("The given v should contain a single Tensor.")
    for i, (a, b) in enumerate(zip(v, ref)):
        if a.size() != b.size():
            lead = f"Entry {i} in " if ref_is_tuple else ""
            raise RuntimeError(f"{lead}v has invalid size: should be {b.size()} but got {a.size()}.")


def _strict_check(tensors, kind, strict):
    """strict mode: every tensor must exist and require grad."""
    if not strict:
        return
    for i, t in enumerate(tensors):
        if t is None:
            raise RuntimeError(
                f"The output of the user-provided function is independent of input {i}. "
                "This is not allowed in strict mode."
            )
        if t.requires_grad:
            continue
        if kind == "hessian":
            raise RuntimeError(
                f"The hessian of the user-provided function with respect to input {i} is "
                "independent of the input. This is not allowed in strict mode. You should "
                "ensure that your function is thrice differentiable and that the hessian "
                "depends on the inputs."
            )
        if kind == "jacobian":
            raise RuntimeError(
                "While computing the hessian, found that the jacobian of the user-provided "
                f"function with respect to input {i} is independent of the input. This is not "
                "allowed in strict mode. You should ensure that your function is twice "
                "differentiable and that the jacobian depends on the inputs (this would be "
                "violated by a linear function for example)."
            )
        if kind == "grad_inputs":
            raise RuntimeError(
                f"The gradient with respect to input {i} is independent of the inputs of the "
                "user-provided function. This is not allowed in strict mode."
            )
        raise RuntimeError(
            f"Output {i} of the user-provided function does not require gradients. The "
            "outputs must be computed in a differentiable manner from the input when running "
            "in strict mode."
        )


def _grad(outputs, inputs, grad_outputs=None, create_graph=False, retain_graph=None):
    """``autograd.grad`` that skips outputs without history (``None`` for all
    inputs when none has any) and leaves unused inputs ``None``."""
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    pairs = [(o, g) for o, g in zip(outputs, grad_outputs) if o is not None and o.requires_grad]
    if not pairs:
        return (None,) * len(inputs)
    outs = tuple(o for o, _ in pairs)
    gouts = tuple(g for _, g in pairs)
    if all(g is None for g in gouts):
        gouts = None
    return _fg.autograd.grad(
        outs,
        inputs,
        gouts,
        allow_unused=True,
        create_graph=create_graph,
        retain_graph=retain_graph,
    )


_MISSING = {
    "back": "The output of the user-provided function is independent of input {i}. "
    "This is not allowed in strict mode.",
    "back_trick": "The gradient with respect to the input is independent of entry {i} in the "
    "grad_outputs when using the double backward trick to compute forward mode gradients. "
    "This is not allowed in strict mode.",
    "double_back": "The jacobian of the user-provided function is independent of input {i}. "
    "This is not allowed in strict mode.",
    "double_back_trick": "The hessian of the user-provided function is independent of entry "
    "{i} in the grad_jacobian. This is not allowed in strict mode as it prevents from using "
    "the double backward trick to replace forward mode AD.",
}


def _zeros_for_missing(grads, refs, strict, create_graph, stage):
    out = []
    for i, g in enumerate(grads):
        if g is None:
            if strict:
                raise RuntimeError(_MISSING[stage].format(i=i))
            g = _fg.zeros_like(refs[i])
        elif strict and create_graph and not g.requires_grad:
            what = "hessian" if "double" in stage else "jacobian"
            raise RuntimeError(
                f"The {what} of the user-provided function is independent of input {i}. "
                "This is not allowed in strict mode when create_graph=True."
            )
        out.append(g)
    return tuple(out)


def _single_element_v(name, inputs):
    if len(inputs) != 1 or inputs[0].nelement() != 1:
        raise RuntimeError(
            "The vector v can only be None if the input to the user-provided function is a "
            "single Tensor with a single element."
        )


def _inputs_and_v(inputs, v, name, create_graph):
    """The inputs as fresh leaves, and ``v`` checked against them (or the
    inputs checked to be single elements when ``v`` is omitted)."""
    in_tuple, inputs = _tupled(inputs, "inputs", name)
    inputs = _fresh(inputs, create_graph, True)
    if v is not None:
        v = _prepare_v(v, inputs, in_tuple, name, create_graph)
    else:
        _single_element_v(name, inputs)
    return in_tuple, inputs, v


def _prepare_v(v, ref, ref_is_tuple, name, create_graph):
    _, v = _tupled(v, "v", name)
    v = _fresh(v, create_graph, False)
    _check_v(v, ref, ref_is_tuple)
    return v


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """The function's outputs and the vector-Jacobian product ``v^T J``."""
    with _grad_mode.enable_grad():
        in_tuple, inputs = _tupled(inputs, "inputs", "vjp")
        inputs = _fresh(inputs, create_graph, True)
        out_tuple, outputs = _tupled(
            func(*inputs), "outputs of the user-provided function", "vjp"
        )
        _strict_check(outputs, "outputs", strict)
        if v is not None:
            v = _prepare_v(v, outputs, out_tuple, "vjp", create_graph)
        elif len(outputs) != 1 or outputs[0].nelement() != 1:
            raise RuntimeError(
                "The vector v can only be None if the user-provided function returns a single "
                "Tensor with a single element."
            )
    with _grad_mode.set_grad_enabled(create_graph or _fg.is_grad_enabled()):
        res = _grad(outputs, inputs, v, create_graph=create_graph)
        res = _zeros_for_missing(res, inputs, strict, create_graph, "back")
    return (
        _untuple(_finish(outputs, create_graph), out_tuple),
        _untuple(_finish(res, create_graph), in_tuple),
    )


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """The function's outputs and the Jacobian-vector product ``J v``, by
    differentiating the vjp with respect to its (all-zero) grad_outputs."""
    with _grad_mode.enable_grad():
        _, inputs, v = _inputs_and_v(inputs, v, "jvp", create_graph)
        out_tuple, outputs = _tupled(
            func(*inputs), "outputs of the user-provided function", "jvp"
        )
        _strict_check(outputs, "outputs", strict)
        # the vjp is linear in its grad_outputs: their value never matters
        dummies = tuple(_fg.zeros_like(o, requires_grad=True) for o in outputs)
        grad_inputs = _grad(outputs, inputs, dummies, create_graph=True)
        _strict_check(grad_inputs, "grad_inputs", strict)
    with _grad_mode.set_grad_enabled(True if create_graph else _fg.is_grad_enabled()):
        res = _grad(grad_inputs, dummies, v, create_graph=create_graph)
        res = _zeros_for_missing(res, outputs, strict, create_graph, "back_trick")
    return (
        _untuple(_finish(outputs, create_graph), out_tuple),
        _untuple(_finish(res, create_graph), out_tuple),
    )


def _batched_zeros(ref, rows):
    return _fg.zeros_like(ref).expand((rows,) + tuple(ref.shape))


def jacobian(
    func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"
):
    """The Jacobian of ``func`` at ``inputs``: one tensor per (output, input)
    pair, shaped ``output.shape + input.shape``."""
    if strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError(
            'Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your '
            'function has more outputs than inputs, "forward-mode" tends to be more performant. '
            'Otherwise, prefer to use "reverse-mode".'
        )
    if strategy == "forward-mode":
        if create_graph:
            raise NotImplementedError(
                "torch.autograd.functional.jacobian: `create_graph=True` and "
                '`strategy="forward-mode"` are not supported together (yet). Please either '
                'set `create_graph=False` or `strategy="reverse-mode"`.'
            )
        if strict:
            raise RuntimeError(
                "torch.autograd.functional.jacobian: `strict=True` and "
                '`strategy="forward-mode"` are not supported together (yet). Please either '
                'set `strict=False` or `strategy="reverse-mode"`.'
            )
        _tupled(inputs, "inputs", "jacobian")
        if not vectorize:
            raise NotImplementedError(
                "Computing Jacobian using forward-AD or forward-over-reverse Hessian is"
                "only implemented for `vectorize=True`."
            )
        # ferrograd has no forward-mode AD: the same Jacobian, row by row in
        # reverse mode, laid out as torch's forward mode lays it out; torch does
        # not detach that result, so it stays attached to inputs requiring grad
        _, tupled = _tupled(inputs, "inputs", "jacobian")
        attached = _fg.is_grad_enabled() and any(t.requires_grad for t in tupled)
        return _reverse_jacobian(func, inputs, attached, False, True, forward=True)
    return _reverse_jacobian(func, inputs, create_graph, strict, vectorize)


def _reverse_jacobian(func, inputs, create_graph, strict, vectorize, forward=False):
    with _grad_mode.enable_grad():
        in_tuple, inputs = _tupled(inputs, "inputs", "jacobian")
        inputs = _fresh(inputs, create_graph, True)
        out_tuple, outputs = _tupled(
            func(*inputs), "outputs of the user-provided function", "jacobian"
        )
        _strict_check(outputs, "outputs", strict)
        if vectorize and strict:
            raise RuntimeError(
                "torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are "
                "not supported together. Please either set `strict=False` or "
                "`vectorize=False`."
            )
        if vectorize:
            jac = _vectorized_rows(outputs, inputs, create_graph, forward)
        else:
            jac = tuple(_rows(i, out, inputs, create_graph, strict) for i, out in enumerate(outputs))
        jac = _finish(jac, create_graph or forward)
        return _untuple(jac, (out_tuple, in_tuple))


def _rows(i, out, inputs, create_graph, strict):
    """d out / d input for each input, one backward pass per element of ``out``."""
    per_input = [[] for _ in inputs]
    flat = out.reshape(-1)
    for j in range(out.nelement()):
        grads = _grad((flat[j],), inputs, retain_graph=True, create_graph=create_graph)
        for k, (g, inp) in enumerate(zip(grads, inputs)):
            if g is None:
                if strict:
                    raise RuntimeError(
                        f"Output {i} of the user-provided function is independent of input "
                        f"{k}. This is not allowed in strict mode."
                    )
                g = _fg.zeros_like(inp)
            elif strict and create_graph and not g.requires_grad:
                raise RuntimeError(
                    "The jacobian of the user-provided function is independent of input "
                    f"{i}. This is not allowed in strict mode when create_graph=True."
                )
            per_input[k].append(g)
    return tuple(
        _fg.stack(gs, dim=0).view(tuple(out.size()) + tuple(inp.size()))
        for gs, inp in zip(per_input, inputs)
    )


def _vectorized_rows(outputs, inputs, create_graph, forward):
    """What torch's vmapped version returns: the same rows, computed one at a
    time, stacked per input over all outputs' elements and then split per
    output (an input no output uses gets broadcast zeros, as torch's does)."""
    numels = [o.nelement() for o in outputs]
    total = sum(numels)
    per_input = [[] for _ in inputs]
    unused = [True] * len(inputs)
    for out in outputs:
        flat = out.reshape(-1)
        for j in range(out.nelement()):
            grads = _grad((flat[j],), inputs, retain_graph=True, create_graph=create_graph)
            for k, (g, inp) in enumerate(zip(grads, inputs)):
                if g is not None:
                    unused[k] = False
                per_input[k].append(g)
    columns = []
    for k, inp in enumerate(inputs):
        if unused[k] or total == 0:
            big = _batched_zeros(inp, total)
        else:
            big = _fg.stack(
                [_fg.zeros_like(inp) if g is None else g for g in per_input[k]], dim=0
            )
        parts = big.split(numels, dim=0)
        shape_in = tuple(inp.shape)
        if forward:
            columns.append([_forward_layout(p, o, inp) for p, o in zip(parts, outputs)])
        else:
            columns.append([p.view(tuple(o.shape) + shape_in) for p, o in zip(parts, outputs)])
    return tuple(zip(*columns))


def _forward_layout(rows, out, inp):
    """The strides torch's forward mode leaves: its tangents are batched over
    the input's elements, then moved to the last dimension and reshaped."""
    n_out, n_in = out.nelement(), inp.nelement()
    by_input = rows.reshape(n_out, n_in).t().contiguous().reshape((n_in,) + tuple(out.shape))
    moved = by_input.permute(*range(1, by_input.dim()), 0)
    return moved.reshape(tuple(out.shape) + tuple(inp.shape))


def hessian(
    func,
    inputs,
    create_graph=False,
    strict=False,
    vectorize=False,
    outer_jacobian_strategy="reverse-mode",
):
    """The Hessian of a scalar function: the Jacobian of its gradient."""
    in_tuple, inputs = _tupled(inputs, "inputs", "hessian")
    if outer_jacobian_strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode".')

    def scalar_func(*args):
        out = func(*args)
        out_tuple, outs = _tupled(out, "outputs of the user-provided function", "hessian")
        _strict_check(outs, "outputs", strict)
        if out_tuple or not isinstance(out, _fg.Tensor):
            raise RuntimeError("The function given to hessian should return a single Tensor")
        if out.nelement() != 1:
            raise RuntimeError(
                "The Tensor returned by the function given to hessian should contain a single "
                "element"
            )
        return out.squeeze()

    def gradient(*args):
        if outer_jacobian_strategy == "forward-mode":
            args = tuple(t.requires_grad_(True) for t in args)
        jac = jacobian(scalar_func, args, create_graph=True)
        _strict_check(jac, "jacobian", strict)
        return jac

    res = jacobian(
        gradient,
        inputs,
        create_graph=create_graph,
        strict=strict,
        vectorize=vectorize,
        strategy=outer_jacobian_strategy,
    )
    return _untuple(res, (in_tuple, in_tuple))


def _scalar_output(func, inputs, name, strict):
    out_tuple, outputs = _tupled(func(*inputs), "outputs of the user-provided function", name)
    _strict_check(outputs, "outputs", strict)
    if out_tuple or not isinstance(outputs[0], _fg.Tensor):
        raise RuntimeError(f"The function given to {name} should return a single Tensor")
    if outputs[0].nelement() != 1:
        raise RuntimeError(
            f"The Tensor returned by the function given to {name} should contain a single element"
        )
    return out_tuple, outputs


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """The function's output and the vector-Hessian product ``v^T H``."""
    with _grad_mode.enable_grad():
        in_tuple, inputs, v = _inputs_and_v(inputs, v, "vhp", create_graph)
        out_tuple, outputs = _scalar_output(func, inputs, "vhp", strict)
        jac = _grad(outputs, inputs, create_graph=True)
        _strict_check(jac, "jacobian", strict)
    with _grad_mode.set_grad_enabled(True if create_graph else _fg.is_grad_enabled()):
        res = _grad(jac, inputs, v, create_graph=create_graph)
        res = _zeros_for_missing(res, inputs, strict, create_graph, "double_back")
    return (
        _untuple(_finish(outputs, create_graph), out_tuple),
        _untuple(_finish(res, create_graph), in_tuple),
    )


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """The function's output and the Hessian-vector product ``H v``, by the
    double-backward trick on the vhp."""
    with _grad_mode.enable_grad():
        in_tuple, inputs, v = _inputs_and_v(inputs, v, "hvp", create_graph)
        out_tuple, outputs = _scalar_output(func, inputs, "hvp", strict)
        jac = _grad(outputs, inputs, create_graph=True)
        _strict_check(jac, "jacobian", strict)
        dummies = tuple(_fg.zeros_like(t, requires_grad=True) for t in inputs)
        double_back = _grad(jac, inputs, dummies, create_graph=True)
        # torch checks the jacobian here again under the hessian message
        _strict_check(jac, "hessian", strict)
    with _grad_mode.set_grad_enabled(True if create_graph else _fg.is_grad_enabled()):
        res = _grad(double_back, dummies, v, create_graph=create_graph)
        res = _zeros_for_missing(res, inputs, strict, create_graph, "double_back_trick")
    return (
        _untuple(_finish(outputs, create_graph), out_tuple),
        _untuple(_finish(res, create_graph), in_tuple),
    )

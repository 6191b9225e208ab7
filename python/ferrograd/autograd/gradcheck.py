"""``gradcheck`` and ``gradgradcheck``: finite differences against the engine's gradients.

Same signatures, defaults, checks and messages as ``torch.autograd.gradcheck`` /
``torch.autograd.gradgradcheck``, for real (float32/float64) dense tensors:

* the numerical Jacobian comes from central differences, ``(f(x + eps) - f(x - eps)) / 2eps``,
  one element of one input at a time, accumulated in float64. Each perturbed input is a
  fresh tensor (same dtype and ``requires_grad``; an input passed twice is perturbed in both
  places), so the function sees ordinary tensors and may itself differentiate them
  (which is what ``gradgradcheck`` does);
* the analytical Jacobian comes from ``ferrograd.autograd.grad``, one vector-Jacobian product
  per output element with a unit ``grad_output``, computed twice to catch a backward that
  is not deterministic (``nondet_tol``);
* each Jacobian pair must satisfy ``|analytical - numerical| <= atol + rtol * |numerical|``
  elementwise, otherwise ``GradcheckError`` (a ``RuntimeError``) names the output and input
  indices and prints both Jacobians (rows: input elements, columns: output elements);
* then, as torch does, the backward must give zero gradients for zero ``grad_outputs``
  ("backward not multiplied by grad_output" / undefined-gradient check) and gradients of
  the inputs' shapes (and dtypes, with ``check_grad_dtypes=True``).

``fast_mode=True`` compares ``v^T J u`` for random unit vectors ``u`` (per input) and ``v``
(per output) instead of whole Jacobians, and recomputes the slow Jacobians for the message
when that fails.

ferrograd has neither forward-mode AD nor vmap: ``check_forward_ad``,
``check_batched_forward_grad`` and ``check_batched_grad`` raise ``NotImplementedError`` when
set. ``masked`` only matters for sparse tensors, which ferrograd does not have; it is
accepted and ignored.

``gradgradcheck`` runs ``gradcheck`` on the function ``(inputs, grad_outputs) -> grad(func(
inputs), inputs, grad_outputs, create_graph=True)``. It therefore needs every op in
``func`` to have a differentiable backward, i.e. a backward built from differentiable
ferrograd ops when ``create_graph=True``. An op whose backward were not recorded would make
the check fail (its second derivative would read as zero), which is exactly what it is for;
``tests/test_gradcheck.py`` runs it over every differentiable op.
"""

import warnings


class _LazyNumpy:
    """numpy, imported on first use: `import ferrograd` stays fast."""

    def __getattr__(self, name):
        import numpy

        return getattr(numpy, name)


np = _LazyNumpy()

from .. import _core
from .._grad_mode import no_grad

__all__ = ["GradcheckError", "gradcheck", "gradgradcheck"]

Tensor = _core.Tensor


class GradcheckError(RuntimeError):
    """Error raised by :func:`gradcheck` and :func:`gradgradcheck`."""


FAILED_NONDET_MSG = """

NOTE: If your op relies on non-deterministic operations i.e., it is listed here:
https://pytorch.org/docs/stable/generated/torch.use_deterministic_algorithms.html
this failure might be expected.

If you are adding a new operator, please file an issue and then use one of the
workarounds. The workaround depends on how your test invokes gradcheck/gradgradcheck.
If the test
- manually invokes gradcheck/gradgradcheck, then call gradcheck/gradgradcheck
  with `nondet_tol=<tol>` as a keyword argument.
- is OpInfo-based (e.g., in test_ops_gradients.py), then modify the OpInfo for the test
  to have `gradcheck_nondet_tol=<tol>`.
- is a Module test (e.g., in common_nn.py), then modify the corresponding
  module_test entry to have `gradcheck_nondet_tol=<tol>`
"""

FAST_FAIL_SLOW_OK_MSG = """
Fast gradcheck failed but element-wise differences are small. This means that the
test might've passed in slow_mode!

If you are adding a new operator, please file an issue and then use one of the
workarounds. The workaround depends on how your test invokes gradcheck/gradgradcheck:

If the test
- manually invokes gradcheck/gradgradcheck, then call gradcheck/gradgradcheck
  with `fast_mode=False` as a keyword argument.
- is OpInfo-based (e.g., in test_ops_gradients.py), then modify the OpInfo for the test
  to have `gradcheck_fast_mode=False`
- is a Module test (e.g., in common_nn.py), then modify the corresponding
  module_test entry to have `gradcheck_fast_mode=False`
"""


# ---- small helpers ----


def _as_tuple(x):
    if isinstance(x, tuple):
        return x
    if isinstance(x, list):
        return tuple(x)
    return (x,)


def _is_float_tensor(x):
    return isinstance(x, Tensor) and x.dtype.is_floating_point


def _differentiable_outputs(x):
    return tuple(o for o in _as_tuple(x) if isinstance(o, Tensor) and o.requires_grad)


def _diff_input_indices(inputs):
    return [i for i, a in enumerate(inputs) if isinstance(a, Tensor) and a.requires_grad]


def _to_numpy(t):
    """A float64 copy of ``t``'s values, flattened."""
    with no_grad():
        return np.array(t.detach().numpy(), dtype=np.float64).reshape(-1)


def _new_tensor(values, like, requires_grad=None):
    """A fresh leaf with ``values`` reshaped to ``like``'s shape, in ``like``'s dtype."""
    from .. import tensor

    if requires_grad is None:
        requires_grad = like.requires_grad
    arr = np.asarray(values, dtype=np.float64).reshape(tuple(like.shape))
    return tensor(arr, dtype=like.dtype, requires_grad=requires_grad)


def _as_tensor64(arr):
    """A ferrograd float64 tensor holding ``arr`` (for messages)."""
    from .. import float64, tensor

    return tensor(np.asarray(arr, dtype=np.float64), dtype=float64)


def _allclose(a, n, rtol, atol):
    a = np.asarray(a, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    if a.shape != n.shape:
        return False
    return bool(np.all(np.abs(a - n) <= atol + rtol * np.abs(n)))


# ---- input/output checks ----


def _check_inputs(tupled_inputs):
    any_input_requiring_grad = False
    for idx, inp in enumerate(tupled_inputs):
        if isinstance(inp, Tensor) and inp.requires_grad:
            if not inp.dtype.is_floating_point:
                raise GradcheckError(f"Input #{idx} requires gradient but is not floating point")
            if inp.dtype != _core.float64:
                warnings.warn(
                    f"Input #{idx} requires gradient and "
                    "is not a double precision floating point or complex. "
                    "This check will likely fail if all the inputs are "
                    "not of double precision floating point or complex. ",
                    stacklevel=4,
                )
            if not all(st > 0 or sz <= 1 for st, sz in zip(inp.stride(), inp.shape)):
                raise RuntimeError(
                    f"The {idx}th input has a dimension with stride 0. gradcheck only "
                    "supports inputs that are non-overlapping to be able to "
                    "compute the numerical gradients correctly. You should call "
                    ".contiguous on the input before passing it to gradcheck."
                )
            any_input_requiring_grad = True
    if not any_input_requiring_grad:
        raise ValueError(
            "gradcheck expects at least one input tensor to require gradient, "
            "but none of the them have requires_grad=True."
        )
    return True


# ---- numerical side ----


def _evaluate(func, args, out_indices, reference, where):
    """Runs ``func(*args)`` and returns the float64 values of the outputs at ``out_indices``,
    checking they keep the shapes and dtypes of ``reference``."""
    outs = _as_tuple(func(*args))
    values = []
    for k in out_indices:
        o, ref = outs[k], reference[k]
        if tuple(o.shape) != tuple(ref.shape):
            raise AssertionError(
                "Expected `func` to return outputs with the same shape when inputs are "
                f"perturbed {where}, but got: shapes {o.shape} and {ref.shape}."
            )
        if o.dtype != ref.dtype:
            raise AssertionError(
                "Expected `func` to return outputs with the same dtype when inputs are "
                f"perturbed {where}, but got: dtypes {o.dtype} and {ref.dtype}."
            )
        values.append(_to_numpy(o))
    return values


def _with_replaced(inputs, original, replacement):
    """``inputs`` with every occurrence of the object ``original`` replaced."""
    return tuple(replacement if a is original else a for a in inputs)


def _numerical_jacobian(func, inputs, func_out, eps):
    """``jac[j][i]``: float64 array ``(numel of input j, numel of output i)`` for the j-th
    input requiring grad and the i-th floating point output of ``func_out``."""
    out_indices = [k for k, o in enumerate(func_out) if _is_float_tensor(o)]
    out_numels = [func_out[k].numel() for k in out_indices]
    jacobians = []
    for idx in _diff_input_indices(inputs):
        inp = inputs[idx]
        base = _to_numpy(inp)
        cols = [np.zeros((base.size, n)) for n in out_numels]
        for e in range(base.size):
            where = f"on index {e} of input {idx} by {eps}"
            values = []
            for sign in (-1.0, 1.0):
                perturbed = base.copy()
                perturbed[e] += sign * eps
                args = _with_replaced(inputs, inp, _new_tensor(perturbed, inp))
                values.append(_evaluate(func, args, out_indices, func_out, where))
            for col, a, b in zip(cols, *values):
                col[e] = (b - a) / (2.0 * eps)
        jacobians.append(cols)
    return jacobians, out_indices


def _numerical_directional(func, inputs, func_out, out_indices, idx, u, eps):
    """``J u`` for input ``idx`` (u of unit norm), per output in ``out_indices``."""
    inp = inputs[idx]
    base = _to_numpy(inp)
    values = []
    for sign in (-1.0, 1.0):
        args = _with_replaced(inputs, inp, _new_tensor(base + sign * eps * u, inp))
        values.append(_evaluate(func, args, out_indices, func_out, f"by {eps}"))
    return [(b - a) / (2.0 * eps) for a, b in zip(*values)]


# ---- analytical side ----


def _grad(outputs, inputs, grad_outputs, **kwargs):
    """``autograd.grad`` asked once per distinct input: an input listed twice (the same
    tensor passed as two arguments) gets its whole gradient in both places, as in torch."""
    from . import grad

    unique, where = [], []
    for t in inputs:
        pos = next((k for k, u in enumerate(unique) if u is t), None)
        if pos is None:
            pos = len(unique)
            unique.append(t)
        where.append(pos)
    result = grad(outputs, unique, grad_outputs, **kwargs)
    return tuple(result[k] for k in where)


def _vjp(output, diff_inputs, grad_output):
    return _grad(output, diff_inputs, grad_output, retain_graph=True, allow_unused=True)


def _unit(output, k):
    e = np.zeros(output.numel())
    e[k] = 1.0
    return _new_tensor(e, output, requires_grad=False)


def _analytical_jacobian(diff_inputs, output, nondet_tol, check_grad_dtypes, v=None):
    """Rows of vector-Jacobian products, computed twice: ``jac[j]`` is a float64 array
    ``(numel of input j, numel of output)`` (or ``(numel of input j, 1)`` for ``v``)."""
    grad_outputs = (
        [_unit(output, k) for k in range(output.numel())]
        if v is None
        else [_new_tensor(v, output, requires_grad=False)]
    )
    types_ok, sizes_ok = True, True
    runs = []
    for _ in range(2):
        jac = [np.zeros((inp.numel(), len(grad_outputs))) for inp in diff_inputs]
        for k, go in enumerate(grad_outputs):
            for j, (g, inp) in enumerate(zip(_vjp(output, diff_inputs, go), diff_inputs)):
                if g is None:
                    continue
                if g.dtype != inp.dtype:
                    types_ok = False
                if tuple(g.shape) != tuple(inp.shape):
                    sizes_ok = False
                    continue
                jac[j][:, k] = _to_numpy(g)
        runs.append(jac)
    if not types_ok and check_grad_dtypes:
        raise GradcheckError("Gradient has dtype mismatch")
    if not sizes_ok:
        raise GradcheckError("Analytical gradient has incorrect size")
    # as torch: a NaN difference does not count as nondeterminism (the comparison with the
    # numerical Jacobian reports it)
    reentrant = not any(a.size and np.max(np.abs(a - b)) > nondet_tol for a, b in zip(*runs))
    if not reentrant:
        raise GradcheckError(
            "Backward is not reentrant, i.e., running backward with "
            "same input and grad_output multiple times gives different values, "
            "although analytical gradient matches numerical gradient."
            f"The tolerance for nondeterminism was {nondet_tol}." + FAILED_NONDET_MSG
        )
    return runs[0]


def _notallclose_msg(analytical, numerical, output_idx, input_idx):
    return (
        f"Jacobian mismatch for output {output_idx:d} with respect to input {input_idx:d},\n"
        f"numerical:{_as_tensor64(numerical)!r}\nanalytical:{_as_tensor64(analytical)!r}\n"
    )


# ---- the checks ----


def _check_no_differentiable_outputs(func, inputs, func_out, eps):
    # with no differentiable outputs, the numerical gradient must be zero
    jacobians, _ = _numerical_jacobian(func, inputs, func_out, eps)
    for per_input in jacobians:
        for jacobian in per_input:
            if np.any(jacobian != 0):
                raise GradcheckError("Numerical gradient for function expected to be zero")
    return True


def _slow_gradcheck(
    func, func_out, inputs, outputs, eps, rtol, atol, check_grad_dtypes, nondet_tol
):
    func_out = _as_tuple(func_out)
    if not outputs:
        return _check_no_differentiable_outputs(func, inputs, func_out, eps)
    numerical, out_indices = _numerical_jacobian(func, inputs, func_out, eps)
    # per output requiring grad, the numerical Jacobians w.r.t. each differentiable input
    diff_out = [pos for pos, k in enumerate(out_indices) if func_out[k].requires_grad]
    diff_inputs = [inputs[i] for i in _diff_input_indices(inputs)]
    for i, o in enumerate(outputs):
        analytical = _analytical_jacobian(diff_inputs, o, nondet_tol, check_grad_dtypes)
        for j, a in enumerate(analytical):
            n = numerical[j][diff_out[i]]
            if not _allclose(a, n, rtol, atol):
                raise GradcheckError(_notallclose_msg(a, n, i, j))
    return True


def _adjusted_atol(atol, u, v):
    # |v^T (A - N) u| <= v^T E u with E all atol: atol * sum(u) * sum(v)
    return atol * float(np.sum(u)) * float(np.sum(v))


def _fast_gradcheck(
    func, func_out, inputs, outputs, eps, rtol, atol, check_grad_dtypes, nondet_tol
):
    func_out = _as_tuple(func_out)
    if not outputs:
        return _check_no_differentiable_outputs(func, inputs, func_out, eps)
    rng = np.random.RandomState(42)

    def unit_vector(t):
        vec = rng.random_sample(t.numel())
        norm = np.linalg.norm(vec)
        return vec / norm if norm > 0 else vec

    input_indices = _diff_input_indices(inputs)
    diff_inputs = [inputs[i] for i in input_indices]
    all_u = [unit_vector(inp) for inp in diff_inputs]
    all_v = [unit_vector(o) for o in outputs]
    out_indices = [k for k, o in enumerate(func_out) if _is_float_tensor(o) and o.requires_grad]
    # numerical v^T J u, one directional derivative per input
    numerical = []
    for idx, u in zip(input_indices, all_u):
        ju = _numerical_directional(func, inputs, func_out, out_indices, idx, u, eps)
        numerical.append([float(np.dot(v, d)) for v, d in zip(all_v, ju)])
    for i, (o, v) in enumerate(zip(outputs, all_v)):
        vjps = _analytical_jacobian(diff_inputs, o, nondet_tol, check_grad_dtypes, v=v)
        for j, (vjp, u) in enumerate(zip(vjps, all_u)):
            a = float(np.dot(vjp[:, 0], u))
            n = numerical[j][i]
            if not _allclose(a, n, rtol, _adjusted_atol(atol, u, v)):
                msg = _notallclose_msg(a, n, i, j)
                raise GradcheckError(
                    "Gradcheck failed in fast mode. "
                    + msg
                    + _slow_mode_error(func, inputs, func_out, o, j, i, rtol, atol, eps)
                )
    return True


def _slow_mode_error(func, inputs, func_out, output, input_idx, output_idx, rtol, atol, eps):
    """The fast-mode failure, recomputed as full Jacobians for the message."""
    numerical, out_indices = _numerical_jacobian(func, inputs, func_out, eps)
    diff_out = [pos for pos, k in enumerate(out_indices) if func_out[k].requires_grad]
    slow_numerical = numerical[input_idx][diff_out[output_idx]]
    diff_inputs = [inputs[i] for i in _diff_input_indices(inputs)]
    slow_analytical = _analytical_jacobian(diff_inputs, output, float("inf"), False)[input_idx]
    slow_max_diff = (
        float(np.max(np.abs(slow_numerical - slow_analytical))) if slow_numerical.size else 0.0
    )
    msg = (
        "\nThe above quantities relating the numerical and analytical jacobians are computed \n"
        "in fast mode. See: https://github.com/pytorch/pytorch/issues/53876 for more background \n"
        "about fast mode. Below, we recompute numerical and analytical jacobians in slow mode:\n\n"
        f"Numerical:\n {_as_tensor64(slow_numerical)!r}\n"
        f"Analytical:\n{_as_tensor64(slow_analytical)!r}\n\n"
        f"The max per-element difference (slow mode) is: {slow_max_diff}.\n"
    )
    if _allclose(slow_analytical, slow_numerical, rtol, atol):
        msg += FAST_FAIL_SLOW_OK_MSG
    return msg


def _zeros_like(t):
    from .. import zeros_like

    return zeros_like(t)


def _test_backward_mul_by_grad_output(outputs, inputs):
    diff_input_list = [inputs[i] for i in _diff_input_indices(inputs)]
    if not diff_input_list:
        raise GradcheckError("no Tensors requiring grad found in input")
    grads_input = _grad(
        outputs, diff_input_list, [_zeros_like(o) for o in outputs], allow_unused=True
    )
    for gi, di in zip(grads_input, diff_input_list):
        if gi is None:
            continue
        if np.any(_to_numpy(gi) != 0):
            raise GradcheckError("backward not multiplied by grad_output")
        if gi.dtype != di.dtype:
            raise GradcheckError("grad is incorrect type")
        if tuple(gi.shape) != tuple(di.shape):
            raise GradcheckError("grad is incorrect size")
    return True


def _test_undefined_backward_mode(func, outputs, inputs):
    """ferrograd has no undefined gradients: zero ``grad_outputs`` stand in for them, for
    all outputs at once and (with several outputs) from fresh graphs one output at a time."""
    diff_input_list = [inputs[i] for i in _diff_input_indices(inputs)]
    if not diff_input_list:
        raise GradcheckError("no Tensors requiring grad found in input")

    def warn_bc_breaking():
        warnings.warn(
            "Backwards compatibility: New undefined gradient support checking "
            "feature is enabled by default, but it may break existing callers "
            "of this function. If this is true for you, you can call this "
            'function with "check_undefined_grad=False" to disable the feature',
            stacklevel=5,
        )

    def check_undefined_grad_support(output_to_check):
        grads_output = [_zeros_like(o) for o in output_to_check]
        try:
            grads_input = _grad(output_to_check, diff_input_list, grads_output, allow_unused=True)
        except RuntimeError as e:
            warn_bc_breaking()
            raise GradcheckError(
                "Expected backward function to handle undefined output grads. "
                'Please look at "Notes about undefined output gradients" in '
                '"tools/autograd/derivatives.yaml"'
            ) from e
        for gi in grads_input:
            if gi is not None and np.any(_to_numpy(gi) != 0):
                warn_bc_breaking()
                raise GradcheckError(
                    "Expected all input grads to be undefined or zero when all output grads "
                    'are undefined or zero. Please look at "Notes about undefined output '
                    'gradients" in "tools/autograd/derivatives.yaml"'
                )
        return True

    outputs_to_check = [list(_differentiable_outputs(func(*inputs)))]
    if len(outputs_to_check[0]) > 1:
        for undef_grad_idx in range(len(outputs)):
            fresh = list(_differentiable_outputs(func(*inputs)))
            outputs_to_check.append([fresh[undef_grad_idx]])
    return all(check_undefined_grad_support(o) for o in outputs_to_check)


def _gradcheck_helper(
    func,
    inputs,
    eps,
    atol,
    rtol,
    nondet_tol,
    check_undefined_grad,
    check_grad_dtypes,
    check_batched_grad,
    check_batched_forward_grad,
    check_forward_ad,
    check_backward_ad,
    fast_mode,
    masked,
):
    tupled_inputs = _as_tuple(inputs)
    _check_inputs(tupled_inputs)
    if check_forward_ad or check_batched_forward_grad:
        raise NotImplementedError(
            "ferrograd has no forward-mode AD: gradcheck cannot run with "
            "check_forward_ad=True or check_batched_forward_grad=True"
        )
    if check_batched_grad:
        raise NotImplementedError(
            "ferrograd has no vmap (nor batched grad_outputs in autograd.grad): gradcheck "
            "cannot run with check_batched_grad=True"
        )
    func_out = func(*tupled_inputs)
    outputs = _differentiable_outputs(func_out)
    gradcheck_fn = _fast_gradcheck if fast_mode else _slow_gradcheck
    gradcheck_fn(
        func, func_out, tupled_inputs, outputs, eps, rtol, atol, check_grad_dtypes, nondet_tol
    )
    if not check_backward_ad:
        return True
    if outputs:
        _test_backward_mul_by_grad_output(outputs, tupled_inputs)
        if check_undefined_grad:
            _test_undefined_backward_mode(func, outputs, tupled_inputs)
    return True


def gradcheck(
    func,
    inputs,
    *,
    eps=1e-6,
    atol=1e-5,
    rtol=1e-3,
    raise_exception=True,
    nondet_tol=0.0,
    check_undefined_grad=True,
    check_grad_dtypes=False,
    check_batched_grad=False,
    check_batched_forward_grad=False,
    check_forward_ad=False,
    check_backward_ad=True,
    fast_mode=False,
    masked=None,
):
    """Checks the gradients ``func`` computes by backward against finite differences.

    ``func`` takes the tensors of ``inputs`` (a tensor or a tuple; non-tensors are passed
    through) and returns a tensor or a tuple of tensors. Every input with
    ``requires_grad=True`` is checked against every output that requires grad; inputs should
    be float64 (a warning says so otherwise). Returns True; on failure raises
    ``GradcheckError``, or returns False when ``raise_exception=False``.
    See the module docstring for what is and is not supported.
    """
    assert check_forward_ad or check_backward_ad, (
        "Expected at least one of check_forward_ad or check_backward_ad to be True"
    )
    assert not (check_batched_grad and not check_backward_ad), (
        "Setting check_batched_grad=True requires check_backward_ad to be True"
    )
    assert not (check_batched_forward_grad and not check_forward_ad), (
        "Setting check_batched_forward_grad=True requires check_forward_ad to be True"
    )
    args = {
        "func": func,
        "inputs": inputs,
        "eps": eps,
        "atol": atol,
        "rtol": rtol,
        "nondet_tol": nondet_tol,
        "check_undefined_grad": check_undefined_grad,
        "check_grad_dtypes": check_grad_dtypes,
        "check_batched_grad": check_batched_grad,
        "check_batched_forward_grad": check_batched_forward_grad,
        "check_forward_ad": check_forward_ad,
        "check_backward_ad": check_backward_ad,
        "fast_mode": fast_mode,
        "masked": masked,
    }
    if not raise_exception:
        try:
            return _gradcheck_helper(**args)
        except GradcheckError:
            return False
    return _gradcheck_helper(**args)


def gradgradcheck(
    func,
    inputs,
    grad_outputs=None,
    *,
    eps=1e-6,
    atol=1e-5,
    rtol=1e-3,
    gen_non_contig_grad_outputs=False,
    raise_exception=True,
    nondet_tol=0.0,
    check_undefined_grad=True,
    check_grad_dtypes=False,
    check_batched_grad=False,
    check_fwd_over_rev=False,
    check_rev_over_rev=True,
    fast_mode=False,
    masked=False,
):
    """Checks second derivatives: gradcheck of ``(inputs, grad_outputs) -> vjp``.

    The vector-Jacobian product is ``autograd.grad(func(*inputs), inputs, grad_outputs,
    create_graph=True)``; ``grad_outputs`` default to random values in [-1, 1) that require
    grad. Only works for functions whose ops have differentiable backwards (see the module
    docstring). ``gen_non_contig_grad_outputs`` is accepted; the grad_outputs made are
    contiguous either way.
    """
    from .. import rand

    assert check_fwd_over_rev or check_rev_over_rev, (
        "Expected at least one of check_fwd_over_rev or check_rev_over_rev to be True"
    )
    assert not (check_undefined_grad and not check_rev_over_rev), (
        "Setting check_undefined_grad=True requires check_rev_over_rev to be True"
    )
    assert not (check_batched_grad and not check_rev_over_rev), (
        "Setting check_batched_grad=True requires check_rev_over_rev to be True"
    )
    tupled_inputs = _as_tuple(inputs)
    if grad_outputs is None:
        outputs = _differentiable_outputs(func(*tupled_inputs))
        tupled_grad_outputs = tuple(
            (rand(tuple(x.shape), dtype=x.dtype if x.dtype.is_floating_point else _core.float64) * 2 - 1)
            .detach()
            .requires_grad_(True)
            for x in outputs
        )
    else:
        tupled_grad_outputs = _as_tuple(grad_outputs)
    num_outputs = len(tupled_grad_outputs)
    diff_input_args_indices = set(_diff_input_indices(tupled_inputs))
    diff_grad_output_indices = {i for i, x in enumerate(tupled_grad_outputs) if x.requires_grad}

    def requiring_grad(x):
        return x if x.requires_grad else x.requires_grad_()

    def new_func(*args):
        input_args = tuple(
            requiring_grad(x) if i in diff_input_args_indices else x
            for i, x in enumerate(args[: len(args) - num_outputs])
        )
        outputs = _differentiable_outputs(func(*input_args))
        grad_outputs = tuple(
            requiring_grad(x) if i in diff_grad_output_indices else x
            for i, x in enumerate(args[len(args) - num_outputs :])
        )
        diff_input_args = tuple(x for i, x in enumerate(input_args) if i in diff_input_args_indices)
        grad_inputs = _grad(
            outputs, diff_input_args, grad_outputs, create_graph=True, allow_unused=True
        )
        return tuple(g for g in grad_inputs if g is not None)

    return gradcheck(
        new_func,
        tupled_inputs + tupled_grad_outputs,
        eps=eps,
        atol=atol,
        rtol=rtol,
        raise_exception=raise_exception,
        nondet_tol=nondet_tol,
        check_undefined_grad=check_undefined_grad,
        check_grad_dtypes=check_grad_dtypes,
        check_batched_grad=check_batched_grad,
        fast_mode=fast_mode,
        check_forward_ad=check_fwd_over_rev,
        check_backward_ad=check_rev_over_rev,
        masked=masked,
    )


# ``ferrograd.autograd.gradcheck`` is this function once the package imports it; keep the
# error class reachable from there too, as ``from ferrograd.autograd.gradcheck import ...``
gradcheck.GradcheckError = GradcheckError

"""Scenarios recorded from torch: where a gradient lives after backward
(whether a leaf's ``.grad`` shares memory with the gradient passed in, since
torch keeps a fresh view of it rather than copying; its strides; retained
non-leaf gradients), the views these use, and the graphs ``matmul`` records
for each combination of ranks, broadcasting and ``requires_grad``. Each case
is code run with ``torch`` bound to the library under test; it leaves its
outcome in ``result``.

``record_torch_cases.py`` runs them with torch into ``torch_cases.json``;
``tests/test_torch_cases.py`` runs them with ferrograd and compares.
"""

import importlib
import math
import random
from pathlib import Path


def _prod(shape):
    n = 1
    for d in shape:
        n *= d
    return n


# After backward, the passed gradient `g` is changed in place: a leaf whose
# .grad shares g's memory shows the change.
_ALIAS = "x=torch.ones({shape}, requires_grad=True); y={expr}; g=torch.ones({gshape}); "
_ALIAS += "y.backward(g); g.add_(1); result = x.grad"

ALIAS_CASES = {
    "view": ("4", "x.view(4)", "4"),
    "view_2d": ("4", "x.view(2, 2)", "2, 2"),
    "reshape": ("2, 3", "x.reshape(3, 2)", "3, 2"),
    "reshape_same": ("2, 3", "x.reshape(2, 3)", "2, 3"),
    "view_as": ("2, 3", "x.view_as(x)", "2, 3"),
    "unsqueeze": ("2, 3", "x.unsqueeze(0)", "1, 2, 3"),
    "flatten": ("2, 3", "x.flatten()", "6"),
    "flatten_1d": ("6", "x.flatten()", "6"),
    "unflatten": ("2, 3", "x.unflatten(1, (3, 1))", "2, 3, 1"),
    "squeeze_none": ("2, 3", "x.squeeze()", "2, 3"),
    "squeeze_kept_dim": ("2, 3", "x.squeeze(0)", "2, 3"),
    "squeeze_dropped_dim": ("1, 3", "x.squeeze(0)", "3"),
    "squeeze_tuple_kept": ("2, 3", "x.squeeze((0, 1))", "2, 3"),
    "alias": ("2, 3", "x[...]", "2, 3"),
    "lone_whole_slice": ("2, 3", "x[0:2]", "2, 3"),
    "narrow_whole": ("2, 3", "x.narrow(0, 0, 2)", "2, 3"),
    "chunk_one": ("2, 3", "x.chunk(1)[0]", "2, 3"),
    "transpose_twice": ("2, 3", "x.T.T", "2, 3"),
    "mT_twice": ("2, 3", "x.mT.mT", "2, 3"),
    "transpose_same_dim": ("2, 3", "x.transpose(0, 0)", "2, 3"),
    "movedim_same": ("2, 3", "x.movedim(0, 0)", "2, 3"),
    "permute": ("2, 3", "x.permute(1, 0)", "3, 2"),
    "expand_as": ("2, 3", "x.expand_as(x)", "2, 3"),
    "contiguous": ("2, 3", "x.contiguous()", "2, 3"),
    "clone": ("2, 3", "x.clone()", "2, 3"),
    "float": ("4", "x.float()", "4"),
    "type": ("4", "x.type(torch.float32)", "4"),
    "mul_one": ("4", "x * 1", "4"),
    "add_zero": ("4", "x + 0", "4"),
    "stack_one": ("2, 3", "torch.stack([x])", "1, 2, 3"),
    "split_cat": ("2, 3", "torch.cat(x.split([1, 2], 1), 1)", "2, 3"),
    "split_stack": ("6", "torch.stack(x.split(3))", "2, 3"),
    "unbind_add": ("2, 3", "x.unbind(0)[0] + x.unbind(0)[1]", "3"),
}

CASES = {
    f"alias_{name}": _ALIAS.format(shape=s, expr=e, gshape=gs)
    for name, (s, e, gs) in ALIAS_CASES.items()
}

CASES.update(
    {
        # cat's backward hands each input a slice of g: both .grads live in g
        "cat_shares_memory": (
            "a=torch.ones(4, requires_grad=True); b=torch.ones(4, requires_grad=True); "
            "g=torch.ones(8); torch.cat([a, b]).backward(g); "
            "result = (a.grad.data_ptr() == g.data_ptr(), "
            "b.grad.data_ptr() - g.data_ptr() == 4 * g.element_size())"
        ),
        # a second backward adds into .grad in place, so into g as well
        "cat_second_backward": (
            "a=torch.ones(4, requires_grad=True); b=torch.ones(4, requires_grad=True); "
            "c=torch.cat([a, b]); g=torch.ones(8); c.backward(g, retain_graph=True); "
            "c.backward(g); result = (g, a.grad, b.grad)"
        ),
        # both leaves get fresh views of the same memory
        "view_plus_view_twice": (
            "a=torch.ones(4, requires_grad=True); b=torch.ones(4, requires_grad=True); "
            "y=a.view(4) + b.view(4); g=torch.ones(4); y.backward(g, retain_graph=True); "
            "y.backward(g); result = (a.grad, b.grad, g)"
        ),
        # the first leaf to accumulate sees the handle still shared and copies
        "add_then_view": (
            "x=torch.ones(4, requires_grad=True); w=torch.ones(4, requires_grad=True); "
            "z=(x + w).view(2, 2); g=torch.ones(2, 2); z.backward(g); g.add_(1); "
            "result = (x.grad, w.grad)"
        ),
        "leaf_root_copies": (
            "x=torch.ones(2, 3, requires_grad=True); g=torch.ones(2, 3); x.backward(g); "
            "g.add_(1); result = x.grad"
        ),
        "strided_grad_copied": (
            "x=torch.ones(4, requires_grad=True); g=torch.ones(8)[::2]; x.view(4).backward(g); "
            "result = (x.grad.data_ptr() == g.data_ptr(), x.grad.stride())"
        ),
        # .grad takes the strides of a transposed (non-contiguous) leaf
        "transposed_leaf_grad_strides": (
            "x=torch.ones(3, 2).t().requires_grad_(); (x * 2).sum().backward(); "
            "result = (x.grad.stride(), x.stride(), x.grad)"
        ),
        "transposed_leaf_keeps_view": (
            "x=torch.ones(3, 2).t().requires_grad_(); g=torch.ones(3, 2); x.t().backward(g); "
            "g.add_(1); result = (x.grad.stride(), x.grad)"
        ),
        # under create_graph the stored gradient is a recorded copy
        "create_graph_grad_fn": (
            "x=torch.ones(2, requires_grad=True); y=x * x; "
            "y.backward(torch.ones(2), create_graph=True); "
            "result = (x.grad.grad_fn, [f for f, _ in x.grad.grad_fn.next_functions])"
        ),
        "create_graph_constant_grad": (
            "x=torch.ones(2, requires_grad=True); g=torch.ones(2); "
            "x.view(2).backward(g, create_graph=True); "
            "result = (x.grad.grad_fn, x.grad.requires_grad, x.grad.data_ptr() == g.data_ptr())"
        ),
        "create_graph_second_pass": (
            "x=torch.ones(2, requires_grad=True); y=(x * x).sum(); "
            "y.backward(create_graph=True); y.backward(create_graph=True); "
            "result = (x.grad, x.grad.grad_fn)"
        ),
        # retain_grad keeps a copy and replaces it with a new sum on later passes
        "retained_second_pass": (
            "x=torch.ones(2, requires_grad=True); y=x * 2; y.retain_grad(); s=y.sum(); "
            "s.backward(retain_graph=True); first=y.grad; s.backward(); "
            "result = (first, y.grad, first is y.grad)"
        ),
        "retained_copies_passed_grad": (
            "x=torch.ones(2, requires_grad=True); y=x * 2; y.retain_grad(); g=torch.ones(2); "
            "y.backward(g); g.add_(1); result = y.grad"
        ),
        "retained_create_graph": (
            "x=torch.ones(2, requires_grad=True); y=x * 2; y.retain_grad(); "
            "(y * y).sum().backward(create_graph=True); result = y.grad.grad_fn"
        ),
        "leaf_second_pass_in_place": (
            "x=torch.ones(2, requires_grad=True); x.sum().backward(); first=x.grad; "
            "(x * 1).sum().backward(); result = (first, first is x.grad)"
        ),
        "empty_data_ptr": "result = torch.empty(0).data_ptr()",
        # batched matmul: expand (recorded even to the same shape) then a view
        "matmul_broadcast_graph": (
            "a=torch.ones(2, 2, 3, requires_grad=True); b=torch.ones(2, 3, 4, requires_grad=True); "
            "y=a @ b; y.sum().backward(); f=y.grad_fn; names=[]\n"
            "while f is not None:\n"
            "    names.append(type(f).__name__)\n"
            "    f=next((n for n, _ in f.next_functions if n is not None), None)\n"
            "result = (names, a.grad, b.grad)"
        ),
        "view_data_ptr": (
            "t=torch.zeros(6); result = (t[2:].data_ptr() - t.data_ptr(), "
            "t.view(2, 3).data_ptr() == t.data_ptr(), t.clone().data_ptr() == t.data_ptr())"
        ),
    }
)

# grad_fn names and errors of the views used above
_VIEWS = [
    "x[:]",
    "x[0:2]",
    "x[::1]",
    "x[0:5]",
    "x[-2:]",
    "x[:, :]",
    "x[0:2, 0:3]",
    "x[...]",
    "x[..., :]",
    "x[(slice(None),)]",
    "x[None]",
    "x.squeeze()",
    "x.squeeze(0)",
    "x.squeeze((0, 1))",
    "x.squeeze([0])",
    "x.squeeze(dim=(0,))",
    "x.squeeze(())",
    "x.squeeze((0, 0))",
    "x.squeeze((5,))",
    "x.unsqueeze(0).squeeze((0, 2))",
    "torch.squeeze(x.unsqueeze(2), (0, 2))",
    "x.unflatten(1, (3, 1))",
    "x.unflatten(1, (-1, 3))",
    "x.unflatten(-1, [1, 3])",
    "x.unflatten(1, (4, 2))",
    "x.unflatten(1, ())",
    "x.unflatten(2, (3, 1))",
    "x.unflatten(1, (0, -1))",
    "x.t().unflatten(0, (3, 1))",
    "torch.unflatten(x, 0, (2, 1))",
    "x.movedim(0, 1)",
    "x.movedim((0, 1), (1, 0))",
    "x.movedim((0, 0), (1, 0))",
    "x.movedim(2, 0)",
    "torch.movedim(x, 0, -1)",
    "x.moveaxis(0, 1)",
    "torch.moveaxis(x, 1, 0)",
    "x.movedim([0], [1, 0])",
    "x.movedim((0, 1), (1, 1))",
    "x.unsqueeze(2).movedim((0, 2), (2, 0))",
    "x.unsqueeze(2).movedim((2, 0), (0, 1))",
    "x.unsqueeze(2).movedim(-1, 0)",
    "torch.tensor(1.0).movedim(0, 0)",
    "torch.ones(2, 0).unflatten(1, (5, 0))",
    # view and reshape of non-contiguous inputs: a view whenever strides allow
    "x.t().view(3, 1, 2)",
    "x.t().view(6)",
    "x.t().reshape(3, 1, 2)",
    "x.t().reshape(6)",
    "x[:, ::2].view(2, 1, 2)",
    "x[:, ::2].view(4)",
    "x[:, ::2].reshape(4)",
    "x.expand(4, 2, 3).reshape(4, 2, 3)",
    "x.unsqueeze(0).expand(2, 2, 3).reshape(4, 3)",
    "x.unsqueeze(2).expand(2, 3, 4).permute(2, 0, 1).reshape(4, 6)",
    "x.t().flatten()",
    "x.t().unsqueeze(0).flatten(0, 1)",
    "x.t()[None].view(3, 2)",
    "torch.tensor(5.0).view(1, 1)",
    "torch.tensor(5.0).reshape(())",
    "x.expand(2, 3)",
    "x.expand(-1, 3)",
    "x.expand_as(x)",
    "x.broadcast_to((2, 3))",
    "x.broadcast_to((2, 2, 3))",
    "torch.broadcast_to(x, (1, 2, 3))",
    "x.broadcast_to((3, 3))",
]
for _i, _expr in enumerate(_VIEWS):
    CASES[f"view_{_i:02d}"] = (
        "x=torch.arange(6.0).reshape(2, 3).requires_grad_(); v=" + _expr + "; "
        "result = (v, v.shape, v.stride())"
    )

# matmul: the recorded graph (depth-first node names), values, gradients and
# errors, per rank pair, broadcast and which operand requires grad
_GRAPH = (
    "def graph(f):\n"
    "    names, stack = [], [(f, 0)]\n"
    "    while stack:\n"
    "        f, depth = stack.pop()\n"
    "        names.append('  ' * depth + type(f).__name__)\n"
    "        stack.extend((n, depth + 1) for n, _ in reversed(f.next_functions) if n is not None)\n"
    "    return names\n"
)
_MATMUL_SHAPES = [
    ((1, 2, 3), (2, 3, 4)),
    ((2, 2, 3), (1, 3, 4)),
    ((2, 2, 3), (3, 4)),
    ((3,), (2, 3, 4)),
    ((2, 3), (2, 3, 4)),
    ((2, 1, 2, 3), (5, 3, 4)),
    ((2, 2, 3), (2, 3, 4)),
    ((2, 2, 3), (3,)),
    ((2, 3, 2, 3), (3, 2)),
    ((4, 3), (2, 2, 3, 5)),
    ((3,), (3,)),
    ((2, 3), (3,)),
    ((3,), (3, 2)),
    ((1, 2, 3), (1, 3, 2)),
    ((3, 2, 3), (1, 3, 2)),
    ((2, 3), (5, 3, 2)),
]
for _sa, _sb in _MATMUL_SHAPES:
    for _grads in ("ab", "a", "b", ""):
        CASES[f"matmul_{_sa}_{_sb}_{_grads or 'none'}"] = (
            _GRAPH
            + f"a=torch.arange(1.0, {1 + _prod(_sa)}.0).reshape{_sa}.div(7)"
            + (".requires_grad_()" if "a" in _grads else "")
            + f"; b=torch.arange(1.0, {1 + _prod(_sb)}.0).reshape{_sb}.div(5)"
            + (".requires_grad_()" if "b" in _grads else "")
            + "; y=a @ b; "
            + ("y.sum().backward(); " if _grads else "")
            + "result = (graph(y.grad_fn) if y.grad_fn else None, y, y.stride(), "
            + "a.grad if a.requires_grad else None, b.grad if b.requires_grad else None)"
        )
for _i, (_sa, _sb) in enumerate(
    [
        ((2, 2, 3), (4, 5)),
        ((2, 3), (2, 4, 5)),
        ((3,), (2, 4, 5)),
        ((2, 2, 3), (4,)),
        ((2, 2, 3), (3, 2, 4)),
        ((1, 2, 3), (2, 4, 5)),
        ((2, 3), (4, 5)),
        ((3,), (4,)),
    ]
):
    for _grads in ("ab", ""):
        CASES[f"matmul_error_{_i}_{_grads or 'none'}"] = (
            f"a=torch.ones{_sa}"
            + (".requires_grad_()" if _grads else "")
            + f"; b=torch.ones{_sb}"
            + (".requires_grad_()" if _grads else "")
            + "; result = a @ b"
        )

# register_hook: what hooks see, what they replace, order, removal, errors
_HOOK_SETUP = "calls=[]; x=torch.tensor([1.0, 2.0, 3.0], requires_grad=True); "
CASES.update(
    {
        "hook_leaf_sees_grad": _HOOK_SETUP
        + (
            "h=x.register_hook(lambda g: calls.append(g.tolist())); (x * x).sum().backward(); "
            "result = (calls, x.grad, type(h).__name__)"
        ),
        "hook_nonleaf_replaces": _HOOK_SETUP
        + (
            "y=x * 2; y.register_hook(lambda g: g * 10); y.retain_grad(); (y * y).sum().backward(); "
            "result = (x.grad, y.grad)"
        ),
        "hook_removed": _HOOK_SETUP
        + (
            "h=x.register_hook(lambda g: g * 100); h.remove(); h.remove(); (x * 2).sum().backward(); "
            "result = x.grad"
        ),
        "hook_context_manager": _HOOK_SETUP
        + (
            "\nwith x.register_hook(lambda g: g * 100):\n    (x * 2).sum().backward()\n"
            "first=x.grad.clone(); (x * 2).sum().backward(); result = (first, x.grad)"
        ),
        "hook_order": _HOOK_SETUP
        + (
            "x.register_hook(lambda g: g + 1); x.register_hook(lambda g: g * 3); "
            "(x * 2).sum().backward(); result = x.grad"
        ),
        "hook_sees_summed_grad": _HOOK_SETUP
        + (
            "y=x * 2; y.register_hook(lambda g: calls.append(g.tolist())); (y + y * y).sum().backward(); "
            "result = (calls, x.grad)"
        ),
        "hook_every_pass": _HOOK_SETUP
        + (
            "y=x * 2; y.register_hook(lambda g: calls.append(g.tolist())); s=y.sum(); "
            "s.backward(retain_graph=True); s.backward(); result = (calls, x.grad)"
        ),
        "hook_autograd_grad_nonleaf": _HOOK_SETUP
        + ("y=x * 2; y.register_hook(lambda g: g * 5); result = torch.autograd.grad(y.sum(), x)"),
        "hook_autograd_grad_leaf": _HOOK_SETUP
        + (
            "x.register_hook(lambda g: g * 7); result = (torch.autograd.grad((x * 2).sum(), x), x.grad)"
        ),
        "hook_before_in_place": _HOOK_SETUP
        + (
            "y=x * 2; y.register_hook(lambda g: g * 2); y.add_(1); y.sum().backward(); result = x.grad"
        ),
        "hook_after_in_place": _HOOK_SETUP
        + (
            "y=x * 2; y.add_(1); y.register_hook(lambda g: g * 2); (y * y).sum().backward(); "
            "result = x.grad"
        ),
        "hook_modifies_in_place": _HOOK_SETUP
        + ("x.register_hook(lambda g: g.add_(1)); (x * 2).sum().backward(); result = x.grad"),
        "hook_on_cat_input": _HOOK_SETUP
        + (
            "a=torch.ones(2, requires_grad=True); a.register_hook(lambda g: g * 3); g=torch.ones(5); "
            "torch.cat([a, x]).backward(g); result = (a.grad, x.grad, g)"
        ),
        "hook_needs_grad": "result = torch.ones(2).register_hook(lambda g: g)",
        "hook_changes_size": _HOOK_SETUP
        + ("x.register_hook(lambda g: torch.ones(4)); result = (x * 2).sum().backward()"),
        "hook_changes_size_named": _HOOK_SETUP
        + (
            "\ndef widen(g):\n    return torch.ones(4)\n"
            "x.register_hook(widen); result = (x * 2).sum().backward()"
        ),
        "hook_changes_dtype": _HOOK_SETUP
        + ("x.register_hook(lambda g: g.double()); result = (x * 2).sum().backward()"),
        "hook_returns_str": _HOOK_SETUP
        + ("x.register_hook(lambda g: 's'); result = (x * 2).sum().backward()"),
        "hook_not_callable": _HOOK_SETUP
        + ("x.register_hook(5); result = (x * 2).sum().backward()"),
        "hook_raises": _HOOK_SETUP
        + ("y=x * 3; y.register_hook(lambda g: 1 / 0); result = y.sum().backward()"),
        "hook_error_keeps_grad": _HOOK_SETUP
        + (
            "(x * 2).sum().backward(); h=x.register_hook(lambda g: 1 / 0)\n"
            "try:\n    (x * 2).sum().backward()\nexcept ZeroDivisionError:\n    pass\n"
            "result = x.grad"
        ),
    }
)

# rounding: values (exact halves, signed zeros, inf/nan), dtypes, decimals,
# zero gradients and node names
_ROUND_INPUTS = {
    "halves": "torch.arange(-2000, 2000).div(8)",
    "special": "torch.tensor([-0.5, 0.5, -0.0, 0.0, -1.5, 2.5, float('nan'), float('inf'), -float('inf'), 1e30, -3.7])",
    "double": "torch.arange(-400, 400, dtype=torch.float64).div(16)",
    "int": "torch.tensor([-3, 0, 4, -1])",
    "bool": "torch.tensor([True, False])",
    "half": "torch.tensor([-1.5, 0.5, 2.5, 1.25]).half()",
}
for _op in ("sign", "sgn", "floor", "ceil", "round", "trunc", "fix", "frac"):
    for _kind, _make in _ROUND_INPUTS.items():
        CASES[f"{_op}_{_kind}"] = f"x={_make}; result = (torch.{_op}(x), x.{_op}())"
    if _op != "sgn":  # torch's SgnBackward0 gives an unallocated zero gradient
        CASES[f"{_op}_grad"] = (
            f"x=torch.tensor([0.3, -1.7, 2.5], requires_grad=True); y=x.{_op}(); "
            "y.backward(torch.tensor([1.0, 2.0, 3.0])); result = (y, x.grad)"
        )
    CASES[f"{_op}_in_place"] = (
        f"x=torch.tensor([1.5, -0.5, 2.7]); r=x.{_op}_(); result = (x, r is x)"
    )
for _d in (1, 2, 3, -1, -2, 10, -5):
    CASES[f"round_decimals_{_d}"] = (
        "x=torch.tensor([1.2345, -2.5551, 125.0, 2.675, 1e30, 0.05, -0.15]); "
        f"result = (x.round(decimals={_d}), x.double().round(decimals={_d}))"
    )
CASES.update(
    {
        "round_decimals_grad": (
            "x=torch.tensor([1.234], requires_grad=True); y=torch.round(x, decimals=1); "
            "y.sum().backward(); result = (y, x.grad)"
        ),
        "round_decimals_int": "result = torch.tensor([1, 2]).round(decimals=1)",
        "round_decimals_zero": "result = torch.tensor([2.5, 3.5]).round(decimals=0)",
    }
)

# torch.optim: parameter trajectories (six steps on a quadratic, whose
# gradient every library computes exactly), printing, state and errors
_OPTIM_SETUP = (
    "import random\nr=random.Random(0); init=[r.uniform(-2, 2) for _ in range(37)]; "
    "coef=[r.uniform(-1, 1) for _ in range(37)]\n"
)
_OPTIMIZERS = {
    "sgd": "SGD(ps, lr=0.1)",
    "sgd_momentum": "SGD(ps, lr=0.05, momentum=0.9)",
    "sgd_nesterov_decay": "SGD(ps, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)",
    "sgd_dampening_maximize": "SGD(ps, lr=0.05, momentum=0.5, dampening=0.3, maximize=True)",
    "adam": "Adam(ps, lr=0.01)",
    "adam_decay_amsgrad": "Adam(ps, lr=0.02, weight_decay=0.1, amsgrad=True, betas=(0.8, 0.99))",
    "adamw": "AdamW(ps, lr=0.01)",
    "adamw_amsgrad": "AdamW(ps, lr=0.03, amsgrad=True, eps=1e-6)",
}
for _name, _make in _OPTIMIZERS.items():
    for _dt in ("float32", "float64"):
        CASES[f"optim_{_name}_{_dt}"] = _OPTIM_SETUP + (
            f"p=torch.tensor(init, dtype=torch.{_dt}, requires_grad=True); "
            f"c=torch.tensor(coef, dtype=torch.{_dt}); ps=[p]; opt=torch.optim.{_make}; "
            "steps=[]\n"
            "for _ in range(6):\n"
            "    opt.zero_grad()\n"
            "    ((p * c).sum() + (p * p).sum() * 0.5).backward()\n"
            "    opt.step()\n"
            "    steps.append(p.clone())\n"
            "result = steps"
        )
_P = "p=torch.ones(2, requires_grad=True); ps=[p]; "
CASES.update(
    {
        "optim_repr_sgd": _P + "result = repr(torch.optim.SGD(ps, lr=0.1, momentum=0.9))",
        "optim_repr_adam": _P + "result = repr(torch.optim.Adam(ps))",
        "optim_repr_adamw": _P + "result = repr(torch.optim.AdamW(ps, lr=0.1))",
        "optim_state_sgd": _P
        + (
            "opt=torch.optim.SGD(ps, lr=0.1, momentum=0.9); p.grad=torch.ones(2); opt.step(); "
            "sd=opt.state_dict(); result = (sorted(opt.state[p]), opt.state[p]['momentum_buffer'], "
            "list(sd['state']), sd['param_groups'][0]['params'])"
        ),
        "optim_state_adam": _P
        + (
            "opt=torch.optim.Adam(ps); p.grad=torch.ones(2); opt.step(); opt.step(); "
            "result = (sorted(opt.state[p]), opt.state[p]['step'], opt.state[p]['exp_avg'], "
            "opt.state[p]['exp_avg_sq'], p)"
        ),
        "optim_zero_grad_none": _P
        + "opt=torch.optim.SGD(ps); p.grad=torch.ones(2); opt.zero_grad(); result = p.grad",
        "optim_zero_grad_zeros": _P
        + (
            "opt=torch.optim.SGD(ps); p.grad=torch.ones(2); opt.zero_grad(set_to_none=False); "
            "result = p.grad"
        ),
        "optim_closure": _P
        + (
            "opt=torch.optim.SGD(ps, lr=0.5)\n"
            "def closure():\n    opt.zero_grad()\n    loss=(p * p).sum()\n    loss.backward()\n"
            "    return loss\n"
            "loss=opt.step(closure); result = (loss, p)"
        ),
        "optim_groups": (
            "a=torch.ones(2, requires_grad=True); b=torch.ones(2, requires_grad=True); "
            "opt=torch.optim.SGD([{'params': [a]}, {'params': b, 'lr': 0.5}], lr=0.1); "
            "(a.sum() + b.sum()).backward(); opt.step(); "
            "result = (a, b, [g['lr'] for g in opt.param_groups], repr(opt))"
        ),
        "optim_skips_no_grad": _P
        + (
            "q=torch.ones(2, requires_grad=True); opt=torch.optim.Adam([p, q]); "
            "p.sum().backward(); opt.step(); result = (p, q, len(opt.state))"
        ),
        "optim_load_state_dict": _P
        + (
            "opt=torch.optim.SGD(ps, lr=0.1, momentum=0.9); p.grad=torch.ones(2); opt.step(); "
            "q=torch.ones(2, requires_grad=True); opt2=torch.optim.SGD([q], lr=0.3, momentum=0.9); "
            "opt2.load_state_dict(opt.state_dict()); q.grad=torch.ones(2); opt2.step(); "
            "result = (q, opt2.param_groups[0]['lr'])"
        ),
    }
)
for _i, _bad in enumerate(
    [
        "SGD([], lr=0.1)",
        "SGD(torch.ones(2, requires_grad=True), lr=0.1)",
        "SGD(ps, lr=-1)",
        "SGD(ps, lr=0.1, momentum=-1)",
        "SGD(ps, lr=0.1, weight_decay=-1)",
        "SGD(ps, lr=0.1, nesterov=True)",
        "SGD(ps, lr=0.1, momentum=0.9, dampening=0.5, nesterov=True)",
        "Adam(ps, lr=-0.1)",
        "Adam(ps, eps=-1)",
        "Adam(ps, betas=(1.0, 0.9))",
        "Adam(ps, betas=(0.9, 1.5))",
        "Adam(ps, weight_decay=-1)",
        "SGD([{'params': ps}, {'params': ps}])",
        "SGD([p * 2], lr=0.1)",
        "SGD({p}, lr=0.1)",
    ]
):
    CASES[f"optim_error_{_i:02d}"] = _P + f"result = type(torch.optim.{_bad}).__name__"

# sort/argsort/topk: the order of equal values follows torch's algorithms
# (introsort, introselect, heap selection), so tie-heavy rows are recorded
for _seed in range(24):
    _r = random.Random(_seed)
    _n = _r.choice([3, 8, 16, 17, 33, 100, 257, 1000])
    _vals = [float(_r.randint(0, _r.choice([2, 5, 50]))) for _ in range(_n)]
    if _seed % 4 == 0:
        _vals[_r.randrange(_n)] = float("nan")
    _listed = ", ".join("float('nan')" if math.isnan(v) else repr(v) for v in _vals)
    _x = f"x=torch.tensor([{_listed}]); "
    CASES[f"sort_ties_{_seed:02d}"] = _x + (
        "result = (x.sort().indices, x.sort(descending=True).indices, "
        "x.sort(stable=True, descending=True).indices, x.argsort(), torch.msort(x))"
    )
    for _k in sorted({1, 2, min(5, _n), _n // 2, _n}):
        CASES[f"topk_ties_{_seed:02d}_{_k}"] = _x + (
            f"result = (x.topk({_k}), x.topk({_k}, largest=False).indices, "
            f"torch.topk(x, {_k}, sorted=False).indices)"
        )
CASES.update(
    {
        "sort_2d_dims": (
            "x=torch.tensor([[3., 1., 2.], [1., 1., 0.]]); "
            "result = (x.sort(dim=0), x.sort(dim=1, descending=True), x.argsort(dim=0))"
        ),
        "sort_repr": "result = repr(torch.sort(torch.tensor([2., 1.])))",
        "topk_repr": "result = repr(torch.tensor([2., 1., 3.]).topk(2))",
        "sort_scalar": "result = torch.tensor(5.).sort()",
        "topk_scalar": "result = torch.tensor(5.).topk(1)",
        "topk_scalar_k2": "result = torch.tensor(5.).topk(2)",
        "topk_too_many": "result = torch.ones(3).topk(4)",
        "topk_zero": "result = torch.ones(3).topk(0)",
        "sort_bad_dim": "result = torch.ones(3).sort(dim=1)",
        "sort_ints_bools": (
            "result = (torch.tensor([3, 1, 2, 1]).sort(), torch.tensor([True, False, True]).sort())"
        ),
        "sort_grad": (
            "x=torch.tensor([3., 1., 2.], requires_grad=True); v, i=x.sort(descending=True); "
            "v.backward(torch.tensor([1., 2., 3.])); result = (v, x.grad)"
        ),
        "topk_grad": (
            "x=torch.tensor([[3., 1., 2.], [0., 5., 4.]], requires_grad=True); v=x.topk(2).values; "
            "(v * torch.tensor([[1., 2.], [3., 4.]])).sum().backward(); result = (v, x.grad)"
        ),
        "sort_double_backward": (
            "x=torch.tensor([3., 1., 2.], requires_grad=True); v=x.sort().values; "
            "g,=torch.autograd.grad((v * v).sum(), x, create_graph=True); "
            "result = (g, torch.autograd.grad(g.sum(), x))"
        ),
    }
)

# nn layers and loss modules: printing, initial values per seed, outputs, gradients
_X = "torch.manual_seed(0); x=torch.randn(3, 4, requires_grad=True); "
_MODULES = {
    "layer_norm": "nn.LayerNorm(4)",
    "layer_norm_2d_no_affine": "nn.LayerNorm((3, 4), eps=1e-3, elementwise_affine=False)",
    "layer_norm_no_bias": "nn.LayerNorm(4, bias=False)",
    "flatten": "nn.Flatten(0)",
    "identity": "nn.Identity(7, key=1)",
    "softmax": "nn.Softmax(dim=1)",
    "log_softmax": "nn.LogSoftmax(dim=0)",
    "gelu": "nn.GELU()",
    "gelu_tanh": "nn.GELU('tanh')",
    "leaky_relu": "nn.LeakyReLU(0.2)",
    "silu": "nn.SiLU()",
    "softplus": "nn.Softplus(beta=2.0)",
    "relu": "nn.ReLU()",
    "dropout_eval": "nn.Dropout(0.3).eval()",
}
for _name, _make in _MODULES.items():
    CASES[f"module_{_name}"] = _X + (
        f"nn=torch.nn; m={_make}; y=m(x); "
        "(y * torch.linspace(-1, 2, y.numel()).reshape(y.shape)).sum().backward(); "
        "result = (repr(m), y, x.grad, [n for n, _ in m.named_parameters()])"
    )
_T = "torch.manual_seed(0); p=torch.rand(3, 4, requires_grad=True); t=torch.rand(3, 4); "
_LOSSES = {
    "l1": "nn.L1Loss()(p, t)",
    "l1_sum": "nn.L1Loss(reduction='sum')(p, t)",
    "smooth_l1": "nn.SmoothL1Loss(beta=0.2)(p, t)",
    "huber": "nn.HuberLoss(delta=0.3)(p, t)",
    "bce": "nn.BCELoss()(p, t)",
    "bce_weight_none": "nn.BCELoss(weight=torch.ones(4), reduction='none')(p, t)",
    "nll": "nn.NLLLoss()(p.log_softmax(1), torch.tensor([0, 3, 1]))",
    "nll_ignore": "nn.NLLLoss(ignore_index=3)(p.log_softmax(1), torch.tensor([0, 3, 1]))",
}
for _name, _call in _LOSSES.items():
    CASES[f"loss_module_{_name}"] = _T + (
        f"nn=torch.nn; loss={_call}; loss.sum().backward(); result = (loss, p.grad)"
    )
CASES.update(
    {
        "embedding_init": (
            "nn=torch.nn; torch.manual_seed(0); e=nn.Embedding(10, 3); "
            "f=nn.Embedding(5, 2, padding_idx=-1); result = (repr(e), e.weight, repr(f), f.weight)"
        ),
        "embedding_forward_backward": (
            "nn=torch.nn; torch.manual_seed(0); e=nn.Embedding(6, 2, padding_idx=1); "
            "y=e(torch.tensor([[1, 2], [2, 5]])); y.sum().backward(); result = (y, e.weight.grad)"
        ),
        "sequential_mlp": (
            "nn=torch.nn; torch.manual_seed(0); "
            "m=nn.Sequential(nn.Linear(4, 5), nn.LayerNorm(5), nn.GELU(), nn.Linear(5, 2)); "
            "x=torch.randn(3, 4); y=m(x); y.sum().backward(); "
            "result = (repr(m), y, [n for n, _ in m.named_parameters()], m[0].weight.grad)"
        ),
    }
)


# More areas, one file each: ``cases_<area>.py`` defines ``CASES`` (names
# prefixed ``<area>_``) and may define ``TOLERANCES``, a name prefix mapped to
# ``(relative, absolute)`` for floats its kernels round differently from torch.
TOLERANCES = {}
for _path in sorted(Path(__file__).parent.glob("cases_*.py")):
    _module = importlib.import_module(_path.stem)
    _clash = set(_module.CASES) & set(CASES)
    assert not _clash, f"{_path.name} repeats case names: {sorted(_clash)}"
    CASES.update(_module.CASES)
    TOLERANCES.update(getattr(_module, "TOLERANCES", {}))


def _nan_as_text(values):
    """NaN as "nan", so recorded and new results compare equal."""
    if isinstance(values, list):
        return [_nan_as_text(v) for v in values]
    return "nan" if isinstance(values, float) and math.isnan(values) else values


def describe(value, tensor_type):
    """A JSON-able account of ``value``: tensors by values, strides and grad_fn name."""
    if isinstance(value, tensor_type):
        return {
            "values": _nan_as_text(value.tolist()),
            "dtype": str(value.dtype),
            "stride": list(value.stride()),
            "grad_fn": type(value.grad_fn).__name__ if value.grad_fn is not None else None,
        }
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (tuple, list)):
        return [describe(v, tensor_type) for v in value]
    if isinstance(value, dict):  # in order, as state_dict()s are compared
        return {
            "dict": [[describe(k, tensor_type), describe(v, tensor_type)] for k, v in value.items()]
        }
    if type(value).__name__ in ("dtype", "device"):
        return {type(value).__name__: str(value)}
    if hasattr(value, "next_functions"):  # a grad_fn node
        return type(value).__name__
    raise TypeError(f"cannot describe {type(value).__name__}")


def run_case(code, lib):
    """``("ok", described result)`` or ``("error", type, message)``."""
    scope = {"torch": lib}
    try:
        exec(code, scope)  # noqa: S102 - the cases are this file's own code
    except Exception as e:  # noqa: BLE001 - the outcome being recorded
        return ["error", type(e).__name__, str(e).splitlines()[0]]
    return ["ok", describe(scope["result"], lib.Tensor)]

"""Module backward hooks, recorded from torch 2.13:
register_full_backward_hook and register_full_backward_pre_hook (what the
hooks are given, replacing gradients, several inputs and outputs, an output
no loss used, inputs that need no gradient and torch's warning, order across
a Sequential, prepend, removal), the BackwardHookFunctionBackward nodes in
the graph, and torch's errors for a wrong number of gradients."""

_RUN = (
    "import warnings\n"
    "nn = torch.nn\n"
    "torch.manual_seed(0)\n"
    "def names(fn, depth=5):\n"
    "    if fn is None or depth == 0:\n"
    "        return None\n"
    "    return [type(fn).__name__, [names(nf, depth - 1) for nf, _ in fn.next_functions]]\n"
    "def grads(gs):\n"
    "    return [None if g is None else g.clone() for g in gs]\n"
    "log = []\n"
    "def record(tag):\n"
    "    def hook(module, grad_input, grad_output):\n"
    "        log.append([tag, type(module).__name__, grads(grad_input), grads(grad_output)])\n"
    "    return hook\n"
    "def pre_record(tag):\n"
    "    def hook(module, grad_output):\n"
    "        log.append([tag, grads(grad_output)])\n"
    "    return hook\n"
    "def caught(f):\n"
    "    with warnings.catch_warnings(record=True) as seen:\n"
    "        warnings.simplefilter('always')\n"
    "        out = f()\n"
    "    return [out, [(w.category.__name__, str(w.message)) for w in seen]]\n"
    "lin = nn.Linear(3, 2)\n"
    "x = torch.randn(4, 3, requires_grad=True)\n"
    "class Two(nn.Module):\n"
    "    def forward(self, a, b):\n"
    "        return a * b, a + b\n"
)


def _case(body):
    return _RUN + body


CASES = {
    "hooks_full_linear": _case(
        "h = lin.register_full_backward_hook(record('full'))\n"
        "y = lin(x)\n"
        "graph = names(y.grad_fn)\n"
        "(y * torch.tensor([1.0, 2.0])).sum().backward()\n"
        "h.remove()\n"
        "z = lin(x)\n"
        "result = [graph, log, x.grad, lin.weight.grad, names(z.grad_fn), len(lin._backward_hooks)]"
    ),
    "hooks_no_input_grad": _case(
        "lin.register_full_backward_hook(record('full'))\n"
        "y = lin(torch.randn(4, 3))\n"
        "result = [names(y.grad_fn), caught(lambda: y.sum().backward()), log, lin.bias.grad]"
    ),
    "hooks_replace_grad_input": _case(
        "lin.register_full_backward_hook(lambda m, gi, go: (gi[0] * 10,))\n"
        "lin(x).sum().backward()\n"
        "result = [x.grad, lin.weight.grad]"
    ),
    "hooks_pre_hook_replaces_grad_output": _case(
        "lin.register_full_backward_pre_hook(lambda m, go: (go[0] * 2,))\n"
        "lin.register_full_backward_hook(record('after'))\n"
        "lin(x).sum().backward()\n"
        "result = [x.grad, lin.weight.grad, lin.bias.grad, log]"
    ),
    "hooks_pre_hook_only": _case(
        "lin.register_full_backward_pre_hook(pre_record('pre'))\n"
        "y = lin(x)\n"
        "y.sum().backward()\n"
        "result = [names(y.grad_fn), log, x.grad]"
    ),
    "hooks_two_inputs_outputs": _case(
        "t = Two()\n"
        "t.register_full_backward_hook(record('two'))\n"
        "a = torch.tensor([1.0, 2.0], requires_grad=True)\n"
        "b = torch.tensor([3.0, 4.0])\n"
        "p, q = t(a, b)\n"
        "graphs = [names(p.grad_fn), names(q.grad_fn), p.grad_fn is q.grad_fn]\n"
        "(p.sum() + 2 * q.sum()).backward()\n"
        "first = [list(log), a.grad.clone()]\n"
        "log.clear(); a.grad = None\n"
        "p, q = t(a, b)\n"
        "p.sum().backward()\n"
        "result = [graphs, first, log, a.grad]"
    ),
    "hooks_both_inputs_need_grad": _case(
        "t = Two()\n"
        "t.register_full_backward_hook(record('two'))\n"
        "a = torch.tensor([1.0, 2.0], requires_grad=True)\n"
        "b = torch.tensor([3.0, 4.0], requires_grad=True)\n"
        "p, q = t(a, b)\n"
        "(p * q).sum().backward()\n"
        "result = [log, a.grad, b.grad, names(p.grad_fn)]"
    ),
    "hooks_sequential_order_prepend": _case(
        "seq = nn.Sequential(nn.Linear(3, 3), nn.ReLU(), nn.Linear(3, 1))\n"
        "order = []\n"
        "for i, m in enumerate(seq):\n"
        "    m.register_full_backward_hook(lambda m, gi, go, i=i: order.append(i))\n"
        "seq[0].register_full_backward_hook(lambda m, gi, go: order.append('first'), prepend=True)\n"
        "seq.register_full_backward_hook(lambda m, gi, go: order.append('seq'))\n"
        "seq.register_full_backward_pre_hook(lambda m, go: order.append('seq pre'))\n"
        "out = seq(torch.randn(2, 3, requires_grad=True))\n"
        "out.sum().backward()\n"
        "result = [order, names(out.grad_fn, 3)]"
    ),
    "hooks_with_forward_hooks": _case(
        "lin.register_forward_hook(lambda m, args, out: out * 3)\n"
        "lin.register_full_backward_hook(record('full'))\n"
        "y = lin(x)\n"
        "y.sum().backward()\n"
        "result = [names(y.grad_fn), log, x.grad]"
    ),
    "hooks_no_grad_call": _case(
        "lin.register_full_backward_hook(record('full'))\n"
        "with torch.no_grad():\n"
        "    y = lin(x)\n"
        "result = [y.requires_grad, y.grad_fn, log]"
    ),
    "hooks_retain_graph_twice": _case(
        "lin.register_full_backward_hook(record('full'))\n"
        "y = lin(x).sum()\n"
        "y.backward(retain_graph=True)\n"
        "y.backward()\n"
        "result = [len(log), log[1], x.grad]"
    ),
    "hooks_err_wrong_count": _case(
        "lin.register_full_backward_hook(lambda m, gi, go: (gi[0], gi[0]))\n"
        "lin(x).sum().backward()"
    ),
    "hooks_err_pre_wrong_count": _case(
        "lin.register_full_backward_pre_hook(lambda m, go: (go[0], go[0]))\n"
        "lin(x).sum().backward()"
    ),
    "hooks_err_no_input_grad_returns": _case(
        "lin.register_full_backward_hook(lambda m, gi, go: (torch.ones(4, 3),))\n"
        "warnings.simplefilter('ignore')\n"
        "lin(torch.randn(4, 3)).sum().backward()"
    ),
}

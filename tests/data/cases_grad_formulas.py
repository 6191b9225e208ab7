"""Backward formulas grouped as torch groups them, so first-order gradients
round as torch's do, bit for bit, and a graph built with create_graph has
torch's nodes. Recorded from torch 2.13; compared exactly."""

_RUN = (
    "torch.manual_seed(0)\n"
    "def leaf(*shape, dtype=torch.float32):\n"
    "    return torch.randn(*shape, dtype=dtype).requires_grad_()\n"
)


def _case(body):
    return _RUN + body


CASES = {
    # the divisor's gradient is -g * ((a / b) / b)
    "gradformula_div_first_order": _case(
        "out = []\n"
        "for dtype in (torch.float32, torch.float64):\n"
        "    a, b, g = leaf(64, dtype=dtype), leaf(64, dtype=dtype), torch.randn(64, dtype=dtype)\n"
        "    (a / b).backward(g)\n"
        "    out += [a.grad, b.grad]\n"
        "result = out"
    ),
    "gradformula_div_graph": _case(
        "a, b = leaf(5), leaf(5)\n"
        "ga, gb = torch.autograd.grad((a / b).sum(), (a, b), create_graph=True)\n"
        "gga, ggb = torch.autograd.grad((gb * torch.arange(5.)).sum(), (a, b))\n"
        "result = [ga, gb, gb.grad_fn.name(), "
        "[n[0] and n[0].name() for n in gb.grad_fn.next_functions], gga, ggb]"
    ),
    # number exponents torch computes with products, square roots and
    # reciprocals; left out: x ** 0.5's value (torch's sqrt kernel) and the
    # gradients that need a general pow (x ** -3, x ** -1.5), whose float32
    # pow is a different approximation here
    "gradformula_pow_special_exponents": _case(
        "out = []\n"
        "for e, value, grad in ((2, 1, 1), (3, 1, 1), (3.0, 1, 1), (-2, 1, 0), (-2.0, 1, 0),\n"
        "                       (-1, 1, 1), (-1.0, 1, 1), (-0.5, 1, 0), (0.5, 0, 1)):\n"
        "    x = torch.rand(256).add(0.1).requires_grad_()\n"
        "    y = x ** e\n"
        "    y.backward(torch.randn(256))\n"
        "    out += ([y] if value else []) + ([x.grad] if grad else [])\n"
        "result = out"
    ),
    "gradformula_div_broadcast": _case(
        "a, b = leaf(3, 4), leaf(4)\n"
        "(a / b).backward(torch.randn(3, 4))\n"
        "result = [a.grad, b.grad]"
    ),
}

"""Dropout masks and bernoulli_, recorded from torch 2.13 on this (AMD) CPU:
torch's default kernel draws one 53-bit uniform per element from 64-bit
draws (on Intel CPUs torch uses MKL's generator instead, and its masks
differ from these)."""

CASES = {
    "dropout_masks": (
        "F = torch.nn.functional; torch.manual_seed(0)\n"
        "result = [F.dropout(torch.ones(40), p) for p in (0.1, 0.5, 0.9)] + "
        "[F.dropout(torch.ones(3), 1.0), F.dropout(torch.ones(3), 0.0), torch.rand(2)]"
    ),
    "dropout_grad": (
        "torch.manual_seed(3); x = torch.randn(3, 4, requires_grad=True)\n"
        "y = torch.nn.functional.dropout(x, 0.25); y.sum().backward(); result = (y, x.grad)"
    ),
    "dropout_inplace_float64": (
        "torch.manual_seed(1); x = torch.randn(5, dtype=torch.float64)\n"
        "r = torch.nn.functional.dropout(x, 0.4, inplace=True); result = (r is x, x)"
    ),
    "dropout_module_modes": (
        "torch.manual_seed(2); m = torch.nn.Dropout(0.3); a = m(torch.ones(12)); m.eval(); "
        "result = (a, m(torch.ones(3)))"
    ),
    "bernoulli_": (
        "torch.manual_seed(0); g = torch.Generator().manual_seed(7)\n"
        "result = (torch.empty(20).bernoulli_(0.3), torch.empty(4, dtype=torch.float64)"
        ".bernoulli_(), torch.empty(5).bernoulli_(0.5, generator=g), "
        "torch.zeros(3, dtype=torch.int64).bernoulli_(0.9), torch.rand(1))"
    ),
    "bernoulli_bad_p": "torch.empty(3).bernoulli_(1.5)",
    # strided tensors get their draws in memory order, and *_like keep layouts
    "dropout_strided_memory_order": (
        "torch.manual_seed(1)\n"
        "x = torch.ones(4, 3, 5).transpose(0, 1)\n"
        "a = torch.nn.functional.dropout(x, 0.3)\n"
        "b = torch.nn.functional.dropout(torch.ones(2, 3, 4).permute(2, 0, 1)[:, 1], 0.5)\n"
        "c = torch.zeros(3, 4).t().bernoulli_(0.5)\n"
        "d = torch.zeros(4, 3).t().exponential_(2.0)\n"
        "e = torch.nn.functional.dropout(torch.ones(6, 2).t() * 1, 0.5)\n"
        "result = (a, b, c, d, e, torch.rand(2))"
    ),
    "like_functions_keep_layouts": (
        "x = torch.ones(4, 3, 2).permute(2, 0, 1)\ny = torch.ones(4, 6)[:, ::2]\n"
        "result = [[f(t).stride() for t in (x, y, x.t() if x.dim() == 2 else x[0].t())] "
        "for f in (torch.zeros_like, torch.ones_like, torch.empty_like, "
        "lambda t: torch.full_like(t, 7), lambda t: torch.zeros_like(t, dtype=torch.int64))]"
    ),
}

"""torch.multinomial and Tensor.exponential_, recorded from torch on this
CPU: one sample (or several without replacement) is the largest p / q over
exponential draws q, several with replacement come from the running sums
and one 53-bit uniform each; exponential_ draws -ln(1 - u) / lambda in
double. All bit for bit; torch's errors for bad arguments and bad
probabilities."""

CASES = {
    # torch.bernoulli: one uniform per element (double for double probabilities)
    "multinomial_bernoulli_tensor_p": (
        "torch.manual_seed(0); p = torch.rand(3, 5)\n"
        "result = [torch.bernoulli(p), p.bernoulli(), torch.bernoulli(p.double()), "
        "torch.bernoulli(p.t()), torch.bernoulli(torch.tensor([0., 1., 1., 0.])), torch.rand(2)]"
    ),
    "multinomial_bernoulli_number_p_and_generator": (
        "torch.manual_seed(1); x = torch.zeros(2, 6)\n"
        "g = torch.Generator().manual_seed(7)\n"
        "result = [torch.bernoulli(x, 0.3), x.bernoulli(0.9), torch.bernoulli(x.double(), 0.5), "
        "torch.bernoulli(torch.full((8,), 0.5), generator=g), torch.rand(2)]"
    ),
    "multinomial_bernoulli_graph": (
        "torch.manual_seed(2); p = torch.tensor([0.2, 0.7, 0.9], requires_grad=True)\n"
        "y = torch.bernoulli(p); (y * torch.arange(3.)).sum().backward()\n"
        "result = [y, y.grad_fn.name(), y.requires_grad, p.grad]"
    ),
    "multinomial_bernoulli_err_above_one": "torch.bernoulli(torch.tensor([0.5, 1.5]))",
    "multinomial_bernoulli_err_nan": "torch.bernoulli(torch.tensor([float('nan')]))",
    "multinomial_bernoulli_err_long": "torch.bernoulli(torch.tensor([1, 0]))",
    "multinomial_bernoulli_err_number_p": "torch.bernoulli(torch.tensor([0.5]), 2.0)",
    "multinomial_bernoulli_err_not_tensor": "torch.bernoulli([0.5])",
    "multinomial_one_sample": (
        "torch.manual_seed(0); p = torch.tensor([0.1, 0.5, 0.4])\n"
        "result = ([torch.multinomial(p, 1) for _ in range(6)], torch.rand(2))"
    ),
    "multinomial_rows_with_replacement": (
        "torch.manual_seed(1); p = torch.tensor([[0.1, 0.5, 0.4], [1., 1., 1.], [0., 3., 1.]])\n"
        "result = (torch.multinomial(p, 7, replacement=True), torch.rand(2))"
    ),
    "multinomial_without_replacement": (
        "torch.manual_seed(2); p = torch.tensor([[0.1, 0.5, 0.4, 0.3, 0.], [2., 1., 1., 1., 1.]])\n"
        "result = (torch.multinomial(p, 4), p.multinomial(2), torch.multinomial(p[0], 4))"
    ),
    "multinomial_float64_and_generator": (
        "g = torch.Generator().manual_seed(2147483647)\n"
        "p = torch.tensor([0.2, 0.3, 0.5], dtype=torch.float64)\n"
        "result = (torch.multinomial(p, 10, replacement=True, generator=g), "
        "torch.multinomial(p, 1, replacement=True, generator=g), torch.multinomial(p, 3, generator=g))"
    ),
    "multinomial_makemore_sampling": (
        "g = torch.Generator().manual_seed(2147483647); torch.manual_seed(0)\n"
        "P = torch.rand(27, 27, generator=g) ** 3; P = P / P.sum(1, keepdim=True); names = []\n"
        "for _ in range(5):\n"
        "    ix, out = 0, []\n"
        "    while True:\n"
        "        ix = torch.multinomial(P[ix], num_samples=1, replacement=True, generator=g).item()\n"
        "        out.append(ix)\n"
        "        if ix == 0 or len(out) > 12: break\n"
        "    names.append(out)\n"
        "result = names"
    ),
    "multinomial_large_row": (
        "torch.manual_seed(3); p = torch.rand(1000) ** 4\n"
        "result = (torch.multinomial(p, 20, replacement=True), torch.multinomial(p, 20), "
        "torch.multinomial(p, 1))"
    ),
    "multinomial_out": (
        "torch.manual_seed(4); o = torch.empty(3, dtype=torch.long)\n"
        "r = torch.multinomial(torch.tensor([1., 2., 3.]), 3, out=o); result = (r is o, o)"
    ),
    "multinomial_three_dims": "torch.multinomial(torch.ones(2, 2, 2), 1)",
    "multinomial_zero_dim": "torch.multinomial(torch.tensor(1.), 1)",
    "multinomial_no_samples": "torch.multinomial(torch.tensor([1., 2.]), 0)",
    "multinomial_too_many": "torch.multinomial(torch.tensor([1., 2.]), 3)",
    "multinomial_int_input": "torch.multinomial(torch.tensor([1, 2]), 1)",
    "multinomial_negative": "torch.multinomial(torch.tensor([1., -2.]), 1)",
    "multinomial_nan": "torch.multinomial(torch.tensor([1., float('nan')]), 1)",
    "multinomial_zero_sum": "torch.multinomial(torch.tensor([0., 0.]), 1)",
    "multinomial_zero_sum_replacement": "torch.multinomial(torch.tensor([0., 0.]), 2, True)",
    "multinomial_negative_replacement": "torch.multinomial(torch.tensor([1., -2.]), 2, True)",
    "multinomial_inf_replacement": "torch.multinomial(torch.tensor([1., float('inf')]), 2, True)",
    "multinomial_no_categories": "torch.multinomial(torch.zeros(2, 0), 1)",
    "multinomial_requires_grad_input": (
        "torch.manual_seed(5); r = torch.multinomial(torch.tensor([1., 2.], requires_grad=True), 1)\n"
        "result = (r, r.requires_grad)"
    ),
    "multinomial_exponential": (
        "torch.manual_seed(0); a = torch.empty(5).exponential_(); b = torch.empty(2, 3, "
        "dtype=torch.float64).exponential_(2.5); g = torch.Generator().manual_seed(9)\n"
        "c = torch.empty(4).exponential_(lambd=0.5, generator=g); result = (a, b, c, torch.rand(1))"
    ),
    "multinomial_exponential_bad_lambda": "torch.empty(3).exponential_(-1)",
    "multinomial_exponential_zero_lambda": "torch.empty(3).exponential_(0)",
    "multinomial_exponential_int": "torch.empty(3, dtype=torch.long).exponential_()",
    "multinomial_constants": "result = (torch.inf, torch.pi, torch.e, str(torch.nan))",
}

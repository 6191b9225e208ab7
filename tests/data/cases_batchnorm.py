"""Batch norm, recorded from torch: F.batch_norm in training (batch
statistics, running statistics moved by momentum, the variance unbiased)
and in evaluation (running statistics), with and without weight and bias,
(N, C), (N, C, L) and (N, C, H, W) inputs; gradients and second
derivatives; BatchNorm1d/2d buffers, state dicts, reprs, momentum=None's
cumulative average, eval mode and untracked statistics; torch's errors."""

_SETUP = (
    "torch.manual_seed(0); F = torch.nn.functional\n"
    "x = torch.randn(4, 3, 2, 5, requires_grad=True); w = torch.randn(3, requires_grad=True)\n"
    "b = torch.randn(3, requires_grad=True); rm = torch.randn(3); rv = torch.rand(3) + 0.5\n"
)

CASES = {
    "batchnorm_training": _SETUP + (
        "y = F.batch_norm(x, rm, rv, w, b, training=True, momentum=0.3); (y * torch.arange(5.)).sum().backward()\n"
        "result = (y, rm, rv, x.grad, w.grad, b.grad)"
    ),
    "batchnorm_eval": _SETUP + (
        "y = F.batch_norm(x, rm, rv, w, b); (y * y).sum().backward()\n"
        "result = (y, rm, rv, x.grad, w.grad, b.grad)"
    ),
    "batchnorm_no_affine_no_stats": _SETUP + (
        "y = F.batch_norm(x, None, None, training=True); z = F.batch_norm(x[:, :, 0], None, None, None, b, True)\n"
        "(y[:, 0] * 2).sum().backward(); result = (y, z, x.grad)"
    ),
    "batchnorm_2d_input_float64": (
        "torch.manual_seed(1); F = torch.nn.functional; x = torch.randn(6, 4, dtype=torch.float64, requires_grad=True)\n"
        "rm = torch.zeros(4, dtype=torch.float64); rv = torch.ones(4, dtype=torch.float64)\n"
        "y = F.batch_norm(x, rm, rv, None, None, True, 0.1, 1e-3); (y ** 3).sum().backward()\n"
        "result = (y, rm, rv, x.grad)"
    ),
    "batchnorm_double_backward": (
        "torch.manual_seed(2); F = torch.nn.functional; x = torch.randn(3, 2, 4, dtype=torch.float64, requires_grad=True)\n"
        "w = torch.randn(2, dtype=torch.float64, requires_grad=True)\n"
        "y = F.batch_norm(x, None, None, w, None, True); gx, gw = torch.autograd.grad((y ** 3).sum(), (x, w), create_graph=True)\n"
        "(gx.sum() + gw.sum()).backward(); result = (y, gx.detach(), gw.detach(), x.grad, w.grad)"
    ),
    "batchnorm_modules": (
        "nn = torch.nn; torch.manual_seed(3); m = nn.BatchNorm2d(3); n1 = nn.BatchNorm1d(4, eps=1e-3, momentum=None)\n"
        "u = nn.BatchNorm1d(4, affine=False, track_running_stats=False)\n"
        "x = torch.randn(5, 3, 2, 2); outs = [m(x), m(x * 2)]; m.eval(); outs.append(m(x))\n"
        "s = torch.randn(8, 4); n1(s); n1(s + 1); t = n1(s * 3); n1.eval(); v = n1(s)\n"
        "result = ([repr(k) for k in (m, n1, u)], outs, m.running_mean, m.running_var, m.num_batches_tracked, "
        "n1.running_mean, n1.running_var, n1.num_batches_tracked, t, v, u(s), "
        "list(m.state_dict().keys()), [n for n, _ in u.named_parameters()], list(u.state_dict().keys()))"
    ),
    "batchnorm_in_a_model": (
        "nn = torch.nn; torch.manual_seed(4)\n"
        "m = nn.Sequential(nn.Conv2d(2, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), "
        "nn.Flatten(), nn.Linear(16, 3))\n"
        "opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9); x = torch.randn(6, 2, 4, 4); t = torch.tensor([0, 1, 2, 0, 1, 2])\n"
        "losses = []\n"
        "for _ in range(3):\n"
        "    opt.zero_grad(); loss = nn.functional.cross_entropy(m(x), t); loss.backward(); opt.step(); losses.append(loss.item())\n"
        "m.eval(); result = (repr(m), losses, m[1].running_mean, m[1].running_var, m(x))"
    ),
    "batchnorm_one_value_per_channel": "torch.nn.functional.batch_norm(torch.randn(1, 3), torch.zeros(3), torch.ones(3), training=True)",
    "batchnorm_eval_without_stats": "torch.nn.functional.batch_norm(torch.randn(4, 3), None, None)",
    "batchnorm_stats_size": "torch.nn.functional.batch_norm(torch.randn(4, 3), torch.zeros(2), torch.ones(2), training=True)",
    "batchnorm_weight_size": (
        "torch.nn.functional.batch_norm(torch.randn(4, 3), torch.zeros(3), torch.ones(3), torch.ones(2), training=True)"
    ),
    "batchnorm_module_rank_2d": "torch.nn.BatchNorm2d(3)(torch.randn(4, 3))",
    "batchnorm_module_rank_1d": "torch.nn.BatchNorm1d(3)(torch.randn(4, 3, 2, 2))",
    "batchnorm_module_one_value": "torch.nn.BatchNorm1d(3)(torch.randn(1, 3))",
}

# statistics and normalization in float32 are rounded in another order than
# torch's kernels round them (ferrograd forms the statistics in double): a
# few ulps, and their gradients likewise
TOLERANCES = {"batchnorm_": (1e-5, 1e-5)}

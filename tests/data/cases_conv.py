"""Convolutions, recorded from torch: F.conv2d and F.conv1d with stride,
padding (numbers, 'same' with odd and even kernels, 'valid'), dilation,
groups and bias, batched and unbatched; their gradients (ConvolutionBackward0)
and second derivatives; nn.Conv1d/Conv2d attributes, reprs and initial
values per seed; a small model's training step; torch's errors."""

_SETUP = (
    "torch.manual_seed(0); F = torch.nn.functional\n"
    "x = torch.randn(2, 4, 7, 6, requires_grad=True); w = torch.randn(6, 4, 3, 3, requires_grad=True)\n"
    "b = torch.randn(6, requires_grad=True)\n"
)

CASES = {
    "conv_2d_forward_backward": _SETUP + (
        "y = F.conv2d(x, w, b); (y * y).sum().backward(); result = (y, x.grad, w.grad, b.grad)"
    ),
    "conv_2d_stride_padding_dilation": _SETUP + (
        "ys = [F.conv2d(x, w, b, stride=2), F.conv2d(x, w, None, padding=1), "
        "F.conv2d(x, w, b, stride=(2, 1), padding=(0, 2), dilation=(1, 2)), "
        "F.conv2d(x, w, b, padding='same'), F.conv2d(x, w, b, padding='valid'), "
        "F.conv2d(x, w[:, :, :2, :], b, padding='same', dilation=(1, 2))]\n"
        "sum(y.sum() * (i + 1) for i, y in enumerate(ys)).backward()\n"
        "result = (ys, x.grad, w.grad, b.grad)"
    ),
    "conv_2d_groups": _SETUP + (
        "wg = torch.randn(6, 2, 3, 2, requires_grad=True); wd = torch.randn(4, 1, 3, 3, requires_grad=True)\n"
        "a = F.conv2d(x, wg, b, groups=2, padding=1); d = F.conv2d(x, wd, None, groups=4)\n"
        "(a.sum() + (d * d).sum()).backward(); result = (a, d, x.grad, wg.grad, wd.grad)"
    ),
    "conv_2d_unbatched": _SETUP + (
        "y = F.conv2d(x[0], w, b, padding=1); y.sum().backward(); result = (y, w.grad)"
    ),
    "conv_1d": (
        "torch.manual_seed(1); F = torch.nn.functional\n"
        "x = torch.randn(2, 4, 9, requires_grad=True); w = torch.randn(6, 2, 3, requires_grad=True)\n"
        "b = torch.randn(6, requires_grad=True)\n"
        "ys = [F.conv1d(x, w, b, groups=2), F.conv1d(x, w, None, stride=2, padding=1, groups=2), "
        "F.conv1d(x[1], w, b, groups=2, dilation=2), F.conv1d(x, w, b, padding='same', groups=2)]\n"
        "sum((y * y).sum() for y in ys).backward(); result = (ys, x.grad, w.grad, b.grad)"
    ),
    "conv_float64_double_backward": (
        "torch.manual_seed(2); F = torch.nn.functional\n"
        "x = torch.randn(1, 2, 5, 5, dtype=torch.float64, requires_grad=True)\n"
        "w = torch.randn(3, 2, 2, 2, dtype=torch.float64, requires_grad=True)\n"
        "y = F.conv2d(x, w, stride=2, padding=1); gx, gw = torch.autograd.grad((y ** 2).sum(), (x, w), create_graph=True)\n"
        "(gx.sum() + (gw ** 2).sum()).backward()\n"
        "# the first gradients' own nodes differ (README): compared by value\n"
        "result = (y, gx.detach(), gw.detach(), gx.requires_grad, x.grad, w.grad)"
    ),
    "conv_modules": (
        "nn = torch.nn; torch.manual_seed(0); a = nn.Conv2d(3, 6, 5); b = nn.Conv2d(3, 6, (3, 5), stride=2, padding=1, dilation=2, groups=3, bias=False)\n"
        "c = nn.Conv2d(4, 4, 3, padding='same'); d = nn.Conv1d(2, 4, 3, padding=1); e = nn.Conv1d(2, 4, 2, padding='valid')\n"
        "result = ([repr(m) for m in (a, b, c, d, e)], a.weight[0, 0], a.bias, b.weight[1], d.weight, d.bias, "
        "(a.kernel_size, a.stride, a.padding, a.dilation, a.groups, a.padding_mode, a.in_channels, a.out_channels, "
        "a.transposed, a.output_padding, c.padding, d.kernel_size), [n for n, _ in b.named_parameters()], "
        "list(a.state_dict().keys()))"
    ),
    "conv_model_step": (
        "nn = torch.nn; torch.manual_seed(3)\n"
        "m = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 4 * 4, 3))\n"
        "opt = torch.optim.SGD(m.parameters(), lr=0.1); x = torch.randn(5, 1, 6, 6); t = torch.tensor([0, 2, 1, 1, 0])\n"
        "losses = []\n"
        "for _ in range(3):\n"
        "    opt.zero_grad(); loss = nn.functional.cross_entropy(m(x), t); loss.backward(); opt.step(); losses.append(loss.item())\n"
        "result = (repr(m), losses, m[0].weight, m[0].bias, m(x).grad_fn)"
    ),
    "conv_error_rank": "torch.nn.functional.conv2d(torch.randn(2, 3), torch.randn(6, 3, 3, 3))",
    "conv_error_channels": "torch.nn.functional.conv2d(torch.randn(1, 1, 8, 8), torch.randn(6, 3, 3, 3))",
    "conv_error_kernel_too_big": "torch.nn.functional.conv2d(torch.randn(1, 3, 2, 2), torch.randn(6, 3, 3, 3))",
    "conv_error_stride": "torch.nn.functional.conv2d(torch.randn(1, 3, 8, 8), torch.randn(6, 3, 3, 3), stride=0)",
    "conv_error_padding": "torch.nn.functional.conv2d(torch.randn(1, 3, 8, 8), torch.randn(6, 3, 3, 3), padding=-1)",
    "conv_error_dilation": "torch.nn.functional.conv2d(torch.randn(1, 3, 8, 8), torch.randn(6, 3, 3, 3), dilation=0)",
    "conv_error_groups": "torch.nn.functional.conv2d(torch.randn(1, 3, 8, 8), torch.randn(6, 3, 3, 3), groups=2)",
    "conv_error_dtype": "torch.nn.functional.conv2d(torch.randn(1, 3, 8, 8).double(), torch.randn(6, 3, 3, 3))",
    "conv_error_bias_size": (
        "torch.nn.functional.conv2d(torch.randn(1, 3, 8, 8), torch.randn(6, 3, 3, 3), torch.zeros(5))"
    ),
    "conv_error_bias_dtype": (
        "torch.nn.functional.conv2d(torch.randn(1, 3, 8, 8), torch.randn(6, 3, 3, 3), "
        "torch.zeros(6, dtype=torch.float64))"
    ),
    "conv_error_same_strided": (
        "torch.nn.functional.conv2d(torch.randn(1, 3, 8, 8), torch.randn(6, 3, 3, 3), padding='same', stride=2)"
    ),
    "conv_error_padding_string": (
        "torch.nn.functional.conv2d(torch.randn(1, 3, 8, 8), torch.randn(6, 3, 3, 3), padding='bad')"
    ),
    "conv_error_1d_tuple": (
        "torch.nn.functional.conv1d(torch.randn(1, 3, 8), torch.randn(4, 3, 3), stride=(1, 1))"
    ),
    "conv_error_1d_rank": "torch.nn.functional.conv1d(torch.randn(1, 3, 8, 8), torch.randn(4, 3, 3))",
    "conv_error_module_groups": "torch.nn.Conv2d(3, 6, 3, groups=2)",
    "conv_error_weight_empty": (
        "torch.nn.functional.conv2d(torch.ones(1, 2, 5, 5), torch.ones(0, 2, 3, 3))"
    ),
    "conv_empty_batch_backward": _SETUP + (
        "e = torch.ones(0, 4, 7, 6, requires_grad=True)\n"
        "y = F.conv2d(e, w, b); y.sum().backward(); result = (y.shape, e.grad, w.grad, b.grad)"
    ),
    "conv_unfold_fold": _SETUP + (
        "u = F.unfold(x, (2, 3), dilation=(1, 2), padding=1, stride=(2, 1))\n"
        "u3 = F.unfold(x[1], 2)\n"
        "cols = torch.randn(2, 12, 9, requires_grad=True)\n"
        "f = F.fold(cols, (4, 4), 2, stride=1); f2 = F.fold(cols[0], (5, 4), (2, 2), padding=(1, 0), stride=(2, 1))\n"
        "(u * u).sum().backward(); (u3.sum() + (f * f).sum() + f2.sum()).backward()\n"
        "m, mf = torch.nn.Unfold((2, 2), stride=2), torch.nn.Fold((4, 4), 2, stride=2)\n"
        "result = (u, u3, f, f2, [t.grad_fn for t in (u, u3, f, f2)], x.grad, cols.grad, repr(m), repr(mf), "
        "mf(m(x[:, :, :4, :4])))"
    ),
    "conv_unfold_double_backward": _SETUP + (
        "u = F.unfold(x, 3, padding=1)\n"
        "g, = torch.autograd.grad((u * u).sum(), x, create_graph=True)\n"
        "g.sum().backward(); result = (g, x.grad)"
    ),
    "conv_error_unfold_blocks": "torch.nn.functional.unfold(torch.ones(1, 2, 3, 3), 4)",
    "conv_error_unfold_rank": "torch.nn.functional.unfold(torch.ones(3, 4), 2)",
    "conv_error_unfold_empty": "torch.nn.functional.unfold(torch.ones(1, 0, 3, 3), 2)",
    "conv_error_unfold_stride": "torch.nn.functional.unfold(torch.ones(1, 2, 3, 3), 2, stride=0)",
    "conv_error_unfold_padding": "torch.nn.functional.unfold(torch.ones(1, 2, 3, 3), 2, padding=-1)",
    "conv_error_unfold_long": "torch.nn.functional.unfold(torch.ones(1, 2, 3, 3, dtype=torch.long), 2)",
    "conv_error_fold_blocks": "torch.nn.functional.fold(torch.ones(1, 8, 9), (4, 4), 2, stride=2)",
    "conv_error_fold_divisible": "torch.nn.functional.fold(torch.ones(1, 7, 4), (4, 4), 2, stride=2)",
    "conv_error_fold_rank": "torch.nn.functional.fold(torch.ones(8, 4, 2, 2), (4, 4), 2)",
}

# float32 sums of products, added in another order than torch's: values and
# gradients agree to a few ulps of their terms (up to ~100 here), so a
# gradient that cancels to below 1 keeps that absolute error; float64 cases
# agree far closer
TOLERANCES = {"conv_": (2e-5, 5e-5)}

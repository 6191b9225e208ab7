"""Pooling, recorded from torch: max_pool2d/1d (values and indices, stride,
padding, dilation, ceil mode, ties, NaN, -inf), avg_pool2d/1d (padding
counted or not, ceil mode, divisor_override), adaptive_avg_pool2d (uneven
windows, None, the 1x1 mean); gradients and second derivatives, the
modules' reprs, and torch's errors."""

_SETUP = (
    "torch.manual_seed(0); F = torch.nn.functional\n"
    "x = torch.randn(2, 3, 7, 6, requires_grad=True)\n"
)

CASES = {
    "pool_max2d": _SETUP + (
        "outs = [F.max_pool2d(x, 2), F.max_pool2d(x, 3, stride=2, padding=1), "
        "F.max_pool2d(x, (2, 3), stride=(1, 2), dilation=(2, 1)), F.max_pool2d(x, 3, 2, ceil_mode=True), "
        "F.max_pool2d(x[0], 2)]\n"
        "v, i = F.max_pool2d(x, 3, stride=2, padding=1, return_indices=True)\n"
        "sum(o.sum() * (k + 1) for k, o in enumerate(outs)).backward(); result = (outs, v, i, x.grad)"
    ),
    "pool_max2d_ties_nan_inf": (
        "a = torch.tensor([[[[1., 1., 0., 2.], [1., 0., 2., 2.], [float('nan'), 3., -float('inf'), -float('inf')], "
        "[float('nan'), 0., -float('inf'), -float('inf')]]]], requires_grad=True)\n"
        "v, i = torch.nn.functional.max_pool2d(a, 2, return_indices=True); v.sum().backward()\n"
        "result = (v, i, a.grad)"
    ),
    "pool_max2d_int_and_double": (
        "a = torch.arange(16).reshape(1, 1, 4, 4) % 5; d = torch.arange(16., dtype=torch.float64).reshape(1, 4, 4)\n"
        "result = (torch.nn.functional.max_pool2d(a, 2), torch.nn.functional.max_pool2d(d, 3, 1, 1))"
    ),
    "pool_max1d": (
        "torch.manual_seed(1); F = torch.nn.functional; x = torch.randn(2, 3, 9, requires_grad=True)\n"
        "a = F.max_pool1d(x, 2); b, i = F.max_pool1d(x, 3, stride=2, padding=1, return_indices=True)\n"
        "(a.sum() + b.sum()).backward(); result = (a, b, i, x.grad)"
    ),
    "pool_avg2d": _SETUP + (
        "outs = [F.avg_pool2d(x, 2), F.avg_pool2d(x, 3, stride=2, padding=1), "
        "F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False), "
        "F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True), "
        "F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False), "
        "F.avg_pool2d(x, 2, divisor_override=3), F.avg_pool2d(x[1], (3, 2))]\n"
        "sum((o * o).sum() for o in outs).backward(); result = (outs, x.grad)"
    ),
    "pool_avg1d": (
        "torch.manual_seed(1); F = torch.nn.functional; x = torch.randn(2, 3, 9, requires_grad=True)\n"
        "a = F.avg_pool1d(x, 2); b = F.avg_pool1d(x, 3, stride=2, padding=1, count_include_pad=False)\n"
        "(a.sum() + b.sum()).backward(); result = (a, b, x.grad)"
    ),
    "pool_adaptive_avg": _SETUP + (
        "outs = [F.adaptive_avg_pool2d(x, (2, 3)), F.adaptive_avg_pool2d(x, 4), "
        "F.adaptive_avg_pool2d(x, (None, 4)), F.adaptive_avg_pool2d(x, 1), F.adaptive_avg_pool2d(x[0], (5, 5))]\n"
        "sum(o.sum() * (k + 1) for k, o in enumerate(outs)).backward(); result = (outs, x.grad)"
    ),
    "pool_double_backward": (
        "torch.manual_seed(2); F = torch.nn.functional; x = torch.randn(1, 2, 5, 5, dtype=torch.float64, requires_grad=True)\n"
        "y = (F.max_pool2d(x, 2) ** 2).sum() + (F.avg_pool2d(x, 3, 2, 1) ** 2).sum() + "
        "(F.adaptive_avg_pool2d(x, 2) ** 2).sum()\n"
        "g, = torch.autograd.grad(y, x, create_graph=True); (g * g).sum().backward()\n"
        "result = (g, x.grad)"
    ),
    "pool_modules": (
        "nn = torch.nn; ms = [nn.MaxPool2d(2), nn.MaxPool2d(3, 2, 1, ceil_mode=True), nn.AvgPool2d(2), "
        "nn.AvgPool2d(3, 1, 1, count_include_pad=False, divisor_override=2), nn.AdaptiveAvgPool2d((1, 1)), "
        "nn.AdaptiveAvgPool2d(3), nn.MaxPool1d(2), nn.AvgPool1d(3), nn.MaxPool2d(2, return_indices=True)]\n"
        "x = torch.arange(2 * 36.).reshape(1, 2, 6, 6)\n"
        "result = ([repr(m) for m in ms], ms[1](x), ms[3](x), ms[5](x), ms[8](x), ms[7](x[0]))"
    ),
    "pool_empty_window": (
        "F = torch.nn.functional; t = torch.arange(4.).reshape(1, 1, 2, 2)\n"
        "x = torch.arange(16.).reshape(1, 1, 4, 4)\n"
        "result = [F.max_pool2d(t, 2, dilation=3, padding=1, return_indices=True), "
        "F.max_pool2d(t, 2, dilation=3, padding=1, ceil_mode=True, return_indices=True), "
        "F.max_pool2d(x, 2, dilation=3, padding=1, return_indices=True), "
        "F.max_pool2d(x[0], 3, dilation=2, padding=1, return_indices=True)]"
    ),
    # which shapes each pooling accepts, and the message for the others
    "pool_ranks_and_empty_dims": (
        "F = torch.nn.functional\n"
        "def attempt(f, shape, grad):\n"
        "    try:\n"
        "        r = f(torch.ones(*shape, requires_grad=grad))\n"
        "        return [list(r.shape), r.grad_fn.name() if r.grad_fn else None]\n"
        "    except Exception as e:\n"
        "        return [type(e).__name__, str(e)]\n"
        "pools = [lambda t: F.max_pool2d(t, 2), lambda t: F.avg_pool2d(t, 2), "
        "lambda t: F.adaptive_avg_pool2d(t, 2), lambda t: F.max_pool1d(t, 2), "
        "lambda t: F.max_pool1d(t, 2, return_indices=True)[0], lambda t: F.avg_pool1d(t, 2)]\n"
        "shapes = [(), (6,), (2, 6), (0, 6), (2, 0), (1, 0, 6), (0, 1, 6), (1, 1, 0), (0, 0, 6), "
        "(0, 4, 4), (1, 0, 4, 4), (0, 1, 4, 4), (1, 1, 0, 4), (0, 0, 4, 4), (2, 3, 4, 5), "
        "(1, 1, 2, 2, 2)]\n"
        "pools.append(lambda t: F.adaptive_avg_pool2d(t, 1))\n"
        "result = [[attempt(f, s, g) for s in shapes for g in (False, True)] for f in pools]"
    ),
    "pool_error_pad": "torch.nn.functional.max_pool2d(torch.randn(1, 2, 5, 5), 3, padding=2)",
    "pool_error_zero_kernel": "torch.nn.functional.max_pool2d(torch.randn(1, 2, 5, 5), 0)",
    "pool_error_zero_stride": "torch.nn.functional.max_pool2d(torch.randn(1, 2, 5, 5), 2, stride=0)",
    "pool_error_too_small": "torch.nn.functional.max_pool2d(torch.randn(1, 2, 5, 5), 6)",
    "pool_error_rank": "torch.nn.functional.max_pool2d(torch.randn(5, 5), 2)",
    "pool_error_dilation": "torch.nn.functional.max_pool2d(torch.randn(1, 2, 5, 5), 2, dilation=0)",
    "pool_error_avg_pad": "torch.nn.functional.avg_pool2d(torch.randn(1, 2, 5, 5), 3, padding=2)",
    "pool_error_avg_too_small": "torch.nn.functional.avg_pool2d(torch.randn(1, 2, 5, 5), 6)",
    "pool_error_adaptive_rank": "torch.nn.functional.adaptive_avg_pool2d(torch.randn(5, 5), 2)",
}

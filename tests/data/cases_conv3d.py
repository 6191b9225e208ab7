"""3-D convolutions, recorded from torch: F.conv3d with stride, padding
(numbers, 'same' with odd and even kernels, 'valid'), dilation, groups and
bias, batched and unbatched, float32 and float64, non-contiguous input; the
gradients of input, weight and bias (ConvolutionBackward0) and second
derivatives; nn.Conv3d attributes, reprs, initial values per seed and
padding modes; torch's errors. Trilinear interpolation (and 3-D nearest)
with sizes, scale factors, align_corners and recompute_scale_factor: values,
nodes (UpsampleTrilinear3DBackward0), gradients, nn.Upsample, errors."""

_SETUP = (
    "torch.manual_seed(0); F = torch.nn.functional\n"
    "x = torch.randn(2, 4, 5, 6, 7, requires_grad=True); w = torch.randn(6, 4, 3, 2, 3, requires_grad=True)\n"
    "b = torch.randn(6, requires_grad=True)\n"
)

_F = "F = torch.nn.functional\n"

CASES = {
    "conv3d_forward_backward": _SETUP + (
        "y = F.conv3d(x, w, b); (y * y).sum().backward()\n"
        "result = (y, y.grad_fn.name(), x.grad, w.grad, b.grad)"
    ),
    "conv3d_stride_padding_dilation": _SETUP + (
        "ys = [F.conv3d(x, w, b, stride=2), F.conv3d(x, w, None, padding=1), "
        "F.conv3d(x, w, b, stride=(2, 1, 3), padding=(1, 0, 2), dilation=(2, 1, 2)), "
        "F.conv3d(x, w, b, padding='same'), F.conv3d(x, w, b, padding='valid'), "
        "F.conv3d(x, w[:, :, :2], b, padding='same', dilation=(2, 1, 2)), "
        "F.conv3d(x, w, b, stride=(3, 2, 1), dilation=(2, 2, 1))]\n"
        "sum(y.sum() * (i + 1) for i, y in enumerate(ys)).backward()\n"
        "result = (ys, x.grad, w.grad, b.grad)"
    ),
    "conv3d_groups": _SETUP + (
        "wg = torch.randn(6, 2, 2, 3, 2, requires_grad=True); wd = torch.randn(4, 1, 3, 3, 3, requires_grad=True)\n"
        "a = F.conv3d(x, wg, b, groups=2, padding=1); d = F.conv3d(x, wd, None, groups=4, stride=(1, 2, 2))\n"
        "(a.sum() + (d * d).sum()).backward(); result = (a, d, x.grad, wg.grad, wd.grad, b.grad)"
    ),
    "conv3d_unbatched": _SETUP + (
        "y = F.conv3d(x[1], w, b, padding=(0, 1, 1), stride=(2, 1, 1)); (y * y).sum().backward()\n"
        "result = (y, x.grad, w.grad, b.grad)"
    ),
    "conv3d_noncontiguous": (
        _F + "torch.manual_seed(4)\n"
        "base = torch.randn(3, 6, 5, 7, 2, requires_grad=True); x = base.permute(4, 0, 3, 1, 2)\n"
        "w = torch.randn(2, 3, 2, 2, 3).transpose(3, 4).requires_grad_(); b = torch.randn(2, requires_grad=True)\n"
        "y = F.conv3d(x, w, b, padding=1, stride=(2, 1, 2)); (y * torch.arange(y.numel()).reshape(y.shape)).sum().backward()\n"
        "result = (x.is_contiguous(), y, base.grad, w.grad, b.grad)"
    ),
    "conv3d_float64": (
        _F + "torch.manual_seed(5)\n"
        "x = torch.randn(2, 3, 4, 5, 6, dtype=torch.float64, requires_grad=True)\n"
        "w = torch.randn(4, 3, 2, 3, 2, dtype=torch.float64, requires_grad=True)\n"
        "b = torch.randn(4, dtype=torch.float64, requires_grad=True)\n"
        "y = F.conv3d(x, w, b, stride=(1, 2, 1), padding=(1, 1, 0), dilation=(2, 1, 2)); (y ** 3).sum().backward()\n"
        "result = (y, y.dtype, x.grad, w.grad, b.grad)"
    ),
    "conv3d_float64_double_backward": (
        _F + "torch.manual_seed(2)\n"
        "x = torch.randn(2, 2, 4, 4, 3, dtype=torch.float64, requires_grad=True)\n"
        "w = torch.randn(4, 1, 2, 2, 2, dtype=torch.float64, requires_grad=True)\n"
        "y = F.conv3d(x, w, stride=(2, 1, 1), padding=1, groups=2)\n"
        "gx, gw = torch.autograd.grad((y ** 2).sum(), (x, w), create_graph=True)\n"
        "(gx.sum() + (gw ** 2).sum()).backward()\n"
        "# the first gradients' own nodes differ (README): compared by value\n"
        "result = (y, gx.detach(), gw.detach(), gx.requires_grad, x.grad, w.grad)"
    ),
    "conv3d_only_some_grads": (
        _F + "torch.manual_seed(6)\n"
        "x = torch.randn(1, 2, 3, 4, 5); w = torch.randn(3, 2, 2, 2, 2, requires_grad=True)\n"
        "x2 = torch.randn(1, 2, 3, 4, 5, requires_grad=True); w2 = torch.randn(3, 2, 2, 2, 2)\n"
        "a = F.conv3d(x, w); c = F.conv3d(x2, w2, padding=1); (a.sum() + (c * c).sum()).backward()\n"
        "result = (a, c, a.grad_fn.name(), c.grad_fn.name(), w.grad, x2.grad)"
    ),
    "conv3d_empty_batch": (
        _F + "x = torch.randn(0, 2, 3, 3, 3, requires_grad=True); w = torch.randn(3, 2, 2, 2, 2, requires_grad=True)\n"
        "b = torch.randn(3, requires_grad=True); y = F.conv3d(x, w, b); y.sum().backward()\n"
        "result = (y.shape, x.grad.shape, w.grad, b.grad)"
    ),
    "conv3d_modules": (
        "nn = torch.nn; torch.manual_seed(0); a = nn.Conv3d(3, 6, 3); b = nn.Conv3d(3, 6, (3, 1, 2), stride=2, padding=1, dilation=2, groups=3, bias=False)\n"
        "c = nn.Conv3d(4, 4, (2, 3, 4), padding='same'); d = nn.Conv3d(2, 4, 2, padding='valid', dtype=torch.float64)\n"
        "result = ([repr(m) for m in (a, b, c, d)], a.weight[0, 0], a.bias, b.weight[1], d.weight, d.bias, "
        "(a.kernel_size, a.stride, a.padding, a.dilation, a.groups, a.padding_mode, a.in_channels, a.out_channels, "
        "a.transposed, a.output_padding, c.padding, d.kernel_size), [n for n, _ in b.named_parameters()], "
        "list(a.state_dict().keys()))"
    ),
    "conv3d_module_forward": (
        "nn = torch.nn; torch.manual_seed(1); m = nn.Conv3d(2, 4, (2, 3, 3), stride=(1, 2, 1), padding=(1, 0, 1))\n"
        "x = torch.randn(2, 2, 4, 6, 5, requires_grad=True); y = m(x); (y * y).sum().backward()\n"
        "u = m(x[0].detach())\n"
        "result = (y, y.grad_fn.name(), x.grad, m.weight.grad, m.bias.grad, u)"
    ),
    "conv3d_module_padding_modes": (
        "nn = torch.nn; torch.manual_seed(2)\n"
        "ms = [nn.Conv3d(2, 3, 3, padding=1, padding_mode=mode) for mode in ('reflect', 'replicate', 'circular')]\n"
        "ms.append(nn.Conv3d(2, 3, (2, 3, 2), padding='same', padding_mode='replicate'))\n"
        "x = torch.randn(1, 2, 4, 5, 4, requires_grad=True); ys = [m(x) for m in ms]\n"
        "sum((y * y).sum() for y in ys).backward()\n"
        "result = ([repr(m) for m in ms], ys, x.grad, [m.weight.grad for m in ms])"
    ),
    "conv3d_reflect_replicate_pad": (
        _F + "torch.manual_seed(7); x = torch.randn(1, 2, 3, 4, 5, requires_grad=True)\n"
        "a = F.pad(x, (1, 2, 2, 1, 1, 2), mode='reflect'); c = F.pad(x[0], (2, 0, 1, 3, 0, 1), mode='replicate')\n"
        "(a * a).sum().backward(); g1 = x.grad.clone(); x.grad = None; (c * c).sum().backward()\n"
        "result = (a, c, a.grad_fn.name(), c.grad_fn.name(), g1, x.grad)"
    ),
    "conv3d_model_step": (
        "nn = torch.nn; torch.manual_seed(3)\n"
        "m = nn.Sequential(nn.Conv3d(1, 3, 2), nn.ReLU(), nn.Flatten(), nn.Linear(3 * 2 * 2 * 2, 2))\n"
        "opt = torch.optim.SGD(m.parameters(), lr=0.1); x = torch.randn(4, 1, 3, 3, 3); t = torch.tensor([0, 1, 1, 0])\n"
        "losses = []\n"
        "for _ in range(3):\n"
        "    opt.zero_grad(); loss = nn.functional.cross_entropy(m(x), t); loss.backward(); opt.step(); losses.append(loss.item())\n"
        "result = (repr(m), losses, m[0].weight, m[0].bias)"
    ),
    "conv3d_transpose": (
        _F + "torch.manual_seed(8)\n"
        "x = torch.randn(2, 4, 3, 2, 3, requires_grad=True); w = torch.randn(4, 3, 2, 3, 2, requires_grad=True)\n"
        "b = torch.randn(6, requires_grad=True)\n"
        "ys = [F.conv_transpose3d(x, w[:, :3]), F.conv_transpose3d(x, w, b.narrow(0, 0, 6), stride=(2, 1, 2), padding=(0, 1, 1), "
        "output_padding=(1, 0, 1), groups=2), F.conv_transpose3d(x[0], w[:, :2], None, dilation=(1, 2, 1), stride=2)]\n"
        "sum((y * y).sum() for y in ys).backward()\n"
        "result = (ys, [y.grad_fn.name() for y in ys], x.grad, w.grad, b.grad)"
    ),
    "conv3d_transpose_module": (
        "nn = torch.nn; torch.manual_seed(9); m = nn.ConvTranspose3d(2, 4, (2, 3, 2), stride=2, padding=(1, 0, 0), output_padding=(1, 0, 1))\n"
        "u = nn.ConvTranspose3d(4, 2, 3, groups=2, bias=False, dilation=(1, 1, 2))\n"
        "x = torch.randn(1, 2, 3, 3, 2, requires_grad=True); y = m(x); z = m(x, output_size=(5, 7, 5)); v = u(y)\n"
        "(y.sum() + (z * z).sum() + v.sum()).backward()\n"
        "result = (repr(m), repr(u), y, z, v, x.grad, m.weight.grad, m.bias.grad, u.weight.grad, m.weight.shape)"
    ),
    "conv3d_transpose_error_output_padding": (
        _F + "F.conv_transpose3d(torch.randn(1, 2, 3, 3, 3), torch.randn(2, 3, 2, 2, 2), stride=(2, 1, 1), output_padding=(2, 1, 1))"
    ),
    "conv3d_error_rank_low": _F + "F.conv3d(torch.randn(4, 5, 6), torch.randn(6, 4, 3, 3, 3))",
    "conv3d_error_rank_high": _F + "F.conv3d(torch.randn(1, 2, 4, 5, 6, 7), torch.randn(6, 2, 3, 3, 3))",
    "conv3d_error_channels": _F + "F.conv3d(torch.randn(1, 1, 5, 5, 5), torch.randn(6, 3, 3, 3, 3))",
    "conv3d_error_groups_channels": _F + "F.conv3d(torch.randn(2, 4, 5, 6, 7), torch.randn(6, 2, 3, 3, 3), groups=3)",
    "conv3d_error_groups_divide": _F + "F.conv3d(torch.randn(2, 4, 5, 6, 7), torch.randn(6, 2, 3, 3, 3), groups=4)",
    "conv3d_error_groups_too_many": _F + "F.conv3d(torch.randn(2, 4, 5, 6, 7), torch.randn(6, 2, 3, 3, 3), groups=12)",
    "conv3d_error_kernel_too_big": _F + "F.conv3d(torch.randn(1, 2, 5, 6, 7), torch.randn(6, 2, 6, 3, 3))",
    "conv3d_error_kernel_too_big_dilated": _F + "F.conv3d(torch.randn(1, 2, 5, 6, 7), torch.randn(6, 2, 3, 3, 3), padding=(0, 1, 0), dilation=(1, 4, 1))",
    "conv3d_error_negative_padding": _F + "F.conv3d(torch.randn(1, 2, 5, 6, 7), torch.randn(6, 2, 3, 3, 3), padding=-1)",
    "conv3d_error_stride": _F + "F.conv3d(torch.randn(1, 2, 5, 6, 7), torch.randn(6, 2, 3, 3, 3), stride=(1, 0, 1))",
    "conv3d_error_stride_length": _F + "F.conv3d(torch.randn(1, 2, 5, 6, 7), torch.randn(6, 2, 3, 3, 3), stride=(1, 1))",
    "conv3d_error_dilation": _F + "F.conv3d(torch.randn(1, 2, 5, 6, 7), torch.randn(6, 2, 3, 3, 3), dilation=0)",
    "conv3d_error_same_strided": _F + "F.conv3d(torch.randn(1, 2, 5, 6, 7), torch.randn(6, 2, 3, 3, 3), padding='same', stride=2)",
    "conv3d_error_padding_string": _F + "F.conv3d(torch.randn(1, 2, 5, 6, 7), torch.randn(6, 2, 3, 3, 3), padding='full')",
    "conv3d_error_bias_size": _F + "F.conv3d(torch.randn(1, 2, 5, 6, 7), torch.randn(6, 2, 3, 3, 3), torch.zeros(5))",
    "conv3d_error_dtype": _F + "F.conv3d(torch.randn(1, 2, 5, 6, 7).double(), torch.randn(6, 2, 3, 3, 3))",
    "conv3d_error_groups_zero": _F + "F.conv3d(torch.randn(1, 2, 3, 3, 3), torch.randn(2, 2, 2, 2, 2), groups=0)",
    "conv3d_error_groups_negative": _F + "F.conv3d(torch.randn(1, 2, 3, 3, 3), torch.randn(2, 2, 2, 2, 2), groups=-1)",
    "conv3d_error_module_groups": "torch.nn.Conv3d(4, 6, 3, groups=4)",
}

# float32 gradients here are sums of ~100 products of size ~10, rounded in
# another order than torch's kernels: a few ulps of the summands apart
_RUN = (
    "F, nn = torch.nn.functional, torch.nn\n"
    "torch.manual_seed(0)\n"
    "def run(x, **kw):\n"
    "    y = F.interpolate(x, **kw)\n"
    "    (y * torch.arange(y.numel(), dtype=y.dtype).reshape(y.shape).cos()).sum().backward()\n"
    "    g = x.grad\n"
    "    x.grad = None\n"
    "    return [y, y.grad_fn.name(), g]\n"
)

CASES.update({
    "trilinear_scale_and_size": _RUN + (
        "x = torch.randn(1, 2, 3, 4, 5, requires_grad=True)\n"
        "result = [run(x, scale_factor=2, mode='trilinear'), run(x, scale_factor=1.5, mode='trilinear'), "
        "run(x, size=(5, 6, 8), mode='trilinear'), run(x, size=(2, 3, 2), mode='trilinear'), "
        "run(x, size=(1, 5, 1), mode='trilinear'), run(x, size=4, mode='trilinear'), "
        "run(x, scale_factor=(0.5, 1.75, 2.5), mode='trilinear')]"
    ),
    "trilinear_align_corners": _RUN + (
        "x = torch.randn(2, 1, 4, 3, 3, requires_grad=True)\n"
        "result = [run(x, scale_factor=2, mode='trilinear', align_corners=True), "
        "run(x, size=(7, 2, 5), mode='trilinear', align_corners=True), "
        "run(x, size=(1, 1, 4), mode='trilinear', align_corners=True), "
        "run(x, scale_factor=(1.3, 2.0, 0.7), mode='trilinear', align_corners=False)]"
    ),
    "trilinear_recompute_scale_factor": _RUN + (
        "x = torch.randn(1, 2, 3, 5, 4, requires_grad=True)\n"
        "result = [run(x, scale_factor=1.7, mode='trilinear', recompute_scale_factor=True), "
        "run(x, scale_factor=1.7, mode='trilinear', recompute_scale_factor=False), "
        "run(x, scale_factor=(2.3, 0.6, 1.45), mode='trilinear', recompute_scale_factor=True), "
        "run(x, scale_factor=2.3, mode='trilinear', align_corners=True, recompute_scale_factor=True)]"
    ),
    "trilinear_float64_noncontiguous": _RUN + (
        "base = torch.randn(4, 3, 2, 5, dtype=torch.float64, requires_grad=True); x = base.permute(2, 0, 3, 1).unsqueeze(0)\n"
        "y = F.interpolate(x, scale_factor=(1.5, 2, 0.8), mode='trilinear'); (y ** 2).sum().backward()\n"
        "z = F.interpolate(x.detach(), size=(3, 7, 4), mode='trilinear', align_corners=True)\n"
        "result = [x.is_contiguous(), y, y.dtype, y.grad_fn.name(), base.grad, z]"
    ),
    "trilinear_nearest_3d": _RUN + (
        "x = torch.randn(1, 2, 3, 4, 2, requires_grad=True)\n"
        "result = [run(x, scale_factor=2), run(x, size=(5, 3, 3)), run(x, scale_factor=1.5, mode='nearest-exact'), "
        "run(x, size=(2, 7, 1), mode='nearest-exact')]"
    ),
    "trilinear_upsample_module": _RUN + (
        "x = torch.randn(1, 2, 2, 3, 2, requires_grad=True)\n"
        "mods = [nn.Upsample(scale_factor=2, mode='trilinear'), nn.Upsample(size=(3, 4, 5), mode='trilinear', align_corners=True), "
        "nn.Upsample(scale_factor=(1.5, 2.0, 1.0), mode='trilinear', recompute_scale_factor=True)]\n"
        "ys = [m(x) for m in mods]; sum((y * y).sum() for y in ys).backward()\n"
        "result = [[repr(m) for m in mods], ys, [y.grad_fn.name() for y in ys], x.grad]"
    ),
    "trilinear_error_4d": _RUN + "F.interpolate(torch.randn(1, 2, 3, 4), scale_factor=2, mode='trilinear')",
    "trilinear_error_3d": _RUN + "F.interpolate(torch.randn(1, 2, 3), size=4, mode='trilinear')",
    "trilinear_error_6d": _RUN + "F.interpolate(torch.randn(1, 2, 3, 4, 5, 6), scale_factor=2, mode='trilinear')",
    "trilinear_error_bilinear_5d": _RUN + "F.interpolate(torch.randn(1, 2, 3, 4, 5), scale_factor=2, mode='bilinear')",
    "trilinear_error_linear_5d": _RUN + "F.interpolate(torch.randn(1, 2, 3, 4, 5), scale_factor=2, mode='linear')",
    "trilinear_error_bicubic_5d": _RUN + "F.interpolate(torch.randn(1, 2, 3, 4, 5), scale_factor=2, mode='bicubic')",
    "trilinear_error_size_length": _RUN + "F.interpolate(torch.randn(1, 2, 3, 4, 5), size=(2, 3), mode='trilinear')",
    "trilinear_error_scale_length": _RUN + "F.interpolate(torch.randn(1, 2, 3, 4, 5), scale_factor=(2, 3), mode='trilinear')",
    "trilinear_error_integer": _RUN + "F.interpolate(torch.randint(0, 3, (1, 2, 3, 4, 5)), scale_factor=2, mode='trilinear')",
    "trilinear_error_integer_bilinear": _RUN + "F.interpolate(torch.randint(0, 3, (1, 2, 3, 4)), scale_factor=2, mode='bilinear')",
})

# and (as for bilinear) blends rounded in another order than torch's kernels,
# float64 ones from float32 weights
TOLERANCES = {"conv3d_": (2e-5, 2e-4), "trilinear_": (2e-5, 2e-6)}

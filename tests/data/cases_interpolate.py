"""F.interpolate and the Upsample modules, recorded from torch 2.13: nearest
and nearest-exact (scale factors and sizes, shrinking and growing), linear
and bilinear with and without align_corners, recompute_scale_factor, the
nodes torch records, gradients, module reprs and errors."""

_RUN = (
    "F, nn = torch.nn.functional, torch.nn\n"
    "torch.manual_seed(0)\n"
    "def run(x, **kw):\n"
    "    y = F.interpolate(x, **kw)\n"
    "    (y * torch.arange(y.numel(), dtype=y.dtype).reshape(y.shape).cos()).sum().backward()\n"
    "    g = x.grad\n"
    "    x.grad = None\n"
    "    return [y, y.grad_fn, g]\n"
)


def _case(body):
    return _RUN + body


CASES = {
    "interp_nearest": _case(
        "x = torch.randn(1, 2, 3, 4, requires_grad=True)\n"
        "result = [run(x, scale_factor=2), run(x, size=(5, 7)), run(x, size=(2, 3)), "
        "run(x, scale_factor=(1.5, 0.75)), run(x, scale_factor=1.7, "
        "recompute_scale_factor=True), run(x, size=3), "
        "run(torch.randn(2, 3, 5, requires_grad=True), scale_factor=2.5)]"
    ),
    "interp_nearest_exact": _case(
        "x = torch.randn(1, 1, 5, 3, requires_grad=True)\n"
        "result = [run(x, scale_factor=2, mode='nearest-exact'), "
        "run(x, size=(3, 7), mode='nearest-exact'), "
        "run(torch.randn(1, 2, 7, requires_grad=True), size=3, mode='nearest-exact')]"
    ),
    "interp_bilinear": _case(
        "x = torch.randn(2, 2, 3, 4, requires_grad=True)\n"
        "result = [run(x, scale_factor=2, mode='bilinear'), "
        "run(x, scale_factor=1.5, mode='bilinear'), "
        "run(x, size=(6, 8), mode='bilinear', align_corners=True), "
        "run(x, size=(2, 3), mode='bilinear'), run(x, size=(1, 5), mode='bilinear', "
        "align_corners=True), run(x.double().detach().requires_grad_(), scale_factor=3, "
        "mode='bilinear')]"
    ),
    "interp_linear": _case(
        "x = torch.randn(2, 3, 5, requires_grad=True)\n"
        "result = [run(x, scale_factor=2, mode='linear'), run(x, size=8, mode='linear', "
        "align_corners=True), run(x, size=3, mode='linear')]"
    ),
    "interp_modules": _case(
        "mods = [nn.Upsample(scale_factor=2), nn.Upsample(size=(4, 4), mode='bilinear', "
        "align_corners=False), nn.UpsamplingNearest2d(scale_factor=2), "
        "nn.UpsamplingBilinear2d(scale_factor=2), nn.Upsample(scale_factor=(2, 3))]\n"
        "x = torch.randn(1, 1, 2, 2)\n"
        "result = [[repr(m) for m in mods], [m(x) for m in mods]]"
    ),
    "interp_unet_style_step": _case(
        "net = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.MaxPool2d(2), "
        "nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False), "
        "nn.Conv2d(4, 1, 3, padding=1))\n"
        "opt = torch.optim.SGD(net.parameters(), lr=0.1)\n"
        "x = torch.randn(2, 1, 8, 8)\nlosses = []\n"
        "for _ in range(3):\n"
        "    loss = F.mse_loss(net(x), x)\n"
        "    opt.zero_grad()\n    loss.backward()\n    opt.step()\n"
        "    losses.append(loss.item())\n"
        "result = [losses, net[0].weight.grad[0, 0]]"
    ),
    "interp_err_both": _case("F.interpolate(torch.ones(1, 1, 2, 2), size=4, scale_factor=2)"),
    "interp_err_neither": _case("F.interpolate(torch.ones(1, 1, 2, 2))"),
    "interp_err_align_nearest": _case(
        "F.interpolate(torch.ones(1, 1, 2, 2), scale_factor=2, align_corners=True)"
    ),
    "interp_err_size_dims": _case("F.interpolate(torch.ones(1, 1, 2, 2), size=(2,))"),
    "interp_err_input_dims": _case("F.interpolate(torch.ones(2, 2), scale_factor=2)"),
}

# blends of float32 values rounded in another order than torch's kernels
TOLERANCES = {"interp_": (2e-5, 2e-6)}

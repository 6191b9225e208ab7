"""Transposed convolutions, recorded from torch 2.13: F.conv_transpose1d/2d
(stride, padding, output_padding, dilation, groups, bias, unbatched input),
ConvTranspose1d/2d (reprs, initial values per seed, output_size), the node
torch records, gradients and errors, and a DCGAN-style generator step."""

_RUN = (
    "F, nn = torch.nn.functional, torch.nn\n"
    "torch.manual_seed(0)\n"
    "def run(f, *tensors):\n"
    "    y = f(*tensors)\n"
    "    (y * y.detach().sin()).sum().backward()\n"
    "    return [y, y.grad_fn, [t.grad for t in tensors]]\n"
    "def leaf(*shape, dtype=torch.float32):\n"
    "    return torch.randn(*shape, dtype=dtype).requires_grad_()\n"
)


def _case(body):
    return _RUN + body


CASES = {
    "convt_functional_2d": _case(
        "result = []\n"
        "for dtype in (torch.float32, torch.float64):\n"
        "    x, w, b = leaf(2, 4, 3, 3, dtype=dtype), leaf(4, 3, 3, 3, dtype=dtype), "
        "leaf(3, dtype=dtype)\n"
        "    result += [run(lambda x, w, b: F.conv_transpose2d(x, w, b), x, w, b), "
        "run(lambda x, w: F.conv_transpose2d(x, w, stride=2, padding=1, output_padding=1), "
        "x, w), run(lambda x, w: F.conv_transpose2d(x, w, stride=(2, 1), dilation=2), x, w), "
        "run(lambda x, w: F.conv_transpose2d(x, w, groups=2), x, leaf(4, 2, 2, 2, "
        "dtype=dtype))]"
    ),
    "convt_functional_1d_unbatched": _case(
        "x, w = leaf(3, 5), leaf(3, 2, 4)\n"
        "result = [run(lambda x, w: F.conv_transpose1d(x, w, stride=3, padding=2), x, w), "
        "run(lambda x, w: F.conv_transpose1d(x, w), leaf(2, 3, 4), w), "
        "run(lambda x, w: F.conv_transpose2d(x, w, padding=1), leaf(3, 4, 4), leaf(3, 2, 3, 3))]"
    ),
    "convt_modules": _case(
        "a = nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1)\n"
        "b = nn.ConvTranspose2d(4, 6, (3, 2), groups=2, bias=False, dilation=2)\n"
        "c = nn.ConvTranspose1d(2, 3, 4, stride=2)\n"
        "x = torch.randn(2, 4, 5, 5)\n"
        "result = [repr(a), repr(b), repr(c), a.weight, a.bias, b.weight.shape, c.weight, "
        "a(x), a(x, output_size=[9, 9]).shape, a(x, output_size=[2, 6, 10, 10]).shape, "
        "b(x).shape, c(torch.randn(3, 2, 5)).shape, a.transposed, a.output_padding]"
    ),
    "convt_dcgan_generator_step": _case(
        "gen = nn.Sequential(nn.ConvTranspose2d(8, 16, 4, 1, 0, bias=False), nn.BatchNorm2d(16), "
        "nn.ReLU(True), nn.ConvTranspose2d(16, 8, 4, 2, 1, bias=False), nn.BatchNorm2d(8), "
        "nn.ReLU(True), nn.ConvTranspose2d(8, 1, 4, 2, 1, bias=False), nn.Tanh())\n"
        "opt = torch.optim.Adam(gen.parameters(), lr=0.0002, betas=(0.5, 0.999))\n"
        "noise = torch.randn(4, 8, 1, 1)\nlosses = []\n"
        "for _ in range(3):\n"
        "    fake = gen(noise)\n"
        "    loss = F.binary_cross_entropy(torch.sigmoid(fake.mean((1, 2, 3))), torch.ones(4))\n"
        "    opt.zero_grad()\n    loss.backward()\n    opt.step()\n"
        "    losses.append(loss.item())\n"
        "result = [fake.shape, losses, gen[0].weight.grad[0, 0], fake[0, 0, :2, :4]]"
    ),
    "convt_second_order_values": _case(
        "x, w = leaf(1, 2, 3, 3, dtype=torch.float64), leaf(2, 2, 2, 2, dtype=torch.float64)\n"
        "y = F.conv_transpose2d(x, w, stride=2)\n"
        "gx, = torch.autograd.grad(y.pow(3).sum(), x, create_graph=True)\n"
        "gx.sum().backward()\n"
        "result = [gx.tolist(), x.grad, w.grad]"
    ),
    "convt_err_channels": _case(
        "F.conv_transpose2d(torch.randn(2, 4, 5, 5), torch.randn(3, 6, 3, 3))"
    ),
    "convt_err_output_padding": _case(
        "F.conv_transpose2d(torch.randn(2, 4, 5, 5), torch.randn(4, 6, 3, 3), stride=2, "
        "output_padding=2)"
    ),
    "convt_err_output_size": _case(
        "nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1)(torch.randn(2, 4, 5, 5), "
        "output_size=[12, 12])"
    ),
    "convt_err_groups": _case("nn.ConvTranspose2d(4, 6, 3, groups=4)"),
}

# float32 products summed in another order than torch's kernels
TOLERANCES = {"convt_": (2e-5, 2e-6)}

"""Pixel/channel shuffle, RMS norm, bilinear, 1-d adaptive average pooling,
Softmax2d, circular padding modules, local response norm, alpha dropout and
Gumbel softmax, recorded from torch 2.13: values, nodes, gradients, reprs,
initial parameters per seed, random draws per seed, and errors."""

_RUN = "F, nn = torch.nn.functional, torch.nn\ntorch.manual_seed(0)\n"


def _case(body):
    return _RUN + body


def _err(expr):
    """The error ``expr`` raises, recorded as the case's outcome."""
    return _case(f"result = {expr}")


CASES = {
    "morelayer_pixel_shuffle": _case(
        "x = torch.arange(72.0).reshape(2, 4, 3, 3).requires_grad_()\n"
        "y = F.pixel_shuffle(x, 2)\n(y * torch.arange(72.0).reshape(2, 1, 6, 6)).sum().backward()\n"
        "z = nn.PixelUnshuffle(3)(x)\n"
        "u = F.pixel_unshuffle(torch.arange(48.0).reshape(3, 4, 4), 2)\n"
        "b = F.pixel_shuffle(torch.arange(32.0).reshape(2, 1, 8, 1, 2), 2)\n"
        "result = [y, y.grad_fn, x.grad, z, z.grad_fn, u, b, repr(nn.PixelShuffle(2)), "
        "repr(nn.PixelUnshuffle(3)), F.pixel_shuffle(torch.arange(8).reshape(1, 8, 1, 1), 2)]"
    ),
    "morelayer_pixel_shuffle_roundtrip_grad": _case(
        "x = torch.randn(1, 9, 2, 2, requires_grad=True)\n"
        "y = F.pixel_unshuffle(F.pixel_shuffle(x, 3), 3)\n"
        "g, = torch.autograd.grad(y.pow(2).sum(), x, create_graph=True)\n"
        "result = [torch.equal(y, x), g, g.grad_fn]"
    ),
    "morelayer_pixel_shuffle_err_dim": _err("F.pixel_shuffle(torch.ones(4, 4), 2)"),
    "morelayer_pixel_shuffle_err_factor": _err("F.pixel_shuffle(torch.ones(1, 4, 2, 2), 0)"),
    "morelayer_pixel_shuffle_err_channels": _err("F.pixel_shuffle(torch.ones(1, 6, 2, 2), 2)"),
    "morelayer_pixel_unshuffle_err_dim": _err("F.pixel_unshuffle(torch.ones(4, 4), 2)"),
    "morelayer_pixel_unshuffle_err_factor": _err("F.pixel_unshuffle(torch.ones(1, 4, 2, 2), -1)"),
    "morelayer_pixel_unshuffle_err_h": _err("F.pixel_unshuffle(torch.ones(1, 1, 3, 4), 2)"),
    "morelayer_pixel_unshuffle_err_w": _err("F.pixel_unshuffle(torch.ones(1, 1, 4, 3), 2)"),
    "morelayer_channel_shuffle": _case(
        "x = torch.arange(48.0).reshape(2, 6, 2, 2).requires_grad_()\n"
        "m = nn.ChannelShuffle(3)\ny = m(x)\n(y * torch.arange(48.0).reshape(2, 6, 2, 2)).sum()"
        ".backward()\n"
        "result = [repr(m), y, y.grad_fn, x.grad, F.channel_shuffle(torch.arange(12.0)"
        ".reshape(1, 4, 3), 2), F.channel_shuffle(torch.arange(8).reshape(1, 4, 2), 4)]"
    ),
    "morelayer_channel_shuffle_err_dim": _err("F.channel_shuffle(torch.ones(2, 4), 2)"),
    "morelayer_channel_shuffle_err_groups": _err("F.channel_shuffle(torch.ones(1, 4, 2), 0)"),
    "morelayer_channel_shuffle_err_divisible": _err("F.channel_shuffle(torch.ones(1, 4, 2), 3)"),
    "morelayer_f_rms_norm": _case(
        "x = torch.randn(2, 3, 4, requires_grad=True)\nw = torch.randn(3, 4, requires_grad=True)\n"
        "y = F.rms_norm(x, [3, 4], w, 1e-5)\ny.pow(3).sum().backward()\n"
        "z = F.rms_norm(x.double(), [4])\n"
        "result = [y, y.grad_fn, x.grad, w.grad, z, z.grad_fn, F.rms_norm(x, (4,))]"
    ),
    "morelayer_f_rms_norm_module": _case(
        "m = nn.RMSNorm([2, 3])\nm2 = nn.RMSNorm(3, eps=1e-3, elementwise_affine=False)\n"
        "x = torch.randn(4, 2, 3)\ny = m(x)\ny.sum().backward()\n"
        "result = [repr(m), repr(m2), list(m.state_dict()), list(m2.state_dict()), m.weight, "
        "y, y.grad_fn, m.weight.grad, m2(x), m2(x).grad_fn, m.normalized_shape, m2.eps]"
    ),
    "morelayer_rms_norm_err_shape": _err("F.rms_norm(torch.ones(2, 3), [2])"),
    "morelayer_rms_norm_err_weight": _err("F.rms_norm(torch.ones(2, 3), [3], torch.ones(2))"),
    "morelayer_rms_norm_err_empty": _err("F.rms_norm(torch.ones(2, 3), [])"),
    "morelayer_rms_norm_err_ndim": _err("F.rms_norm(torch.ones(2, 3), [2, 3, 4])"),
    "morelayer_rms_norm_err_int": _err("F.rms_norm(torch.ones(2, 3), 3)"),
    "morelayer_f_bilinear": _case(
        "m = nn.Bilinear(3, 4, 5)\nx1 = torch.randn(6, 3, requires_grad=True)\n"
        "x2 = torch.randn(6, 4, requires_grad=True)\ny = m(x1, x2)\ny.pow(2).sum().backward()\n"
        "m2 = nn.Bilinear(2, 2, 3, bias=False)\nb1, b2 = torch.randn(2, 4, 2), torch.randn(2, 4, 2)\n"
        "z = m2(b1, b2)\n"
        "result = [repr(m), repr(m2), list(m.state_dict()), m.weight, m.bias, y, y.grad_fn, "
        "x1.grad, x2.grad, m.weight.grad, m.bias.grad, z, z.grad_fn, "
        "F.bilinear(x1, x2, m.weight).grad_fn, torch.rand(2)]"
    ),
    "morelayer_bilinear_err_dims": _err(
        "F.bilinear(torch.ones(2, 3), torch.ones(2, 1, 4), torch.ones(5, 3, 4))"
    ),
    "morelayer_bilinear_err_batch": _err(
        "F.bilinear(torch.ones(2, 3), torch.ones(3, 4), torch.ones(5, 3, 4))"
    ),
    "morelayer_bilinear_err_in1": _err(
        "F.bilinear(torch.ones(2, 2), torch.ones(2, 4), torch.ones(5, 3, 4))"
    ),
    "morelayer_bilinear_err_in2": _err(
        "F.bilinear(torch.ones(2, 3), torch.ones(2, 5), torch.ones(5, 3, 4))"
    ),
    "morelayer_bilinear_err_bias": _err(
        "F.bilinear(torch.ones(2, 3), torch.ones(2, 4), torch.ones(5, 3, 4), torch.ones(4))"
    ),
    "morelayer_adaptive_avg_pool1d": _case(
        "x = torch.arange(30.0).reshape(2, 3, 5).requires_grad_()\n"
        "m = nn.AdaptiveAvgPool1d(3)\ny = m(x)\n(y * torch.arange(18.0).reshape(2, 3, 3)).sum()"
        ".backward()\n"
        "result = [repr(m), y, y.grad_fn, x.grad, F.adaptive_avg_pool1d(x.detach()[0], 2), "
        "F.adaptive_avg_pool1d(x.detach(), (7,)), F.adaptive_avg_pool1d(x, 1).grad_fn]"
    ),
    "morelayer_adaptive_avg_pool1d_err_dim": _err("F.adaptive_avg_pool1d(torch.ones(5), 2)"),
    "morelayer_adaptive_avg_pool1d_err_size": _err(
        "F.adaptive_avg_pool1d(torch.ones(1, 5), (2, 2))"
    ),
    "morelayer_f_softmax2d": _case(
        "x = torch.randn(2, 3, 2, 2, requires_grad=True)\nm = nn.Softmax2d()\ny = m(x)\n"
        "(y * torch.arange(24.0).reshape(2, 3, 2, 2)).sum().backward()\n"
        "result = [repr(m), y, y.grad_fn, x.grad, m(x[0])]"
    ),
    "morelayer_softmax2d_err": _err("nn.Softmax2d()(torch.ones(2, 3))"),
    "morelayer_circular_pad": _case(
        "x = torch.arange(8.0).reshape(1, 2, 4).requires_grad_()\n"
        "mods = [nn.CircularPad1d(2), nn.CircularPad1d((3, 1)), nn.CircularPad2d(1), "
        "nn.CircularPad2d((1, 0, 2, 1)), nn.CircularPad3d(1), nn.CircularPad3d((1, 0, 0, 1, 1, 0))]\n"
        "y = mods[1](x)\n(y * torch.arange(16.0).reshape(1, 2, 8)).sum().backward()\n"
        "img = torch.arange(12.0).reshape(1, 3, 4)\nvol = torch.arange(8.0).reshape(1, 2, 2, 2)\n"
        "result = [[repr(m) for m in mods], y, y.grad_fn, x.grad, mods[0](x[0]), mods[2](img), "
        "mods[3](img.unsqueeze(0)), mods[4](vol), mods[5](vol.unsqueeze(0)), mods[3].padding]"
    ),
    "morelayer_circular_pad1d_err": _err("nn.CircularPad1d(1)(torch.ones(4))"),
    "morelayer_circular_pad2d_err": _err("nn.CircularPad2d(1)(torch.ones(2, 3))"),
    "morelayer_circular_pad3d_err": _err("nn.CircularPad3d(1)(torch.ones(2, 3, 3))"),
    "morelayer_f_local_response_norm": _case(
        "x = torch.randn(2, 5, 3, 2, requires_grad=True)\nm = nn.LocalResponseNorm(3, 0.1, 0.6, 2.0)\n"
        "y = m(x)\ny.pow(2).sum().backward()\n"
        "x3 = torch.randn(2, 4, 3, requires_grad=True)\nz = F.local_response_norm(x3, 2)\n"
        "z.sum().backward()\n"
        "result = [repr(m), repr(nn.LocalResponseNorm(2)), y, y.grad_fn, x.grad, z, z.grad_fn, "
        "x3.grad, F.local_response_norm(torch.randn(1, 3, 2, 2, 2), 4)]"
    ),
    "morelayer_local_response_norm_err": _err("F.local_response_norm(torch.ones(2, 3), 2)"),
    "morelayer_f_alpha_dropout": _case(
        "x = torch.randn(3, 4, requires_grad=True)\ny = F.alpha_dropout(x, 0.3, True)\n"
        "y.pow(2).sum().backward()\n"
        "m = nn.AlphaDropout(0.2)\nz = m(torch.randn(2, 5))\nm.eval()\n"
        "e = torch.randn(2, 2)\n"
        "fa = F.feature_alpha_dropout(torch.randn(2, 3, 2, 2), 0.5, True)\n"
        "result = [y, y.grad_fn, x.grad, repr(m), z, m(e) is e, F.alpha_dropout(x, 0.5) is x, "
        "F.alpha_dropout(x, 1.0, True), F.alpha_dropout(x, 1.0, True).grad_fn, "
        "F.alpha_dropout(x, 0.0, True) is x, fa, torch.rand(3), "
        "repr(nn.FeatureAlphaDropout(0.1))]"
    ),
    "morelayer_f_alpha_dropout_double_inplace": _case(
        "x = torch.randn(4, 3, dtype=torch.float64)\ny = F.alpha_dropout(x, 0.6, True, True)\n"
        "result = [y is x, x, torch.rand(2)]"
    ),
    "morelayer_alpha_dropout_err_p": _err("F.alpha_dropout(torch.ones(2), 1.5, True)"),
    "morelayer_alpha_dropout_module_err_p": _err("nn.AlphaDropout(-0.1)"),
    "morelayer_f_gumbel_softmax": _case(
        "x = torch.randn(3, 5, requires_grad=True)\ny = F.gumbel_softmax(x, tau=0.5)\n"
        "h = F.gumbel_softmax(x, hard=True, dim=0)\n"
        "(y * torch.arange(15.0).reshape(3, 5)).sum().backward()\ng1 = x.grad.clone()\n"
        "x.grad = None\n(h * torch.arange(15.0).reshape(3, 5)).sum().backward()\n"
        "result = [y, y.grad_fn, h, h.grad_fn, g1, x.grad, torch.rand(2)]"
    ),
    "morelayer_f_multilabel_margin_loss": _case(
        "x = torch.randn(3, 4, requires_grad=True)\n"
        "y = torch.tensor([[3, 0, -1, 1], [1, 2, 3, 0], [2, 2, -1, -1]])\n"
        "l = F.multilabel_margin_loss(x, y)\nl.backward()\n"
        "m = nn.MultiLabelMarginLoss(reduction='none')\nn = m(x, y)\n"
        "v = torch.randn(4, requires_grad=True)\nlv = F.multilabel_margin_loss(v, y[0], "
        "reduction='none')\nlv.backward()\n"
        "result = [l, l.grad_fn, x.grad, repr(m), n, n.grad_fn, "
        "F.multilabel_margin_loss(x, y, reduction='sum'), lv, v.grad, "
        "F.multilabel_margin_loss(x, torch.full((3, 4), -1)), "
        "F.multilabel_margin_loss(torch.tensor(0.5), torch.tensor([0])), "
        "repr(nn.MultiLabelMarginLoss())]"
    ),
    "morelayer_multilabel_margin_err_empty": _err(
        "F.multilabel_margin_loss(torch.ones(2, 0), torch.ones(2, 0).long())"
    ),
    "morelayer_multilabel_margin_err_target": _err(
        "F.multilabel_margin_loss(torch.ones(2, 3), torch.ones(2, 2).long())"
    ),
    "morelayer_multilabel_margin_err_target_1d": _err(
        "F.multilabel_margin_loss(torch.ones(3), torch.ones(2).long())"
    ),
    "morelayer_multilabel_margin_err_range": _err(
        "F.multilabel_margin_loss(torch.ones(2, 3), torch.tensor([[0, 3, -1], [0, 1, 2]]))"
    ),
    "morelayer_multilabel_margin_err_range_low": _err(
        "F.multilabel_margin_loss(torch.ones(2, 3), torch.tensor([[0, -2, -1], [0, 1, 2]]))"
    ),
    "morelayer_multilabel_margin_err_dtype": _err(
        "F.multilabel_margin_loss(torch.ones(2, 3), torch.ones(2, 3))"
    ),
    "morelayer_multilabel_margin_err_reduction": _err(
        "F.multilabel_margin_loss(torch.ones(2, 3), torch.ones(2, 3).long(), reduction='x')"
    ),
    "morelayer_f_lazy_linear": _case(
        "m = nn.LazyLinear(3)\nbefore = repr(m)\nkeys = list(m.state_dict())\n"
        "x = torch.randn(2, 4)\ny = m(x)\ny.sum().backward()\n"
        "m2 = nn.LazyLinear(2, bias=False)\nz = m2(torch.randn(5, 3))\n"
        "result = [before, keys, repr(m), type(m).__name__, m.in_features, m.weight, m.bias, y, "
        "y.grad_fn, m.weight.grad, list(m.state_dict()), repr(m2), z, z.grad_fn, "
        "isinstance(m, nn.Linear), torch.rand(2)]"
    ),
    "morelayer_f_affine_grid": _case(
        "import warnings\n"
        "th = torch.randn(2, 2, 3, requires_grad=True)\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    a = F.affine_grid(th, (2, 3, 4, 5))\n"
        "    u = F.affine_grid(th, [2, 1, 1, 3], align_corners=True)\n"
        "a.pow(2).sum().backward()\n"
        "t3 = torch.randn(1, 3, 4, dtype=torch.float64, requires_grad=True)\n"
        "v = F.affine_grid(t3, (1, 2, 2, 3, 2), align_corners=True)\nv.sum().backward()\n"
        "result = [a, a.grad_fn, th.grad, u, [str(w.message) for w in caught], v, v.grad_fn, "
        "t3.grad, F.affine_grid(th, torch.Size((2, 1, 1, 1)), False)]"
    ),
    "morelayer_affine_grid_err_dtype": _err(
        "F.affine_grid(torch.ones(1, 2, 3).long(), (1, 1, 2, 2), False)"
    ),
    "morelayer_affine_grid_err_theta2d": _err("F.affine_grid(torch.ones(1, 3, 3), (1, 1, 2, 2), False)"),
    "morelayer_affine_grid_err_theta3d": _err(
        "F.affine_grid(torch.ones(1, 2, 3), (1, 1, 2, 2, 2), False)"
    ),
    "morelayer_affine_grid_err_size": _err("F.affine_grid(torch.ones(1, 2, 3), (1, 2, 2), False)"),
    "morelayer_affine_grid_err_empty": _err(
        "F.affine_grid(torch.ones(1, 2, 3), (1, 0, 2, 2), False)"
    ),
    "morelayer_f_grid_sample": _case(
        "x = torch.randn(2, 3, 4, 5, requires_grad=True)\n"
        "g = (torch.rand(2, 3, 6, 2) * 3 - 1.5).requires_grad_()\nouts = []\n"
        "for mode in ['bilinear', 'nearest']:\n"
        "    for pm in ['zeros', 'border', 'reflection']:\n"
        "        for ac in [False, True]:\n"
        "            y = F.grid_sample(x, g, mode, pm, ac)\n"
        "            gx, gg = torch.autograd.grad((y * y).sum(), [x, g])\n"
        "            outs.append([y, y.grad_fn, gx, gg])\n"
        "result = outs"
    ),
    "morelayer_f_grid_sample_affine": _case(
        "import warnings\n"
        "x = torch.arange(24.0).reshape(1, 2, 3, 4).requires_grad_()\n"
        "th = torch.tensor([[[0.8, -0.3, 0.1], [0.2, 1.1, -0.2]]], requires_grad=True)\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    y = F.grid_sample(x, F.affine_grid(th, (1, 2, 5, 3), False))\n"
        "y.sum().backward()\n"
        "edge = F.grid_sample(torch.arange(4.0).reshape(1, 1, 1, 4), "
        "torch.tensor([[[[-1.0, 0.0], [1.0, 0.0], [-0.75, 0.0], [0.25, 0.0], [3.0, 0.0], "
        "[-5.2, 0.0]]]]), 'nearest', 'reflection', False)\n"
        "result = [y, x.grad, th.grad, [str(w.message) for w in caught], edge]"
    ),
    "morelayer_grid_sample_err_mode": _err(
        "F.grid_sample(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 1, 2), 'area')"
    ),
    "morelayer_grid_sample_err_padding": _err(
        "F.grid_sample(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 1, 2), padding_mode='wrap')"
    ),
    "morelayer_grid_sample_err_dtype": _err(
        "F.grid_sample(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 1, 2).double(), "
        "align_corners=False)"
    ),
    "morelayer_grid_sample_err_batch": _err(
        "F.grid_sample(torch.ones(1, 1, 2, 2), torch.ones(2, 1, 1, 2), align_corners=False)"
    ),
    "morelayer_grid_sample_err_last": _err(
        "F.grid_sample(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 1, 3), align_corners=False)"
    ),
    "morelayer_grid_sample_err_empty": _err(
        "F.grid_sample(torch.ones(1, 1, 0, 2), torch.ones(1, 1, 1, 2), align_corners=False)"
    ),
    "morelayer_grid_sample_err_dims": _err(
        "F.grid_sample(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 2), align_corners=False)"
    ),
    "morelayer_grid_sample_err_dims3": _err(
        "F.grid_sample(torch.ones(1, 1, 2), torch.ones(1, 1, 1), align_corners=False)"
    ),
    "morelayer_f_embedding_bag": _case(
        "m = nn.EmbeddingBag(6, 3)\nx = torch.tensor([1, 2, 4, 5, 4, 3, 2, 0])\n"
        "off = torch.tensor([0, 3, 3, 5])\ny = m(x, off)\n"
        "(y * torch.arange(12.0).reshape(4, 3)).sum().backward()\n"
        "ms = nn.EmbeddingBag(6, 3, mode='sum', padding_idx=2)\n"
        "psw = torch.rand(8, requires_grad=True)\nys = ms(x, off, psw)\n"
        "(ys * torch.arange(12.0).reshape(4, 3)).sum().backward()\n"
        "mx = nn.EmbeddingBag(6, 3, mode='max', include_last_offset=True)\n"
        "ym = mx(x, torch.tensor([0, 2, 2, 6, 8]))\n(ym * torch.arange(12.0).reshape(4, 3)).sum()"
        ".backward()\n"
        "y2 = F.embedding_bag(torch.tensor([[0, 1], [5, 5], [3, 1]]), m.weight)\n"
        "result = [repr(m), repr(ms), repr(mx), repr(nn.EmbeddingBag(4, 2, max_norm=1.0, "
        "norm_type=1.0, padding_idx=-1)), m.weight, ms.weight, y, y.grad_fn, m.weight.grad, ys, "
        "ys.grad_fn, ms.weight.grad, psw.grad, ym, ym.grad_fn, mx.weight.grad, y2, "
        "list(m.state_dict()), torch.rand(2)]"
    ),
    "morelayer_f_embedding_bag_max_norm": _case(
        "w = torch.randn(5, 3) * 2\nw0 = w.clone()\n"
        "y = F.embedding_bag(torch.tensor([0, 2, 2, 4]), w, torch.tensor([0, 1]), max_norm=1.5, "
        "mode='sum')\nresult = [y, w, w0]"
    ),
    "morelayer_embedding_bag_err_offset0": _err(
        "F.embedding_bag(torch.tensor([1, 2, 3]), torch.ones(5, 3), torch.tensor([1, 2]))"
    ),
    "morelayer_embedding_bag_err_offset_last": _err(
        "F.embedding_bag(torch.tensor([1, 2, 3]), torch.ones(5, 3), torch.tensor([0, 4]))"
    ),
    "morelayer_embedding_bag_err_index": _err(
        "F.embedding_bag(torch.tensor([1, 2, 7]), torch.ones(5, 3), torch.tensor([0, 2]))"
    ),
    "morelayer_embedding_bag_err_float": _err(
        "F.embedding_bag(torch.tensor([1.0, 2.0]), torch.ones(5, 3), torch.tensor([0, 1]))"
    ),
    "morelayer_embedding_bag_err_no_offsets": _err(
        "F.embedding_bag(torch.tensor([1, 2]), torch.ones(5, 3))"
    ),
    "morelayer_embedding_bag_err_2d_offsets": _err(
        "F.embedding_bag(torch.tensor([[1, 2]]), torch.ones(5, 3), torch.tensor([0]))"
    ),
    "morelayer_embedding_bag_err_mode": _err(
        "F.embedding_bag(torch.tensor([[1, 2]]), torch.ones(5, 3), mode='min')"
    ),
    "morelayer_embedding_bag_err_psw_mode": _err(
        "F.embedding_bag(torch.tensor([[1, 2]]), torch.ones(5, 3), "
        "per_sample_weights=torch.ones(1, 2))"
    ),
    "morelayer_embedding_bag_err_psw_shape": _err(
        "F.embedding_bag(torch.tensor([[1, 2]]), torch.ones(5, 3), mode='sum', "
        "per_sample_weights=torch.ones(2))"
    ),
    "morelayer_embedding_bag_err_weight": _err(
        "F.embedding_bag(torch.tensor([[1, 2]]), torch.ones(5))"
    ),
    "morelayer_embedding_bag_err_padding": _err("nn.EmbeddingBag(3, 2, padding_idx=3)"),
    "morelayer_f_gumbel_softmax_eps": _case(
        "import warnings\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    y = F.gumbel_softmax(torch.randn(2, 3, dtype=torch.float64), eps=0.1, dim=0)\n"
        "result = [y, [str(w.message) for w in caught]]"
    ),
    "morelayer_f_grid_sample_3d": _case(
        "x = torch.randn(2, 2, 3, 4, 3, requires_grad=True)\n"
        "g = (torch.rand(2, 2, 3, 2, 3) * 3 - 1.5).requires_grad_()\nouts = []\n"
        "for mode in ['bilinear', 'nearest']:\n"
        "    for pm in ['zeros', 'border', 'reflection']:\n"
        "        for ac in [False, True]:\n"
        "            y = F.grid_sample(x, g, mode, pm, ac)\n"
        "            gx, gg = torch.autograd.grad((y * y).sum(), [x, g])\n"
        "            outs.append([y, y.grad_fn, gx, gg])\n"
        "th = torch.randn(2, 3, 4)\n"
        "outs.append(F.grid_sample(x, F.affine_grid(th, (2, 2, 2, 3, 2), False), "
        "align_corners=False))\n"
        "result = outs"
    ),
    "morelayer_cubic_grid_sample": _case(
        "x = torch.randn(2, 2, 4, 5, requires_grad=True)\n"
        "g = (torch.rand(2, 3, 4, 2) * 3 - 1.5).requires_grad_()\nouts = []\n"
        "for pm in ['zeros', 'border', 'reflection']:\n"
        "    for ac in [False, True]:\n"
        "        y = F.grid_sample(x, g, 'bicubic', pm, ac)\n"
        "        gx, gg = torch.autograd.grad((y * y).sum(), [x, g])\n"
        "        outs.append([y, y.grad_fn, gx, gg])\n"
        "result = outs"
    ),
    "morelayer_cubic64_grid_sample": _case(
        "x = torch.randn(2, 2, 4, 5, dtype=torch.float64, requires_grad=True)\n"
        "g = (torch.rand(2, 3, 4, 2, dtype=torch.float64) * 3 - 1.5).requires_grad_()\nouts = []\n"
        "for pm in ['zeros', 'border', 'reflection']:\n"
        "    for ac in [False, True]:\n"
        "        y = F.grid_sample(x, g, 'bicubic', pm, ac)\n"
        "        gx, gg = torch.autograd.grad((y * y).sum(), [x, g])\n"
        "        outs.append([y, y.grad_fn, gx, gg])\n"
        "result = outs"
    ),
    "morelayer_grid_sample_err_bicubic_3d": _err(
        "F.grid_sample(torch.ones(1, 1, 2, 2, 2), torch.ones(1, 1, 1, 1, 3), 'bicubic', "
        "align_corners=False)"
    ),
}

# rsqrt, exp, pow, softmax, bilinear's products: float32 kernels agree with
# torch's to a few ulps, not bit for bit
TOLERANCES = {"morelayer_f_": (1e-5, 1e-6), "morelayer_cubic64_": (1e-12, 1e-13)}
# bicubic grid_sample's float32 gradients: torch differentiates the cubic
# weights by hand, ferrograd through their polynomials; sums of 16 taps that
# cancel differ by up to 1.2e-5 absolute (float64 to 1e-13)
TOLERANCES["morelayer_cubic_"] = (1e-5, 2e-5)

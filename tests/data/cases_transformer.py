"""Multi-head attention and the transformer encoder, recorded from torch
2.13: initial values per seed, reprs and parameter names, outputs,
attention weights, gradients and whole graphs for self-, cross- and
separately projected attention, masks (bool, float, key padding, causal),
batch_first, unbatched inputs, dropout per seed, baddbmm, errors."""

_RUN = (
    "nn, F = torch.nn, torch.nn.functional\n"
    "torch.manual_seed(0)\n"
    "def names(fn, depth=12):\n"
    "    if fn is None or depth == 0:\n"
    "        return None\n"
    "    return [type(fn).__name__, [names(nf, depth - 1) for nf, _ in fn.next_functions]]\n"
    "def grads(module, *tensors):\n"
    "    return [[n, p.grad] for n, p in module.named_parameters()] + [t.grad for t in tensors]\n"
)


def _case(body):
    return _RUN + body


CASES = {
    "transformer_init_mha": _case(
        "a = nn.MultiheadAttention(8, 2)\n"
        "b = nn.MultiheadAttention(6, 3, kdim=4, vdim=5, bias=False, batch_first=True)\n"
        "result = [repr(a), repr(b), list(a.state_dict()), [[n, p] for n, p in "
        "a.named_parameters()], [[n, p] for n, p in b.named_parameters()], a.head_dim, "
        "a._qkv_same_embed_dim, b._qkv_same_embed_dim, b.kdim, b.vdim, a.dropout, "
        "a.batch_first, a.in_proj_weight is not None, b.in_proj_weight]"
    ),
    "transformer_mha_self": _case(
        "m = nn.MultiheadAttention(8, 2)\n"
        "x = torch.randn(5, 3, 8, requires_grad=True)\n"
        "out, w = m(x, x, x)\n"
        "(out.sin().sum() + (w * w).sum()).backward()\n"
        "result = [out, w, names(out.grad_fn), names(w.grad_fn), grads(m, x)]"
    ),
    "transformer_mha_no_weights": _case(
        "m = nn.MultiheadAttention(8, 2)\n"
        "x = torch.randn(5, 3, 8, requires_grad=True)\n"
        "out, w = m(x, x, x, need_weights=False)\n"
        "out.sin().sum().backward()\n"
        "result = [out, w, names(out.grad_fn), grads(m, x)]"
    ),
    "transformer_mha_cross_and_kv": _case(
        "m = nn.MultiheadAttention(8, 4)\n"
        "q = torch.randn(4, 2, 8, requires_grad=True)\n"
        "kv = torch.randn(6, 2, 8, requires_grad=True)\n"
        "v = torch.randn(6, 2, 8)\n"
        "o1, w1 = m(q, kv, kv)\no2, w2 = m(q, kv, v, average_attn_weights=False)\n"
        "(o1.sum() + o2.cos().sum()).backward()\n"
        "result = [o1, w1, o2, w2, names(o1.grad_fn), names(o2.grad_fn, 9), grads(m, q, kv)]"
    ),
    "transformer_mha_separate_weights": _case(
        "m = nn.MultiheadAttention(6, 2, kdim=4, vdim=3, batch_first=True)\n"
        "q, k, v = torch.randn(2, 5, 6), torch.randn(2, 7, 4), torch.randn(2, 7, 3)\n"
        "out, w = m(q, k, v)\nout2, _ = m(q, k, v, need_weights=False)\n"
        "(out.sum() + out2.sum()).backward()\n"
        "result = [out, w, out2, names(out.grad_fn, 9), grads(m)]"
    ),
    "transformer_mha_masks": _case(
        "m = nn.MultiheadAttention(8, 2, batch_first=True)\n"
        "x = torch.randn(2, 4, 8)\n"
        "causal = torch.ones(4, 4, dtype=torch.bool).triu(1)\n"
        "pad = torch.tensor([[False, False, False, True], [False, False, True, True]])\n"
        "float_mask = torch.randn(4, 4)\n"
        "import warnings\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    mixed = m(x, x, x, attn_mask=float_mask, key_padding_mask=pad)\n"
        "r = [m(x, x, x, attn_mask=causal), m(x, x, x, key_padding_mask=pad), mixed, "
        "m(x, x, x, attn_mask=causal, need_weights=False), "
        "m(x, x, x, attn_mask=causal, is_causal=True, need_weights=False), "
        "m(x, x, x, key_padding_mask=pad, need_weights=False), "
        "m(x, x, x, attn_mask=torch.randn(4, 4, 4))]\n"
        "sum(o.sum() for o, _ in r).backward()\n"
        "result = [r, grads(m), [str(w.message) for w in caught]]"
    ),
    "transformer_mha_unbatched": _case(
        "m = nn.MultiheadAttention(4, 2)\n"
        "x = torch.randn(3, 4)\n"
        "result = [m(x, x, x), m(x, x, x, need_weights=False), "
        "m(x, x, x, key_padding_mask=torch.tensor([False, True, False]))]"
    ),
    "transformer_mha_dropout": _case(
        "m = nn.MultiheadAttention(8, 2, dropout=0.3)\n"
        "x = torch.randn(4, 2, 8)\n"
        "torch.manual_seed(5)\na = m(x, x, x)\n"
        "torch.manual_seed(5)\nb = m(x, x, x, need_weights=False)\n"
        "m.eval()\nc = m(x, x, x)\n"
        "result = [a, b, c, torch.rand(3)]"
    ),
    "transformer_encoder_layer": _case(
        "layer = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0)\n"
        "x = torch.randn(5, 3, 8, requires_grad=True)\n"
        "y = layer(x)\ny.pow(2).mean().backward()\n"
        "result = [repr(layer), list(layer.state_dict()), y, names(y.grad_fn, 6), "
        "grads(layer, x)]"
    ),
    "transformer_encoder_layer_variants": _case(
        "a = nn.TransformerEncoderLayer(8, 2, 16, 0.0, activation='gelu', batch_first=True, "
        "norm_first=True)\n"
        "b = nn.TransformerEncoderLayer(8, 4, 12, 0.0, activation=F.silu, bias=False)\n"
        "x = torch.randn(2, 5, 8)\n"
        "mask = nn.Transformer.generate_square_subsequent_mask(5)\n"
        "pad = torch.tensor([[False] * 4 + [True], [False] * 5])\n"
        "ya, yb = a(x, src_mask=mask, is_causal=True), b(x.transpose(0, 1), "
        "src_key_padding_mask=pad)\n"
        "(ya.sum() + yb.sum()).backward()\n"
        "result = [repr(b), mask, ya, yb, grads(a), grads(b)]"
    ),
    "transformer_encoder_training": _case(
        "import warnings\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.1)\n"
        "    enc = nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(8))\n"
        "head = nn.Linear(8, 3)\n"
        "params = list(enc.parameters()) + list(head.parameters())\n"
        "opt = torch.optim.Adam(params, lr=0.01)\n"
        "x, y = torch.randn(6, 4, 8), torch.tensor([0, 2, 1, 2])\n"
        "losses = []\n"
        "for _ in range(5):\n"
        "    loss = F.cross_entropy(head(enc(x).mean(0)), y)\n"
        "    opt.zero_grad()\n    loss.backward()\n    opt.step()\n"
        "    losses.append(loss.item())\n"
        "enc.eval()\n"
        "with torch.no_grad():\n"
        "    evaluated = enc(x)\n"
        "result = [[str(w.message) for w in caught], repr(enc), list(enc.state_dict())[:8], "
        "losses, evaluated]"
    ),
    "transformer_baddbmm": _case(
        "i = torch.randn(2, 3, 4, requires_grad=True)\n"
        "a = torch.randn(2, 3, 5, requires_grad=True)\n"
        "b = torch.randn(2, 5, 4, requires_grad=True)\n"
        "y1 = torch.baddbmm(i, a, b)\n"
        "y2 = torch.baddbmm(torch.randn(1, 3, 4), a, b, beta=0.5, alpha=2)\n"
        "y3 = i.baddbmm(a, b, beta=0)\n"
        "(y1.sum() + (y2 * y2).sum() + y3.sin().sum()).backward()\n"
        "result = [y1, y2, y3, names(y1.grad_fn), names(y2.grad_fn), i.grad, a.grad, b.grad]"
    ),
    "transformer_tril_triu_nonfinite": _case(
        "x = torch.tensor([[float('-inf'), 1.0, float('nan')], [2.0, float('inf'), 3.0]], "
        "requires_grad=True)\n"
        "lo, up = x.tril(), torch.triu(x, 1)\n"
        "(lo * 2 + up).backward(torch.full((2, 3), float('inf')))\n"
        "result = [lo, up, x.grad, torch.full((3, 3), float('-inf')).triu(1), "
        "torch.ones(2, 3, 3, dtype=torch.bool).tril(-1), x.t().tril().stride()]"
    ),
    "transformer_full_model": _case(
        "import warnings\n"
        "with warnings.catch_warnings():\n"
        "    warnings.simplefilter('ignore')\n"
        "    model = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=2, "
        "num_decoder_layers=1, dim_feedforward=16, dropout=0.0)\n"
        "src, tgt = torch.randn(5, 2, 8), torch.randn(4, 2, 8)\n"
        "mask = nn.Transformer.generate_square_subsequent_mask(4)\n"
        "out = model(src, tgt, tgt_mask=mask)\n"
        "out.pow(2).mean().backward()\n"
        "result = [out, [[n, list(p.shape)] for n, p in model.named_parameters()][:12], "
        "model.decoder.layers[0].self_attn.in_proj_weight, "
        "model.encoder.layers[1].linear1.weight.grad, repr(model.decoder.layers[0])]"
    ),
    "transformer_err_batch": _case(
        "import warnings\nwarnings.simplefilter('ignore')\n"
        "model = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, "
        "num_decoder_layers=1, dim_feedforward=8)\n"
        "model(torch.randn(5, 2, 8), torch.randn(4, 3, 8))"
    ),
    "transformer_err_baddbmm": _case(
        "torch.baddbmm(torch.randn(2, 3, 4), torch.randn(2, 3, 5), torch.randn(2, 5, 5))"
    ),
    "transformer_err_heads": _case("nn.MultiheadAttention(6, 4)"),
    "transformer_err_embed": _case(
        "m = nn.MultiheadAttention(8, 2)\nx = torch.randn(3, 2, 6)\nm(x, x, x)"
    ),
    "transformer_err_mask_shape": _case(
        "m = nn.MultiheadAttention(8, 2)\nx = torch.randn(3, 2, 8)\n"
        "m(x, x, x, attn_mask=torch.zeros(3, 4))"
    ),
    "transformer_err_causal_without_mask": _case(
        "m = nn.MultiheadAttention(8, 2)\nx = torch.randn(3, 2, 8)\nm(x, x, x, is_causal=True)"
    ),
    "transformer_err_activation": _case("nn.TransformerEncoderLayer(8, 2, activation='tanh')"),
}

# float32 products and softmax sums run in another order than torch's kernels
TOLERANCES = {"transformer_": (5e-5, 5e-6)}

"""Recurrent layers (nn.RNN, LSTM, GRU and their cells), recorded from torch
2.13: reprs, parameter names and initial values per seed, outputs and
gradients for every configuration (layers, directions, batch_first,
unbatched input, given states, projections), whole backward graphs, inter-
layer dropout and torch's errors."""

# graph(t): every node reachable from t.grad_fn, breadth first, with its
# edges as (index of the target node, input number); leaves by shape
_GRAPH = (
    "def graph(t):\n"
    "    order, queue = {}, [t.grad_fn]\n"
    "    while queue:\n"
    "        fn = queue.pop(0)\n"
    "        if fn is None or id(fn) in order:\n"
    "            continue\n"
    "        order[id(fn)] = fn\n"
    "        queue.extend(nf for nf, _ in fn.next_functions)\n"
    "    index = {k: i for i, k in enumerate(order)}\n"
    "    def label(fn):\n"
    "        name = type(fn).__name__\n"
    "        return name + str(list(fn.variable.shape)) if name == 'AccumulateGrad' else name\n"
    "    return [[label(fn), [[None if nf is None else index[id(nf)], nr] "
    "for nf, nr in fn.next_functions]] for fn in order.values()]\n"
)

# run(module, *inputs): outputs, then every parameter's gradient after
# backward of the sum of all outputs
_RUN = (
    "nn = torch.nn\n"
    "def flat(out):\n"
    "    if isinstance(out, tuple):\n"
    "        return [t for o in out for t in flat(o)]\n"
    "    return [out]\n"
    "def run(module, *inputs):\n"
    "    outs = flat(module(*inputs))\n"
    "    sum(o.sum() for o in outs).backward()\n"
    "    return outs, [[n, p.grad] for n, p in module.named_parameters()]\n"
)


def _case(body):
    return _GRAPH + _RUN + "torch.manual_seed(0)\n" + body


CASES = {
    # ---- construction: reprs, parameters, initial values (exact) ----
    "rnn_init_reprs": _case(
        "mods = [nn.RNN(3, 4), nn.RNN(3, 4, 2, nonlinearity='relu', bias=False, dropout=0.5), "
        "nn.LSTM(3, 4, num_layers=2, batch_first=True, bidirectional=True), "
        "nn.LSTM(3, 5, proj_size=2), nn.GRU(3, 4, bias=False, batch_first=True), "
        "nn.RNNCell(3, 4), nn.RNNCell(3, 4, bias=False, nonlinearity='relu'), "
        "nn.LSTMCell(3, 4), nn.GRUCell(3, 4, bias=False)]\n"
        "result = [[repr(m), [[n, list(p.shape)] for n, p in m.named_parameters()]] "
        "for m in mods]"
    ),
    "rnn_init_values": _case(
        "result = [list(nn.RNN(2, 3, 2, bidirectional=True).parameters()), "
        "list(nn.LSTM(2, 3, proj_size=1).parameters()), list(nn.GRUCell(2, 2).parameters())]"
    ),
    "rnn_init_attributes": _case(
        "m = nn.LSTM(3, 4, 2, dropout=0.25, bidirectional=True)\n"
        "c = nn.GRUCell(3, 4)\n"
        "result = [m.input_size, m.hidden_size, m.num_layers, m.bias, m.batch_first, "
        "m.dropout, m.bidirectional, m.proj_size, m.mode, m._flat_weights_names, "
        "[list(w.shape) for w in m.all_weights[1]], c.input_size, c.hidden_size, c.bias, "
        "nn.RNN(2, 2, nonlinearity='relu').nonlinearity, "
        "list(m.state_dict().keys())]"
    ),
    # ---- forward and backward ----
    "rnn_fwd_rnn_tanh": _case(
        "m = nn.RNN(3, 4)\nx = torch.randn(5, 2, 3, requires_grad=True)\n"
        "outs, grads = run(m, x)\n"
        "result = [outs, grads, x.grad, graph(m(x[:2])[0])]"
    ),
    "rnn_fwd_rnn_relu_layers": _case(
        "m = nn.RNN(3, 4, num_layers=3, nonlinearity='relu', bias=False)\n"
        "x = torch.randn(4, 2, 3)\n"
        "result = [run(m, x), graph(m(x[:2])[1])]"
    ),
    "rnn_fwd_rnn_bidirectional": _case(
        "m = nn.RNN(3, 4, num_layers=2, bidirectional=True)\n"
        "x = torch.randn(3, 2, 3)\n"
        "result = [run(m, x), graph(m(x[:2])[0]), graph(m(x[:2])[1])]"
    ),
    "rnn_fwd_rnn_batch_first_hx": _case(
        "m = nn.RNN(3, 4, num_layers=2, batch_first=True)\n"
        "x = torch.randn(2, 5, 3)\nh0 = torch.randn(2, 2, 4, requires_grad=True)\n"
        "outs, grads = run(m, x, h0)\n"
        "result = [outs, grads, h0.grad, graph(m(x[:, :2], h0)[1])]"
    ),
    "rnn_fwd_rnn_unbatched": _case(
        "m = nn.RNN(3, 4, num_layers=2)\nx = torch.randn(5, 3)\nh0 = torch.randn(2, 4)\n"
        "out, h = m(x, h0)\n"
        "result = [run(m, x), run(m, x, h0), out.grad_fn, h.grad_fn, "
        "nn.RNN(3, 4, batch_first=True)(x)[0].shape]"
    ),
    "rnn_fwd_lstm": _case(
        "m = nn.LSTM(3, 4)\nx = torch.randn(5, 2, 3, requires_grad=True)\n"
        "outs, grads = run(m, x)\n"
        "out, (h, c) = m(x[:2])\n"
        "result = [outs, grads, x.grad, graph(out), graph(c)]"
    ),
    "rnn_fwd_lstm_deep_bidirectional_batch_first": _case(
        "m = nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True)\n"
        "x = torch.randn(2, 4, 3)\n"
        "h0 = torch.randn(4, 2, 4, requires_grad=True)\n"
        "c0 = torch.randn(4, 2, 4, requires_grad=True)\n"
        "outs, grads = run(m, x, (h0, c0))\n"
        "out, (h, c) = m(x)\n"
        "result = [outs, grads, h0.grad, c0.grad, out.grad_fn, h.grad_fn, c.grad_fn]"
    ),
    "rnn_fwd_lstm_proj": _case(
        "m = nn.LSTM(3, 5, num_layers=2, proj_size=2)\nx = torch.randn(4, 2, 3)\n"
        "out, (h, c) = m(x)\n"
        "result = [run(m, x), [out.shape, h.shape, c.shape], graph(m(x[:1])[1][0])]"
    ),
    "rnn_fwd_lstm_unbatched": _case(
        "m = nn.LSTM(3, 4)\nx = torch.randn(5, 3)\n"
        "hc = (torch.randn(1, 4), torch.randn(1, 4))\n"
        "out, (h, c) = m(x, hc)\n"
        "result = [run(m, x), run(m, x, hc), out.grad_fn, h.grad_fn, c.grad_fn]"
    ),
    "rnn_fwd_gru": _case(
        "m = nn.GRU(3, 4, num_layers=2)\nx = torch.randn(4, 2, 3, requires_grad=True)\n"
        "outs, grads = run(m, x)\n"
        "result = [outs, grads, x.grad, graph(m(x[:2])[0])]"
    ),
    "rnn_fwd_gru_bidirectional_unbatched": _case(
        "m = nn.GRU(3, 4, bidirectional=True, bias=False)\nx = torch.randn(4, 3)\n"
        "out, h = m(x)\n"
        "result = [run(m, x), out.grad_fn, h.grad_fn, graph(h)]"
    ),
    "rnn_fwd_batch_first_graphs": _case(
        "x = torch.randn(2, 3, 3, requires_grad=True)\n"
        "gru, lstm = nn.GRU(3, 2, batch_first=True), nn.LSTM(3, 2, 2, batch_first=True)\n"
        "lstm64 = nn.LSTM(3, 2, 2, batch_first=True).double()\n"
        "result = [run(gru, x), run(lstm, x), run(lstm64, x.double()), x.grad, "
        "graph(gru(x)[0])[:3], graph(lstm64(x.double())[0])[:3]]"
    ),
    "rnn_fwd_lstm_hx_graph": _case(
        "m = nn.LSTM(2, 3, 2, bias=False)\nx = torch.randn(2, 1, 2, requires_grad=True)\n"
        "h0 = torch.randn(2, 1, 3, requires_grad=True)\n"
        "c0 = torch.randn(2, 1, 3, requires_grad=True)\n"
        "out, (h, c) = m(x, (h0, c0))\n"
        "result = [graph(out), graph(h), graph(c), run(m, x, (h0, c0)), h0.grad, c0.grad]"
    ),
    "rnn_fwd_lstm_double_backward": _case(
        "m = nn.LSTM(3, 4)\nx = torch.randn(3, 2, 3, requires_grad=True)\n"
        "out, _ = m(x)\n"
        "g, = torch.autograd.grad((out ** 2).sum(), m.weight_hh_l0, create_graph=True)\n"
        "gx, = torch.autograd.grad(g.sum(), x)\n"
        "result = [g.tolist(), type(g.grad_fn).__name__, gx]"
    ),
    "rnn_fwd_lstm_twice": _case(
        "m = nn.LSTM(3, 4)\nout, _ = m(torch.randn(2, 1, 3))\nout.sum().backward()\n"
        "out.sum().backward()"
    ),
    "rnn_fwd_float64": _case(
        "x = torch.randn(3, 2, 3, dtype=torch.float64)\n"
        "result = [run(nn.LSTM(3, 2).double(), x), run(nn.GRU(3, 2).double(), x), "
        "run(nn.RNN(3, 2).double(), x)]"
    ),
    "rnn_fwd_empty_batch": _case(
        "m = nn.GRU(3, 4)\nout, h = m(torch.randn(2, 0, 3))\nresult = [out.shape, h.shape]"
    ),
    # ---- cells ----
    "rnn_fwd_cells": _case(
        "x = torch.randn(2, 3)\nh = torch.randn(2, 4, requires_grad=True)\n"
        "c = torch.randn(2, 4, requires_grad=True)\n"
        "rnn, relu = nn.RNNCell(3, 4), nn.RNNCell(3, 4, nonlinearity='relu')\n"
        "lstm, gru = nn.LSTMCell(3, 4), nn.GRUCell(3, 4)\n"
        "result = [run(rnn, x), run(rnn, x, h), run(relu, x, h), run(lstm, x), "
        "run(lstm, x, (h, c)), run(gru, x), run(gru, x, h), h.grad, c.grad, "
        "graph(rnn(x, h)), graph(lstm(x, (h, c))[0]), graph(lstm(x, (h, c))[1]), "
        "graph(gru(x, h))]"
    ),
    "rnn_fwd_cells_unbatched": _case(
        "x, h = torch.randn(3), torch.randn(4)\n"
        "rnn, lstm, gru = nn.RNNCell(3, 4, bias=False), nn.LSTMCell(3, 4), nn.GRUCell(3, 4)\n"
        "result = [run(rnn, x, h), run(lstm, x, (h, h)), run(gru, x), rnn(x).grad_fn, "
        "lstm(x)[1].grad_fn, gru(x, h).shape]"
    ),
    # ---- inter-layer dropout: torch's masks per seed, none in eval ----
    "rnn_fwd_dropout_between_layers": _case(
        "m = nn.LSTM(3, 4, num_layers=3, dropout=0.5)\nx = torch.randn(4, 2, 3)\n"
        "torch.manual_seed(1)\na = m(x)[0]\n"
        "m.eval()\nb = m(x)[0]\n"
        "m.train()\ntorch.manual_seed(1)\nc = m(x)[0]\n"
        "result = [a, b, torch.equal(a, c), graph(m(x[:1])[0])[:6]]"
    ),
    # ---- training: a character model learns a sequence ----
    "rnn_fwd_train_char_lstm": _case(
        "text = 'hello world, hello rnn'\nchars = sorted(set(text))\n"
        "ids = torch.tensor([chars.index(ch) for ch in text])\n"
        "emb, lstm = nn.Embedding(len(chars), 5), nn.LSTM(5, 8, batch_first=True)\n"
        "head = nn.Linear(8, len(chars))\n"
        "params = list(emb.parameters()) + list(lstm.parameters()) + list(head.parameters())\n"
        "opt = torch.optim.Adam(params, lr=0.05)\nlosses = []\n"
        "for step in range(15):\n"
        "    out, _ = lstm(emb(ids[:-1]).unsqueeze(0))\n"
        "    loss = nn.functional.cross_entropy(head(out[0]), ids[1:])\n"
        "    opt.zero_grad()\n    loss.backward()\n    opt.step()\n"
        "    losses.append(loss.item())\n"
        "result = losses"
    ),
    "rnn_fwd_train_gru_regression": _case(
        "gru, head = nn.GRU(1, 6, num_layers=2, batch_first=True), nn.Linear(6, 1)\n"
        "t = torch.linspace(0, 6, 21)\nseq = torch.sin(t).reshape(1, 21, 1)\n"
        "opt = torch.optim.SGD(list(gru.parameters()) + list(head.parameters()), lr=0.1)\n"
        "losses = []\n"
        "for step in range(10):\n"
        "    out, h = gru(seq[:, :-1])\n"
        "    loss = nn.functional.mse_loss(head(out), seq[:, 1:])\n"
        "    opt.zero_grad()\n    loss.backward()\n    opt.step()\n"
        "    losses.append(loss.item())\n"
        "result = [losses, h]"
    ),
    # ---- the gates' split: pieces that are not views ----
    "rnn_unsafe_chunk": (
        "x = torch.arange(12.0).reshape(2, 6).requires_grad_()\ny = x * 1\n"
        "a, b = y.unsafe_chunk(2, 1)\nc, d, e = torch.unsafe_split(y, 2, 1)\n"
        "a.sigmoid_()\n"
        "(a.sum() + b.sum() * 2 + e.sum() * 3).backward()\n"
        "result = [a, b, a.grad_fn, b.grad_fn, c.grad_fn, y._version, a._version, b.stride(), "
        "x.grad, torch.unsafe_chunk(x.detach(), 4, 1), y.unsafe_split(4, 1)]"
    ),
    "rnn_unsafe_chunk_zero": "torch.ones(3).unsafe_chunk(0)",
    # ---- errors and warnings ----
    "rnn_err_input_size": _case("nn.RNN(3, 4)(torch.randn(5, 2, 6))"),
    "rnn_err_input_dims": _case("nn.LSTM(3, 4)(torch.randn(5, 2, 3, 1))"),
    "rnn_err_input_dims_gru": _case("nn.GRU(3, 4)(torch.randn(3))"),
    "rnn_err_hidden_size": _case("nn.RNN(3, 4)(torch.randn(5, 2, 3), torch.randn(1, 3, 4))"),
    "rnn_err_hidden_layers": _case(
        "nn.GRU(3, 4, 2)(torch.randn(5, 2, 3), torch.randn(1, 2, 4))"
    ),
    "rnn_err_lstm_cell_state": _case(
        "nn.LSTM(3, 4)(torch.randn(5, 2, 3), (torch.randn(1, 2, 4), torch.randn(1, 2, 5)))"
    ),
    "rnn_err_lstm_proj_hidden": _case(
        "nn.LSTM(3, 4, proj_size=2)(torch.randn(5, 2, 3), "
        "(torch.randn(1, 2, 4), torch.randn(1, 2, 4)))"
    ),
    "rnn_err_lstm_hx_not_tuple": _case(
        "nn.LSTM(3, 4)(torch.randn(5, 2, 3), torch.randn(1, 2, 4))"
    ),
    "rnn_err_unbatched_hx_3d": _case("nn.RNN(3, 4)(torch.randn(5, 3), torch.randn(1, 1, 4))"),
    "rnn_err_batched_hx_2d": _case("nn.GRU(3, 4)(torch.randn(5, 2, 3), torch.randn(1, 4))"),
    "rnn_err_dtype": _case("nn.RNN(3, 4)(torch.randn(5, 2, 3, dtype=torch.float64))"),
    "rnn_err_nonlinearity": _case("nn.RNN(3, 4, nonlinearity='gelu')"),
    "rnn_err_cell_nonlinearity": _case(
        "nn.RNNCell(3, 4, nonlinearity='sigmoid')(torch.ones(1, 3))"
    ),
    "rnn_err_dropout_range": _case("nn.LSTM(3, 4, dropout=1.5)"),
    "rnn_err_dropout_one_layer_warns": _case(
        "import warnings\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    nn.GRU(3, 4, dropout=0.2)\n"
        "result = [str(w.message) for w in caught]"
    ),
    "rnn_err_proj_size_negative": _case("nn.LSTM(3, 4, proj_size=-1)"),
    "rnn_err_proj_size_too_big": _case("nn.LSTM(3, 4, proj_size=4)"),
    "rnn_err_proj_size_not_lstm": _case("nn.GRU(3, 4, proj_size=2)"),
    "rnn_err_hidden_size_zero": _case("nn.RNN(3, 0)"),
    "rnn_err_num_layers_zero": _case("nn.LSTM(3, 4, 0)"),
    "rnn_err_cell_input_size": _case("nn.LSTMCell(3, 4)(torch.randn(2, 5))"),
    "rnn_err_cell_input_dims": _case("nn.GRUCell(3, 4)(torch.randn(2, 2, 3))"),
    "rnn_err_cell_hidden_size": _case("nn.RNNCell(3, 4)(torch.randn(2, 3), torch.randn(2, 5))"),
    "rnn_err_cell_batch": _case("nn.GRUCell(3, 4)(torch.randn(2, 3), torch.randn(3, 4))"),
    "rnn_err_cell_hx_dims": _case("nn.RNNCell(3, 4)(torch.randn(2, 3), torch.randn(4))"),
    "rnn_err_empty_sequence": _case("nn.RNN(3, 4)(torch.randn(0, 2, 3))"),
}

# Outputs and gradients come from float32 matrix products summed in another
# order than MKL's and through recurrences; names, shapes and graphs are
# exact, values agree to a few ulps of the O(1) results.
TOLERANCES = {"rnn_fwd_": (2e-5, 2e-6)}

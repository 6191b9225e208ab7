"""Variable-length sequences, recorded from torch 2.13: pad_sequence,
pack_padded_sequence / pack_sequence (sorted or not), pad_packed_sequence,
and RNN, GRU and LSTM layers over packed input (one and two layers, both
directions, given states), with values, gradients, nodes and errors."""

_RUN = (
    "nn = torch.nn\n"
    "rnn_utils = torch.nn.utils.rnn\n"
    "torch.manual_seed(0)\n"
    "def names(fn, depth=6):\n"
    "    if fn is None or depth == 0:\n"
    "        return None\n"
    "    return [type(fn).__name__, [names(nf, depth - 1) for nf, _ in fn.next_functions]]\n"
    "def packed(p):\n"
    "    return [p.data, p.batch_sizes, p.sorted_indices, p.unsorted_indices]\n"
)


def _case(body):
    return _RUN + body


CASES = {
    "packed_pad_sequence": _case(
        "a, b, c = [torch.randn(n, 2, requires_grad=True) for n in (3, 1, 2)]\n"
        "p1 = rnn_utils.pad_sequence([a, b, c])\n"
        "p2 = rnn_utils.pad_sequence([a, b, c], batch_first=True, padding_value=-1.0)\n"
        "p3 = rnn_utils.pad_sequence([a, b, c], padding_side='left')\n"
        "(p1.sum() + (p2 * 2).sum() + (p3 * 3).sum()).backward()\n"
        "result = [p1, p2, p3, p1.grad_fn, a.grad, b.grad, c.grad, "
        "rnn_utils.pad_sequence([torch.tensor([1, 2]), torch.tensor([3])])]"
    ),
    "packed_pack_padded_sorted": _case(
        "x = torch.randn(4, 3, 2, requires_grad=True)\n"
        "p = rnn_utils.pack_padded_sequence(x, [4, 2, 1])\n"
        "q = rnn_utils.pack_padded_sequence(x.transpose(0, 1), torch.tensor([4, 3, 3]), "
        "batch_first=True)\n"
        "(p.data.sum() + (q.data * q.data).sum()).backward()\n"
        "result = [packed(p), packed(q), names(p.data.grad_fn), x.grad, repr(p)[:15], "
        "type(p).__name__, p._fields]"
    ),
    "packed_pack_unsorted_and_back": _case(
        "x = torch.randn(3, 4, 2, requires_grad=True)\n"
        "p = rnn_utils.pack_padded_sequence(x, [2, 3, 1, 3], enforce_sorted=False)\n"
        "padded, lengths = rnn_utils.pad_packed_sequence(p)\n"
        "padded2, lengths2 = rnn_utils.pad_packed_sequence(p, batch_first=True, "
        "padding_value=-2.0, total_length=5)\n"
        "(padded.pow(2).sum() + padded2.sum()).backward()\n"
        "result = [packed(p), padded, lengths, padded2, lengths2, names(padded.grad_fn, 2), "
        "x.grad, rnn_utils.invert_permutation(torch.tensor([2, 0, 1]))]"
    ),
    "packed_pack_sequence": _case(
        "seqs = [torch.randn(n, 3) for n in (2, 4, 1)]\n"
        "p = rnn_utils.pack_sequence(seqs, enforce_sorted=False)\n"
        "q = rnn_utils.pack_sequence(sorted(seqs, key=len, reverse=True))\n"
        "result = [packed(p), packed(q), rnn_utils.unpack_sequence(p), "
        "rnn_utils.unpad_sequence(rnn_utils.pad_sequence(seqs), torch.tensor([2, 4, 1]))]"
    ),
    "packed_rnn_layers": _case(
        "seqs = [torch.randn(n, 3, requires_grad=True) for n in (2, 4, 1, 4)]\n"
        "out = []\n"
        "for m in (nn.RNN(3, 4), nn.GRU(3, 4, num_layers=2), nn.RNN(3, 2, bidirectional=True, "
        "nonlinearity='relu'), nn.GRU(3, 2, num_layers=2, bidirectional=True)):\n"
        "    p = rnn_utils.pack_sequence(seqs, enforce_sorted=False)\n"
        "    o, h = m(p)\n"
        "    (o.data.sum() + h.pow(2).sum()).backward()\n"
        "    out.append([packed(o), h, names(o.data.grad_fn, 4), names(h.grad_fn, 4), "
        "[[n, q.grad] for n, q in m.named_parameters()]])\n"
        "result = [out, [s.grad for s in seqs]]"
    ),
    "packed_lstm_layers": _case(
        "seqs = [torch.randn(n, 3, requires_grad=True) for n in (3, 1, 2)]\n"
        "out = []\n"
        "for m in (nn.LSTM(3, 4), nn.LSTM(3, 4, num_layers=2, bidirectional=True), "
        "nn.LSTM(3, 4, proj_size=2)):\n"
        "    p = rnn_utils.pack_sequence(seqs, enforce_sorted=False)\n"
        "    o, (h, c) = m(p)\n"
        "    (o.data.sum() + h.pow(2).sum() + c.sum()).backward()\n"
        "    out.append([packed(o), h, c, names(o.data.grad_fn, 3), names(h.grad_fn, 3), "
        "[[n, q.grad] for n, q in m.named_parameters()]])\n"
        "result = [out, [s.grad for s in seqs]]"
    ),
    "packed_given_states": _case(
        "p = rnn_utils.pack_sequence([torch.randn(n, 2) for n in (1, 3)], enforce_sorted=False)\n"
        "gru, lstm = nn.GRU(2, 3), nn.LSTM(2, 3, batch_first=True)\n"
        "h0 = torch.randn(1, 2, 3, requires_grad=True)\n"
        "c0 = torch.randn(1, 2, 3, requires_grad=True)\n"
        "o1, h1 = gru(p, h0)\no2, (h2, c2) = lstm(p, (h0, c0))\n"
        "(o1.data.sum() + h1.sum() + o2.data.sum() + h2.sum() + c2.sum()).backward()\n"
        "padded, lengths = rnn_utils.pad_packed_sequence(o2, batch_first=True)\n"
        "result = [packed(o1), h1, packed(o2), h2, c2, h0.grad, c0.grad, padded, lengths]"
    ),
    "packed_dropout_between_layers": _case(
        "p = rnn_utils.pack_sequence([torch.randn(n, 2) for n in (3, 2)])\n"
        "m = nn.GRU(2, 3, num_layers=2, dropout=0.5)\n"
        "torch.manual_seed(4)\no, h = m(p)\n"
        "result = [packed(o), h, torch.rand(2)]"
    ),
    "packed_err_unsorted": _case(
        "rnn_utils.pack_padded_sequence(torch.randn(3, 3, 2), [1, 3, 2])"
    ),
    "packed_err_zero_length": _case(
        "rnn_utils.pack_padded_sequence(torch.randn(3, 3, 2), [3, 2, 0])"
    ),
    "packed_err_total_length": _case(
        "p = rnn_utils.pack_padded_sequence(torch.randn(3, 2, 2), [3, 1])\n"
        "rnn_utils.pad_packed_sequence(p, total_length=2)"
    ),
    "packed_err_pad_shapes": _case(
        "rnn_utils.pad_sequence([torch.ones(2, 3), torch.ones(2, 4)])"
    ),
    "packed_err_input_size": _case(
        "p = rnn_utils.pack_sequence([torch.randn(2, 5)])\nnn.GRU(3, 4)(p)"
    ),
    "packed_err_hidden_size": _case(
        "p = rnn_utils.pack_sequence([torch.randn(2, 3), torch.randn(1, 3)])\n"
        "nn.RNN(3, 4)(p, torch.zeros(1, 3, 4))"
    ),
}

# float32 products and sums in another order than torch's kernels
TOLERANCES = {"packed_": (2e-5, 2e-6)}

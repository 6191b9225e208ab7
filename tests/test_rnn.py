"""Recurrent layers beyond the recorded torch cases (tests/data/cases_rnn.py):
the float32 LSTM's one-node-per-layer backward agrees with the float64
LSTM, which is composed of ordinary ops; finite-difference checks of every
layer and cell; and no graph left behind by a training loop."""

import ferrograd as torch
import pytest
from ferrograd import nn
from ferrograd.autograd import gradcheck, gradgradcheck


def _grads(module, x, states):
    out, (h, c) = module(x, states)
    ((out * out).sum() + (h * 3).sum() + c.sum()).backward()
    return [p.grad for p in module.parameters()] + [x.grad] + [s.grad for s in states]


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"num_layers": 2}, {"bidirectional": True}, {"bias": False, "batch_first": True}],
)
def test_float32_lstm_node_matches_the_composed_float64_lstm(kwargs):
    torch.manual_seed(0)
    lstm = nn.LSTM(3, 4, **kwargs)
    lstm64 = nn.LSTM(3, 4, **kwargs).double()
    with torch.no_grad():
        for p, p64 in zip(lstm.parameters(), lstm64.parameters()):
            p64.copy_(p)
    layers = lstm.num_layers * (2 if lstm.bidirectional else 1)
    x = torch.randn(2, 5, 3) if lstm.batch_first else torch.randn(5, 2, 3)
    hc = [torch.randn(layers, 2, 4), torch.randn(layers, 2, 4)]
    leaves32 = [x.clone().requires_grad_()] + [s.clone().requires_grad_() for s in hc]
    leaves64 = [t.double().requires_grad_() for t in (x, *hc)]
    out32, _ = lstm(leaves32[0], tuple(leaves32[1:]))
    assert out32.grad_fn.name() in ("MkldnnRnnLayerBackward0", "CatBackward0", "TransposeBackward0")
    got = _grads(lstm, leaves32[0], leaves32[1:])
    want = _grads(lstm64, leaves64[0], leaves64[1:])
    for g, w in zip(got, want):
        assert g.dtype == torch.float32
        assert torch.allclose(g.double(), w, rtol=1e-4, atol=1e-5)


def test_float32_lstm_node_frees_what_it_saved():
    lstm = nn.LSTM(2, 3)
    out, _ = lstm(torch.randn(4, 1, 2))
    out.sum().backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        out.sum().backward()


def _module_fn(module):
    def run(x, *hx):
        out = module(x, (hx if len(hx) > 1 else hx[0]) if hx else None)
        return out if isinstance(out, torch.Tensor) else out[0]

    return run


@pytest.mark.parametrize(
    "make, state_shapes",
    [
        (lambda: nn.RNN(3, 2, num_layers=2), [(2, 2, 2)]),
        (lambda: nn.RNN(3, 2, nonlinearity="relu", bidirectional=True), [(2, 2, 2)]),
        (lambda: nn.GRU(3, 2, batch_first=True), [(1, 4, 2)]),
        (lambda: nn.LSTM(3, 2, num_layers=2), [(2, 2, 2), (2, 2, 2)]),
        (lambda: nn.LSTM(3, 4, proj_size=2), [(1, 2, 2), (1, 2, 4)]),
    ],
)
def test_layers_gradcheck(make, state_shapes):
    torch.manual_seed(0)
    module = make().double()
    batch_first = module.batch_first
    x = torch.randn(*((4, 3, 3) if batch_first else (3, 2, 3)), dtype=torch.float64)
    states = [torch.randn(*s, dtype=torch.float64) for s in state_shapes]
    inputs = [x.requires_grad_()] + [s.requires_grad_() for s in states]
    assert gradcheck(_module_fn(module), inputs)


@pytest.mark.parametrize(
    "make, n_states",
    [(lambda: nn.RNNCell(3, 4), 1), (lambda: nn.GRUCell(3, 4), 1), (lambda: nn.LSTMCell(3, 4), 2)],
)
def test_cells_gradcheck_and_gradgradcheck(make, n_states):
    torch.manual_seed(0)
    cell = make().double()
    x = torch.randn(2, 3, dtype=torch.float64, requires_grad=True)
    states = [torch.randn(2, 4, dtype=torch.float64, requires_grad=True) for _ in range(n_states)]
    assert gradcheck(_module_fn(cell), [x, *states])
    assert gradgradcheck(_module_fn(cell), [x, *states])


def test_lstm_training_loop_leaves_no_graph():
    torch.manual_seed(0)
    lstm, head = nn.LSTM(3, 5), nn.Linear(5, 1)
    params = list(lstm.parameters()) + list(head.parameters())
    opt = torch.optim.SGD(params, lr=0.01)
    x, y = torch.randn(6, 2, 3), torch.randn(2, 1)
    counts = []
    for _ in range(30):
        out, _ = lstm(x)
        loss = nn.functional.mse_loss(head(out[-1]), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        counts.append(torch.live_nodes())
    assert max(counts[5:]) == min(counts[5:])


@pytest.mark.parametrize("kind", ["GRU", "LSTM"])
def test_packed_sequences_gradcheck(kind):
    torch.manual_seed(0)
    module = getattr(nn, kind)(2, 3, bidirectional=True).double()
    from ferrograd.nn.utils.rnn import pack_sequence

    def run(a, b, c):
        out, _ = module(pack_sequence([a, b, c], enforce_sorted=False))
        return out.data

    inputs = [torch.randn(n, 2, dtype=torch.float64, requires_grad=True) for n in (2, 3, 1)]
    assert gradcheck(run, inputs)

"""Recurrent layers beside torch: nn.RNN, nn.GRU and nn.LSTM (float32, whose
LSTM torch runs through oneDNN) and an LSTMCell loop, forward and forward +
backward, median times and ratios.

Each library runs in its own process (this script with ``--lib NAME``), on
the same deterministic inputs and weights; rounds alternate which goes first.

Usage: python benches/python/rnn_layers.py [--torch-python PATH] [--rounds 3]
"""

from __future__ import annotations

import json

from cnn_layers import _median_time, compare

# name: (module kind, input size, hidden size, layers, sequence length, batch)
CELLS = {
    "RNN 32->64, seq 20, batch 16": ("RNN", 32, 64, 1, 20, 16),
    "GRU 32->64, seq 20, batch 16": ("GRU", 32, 64, 1, 20, 16),
    "LSTM 32->64, seq 20, batch 16": ("LSTM", 32, 64, 1, 20, 16),
    "LSTM 2 layers 64->128, seq 50, batch 32": ("LSTM", 64, 128, 2, 50, 32),
    "LSTMCell 32->64, 20 steps, batch 16": ("LSTMCell", 32, 64, 1, 20, 16),
}


def _deterministic(lib, shape, scale):
    count = 1
    for s in shape:
        count *= s
    return lib.sin(lib.arange(count, dtype=lib.float32) * 0.37).reshape(shape) * scale


def _step(lib, kind, module, x):
    if kind != "LSTMCell":
        return lambda: module(x)[0]

    def loop():
        state = None
        outs = []
        for t in range(x.shape[0]):
            state = module(x[t], state)
            outs.append(state[0])
        return lib.stack(outs)

    return loop


def run_worker(lib_name):
    lib = __import__(lib_name)
    out = {}
    for name, (kind, n_in, n_hidden, layers, seq, batch) in CELLS.items():
        if kind == "LSTMCell":
            module = lib.nn.LSTMCell(n_in, n_hidden)
        else:
            module = getattr(lib.nn, kind)(n_in, n_hidden, layers)
        with lib.no_grad():
            for i, p in enumerate(module.parameters()):
                p.copy_(_deterministic(lib, p.shape, 0.1 + 0.01 * i))
        x = _deterministic(lib, (seq, batch, n_in), 1.0)
        with lib.no_grad():
            fwd = _median_time(_step(lib, kind, module, x))
        step = _step(lib, kind, module, x)

        def fwd_bwd(step=step, module=module):
            step().sum().backward()
            for p in module.parameters():
                p.grad = None

        out[name] = (fwd, _median_time(fwd_bwd))
    print(json.dumps(out))


def main():
    compare(__file__, CELLS, run_worker, width=42)


if __name__ == "__main__":
    main()

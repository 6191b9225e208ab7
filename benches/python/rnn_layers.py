"""Recurrent layers beside torch: nn.RNN, nn.GRU and nn.LSTM (float32, whose
LSTM torch runs through oneDNN) and an LSTMCell loop, forward and forward +
backward, median times and ratios.

Each library runs in its own process (this script with ``--lib NAME``), on
the same deterministic inputs and weights; rounds alternate which goes first.

Usage: python benches/python/rnn_layers.py [--torch-python PATH] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

from cnn_layers import _median_time

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
    parser = argparse.ArgumentParser()
    parser.add_argument("--lib")
    parser.add_argument("--torch-python", default="/opt/torchenv/bin/python")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.lib:
        run_worker(args.lib)
        return
    runs = {"ferrograd": [], "torch": []}
    for r in range(args.rounds):
        order = [("ferrograd", sys.executable), ("torch", args.torch_python)]
        for lib, python in order if r % 2 == 0 else order[::-1]:
            done = subprocess.run(
                [python, __file__, "--lib", lib], capture_output=True, text=True, check=True
            )
            runs[lib].append(json.loads(done.stdout))
    print(f"median of {args.rounds} rounds; ratio = ferrograd / torch (> 1: ferrograd slower)")
    print(f"{'cell':42} {'fwd fg':>10} {'fwd torch':>10} {'ratio':>6} {'f+b fg':>10} "
          f"{'f+b torch':>10} {'ratio':>6}")
    for name in CELLS:
        cells = []
        for kind in (0, 1):
            f = statistics.median(run[name][kind] for run in runs["ferrograd"])
            t = statistics.median(run[name][kind] for run in runs["torch"])
            cells += [f"{f * 1e3:9.3f}ms", f"{t * 1e3:9.3f}ms", f"{f / t:5.2f}x"]
        print(f"{name:42} " + " ".join(cells))


if __name__ == "__main__":
    main()

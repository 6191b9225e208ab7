"""CNN layers beside torch: conv2d, max_pool2d, avg_pool2d and batch_norm at
LeNet-like sizes, forward and forward + backward, median times and ratios.

Each library runs in its own process (this script with ``--lib NAME``) on
the same deterministic inputs; rounds alternate which library goes first.

Usage: python benches/python/cnn_layers.py [--torch-python PATH] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

CELLS = {
    # name: (input shape, weight shape or None)
    "conv2d 64x1x28x28, 6x5x5": ((64, 1, 28, 28), (6, 1, 5, 5)),
    "conv2d 64x6x12x12, 16x5x5": ((64, 6, 12, 12), (16, 6, 5, 5)),
    "conv2d 32x16x32x32, 32x3x3 p1": ((32, 16, 32, 32), (32, 16, 3, 3)),
    "max_pool2d 64x16x24x24, 2": ((64, 16, 24, 24), None),
    "avg_pool2d 64x16x24x24, 2": ((64, 16, 24, 24), None),
    "batch_norm 64x16x24x24": ((64, 16, 24, 24), None),
}


def _op(lib, F, name, x, w):
    if name.startswith("conv2d"):
        pad = 1 if name.endswith("p1") else 0
        return lambda: F.conv2d(x, w, padding=pad)
    if name.startswith("max_pool2d"):
        return lambda: F.max_pool2d(x, 2)
    if name.startswith("avg_pool2d"):
        return lambda: F.avg_pool2d(x, 2)
    return lambda: F.batch_norm(x, None, None, training=True)


def _median_time(fn, target=0.2, repeats=5):
    fn()
    start = time.perf_counter()
    fn()
    once = time.perf_counter() - start
    n = max(1, int(target / max(once, 1e-7)))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        times.append((time.perf_counter() - start) / n)
    return statistics.median(times)


def run_worker(lib_name):
    lib = __import__(lib_name)
    F = lib.nn.functional
    out = {}
    for name, (xs, ws) in CELLS.items():
        count = 1
        for s in xs:
            count *= s
        x = lib.sin(lib.arange(count, dtype=lib.float32)).reshape(xs)
        w = None
        if ws is not None:
            wc = 1
            for s in ws:
                wc *= s
            w = lib.cos(lib.arange(wc, dtype=lib.float32)).reshape(ws) * 0.1
        fwd = _median_time(_op(lib, F, name, x, w))
        xg = x.clone().requires_grad_()
        wg = w.clone().requires_grad_() if w is not None else None
        step = _op(lib, F, name, xg, wg)

        def fwd_bwd(step=step, leaves=(xg, wg)):
            step().sum().backward()
            for leaf in leaves:
                if leaf is not None:
                    leaf.grad = None

        out[name] = (fwd, _median_time(fwd_bwd))
    print(json.dumps(out))


def compare(script, cells, worker, width=34):
    """Runs `script --lib NAME` for each library (rounds alternating which
    goes first) and prints each cell's median times and ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--lib")
    parser.add_argument("--torch-python", default="/opt/torchenv/bin/python")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.lib:
        worker(args.lib)
        return
    runs = {"ferrograd": [], "torch": []}
    for r in range(args.rounds):
        order = [("ferrograd", sys.executable), ("torch", args.torch_python)]
        for lib, python in order if r % 2 == 0 else order[::-1]:
            done = subprocess.run(
                [python, script, "--lib", lib], capture_output=True, text=True, check=True
            )
            runs[lib].append(json.loads(done.stdout))
    print(f"median of {args.rounds} rounds; ratio = ferrograd / torch (> 1: ferrograd slower)")
    print(f"{'cell':{width}} {'fwd fg':>10} {'fwd torch':>10} {'ratio':>6} {'f+b fg':>10} "
          f"{'f+b torch':>10} {'ratio':>6}")
    for name in cells:
        row = []
        for kind in (0, 1):
            f = statistics.median(run[name][kind] for run in runs["ferrograd"])
            t = statistics.median(run[name][kind] for run in runs["torch"])
            row += [f"{f * 1e3:9.3f}ms", f"{t * 1e3:9.3f}ms", f"{f / t:5.2f}x"]
        print(f"{name:{width}} " + " ".join(row))


def main():
    compare(__file__, CELLS, run_worker)


if __name__ == "__main__":
    main()

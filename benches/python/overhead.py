"""Per-op overhead of ferrograd against torch, measured in one run.

Workloads:
  (a) the tutorial step: z = x @ w + b; BCE-with-logits; backward; reset grads (per iteration);
  (b) a 200-op chain of small elementwise ops on a 16-element tensor, then .sum().backward()
      (reported per op; the forward alone is reported too);
  (c) import time of the library in a fresh interpreter (``-X importtime`` cumulative, and the
      wall time of ``python -c "import X"`` minus that of ``python -c "pass"``).

Each library runs in its own subprocess (this script with ``--lib NAME --json -``); torch runs
twice, with ``torch.set_num_threads(1)`` and with its default thread count. Each timing is the
median over ``--repeats`` repeats of N iterations after a warm-up, N chosen so one repeat takes
about ``--target`` seconds.

Usage:
  python benches/python/overhead.py [--torch-python PATH | --no-torch] [--json PATH]

Torch comes from ``--torch-python`` or, by default, /opt/torchenv/bin/python when it exists and
can import torch; without it only ferrograd is measured. Only the standard library and the
libraries under test are used.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time

DEFAULT_TORCH_PYTHON = "/opt/torchenv/bin/python"
CHAIN_OPS = 200  # 40 rounds of (tanh, *0.5, exp, +(-1), *2), as in benches/core.rs
CHAIN_ROUNDS = CHAIN_OPS // 5


# --------------------------------------------------------------------------------------------
# Worker: runs inside the interpreter of the library under test.
# --------------------------------------------------------------------------------------------


def _load(lib_name: str):
    if lib_name == "ferrograd":
        import ferrograd as lib
        import ferrograd.nn.functional as F
    elif lib_name == "torch":
        import torch as lib
        import torch.nn.functional as F
    else:
        raise SystemExit(f"unknown --lib {lib_name!r}")
    return lib, F


def _time_median(fn, repeats: int, target: float) -> tuple[float, int, list[float]]:
    """Median seconds per call of ``fn`` over ``repeats`` repeats of N calls (gc off)."""
    for _ in range(20):  # warm-up
        fn()
    # Calibrate N so one repeat takes about `target` seconds.
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        dt = time.perf_counter() - t0
        if dt >= target / 4 or n >= 1 << 20:
            break
        n *= 2
    n = max(1, int(n * target / max(dt, 1e-9)))
    per_call = []
    gc_was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeats):
            t0 = time.perf_counter()
            for _ in range(n):
                fn()
            per_call.append((time.perf_counter() - t0) / n)
    finally:
        if gc_was_enabled:
            gc.enable()
    return statistics.median(per_call), n, per_call


def _chain(t):
    # t = 2 * (exp(tanh(t) * 0.5) - 1), five ops a round: values stay in (-0.1, 0.75) and the
    # slope near 1, so gradients neither vanish into denormals nor blow up.
    for _ in range(CHAIN_ROUNDS):
        t = t.tanh()
        t = t * 0.5
        t = t.exp()
        t = t + (-1.0)
        t = t * 2.0
    return t


def run_worker(args: argparse.Namespace) -> dict:
    t_import = time.perf_counter()
    lib, F = _load(args.lib)
    t_import = time.perf_counter() - t_import
    info: dict = {
        "lib": args.lib,
        "version": getattr(lib, "__version__", "?"),
        "python": platform.python_version(),
        "executable": sys.executable,
        "in_process_import_s": t_import,
    }
    if args.lib == "torch":
        if args.threads:
            lib.set_num_threads(args.threads)
        info["threads"] = lib.get_num_threads()

    lib.manual_seed(0)

    # (a) tutorial step
    x = lib.ones(5)
    y = lib.zeros(3)
    w = lib.randn(5, 3, requires_grad=True)
    b = lib.randn(3, requires_grad=True)

    def tutorial_step():
        z = lib.matmul(x, w) + b
        loss = F.binary_cross_entropy_with_logits(z, y)
        loss.backward()
        w.grad = None
        b.grad = None

    # (b) 200-op chain on 16 elements
    x16 = lib.linspace(-1.0, 1.0, 16).requires_grad_()

    def chain_fwd():
        _chain(x16)

    def chain_fwd_bwd():
        _chain(x16).sum().backward()
        x16.grad = None

    # Sanity values, compared across libraries by the driver.
    out = _chain(x16).sum()
    out.backward()
    info["check"] = {
        "chain_sum": float(out.item()),
        "chain_grad_sum": float(x16.grad.sum().item()),
    }
    x16.grad = None

    results = {}
    for name, fn, per in (
        ("tutorial_step", tutorial_step, 1),
        ("chain200_fwd_bwd", chain_fwd_bwd, CHAIN_OPS),
        ("chain200_fwd", chain_fwd, CHAIN_OPS),
    ):
        med, n, per_call = _time_median(fn, args.repeats, args.target)
        results[name] = {
            "median_s": med / per,
            "per_call_median_s": med,
            "divisor": per,
            "iters_per_repeat": n,
            "repeats_s": [v / per for v in per_call],
        }
    info["results"] = results
    return info


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------


def _torch_python(args: argparse.Namespace) -> str | None:
    if args.no_torch:
        return None
    path = args.torch_python
    if path is None:
        if not os.path.exists(DEFAULT_TORCH_PYTHON):
            return None
        path = DEFAULT_TORCH_PYTHON
    try:
        ok = (
            subprocess.run(
                [path, "-c", "import torch"], check=False, capture_output=True, timeout=120
            ).returncode
            == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    if not ok:
        print(f"note: {path} cannot import torch; measuring ferrograd only", file=sys.stderr)
        return None
    return path


def _spawn_worker(python: str, lib: str, args: argparse.Namespace, threads: int = 0) -> dict:
    cmd = [python, os.path.abspath(__file__), "--lib", lib, "--json", "-"]
    cmd += ["--repeats", str(args.repeats), "--target", str(args.target)]
    if threads:
        cmd += ["--threads", str(threads)]
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"worker {' '.join(cmd)} failed:\n{proc.stderr}")
    return json.loads(proc.stdout)


def _import_times(python: str, module: str, repeats: int) -> dict:
    """Median import cost in fresh interpreters: -X importtime cumulative and net wall time."""
    cumulative_us = []
    for _ in range(repeats):
        proc = subprocess.run(
            [python, "-X", "importtime", "-c", f"import {module}"],
            check=False,
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise SystemExit(f"{python} cannot import {module}:\n{proc.stderr}")
        for line in proc.stderr.splitlines():
            parts = line.split("|")
            if len(parts) == 3 and parts[2].strip() == module:
                cumulative_us.append(int(parts[1].strip()))
    walls = {}
    for label, code in (("pass", "pass"), ("import", f"import {module}")):
        samples = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            subprocess.run([python, "-c", code], check=True, capture_output=True)
            samples.append(time.perf_counter() - t0)
        walls[label] = statistics.median(samples)
    return {
        "importtime_cumulative_s": statistics.median(cumulative_us) / 1e6
        if cumulative_us
        else None,
        "wall_s": walls["import"],
        "wall_baseline_s": walls["pass"],
        "wall_net_s": walls["import"] - walls["pass"],
    }


def _fmt(seconds: float | None, unit: str) -> str:
    if seconds is None:
        return "n/a"
    scale = {"us": 1e6, "ms": 1e3}[unit]
    return f"{seconds * scale:.3f} {unit}"


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "n/a"
    return f"{a / b:.2f}x"


def _busy_cpu_s() -> float | None:
    """Seconds of CPU time all processes have used (Linux /proc/stat), or None."""
    try:
        with open("/proc/stat") as fh:
            f = [int(v) for v in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    # user nice system idle iowait irq softirq steal ...
    return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / os.sysconf("SC_CLK_TCK")


def _own_cpu_s() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def run_driver(args: argparse.Namespace) -> int:
    torch_py = _torch_python(args)
    # With --json to stdout, the table goes to stderr so stdout stays valid JSON.
    tty = sys.stderr if args.json == "-" else sys.stdout

    def say(*parts):
        print(*parts, file=tty)

    runs: dict[str, dict] = {}
    load_before = os.getloadavg()
    wall0, busy0, own0 = time.perf_counter(), _busy_cpu_s(), _own_cpu_s()
    print(f"ferrograd: {sys.executable}", file=sys.stderr)
    runs["ferrograd"] = _spawn_worker(sys.executable, "ferrograd", args)
    runs["ferrograd"]["import"] = _import_times(sys.executable, "ferrograd", args.import_repeats)
    if torch_py:
        print(f"torch:     {torch_py}", file=sys.stderr)
        runs["torch_1t"] = _spawn_worker(torch_py, "torch", args, threads=1)
        runs["torch"] = _spawn_worker(torch_py, "torch", args)
        runs["torch"]["import"] = _import_times(torch_py, "torch", args.import_repeats)
        runs["torch_1t"]["import"] = runs["torch"]["import"]

    load_after = os.getloadavg()
    busy1 = _busy_cpu_s()
    # CPUs' worth of work done by other processes while we measured.
    foreign = None
    if busy0 is not None and busy1 is not None:
        elapsed = time.perf_counter() - wall0
        foreign = max(0.0, (busy1 - busy0) - (_own_cpu_s() - own0)) / elapsed
    fg = runs["ferrograd"]
    t1 = runs.get("torch_1t")
    td = runs.get("torch")
    rows = [
        ("tutorial step (per iter)", "tutorial_step", "us"),
        ("200-op chain fwd+bwd (per op)", "chain200_fwd_bwd", "us"),
        ("200-op chain fwd only (per op)", "chain200_fwd", "us"),
    ]
    header = ["workload", "ferrograd", "torch 1 thread", "ratio fg/torch"]
    if td:
        header += [f"torch {td['threads']} threads", "ratio fg/torch"]
    table = []

    def cells(label, get, unit):
        f = get(fg)
        row = [label, _fmt(f, unit)]
        for run in (t1, td) if td else (None,):
            t = get(run) if run else None
            row += [_fmt(t, unit), _ratio(f, t)]
        table.append(row)

    for label, key, unit in rows:
        cells(label, lambda r, k=key: r["results"][k]["median_s"], unit)
    cells("import (-X importtime cum.)", lambda r: r["import"]["importtime_cumulative_s"], "ms")
    cells("import (wall, net of startup)", lambda r: r["import"]["wall_net_s"], "ms")
    if not td:
        header = header[:4]
        table = [row[:4] for row in table]

    widths = [max(len(str(r[i])) for r in [header] + table) for i in range(len(header))]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths))
    say(line)
    say("-" * len(line))
    for r in table:
        say(
            "  ".join(
                str(c).ljust(w) if i == 0 else str(c).rjust(w)
                for i, (c, w) in enumerate(zip(r, widths))
            )
        )
    ver = f"ferrograd {fg['version']} (python {fg['python']})"
    if td:
        ver += f"; torch {td['version']} (python {td['python']})"
    say(f"\nmedian of {args.repeats} repeats; import: median of {args.import_repeats}; {ver}")
    say("ratio > 1 means ferrograd is slower. torch columns share one import measurement.")
    cpus = os.cpu_count() or 1
    busy = f"{foreign:.2f}" if foreign is not None else "n/a"
    say(
        f"{cpus} CPUs; other processes used {busy} CPUs on average during the run; "
        f"load average before/after: {load_before[0]:.2f}/{load_after[0]:.2f}"
    )
    if foreign is not None and foreign > 0.25:
        say("WARNING: the machine was busy; timings (torch's threaded ones most) may be skewed.")

    if td:
        a, b = fg["check"], td["check"]
        for k in a:
            if abs(a[k] - b[k]) > 1e-4 * max(1.0, abs(b[k])):
                say(f"WARNING: {k} differs: ferrograd {a[k]!r} vs torch {b[k]!r}")

    if args.json:
        out = {
            "config": vars(args),
            "loadavg_before": load_before,
            "loadavg_after": load_after,
            "cpu_count": cpus,
            "foreign_cpus_avg": foreign,
            "runs": runs,
        }
        if args.json == "-":
            json.dump(out, sys.stdout, indent=2)
        else:
            with open(args.json, "w") as fh:
                json.dump(out, fh, indent=2)
            say(f"wrote {args.json}")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument(
        "--lib",
        choices=["ferrograd", "torch"],
        help="worker mode: time one library in this interpreter",
    )
    p.add_argument(
        "--json",
        nargs="?",
        const="-",
        metavar="PATH",
        help="write results as JSON to PATH ('-' or no value: stdout)",
    )
    p.add_argument(
        "--torch-python",
        metavar="PATH",
        help=f"interpreter with torch (default: {DEFAULT_TORCH_PYTHON} if present)",
    )
    p.add_argument("--no-torch", action="store_true", help="measure ferrograd only")
    p.add_argument("--repeats", type=int, default=7, help="timed repeats per workload (7)")
    p.add_argument("--target", type=float, default=0.2, help="approximate seconds per repeat (0.2)")
    p.add_argument("--import-repeats", type=int, default=7, help="fresh-interpreter imports (7)")
    p.add_argument(
        "--threads",
        type=int,
        default=0,
        help="worker mode, torch: torch.set_num_threads(N) (default: leave as is)",
    )
    args = p.parse_args(argv)
    if args.lib:
        info = run_worker(args)
        if args.json and args.json != "-":
            with open(args.json, "w") as fh:
                json.dump(info, fh, indent=2)
        else:
            json.dump(info, sys.stdout, indent=2)
        return 0
    return run_driver(args)


if __name__ == "__main__":
    sys.exit(main())

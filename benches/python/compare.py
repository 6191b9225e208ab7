"""Benchmark suite: ferrograd against torch on whole workloads, float32.

Workloads:
  W1  tutorial step: z = x @ w + b (x = ones(5), w: 5x3, b: 3), BCE-with-logits against
      zeros(3), backward, grads reset; per iteration.
  W2  MLP step: 784 -> 128 -> 10 with relu, batch 64, cross_entropy, backward, manual SGD
      (``p -= lr * p.grad`` under no_grad), grads reset; per step.
  W3  matmul: 1024x1024 @ 1024x1024, both requiring grad, ``.sum().backward()``; per
      iteration and GFLOP/s (6 n^3 flops: the product and the two gradient products).
  W4  small-op chain: a 16-element tensor through 200 elementwise ops (tanh, *0.5, exp,
      +(-1), *2, repeated), sum, backward; per op.
  W5  large elementwise: x = randn(4,000,000) requiring grad,
      ``(x.tanh() * x + x.sigmoid()).sum().backward()``; per iteration.
  W6  memory: W2 for 2,000 steps; peak RSS (getrusage ru_maxrss), RSS at step 100 and at the
      last step (/proc/self/statm); the table's ratio is of the peaks.
  startup  ``python -c "import X"`` wall time, and the seed tutorial script end to end
      (``python -m ferrograd SCRIPT`` against torch running SCRIPT); medians of several runs.

Every (library, workload) run is its own process (this script with ``--worker``), ferrograd
and torch interleaved, ``--rounds`` processes each, the library that goes first alternating
from round to round. A process warms up, picks N calls so one
repeat takes about ``--target`` seconds, then times ``--repeats`` repeats; a cell is the median
over all repeats of all rounds. Torch keeps its default thread count; W1 and W4 are also run
with ``torch.set_num_threads(1)`` (extra columns). Data are seeded (manual_seed(0)); both
libraries draw the same numbers, so each run's check value (a loss or gradient sum) is compared
across libraries and a mismatch is reported.

Usage (from the repo root, with the extension built into python/ferrograd):
  PYTHONPATH=python python benches/python/compare.py [--quick] [--workloads W1,W3,startup]
      [--rounds N] [--repeats N] [--target S] [--torch-python PATH | --no-torch] [--json FILE]

Torch comes from ``--torch-python``; by default the current interpreter is tried, then
/opt/torchenv/bin/python. Without torch only ferrograd is measured. The ratio columns are
ferrograd / torch: above 1 means ferrograd is slower (or, for memory, uses more).
Only the standard library and the libraries under test are used.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

FALLBACK_TORCH_PYTHON = "/opt/torchenv/bin/python"
REPO = Path(__file__).resolve().parents[2]
TIMED = ["W1", "W2", "W3", "W4", "W5"]
ALL_WORKLOADS = TIMED + ["W6", "startup"]
SINGLE_THREAD_TORCH = {"W1", "W4"}  # also timed with torch.set_num_threads(1)
CHAIN_OPS = 200
MATMUL_N = 1024
LARGE_N = 4_000_000

# --------------------------------------------------------------------------------------------
# Worker: one library, one workload, in this process.
# --------------------------------------------------------------------------------------------


def _load(lib_name: str):
    if lib_name == "ferrograd":
        import ferrograd as lib
        import ferrograd.nn.functional as F
    else:
        import torch as lib
        import torch.nn.functional as F
    return lib, F


def _mlp(lib, F):
    """W2's data, parameters and one training step; returns (step, check)."""
    lib.manual_seed(0)
    x = lib.randn(64, 784)
    y = lib.randint(0, 10, (64,))
    w1 = (lib.randn(784, 128) * 784**-0.5).requires_grad_()
    b1 = lib.zeros(128, requires_grad=True)
    w2 = (lib.randn(128, 10) * 128**-0.5).requires_grad_()
    b2 = lib.zeros(10, requires_grad=True)
    params = [w1, b1, w2, b2]
    lr = 0.05

    def step():
        loss = F.cross_entropy(F.relu(x @ w1 + b1) @ w2 + b2, y)
        loss.backward()
        with lib.no_grad():
            for p in params:
                p -= lr * p.grad
        for p in params:
            p.grad = None
        return loss

    def check():
        return float(F.cross_entropy(F.relu(x @ w1 + b1) @ w2 + b2, y).item())

    return step, check


def _workload(name: str, lib, F):
    """(callable timed per call, divisor for the reported unit, check value function)."""
    lib.manual_seed(0)
    if name == "W1":
        x, y = lib.ones(5), lib.zeros(3)
        w = lib.randn(5, 3, requires_grad=True)
        b = lib.randn(3, requires_grad=True)

        def step():
            z = lib.matmul(x, w) + b
            F.binary_cross_entropy_with_logits(z, y).backward()
            w.grad = None
            b.grad = None

        def check():
            loss = F.binary_cross_entropy_with_logits(lib.matmul(x, w) + b, y)
            loss.backward()
            value = float(w.grad.sum().item())
            w.grad = b.grad = None
            return value

        return step, 1, check
    if name == "W2":
        step, check = _mlp(lib, F)
        return step, 1, check
    if name == "W3":
        a = lib.randn(MATMUL_N, MATMUL_N, requires_grad=True)
        b = lib.randn(MATMUL_N, MATMUL_N, requires_grad=True)

        def step():
            (a @ b).sum().backward()
            a.grad = None
            b.grad = None

        def check():
            (a @ b).sum().backward()
            value = float(a.grad[0, :8].sum().item())
            a.grad = b.grad = None
            return value

        return step, 1, check
    if name == "W4":
        x16 = lib.linspace(-1.0, 1.0, 16).requires_grad_()

        def chain():
            # t = 2 (exp(tanh(t) / 2) - 1): values stay small and the slope near 1
            t = x16
            for _ in range(CHAIN_OPS // 5):
                t = ((t.tanh() * 0.5).exp() + (-1.0)) * 2.0
            return t

        def step():
            chain().sum().backward()
            x16.grad = None

        def check():
            chain().sum().backward()
            value = float(x16.grad.sum().item())
            x16.grad = None
            return value

        return step, CHAIN_OPS, check
    if name == "W5":
        x = lib.randn(LARGE_N, requires_grad=True)

        def step():
            (x.tanh() * x + x.sigmoid()).sum().backward()
            x.grad = None

        def check():
            (x.tanh() * x + x.sigmoid()).sum().backward()
            value = float(x.grad[:1000].sum().item())
            x.grad = None
            return value

        return step, 1, check
    raise SystemExit(f"unknown workload {name!r}")


def _time(fn, repeats: int, target: float) -> tuple[list[float], int]:
    """Seconds per call for each of ``repeats`` repeats of N calls, after a warm-up of at least
    3 calls and target/2 seconds; N makes one repeat last about ``target``. gc is off while
    timing (both libraries free tensors by reference counting)."""
    t0, calls = time.perf_counter(), 0
    while calls < 3 or time.perf_counter() - t0 < target / 2:
        fn()
        calls += 1
    per_call = (time.perf_counter() - t0) / calls
    n = max(1, round(target / per_call))
    samples = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeats):
            t = time.perf_counter()
            for _ in range(n):
                fn()
            samples.append((time.perf_counter() - t) / n)
    finally:
        gc.enable()
    return samples, n


def _rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _memory(lib, F, steps: int) -> dict:
    """W6: W2 for ``steps`` steps, recording RSS at step 100 and at the last step."""
    rss_start = _rss_bytes()
    step, check = _mlp(lib, F)
    at_100 = None
    t0 = time.perf_counter()
    for i in range(1, steps + 1):
        step()
        if i == min(100, steps):
            at_100 = _rss_bytes()
    elapsed = time.perf_counter() - t0
    return {
        "steps": steps,
        "rss_after_import_bytes": rss_start,
        "rss_step100_bytes": at_100,
        "rss_last_bytes": _rss_bytes(),
        # Linux reports ru_maxrss in KiB
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "seconds_per_step": elapsed / steps,
        "check": check(),
    }


def run_worker(args: argparse.Namespace) -> dict:
    lib, F = _load(args.worker)
    if args.threads:
        lib.set_num_threads(args.threads)
    info = {
        "lib": args.worker,
        "version": getattr(lib, "__version__", "?"),
        "python": platform.python_version(),
        "threads": lib.get_num_threads(),
        "workload": args.workload,
    }
    if args.workload == "W6":
        info.update(_memory(lib, F, args.steps))
        return info
    fn, divisor, check = _workload(args.workload, lib, F)
    info["check"] = check()
    samples, n = _time(fn, args.repeats, args.target)
    info.update(
        {
            "divisor": divisor,
            "calls_per_repeat": n,
            "seconds": [s / divisor for s in samples],
        }
    )
    return info


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------


def _can_import(python: str, module: str) -> bool:
    try:
        proc = subprocess.run(
            [python, "-c", f"import {module}"], capture_output=True, timeout=300, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0


def _torch_python(args: argparse.Namespace) -> str | None:
    if args.no_torch:
        return None
    candidates = [args.torch_python] if args.torch_python else [sys.executable]
    if not args.torch_python and os.path.exists(FALLBACK_TORCH_PYTHON):
        candidates.append(FALLBACK_TORCH_PYTHON)
    for python in candidates:
        if _can_import(python, "torch"):
            return python
    print(f"note: no torch in {', '.join(candidates)}; measuring ferrograd only", file=sys.stderr)
    return None


def _spawn(python: str, lib: str, workload: str, args: argparse.Namespace, threads=0) -> dict:
    cmd = [python, str(Path(__file__).resolve()), "--worker", lib, "--workload", workload]
    cmd += ["--repeats", str(args.repeats), "--target", str(args.target)]
    cmd += ["--steps", str(args.steps), "--threads", str(threads)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=1800)
    if proc.returncode != 0:
        raise SystemExit(f"worker failed: {' '.join(cmd)}\n{proc.stderr}")
    return json.loads(proc.stdout)


def _wall(cmd: list[str]) -> float | None:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, check=False, timeout=600)
    if proc.returncode != 0:
        print(f"note: {' '.join(cmd)} failed:\n{proc.stderr.decode()[-2000:]}", file=sys.stderr)
        return None
    return time.perf_counter() - t0


def _tutorial_script(args: argparse.Namespace) -> Path | None:
    if args.tutorial:
        return Path(args.tutorial)
    scripts = sorted((REPO.parent / "shared" / "tutorial").glob("*.py"))
    return scripts[0] if scripts else None


def _startup(variants: dict[str, str], args: argparse.Namespace) -> dict:
    """Median wall times of fresh interpreters, libraries interleaved run by run."""
    script = _tutorial_script(args)
    cmds = {}
    for lib, python in variants.items():
        cmds[(lib, "empty")] = [python, "-c", "pass"]
        cmds[(lib, "import")] = [python, "-c", f"import {lib}"]
        if script:
            run = ["-m", "ferrograd", str(script)] if lib == "ferrograd" else [str(script)]
            cmds[(lib, "tutorial")] = [python, *run]
    samples: dict = {key: [] for key in cmds}
    for _ in range(args.startup_runs):
        for key, cmd in cmds.items():
            samples[key].append(_wall(cmd))
    out: dict = {"tutorial_script": str(script) if script else None}
    for (lib, what), values in samples.items():
        ok = [v for v in values if v is not None]
        out.setdefault(lib, {})[what] = {
            "median_s": statistics.median(ok) if len(ok) == len(values) else None,
            "runs_s": values,
        }
    return out


def _median(runs: list[dict]) -> float | None:
    values = [s for run in runs for s in run["seconds"]]
    return statistics.median(values) if values else None


def _scaled(value, unit: str):
    """A value in seconds, bytes or GFLOP/s, in the table's ``unit``."""
    if value is None:
        return None
    return value * {"us": 1e6, "ms": 1e3, "MB": 1 / 2**20, "GFLOP/s": 1.0}[unit]


def _fmt(value, unit: str) -> str:
    if value is None:
        return "n/a"
    v = _scaled(value, unit)
    if unit == "MB":
        return f"{v:.1f}"
    return f"{v:.3g}" if v < 100 else f"{v:.0f}"


def _ratio(a, b) -> str:
    if a is None or b is None or b == 0:
        return ""
    return f"{a / b:.2f}x"


def _print_table(rows: list[list[str]], out) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for k, row in enumerate(rows):
        cells = [c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        print("  ".join(cells).rstrip(), file=out)
        if k == 0:
            print("-" * (sum(widths) + 2 * (len(widths) - 1)), file=out)


TITLES = {
    "W1": ("W1 tutorial step", "us"),
    "W2": ("W2 MLP 784-128-10 step, batch 64", "ms"),
    "W3": (f"W3 matmul {MATMUL_N} fwd+bwd", "ms"),
    "W4": (f"W4 {CHAIN_OPS}-op chain, 16 elems (per op)", "us"),
    "W5": ("W5 elementwise 4M fwd+bwd", "ms"),
}


def run_driver(args: argparse.Namespace) -> int:
    out = sys.stdout
    fg_python = args.ferrograd_python or sys.executable
    if not _can_import(fg_python, "ferrograd"):
        raise SystemExit(
            f"{fg_python} cannot import ferrograd (build it with /work/devbuild.sh or "
            "`pip install -e .`, and run with PYTHONPATH=python from the repo root)"
        )
    torch_python = _torch_python(args)
    workloads = args.workloads
    started, load_before = time.perf_counter(), os.getloadavg()
    print(f"ferrograd: {fg_python}\ntorch:     {torch_python or '(absent)'}", file=sys.stderr)

    # Timed workloads: ferrograd and torch processes interleaved, round by round.
    runs: dict = {}
    for w in [w for w in workloads if w in TIMED + ["W6"]]:
        variants = [("ferrograd", fg_python, 0)]
        if torch_python:
            variants.append(("torch", torch_python, 0))
            if w in SINGLE_THREAD_TORCH:
                variants.append(("torch_1t", torch_python, 1))
        rounds = 1 if w == "W6" else args.rounds
        for r in range(rounds):
            # the variant that goes first alternates, so drift in the machine's speed over a
            # round does not always favour the same library
            for key, python, threads in variants if r % 2 == 0 else variants[::-1]:
                lib = "torch" if key.startswith("torch") else key
                print(f"  {w} {key}", file=sys.stderr)
                runs.setdefault(w, {}).setdefault(key, []).append(
                    _spawn(python, lib, w, args, threads)
                )
    startup = None
    if "startup" in workloads:
        print("  startup", file=sys.stderr)
        pythons = {"ferrograd": fg_python}
        if torch_python:
            pythons["torch"] = torch_python
        startup = _startup(pythons, args)

    # Table: one value column per variant, a ratio column after each torch one.
    torch_threads = next((r["torch"][0]["threads"] for r in runs.values() if "torch" in r), None)
    header = ["workload", "unit", "ferrograd"]
    if torch_python:
        header += [f"torch ({torch_threads} thr)" if torch_threads else "torch", "fg/torch"]
        header += ["torch (1 thr)", "fg/torch 1thr"]
    rows = [header]
    summary: dict = {}

    def row(label, unit, values: dict, ratio=True, text=None):
        """``values``: variant -> number (or missing); ``text`` overrides the printed cells."""
        fg = values.get("ferrograd")
        shown = text or {k: _fmt(v, unit) for k, v in values.items() if v is not None}
        r = [label, unit, shown.get("ferrograd", "n/a")]
        if torch_python:
            for key in ("torch", "torch_1t"):
                r += [shown.get(key, ""), _ratio(fg, values.get(key)) if ratio else ""]
        rows.append(r)
        summary[label] = {"unit": unit, **{k: _scaled(v, unit) for k, v in values.items()}}

    for w in [w for w in workloads if w in TIMED]:
        label, unit = TITLES[w]
        med = {key: _median(v) for key, v in runs[w].items()}
        row(label, unit, med)
        if w == "W3":
            flops = 6 * MATMUL_N**3 / 1e9
            gflops = {k: flops / v for k, v in med.items() if v}
            row(f"W3 matmul {MATMUL_N} throughput", "GFLOP/s", gflops, ratio=False)
    if "W6" in runs:
        w6 = {key: rs[0] for key, rs in runs["W6"].items()}
        steps = w6["ferrograd"]["steps"]
        row(
            f"W6 MLP {steps} steps: peak RSS", "MB", {k: r["peak_rss_bytes"] for k, r in w6.items()}
        )
        label = f"W6 RSS step 100 -> {steps}"
        rss = {k: (r["rss_step100_bytes"], r["rss_last_bytes"]) for k, r in w6.items()}
        text = {k: f"{_fmt(a, 'MB')}->{_fmt(b, 'MB')}" for k, (a, b) in rss.items()}
        row(label, "MB", {}, ratio=False, text=text)
        summary[label].update({k: [_scaled(v, "MB") for v in pair] for k, pair in rss.items()})
    if startup:
        for what, label in (
            ("empty", "start-up: python -c pass"),
            ("import", "start-up: import"),
            ("tutorial", "start-up: tutorial script"),
        ):
            if what in startup["ferrograd"]:
                libs = [k for k in ("ferrograd", "torch") if k in startup]
                # the bare interpreters differ too (their site setup): a baseline, no ratio
                times = {k: startup[k][what]["median_s"] for k in libs}
                row(label, "ms", times, ratio=what != "empty")
                if what == "import":
                    # the import alone: each interpreter's bare start-up taken off
                    net = {
                        k: t - startup[k]["empty"]["median_s"]
                        for k, t in times.items()
                        if t is not None and startup[k]["empty"]["median_s"] is not None
                    }
                    row("start-up: import minus python -c pass", "ms", net)

    _print_table(rows, out)
    load_after = os.getloadavg()
    print(
        f"\nmedians over {args.rounds} process(es) x {args.repeats} repeats of ~{args.target} s "
        f"(W6: one process each; start-up: {args.startup_runs} runs); ratio > 1: ferrograd "
        f"slower/larger. {os.cpu_count()} CPUs, load average {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after; {time.perf_counter() - started:.0f} s total.",
        file=out,
    )
    if startup and startup.get("tutorial_script"):
        print(f"tutorial script: {startup['tutorial_script']}", file=out)
    versions = {
        key: (rs[0]["version"], rs[0]["python"], rs[0]["threads"])
        for r in runs.values()
        for key, rs in r.items()
    }
    for key, (version, py, threads) in sorted(versions.items()):
        print(f"{key}: {version}, python {py}, {threads} thread(s)", file=out)

    # Same seed and same random streams: the check values should agree.
    for w, by_key in runs.items():
        checks = {k: v[0]["check"] for k, v in by_key.items()}
        ref = checks.get("torch")
        if ref is not None and abs(checks["ferrograd"] - ref) > 1e-3 * max(1.0, abs(ref)):
            print(f"WARNING: {w} check differs: {checks}", file=out)

    if args.json:
        record = {
            "config": {k: v for k, v in vars(args).items() if k not in ("worker", "workload")},
            "ferrograd_python": fg_python,
            "torch_python": torch_python,
            "cpu_count": os.cpu_count(),
            "loadavg_before": load_before,
            "loadavg_after": load_after,
            "summary": summary,  # as in the table, in each row's unit
            "runs": runs,
            "startup": startup,
        }
        Path(args.json).write_text(json.dumps(record, indent=1) + "\n")
        print(f"wrote {args.json}", file=out)
    return 0


def _workload_list(text: str) -> list[str]:
    names = [w.strip() for w in text.split(",") if w.strip()]
    bad = [w for w in names if w not in ALL_WORKLOADS]
    if bad:
        raise argparse.ArgumentTypeError(f"unknown workload(s) {bad}; choose from {ALL_WORKLOADS}")
    return [w for w in ALL_WORKLOADS if w in names]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument(
        "--workloads",
        type=_workload_list,
        default=ALL_WORKLOADS,
        help=f"comma-separated subset of {','.join(ALL_WORKLOADS)} (default: all)",
    )
    p.add_argument("--quick", action="store_true", help="1 round, 3 short repeats, W6 300 steps")
    p.add_argument("--rounds", type=int, help="processes per (library, workload), the first alternating (default 4)")
    p.add_argument("--repeats", type=int, help="timed repeats per process (default 3)")
    p.add_argument("--target", type=float, help="seconds per repeat (default 0.2)")
    p.add_argument("--steps", type=int, help="W6 training steps (default 2000)")
    p.add_argument("--startup-runs", type=int, help="runs per start-up command (default 5)")
    p.add_argument("--torch-python", metavar="PATH", help="interpreter that has torch")
    p.add_argument("--no-torch", action="store_true", help="measure ferrograd only")
    p.add_argument(
        "--ferrograd-python",
        metavar="PATH",
        help="interpreter that imports ferrograd (default: this one)",
    )
    p.add_argument("--tutorial", metavar="SCRIPT", help="tutorial script for start-up timing")
    p.add_argument("--json", metavar="FILE", help="also write all results as JSON to FILE")
    p.add_argument("--worker", choices=["ferrograd", "torch"], help=argparse.SUPPRESS)
    p.add_argument("--workload", help=argparse.SUPPRESS)
    p.add_argument("--threads", type=int, default=0, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    quick = args.quick
    defaults = {
        "rounds": 1 if quick else 4,
        "repeats": 3,
        "target": 0.05 if quick else 0.2,
        "steps": 300 if quick else 2000,
        "startup_runs": 3 if quick else 5,
    }
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.worker:
        json.dump(run_worker(args), sys.stdout)
        return 0
    return run_driver(args)


if __name__ == "__main__":
    sys.exit(main())

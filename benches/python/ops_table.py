"""Per-op table: ferrograd beside torch, measured in the same run.

For each op and size (default 16, 10,000 and 1,000,000 float32 elements) two cells are timed:
  fwd      the op alone, on inputs that do not require grad (no graph is recorded);
  fwd+bwd  the op on inputs that require grad, then ``out.backward(ones)`` (``ones`` made once,
           outside the timed loop, shaped like ``out``; a 0-dim one for reductions), then every
           leaf's ``.grad`` set back to None.
The ratio column is ferrograd's median time over torch's: > 1 means ferrograd is slower.

Shapes for N elements: elementwise ops, sum, mean, mse_loss and x[::2] use one (N,) tensor (a
second one for add/mul/div and mse_loss's target); cat joins two halves, (N - N//2,) and (N//2,);
matmul, softmax(dim=-1) and layer_norm (over the last dim, with weight and bias) use a near-square
2-D shape (4x4, 100x100, 1000x1000); cross_entropy uses rows of 10 classes (round(N/10) rows,
int64 targets, so 16 becomes 2x10). Inputs are deterministic (sin of arange), the same in both
libraries; the driver compares output and gradient sums across libraries as a sanity check.

Each library runs in its own worker process (this script with ``--lib NAME``), started once;
the driver sends both workers the same cell in turn, ``--rounds`` times (default 2) with the
library that goes first alternating, so a slow spell of the machine lands on both libraries
rather than on one library's whole sweep. Each library keeps its default thread count unless
--threads is given (the counts are reported in the header). Each cell is the median over all
rounds' ``--repeats`` repeats of N calls after a warm-up, N chosen so one
repeat takes about ``--target`` seconds (one call when a call is slower than that); the defaults
keep the whole run under about 8 minutes on a 2-core machine, ``--quick`` is a faster, rougher run.

Usage:
  python benches/python/ops_table.py [--quick] [--sizes 16,10000] [--ops add,matmul]
                                     [--threads N] [--rounds R] [--torch-python PATH | --no-torch]
                                     [--json PATH]

``--threads N`` sets both libraries' intra-op thread count (``set_num_threads(N)``) in every
worker; ``--threads 1`` keeps a busy machine from skewing torch's threaded timings.

Torch comes from ``--torch-python`` or, by default, /opt/torchenv/bin/python when it exists and
can import torch; without it only ferrograd is measured. Only the standard library and the
libraries under test are used.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time

# benches/python is this script's directory, hence on sys.path: share overhead.py's helpers.
from overhead import DEFAULT_TORCH_PYTHON, _busy_cpu_s, _own_cpu_s, _torch_python

# Pause before each cell, so threads the other library left spinning have gone to sleep.
SETTLE_S = 0.05
OPS = (
    "add",
    "mul",
    "div",
    "pow",
    "exp",
    "log",
    "sigmoid",
    "tanh",
    "relu",
    "sqrt",
    "sum",
    "mean",
    "matmul",
    "softmax",
    "mse_loss",
    "cross_entropy",
    "layer_norm",
    "index",
    "cat",
)
OP_LABELS = {"pow": "pow(2)", "softmax": "softmax(-1)", "index": "x[::2]"}
DEFAULT_SIZES = (16, 10_000, 1_000_000)
# Targets: ferrograd's time at most this fraction of torch's, by size.
TARGETS = {16: 0.3, 1_000_000: 1.0}


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


def _square(n: int) -> tuple[int, int]:
    cols = max(1, round(math.sqrt(n)))
    return max(1, round(n / cols)), cols


def _make(op: str, n: int, lib, F, grad: bool):
    """Return (call, leaves, shape label): call() runs the op once on fixed inputs."""

    def x(*shape, k=1.3):  # values in [-2, 2]
        m = math.prod(shape)
        t = (lib.arange(m, dtype=lib.float32) * k).sin() * 2.0
        return t.reshape(*shape).requires_grad_(grad)

    def p(*shape, k=0.7):  # values in [0.75, 1.75]
        m = math.prod(shape)
        t = (lib.arange(m, dtype=lib.float32) * k).sin() * 0.5 + 1.25
        return t.reshape(*shape).requires_grad_(grad)

    if op in ("add", "mul", "div"):
        a, b = x(n), p(n)
        fn = {"add": lambda: a + b, "mul": lambda: a * b, "div": lambda: a / b}[op]
        return fn, [a, b], f"({n},), ({n},)"
    if op in ("pow", "exp", "sigmoid", "tanh", "relu", "sum", "mean"):
        a = x(n)
        fn = {
            "pow": lambda: a.pow(2),
            "exp": lambda: a.exp(),
            "sigmoid": lambda: a.sigmoid(),
            "tanh": lambda: a.tanh(),
            "relu": lambda: a.relu(),
            "sum": lambda: a.sum(),
            "mean": lambda: a.mean(),
        }[op]
        return fn, [a], f"({n},)"
    if op in ("log", "sqrt"):
        a = p(n)
        return (a.log if op == "log" else a.sqrt), [a], f"({n},)"
    if op == "matmul":
        s = max(1, round(math.sqrt(n)))
        a, b = x(s, s), p(s, s) - 1.25
        if grad:  # p(...) - 1.25 is not a leaf; make it one
            b = b.detach().requires_grad_()
        return (lambda: lib.matmul(a, b)), [a, b], f"({s},{s}) @ ({s},{s})"
    if op in ("softmax", "layer_norm"):
        r, c = _square(n)
        a = x(r, c)
        if op == "softmax":
            return (lambda: F.softmax(a, dim=-1)), [a], f"({r},{c})"
        w, b = p(c, k=0.3), x(c, k=0.9)
        return (lambda: F.layer_norm(a, (c,), w, b)), [a, w, b], f"({r},{c}) w,b ({c},)"
    if op == "mse_loss":
        a, t = x(n), p(n).detach()
        return (lambda: F.mse_loss(a, t)), [a], f"({n},)"
    if op == "cross_entropy":
        r = max(1, round(n / 10))
        a = x(r, 10)
        t = lib.arange(r) % 10
        return (lambda: F.cross_entropy(a, t)), [a], f"({r},10)"
    if op == "index":
        a = x(n)
        return (lambda: a[::2]), [a], f"({n},)"
    if op == "cat":
        a, b = x(n - n // 2), p(n // 2)
        return (lambda: lib.cat([a, b])), [a, b], f"({n - n // 2},)+({n // 2},)"
    raise ValueError(op)


def _time_cell(fn, repeats: int, target: float) -> dict:
    """Median seconds per call of ``fn`` over repeats of N calls (gc off during the repeats)."""
    t0 = time.perf_counter()
    fn()  # first call: allocation, first touch, lazy initialisation
    first = time.perf_counter() - t0
    if first < target:
        for _ in range(2):
            fn()
    # Calibrate N so one repeat takes about `target` seconds (this doubles as more warm-up).
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        dt = time.perf_counter() - t0
        if dt >= target / 4 or n >= 1 << 22:
            break
        n *= 2
    n = max(1, int(n * target / max(dt, 1e-9)))
    if dt / n > target:  # slower than a repeat's budget per call: fewer repeats
        repeats = min(repeats, 3)
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
    return {"median_s": statistics.median(per_call), "iters_per_repeat": n, "repeats_s": per_call}


def _sums(t) -> list[float]:
    return [float(t.sum().item()), float(t.abs().sum().item())]


def _run_op(op: str, n: int, lib, F, args: argparse.Namespace) -> dict:
    res: dict = {}
    call, _, shape = _make(op, n, lib, F, grad=False)
    res["shape"] = shape
    res["check"] = {"out": _sums(call())}
    res["fwd"] = _time_cell(call, args.repeats, args.target)

    call, leaves, _ = _make(op, n, lib, F, grad=True)
    out = call()
    g = lib.ones_like(out)
    out.backward(g)
    res["check"]["grads"] = [_sums(leaf.grad) for leaf in leaves]
    for leaf in leaves:
        leaf.grad = None

    def step():
        call().backward(g)
        for leaf in leaves:
            leaf.grad = None

    res["fwd_bwd"] = _time_cell(step, args.repeats, args.target)
    return res


def _worker_info(lib, args: argparse.Namespace) -> dict:
    info: dict = {
        "lib": args.lib,
        "version": getattr(lib, "__version__", "?"),
        "python": platform.python_version(),
        "executable": sys.executable,
        "threads": lib.get_num_threads(),
    }
    if args.lib == "ferrograd":
        # The native module's mtime: the driver warns if it was rebuilt during the run.
        core = getattr(getattr(lib, "_core", None), "__file__", None)
        info["native_path"] = core
        info["native_mtime"] = os.path.getmtime(core) if core else None
    return info


def run_worker(args: argparse.Namespace) -> int:
    """Serves the driver: one JSON line of library info, then for every ``OP N`` line read
    from stdin, that cell's results as one JSON line."""
    lib, F = _load(args.lib)
    if args.threads:
        lib.set_num_threads(args.threads)
    print(json.dumps(_worker_info(lib, args)), flush=True)
    for line in sys.stdin:
        op, n = line.split()
        try:
            res = _run_op(op, int(n), lib, F, args)
        # An op a library lacks or refuses is reported, not fatal.
        except (AttributeError, TypeError, ValueError, RuntimeError, NotImplementedError) as e:
            res = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps(res), flush=True)
    return 0


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------


class _Worker:
    """One library's worker process, timing the cells it is sent."""

    def __init__(self, python: str, lib: str, args: argparse.Namespace):
        cmd = [python, os.path.abspath(__file__), "--lib", lib]
        cmd += ["--repeats", str(args.repeats), "--target", str(args.target)]
        if args.threads:
            cmd += ["--threads", str(args.threads)]
        self.cmd = cmd
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.info = self._reply()
        self.info["results"] = {}

    def _reply(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"worker {' '.join(self.cmd)} failed:\n{self.proc.stderr.read()}")
        return json.loads(line)

    def time(self, op: str, n: int) -> dict:
        self.proc.stdin.write(f"{op} {n}\n")
        self.proc.stdin.flush()
        return self._reply()

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def _pooled(rounds: list[dict]) -> dict:
    """One cell's result whose times are medians over every round's repeats."""
    pooled = json.loads(json.dumps(rounds[0]))
    for kind in ("fwd", "fwd_bwd"):
        if kind in pooled:
            times = [t for r in rounds for t in r.get(kind, {}).get("repeats_s", [])]
            pooled[kind]["repeats_s"] = times
            pooled[kind]["median_s"] = statistics.median(times)
    return pooled


def _fmt_t(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    for scale, unit in ((1e6, "us"), (1e3, "ms"), (1.0, "s")):
        v = seconds * scale
        if v < 1000 or unit == "s":
            break
    digits = 2 if v < 10 else 1 if v < 100 else 0
    return f"{v:.{digits}f} {unit}"


def _cell(run: dict | None, op: str, n: int, kind: str) -> float | None:
    if run is None:
        return None
    r = run["results"].get(op, {}).get(str(n), {})
    return r[kind]["median_s"] if kind in r else None


def _close(a: float, b: float, scale: float) -> bool:
    return abs(a - b) <= 1e-3 * scale + 1e-3


def _check(fg: dict, td: dict, op: str, n: int) -> list[str]:
    a = fg["results"][op].get(str(n), {}).get("check")
    b = td["results"][op].get(str(n), {}).get("check")
    if not a or not b:
        return []
    bad = []
    pairs = [("out", a["out"], b["out"])]
    pairs += [(f"grad{i}", x, y) for i, (x, y) in enumerate(zip(a["grads"], b["grads"]))]
    for name, (s1, abs1), (s2, abs2) in pairs:
        scale = max(abs1, abs2)
        if not (_close(s1, s2, scale) and _close(abs1, abs2, scale)):
            bad.append(f"{op} N={n} {name}: ferrograd sum {s1:.6g} vs torch {s2:.6g}")
    return bad


def run_driver(args: argparse.Namespace) -> int:
    torch_py = _torch_python(args)
    # With --json to stdout, the table goes to stderr so stdout stays valid JSON.
    tty = sys.stderr if args.json == "-" else sys.stdout

    def say(*parts):
        print(*parts, file=tty)

    load_before = os.getloadavg()
    wall0, busy0, own0 = time.perf_counter(), _busy_cpu_s(), _own_cpu_s()
    print(f"ferrograd: {sys.executable}", file=sys.stderr)
    workers = [_Worker(sys.executable, "ferrograd", args)]
    if torch_py:
        print(f"torch:     {torch_py}", file=sys.stderr)
        workers.append(_Worker(torch_py, "torch", args))
    for n in args.sizes:
        print(f"  N={n} ...", file=sys.stderr, flush=True)
        for i, op in enumerate(args.ops):
            # every cell timed in both libraries back to back, rounds alternating which one
            # goes first, so a slow spell of the machine lands on both
            rounds: dict[str, list[dict]] = {w.info["lib"]: [] for w in workers}
            for r in range(args.rounds):
                order = workers if (r + i) % 2 == 0 else workers[::-1]
                for w in order:
                    # a pause first: the other library's threads stop spinning before we time
                    time.sleep(SETTLE_S)
                    rounds[w.info["lib"]].append(w.time(op, n))
            for w in workers:
                w.info["results"].setdefault(op, {})[str(n)] = _pooled(rounds[w.info["lib"]])
    for w in workers:
        w.close()
    elapsed = time.perf_counter() - wall0
    load_after = os.getloadavg()
    busy1 = _busy_cpu_s()
    foreign = None  # CPUs' worth of work done by other processes while we measured
    if busy0 is not None and busy1 is not None:
        foreign = max(0.0, (busy1 - busy0) - (_own_cpu_s() - own0)) / elapsed
    fg = workers[0].info
    td = workers[1].info if len(workers) > 1 else None

    header = ["op", "N", "shape", "fwd fg", "fwd torch", "ratio", "f+b fg", "f+b torch", "ratio"]
    table, misses, met, warnings = [], [], [], []
    for op in args.ops:
        for n in args.sizes:
            r = fg["results"][op][str(n)]
            row = [OP_LABELS.get(op, op), f"{n:,}", r.get("shape", "")]
            for kind in ("fwd", "fwd_bwd"):
                f, t = _cell(fg, op, n, kind), _cell(td, op, n, kind)
                ratio = "n/a"
                if f is not None and t:
                    ratio = f"{f / t:.2f}x"
                    if n in TARGETS:
                        ok = f / t <= TARGETS[n]
                        (met if ok else misses).append((op, n, kind, f / t))
                        ratio += "" if ok else " *"
                row += [_fmt_t(f), _fmt_t(t), ratio]
            table.append(row)
            for lib_run, name in ((fg, "ferrograd"), (td, "torch")):
                err = lib_run and lib_run["results"][op][str(n)].get("error")
                if err:
                    warnings.append(f"{name} {op} N={n}: {err}")
            if td:
                warnings += _check(fg, td, op, n)
    if not td:
        header = header[:4] + header[6:7]
        table = [row[:4] + row[6:7] for row in table]

    say(f"ferrograd {fg['version']} (python {fg['python']}, threads: {fg['threads']})")
    if td:
        say(f"torch {td['version']} (python {td['python']}), torch's thread count: {td['threads']}")
    say(
        f"median of {args.rounds} rounds x {args.repeats} repeats of ~{args.target} s per cell; "
        "fwd: inputs without grad; f+b: inputs with grad, backward, grads reset\n"
    )
    widths = [max(len(str(r[i])) for r in [header] + table) for i in range(len(header))]
    line = "  ".join(
        h.ljust(w) if i < 3 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))
    )
    say(line)
    say("-" * len(line))
    for r in table:
        say(
            "  ".join(
                str(c).ljust(w) if i < 3 else str(c).rjust(w)
                for i, (c, w) in enumerate(zip(r, widths))
            )
        )
    say("\nfg = ferrograd; f+b = forward + out.backward(ones) + grads reset to None.")
    if td:
        say(
            "ratio = ferrograd / torch (> 1: ferrograd slower); "
            "* = misses the target (<= 0.3x at 16 elements, <= 1.0x at 1,000,000)."
        )
        for n, limit in TARGETS.items():
            got = [m for m in met if m[1] == n]
            total = got + [m for m in misses if m[1] == n]
            if total:
                say(f"target <= {limit}x at N={n:,}: {len(got)}/{len(total)} cells met")
    cpus = os.cpu_count() or 1
    busy = f"{foreign:.2f}" if foreign is not None else "n/a"
    say(
        f"{cpus} CPUs; other processes used {busy} CPUs on average during the run; "
        f"load average before/after: {load_before[0]:.2f}/{load_after[0]:.2f}; "
        f"run took {elapsed:.0f} s"
    )
    if foreign is not None and foreign > 0.25:
        say("WARNING: the machine was busy; timings (torch's threaded ones most) may be skewed.")
    core = fg.get("native_path")
    if core and os.path.getmtime(core) != fg.get("native_mtime"):
        say("WARNING: ferrograd's native module was rebuilt during the run.")
    for w in warnings:
        say(f"WARNING: {w}")

    if args.json:
        out = {
            "config": vars(args),
            "loadavg_before": load_before,
            "loadavg_after": load_after,
            "cpu_count": cpus,
            "foreign_cpus_avg": foreign,
            "elapsed_s": elapsed,
            "runs": {"ferrograd": fg, "torch": td},
        }
        if args.json == "-":
            json.dump(out, sys.stdout, indent=2)
        else:
            with open(args.json, "w") as fh:
                json.dump(out, fh, indent=2)
            say(f"wrote {args.json}")
    return 0


def _int_list(text: str) -> list[int]:
    return [int(v.replace("_", "")) for v in text.split(",") if v.strip()]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument(
        "--lib",
        choices=["ferrograd", "torch"],
        help="worker mode (the driver starts these): time cells of one library on request",
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
    p.add_argument(
        "--sizes",
        type=_int_list,
        metavar="N,N,...",
        help="element counts (default: 16,10000,1000000; --quick: 16,10000,100000)",
    )
    p.add_argument(
        "--ops",
        metavar="OP,OP,...",
        help=f"only these ops (default: all): {','.join(OPS)}",
    )
    p.add_argument(
        "--quick", action="store_true", help="faster, rougher run (3 repeats of ~0.02 s)"
    )
    p.add_argument(
        "--threads",
        type=int,
        metavar="N",
        help="intra-op threads for both libraries (default: each library's own default)",
    )
    p.add_argument("--repeats", type=int, help="timed repeats per cell (5; --quick: 3)")
    p.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="times each cell is run per library, alternating which goes first; pooled (2)",
    )
    p.add_argument(
        "--target", type=float, help="approximate seconds per repeat (0.06; --quick: 0.02)"
    )
    args = p.parse_args(argv)
    if args.sizes is None:
        args.sizes = [16, 10_000, 100_000] if args.quick else list(DEFAULT_SIZES)
    if args.repeats is None:
        args.repeats = 3 if args.quick else 5
    if args.target is None:
        args.target = 0.02 if args.quick else 0.06
    if args.ops is None:
        args.ops = list(OPS)
    else:
        args.ops = [o.strip() for o in args.ops.split(",") if o.strip()]
        unknown = sorted(set(args.ops) - set(OPS))
        if unknown:
            p.error(f"unknown op(s) {', '.join(unknown)}; choose from {', '.join(OPS)}")
    if args.lib:
        return run_worker(args)
    return run_driver(args)


if __name__ == "__main__":
    sys.exit(main())

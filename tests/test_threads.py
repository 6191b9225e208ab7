"""set_num_threads / get_num_threads: the count round-trips, bad values are
rejected without changing it (messages: tests/data/bad_input.json), and
results do not depend on the count."""

import os
import subprocess
import sys
from pathlib import Path

import ferrograd as torch
import pytest


@pytest.fixture
def restore_threads():
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


def test_default_is_one_thread_per_core():
    # a fresh interpreter, so an earlier set in this session cannot leak in
    env = dict(os.environ, PYTHONPATH=str(Path(torch.__file__).parents[1]))
    out = subprocess.run(
        [sys.executable, "-c", "import ferrograd; print(ferrograd.get_num_threads())"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    # one per CPU this process may use (a cgroup CPU quota can lower it)
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert 1 <= int(out) <= usable


@pytest.mark.parametrize("n", [1, 2, 3, 7])
def test_get_returns_what_was_set(restore_threads, n):
    torch.set_num_threads(n)
    assert torch.get_num_threads() == n


def test_numpy_integers_are_accepted(restore_threads):
    np = pytest.importorskip("numpy")
    torch.set_num_threads(np.int64(2))
    assert torch.get_num_threads() == 2
    torch.set_num_threads(np.uint8(1))
    assert torch.get_num_threads() == 1


@pytest.mark.parametrize(
    ("bad", "exc"),
    [
        (0, RuntimeError),
        (-1, RuntimeError),
        (2.0, RuntimeError),
        (True, RuntimeError),
        (2**31, ValueError),
    ],
)
def test_rejected_values_leave_the_count(restore_threads, bad, exc):
    torch.set_num_threads(3)
    with pytest.raises(exc):
        torch.set_num_threads(bad)
    assert torch.get_num_threads() == 3


def _large_results():
    """Elementwise ops above the kernels' parallel threshold and a matmul
    above gemm's, forward and backward."""
    torch.manual_seed(0)
    x = torch.randn(300_000, requires_grad=True)
    a = torch.randn(300, 300, requires_grad=True)
    y = (x.tanh() * x + x.sigmoid() * 2).sum()
    y.backward()
    m = a @ a.t()
    m.sum().backward()
    return [t.tolist() for t in (y, x.grad, m, a.grad)]


def test_results_identical_with_one_and_two_threads(restore_threads):
    torch.set_num_threads(1)
    one = _large_results()
    torch.set_num_threads(2)
    two = _large_results()
    assert one == two

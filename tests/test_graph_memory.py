"""Graph nodes are freed as soon as nothing refers to them: no growth over a
training loop, and deep chains backward and drop without recursion."""

import gc

import ferrograd as torch
import ferrograd.nn.functional as F


def test_training_loop_returns_to_baseline():
    start = torch.live_nodes()
    w = torch.randn(5, 3, requires_grad=True)
    b = torch.randn(3, requires_grad=True)
    x, y = torch.ones(5), torch.zeros(3)
    for _ in range(10_000):
        loss = F.binary_cross_entropy_with_logits(torch.matmul(x, w) + b, y)
        loss.backward()
        with torch.no_grad():
            w -= 0.1 * w.grad
            b -= 0.1 * b.grad
        w.grad = None
        b.grad = None
    del loss
    assert torch.live_nodes() <= start + 2  # at most the two leaves' accumulators
    del w, b
    assert torch.live_nodes() == start


def test_live_nodes_during_loop_stays_flat():
    w = torch.randn(4, requires_grad=True)
    counts = []
    for _ in range(200):
        loss = (w * 2).exp().sum()
        loss.backward()
        counts.append(torch.live_nodes())
        w.grad = None
    assert max(counts[10:]) == min(counts[10:])


def test_deep_chain_backward_and_drop():
    start = torch.live_nodes()
    x = torch.ones(3, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    assert torch.live_nodes() >= start + 100_000
    y.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0, 1.0]
    del y
    del x
    assert torch.live_nodes() == start


def test_no_grad_builds_no_graph():
    start = torch.live_nodes()
    w = torch.randn(3, requires_grad=True)
    with torch.no_grad():
        z = (w * 2).exp().sum()
    assert torch.live_nodes() == start
    assert z.grad_fn is None and not z.requires_grad


class _SavesItsOutput(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        out = a.exp()
        ctx.save_for_backward(out)  # an output saved: no cycle may form through the node
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        return g * out


def test_custom_function_nodes_are_freed():
    gc.collect()  # earlier tests' cyclic garbage must not be freed mid-loop
    start = torch.live_nodes()
    w = torch.randn(4, requires_grad=True)
    counts = []
    for _ in range(200):
        out = _SavesItsOutput.apply(w * 2)
        loss = out.sum()
        node = loss.grad_fn  # node objects handed to Python are released too
        loss.backward()
        counts.append(torch.live_nodes())
        w.grad = None
    assert max(counts[10:]) == min(counts[10:])
    del out, loss, node, w
    assert torch.live_nodes() == start


def test_unused_custom_function_graph_is_freed():
    gc.collect()
    start = torch.live_nodes()
    w = torch.randn(4, requires_grad=True)
    for _ in range(100):
        _SavesItsOutput.apply(w).sum()  # recorded, never run backward
    del w
    assert torch.live_nodes() == start

"""numpy interop as torch's: from_numpy and .numpy() share memory,
tensor(ndarray) copies, np.asarray works."""

import ferrograd as torch
import numpy as np
import pytest


def test_from_numpy_shares_memory_both_ways():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    t = torch.from_numpy(a)
    assert t.dtype == torch.float32 and list(t.shape) == [2, 3]
    a[0, 0] = 10.0
    assert t[0, 0].item() == 10.0
    t[1, 2] = -1.0
    assert a[1, 2] == -1.0


def test_from_numpy_keeps_array_alive():
    t = torch.from_numpy(np.ones(4, dtype=np.float64))
    assert t.dtype == torch.float64 and t.sum().item() == 4.0


def test_from_numpy_strided_view():
    a = np.arange(12, dtype=np.int64).reshape(3, 4)[:, ::2]
    t = torch.from_numpy(a)
    assert t.tolist() == a.tolist()
    a[2, 1] = 99
    assert t[2, 1].item() == 99


def test_from_numpy_negative_strides_refused():
    with pytest.raises(ValueError, match="negative"):
        torch.from_numpy(np.arange(3.0)[::-1])


def test_tensor_copies():
    a = np.zeros(3, dtype=np.float32)
    t = torch.tensor(a)
    a[0] = 5
    assert t.tolist() == [0.0, 0.0, 0.0]
    assert torch.tensor(np.zeros(2)).dtype == torch.float64


def test_numpy_shares_and_refuses_grad():
    t = torch.zeros(3)
    view = t.numpy()
    view[1] = 2.0
    assert t.tolist() == [0.0, 2.0, 0.0]
    w = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="Use tensor.detach"):
        w.numpy()
    assert w.detach().numpy().tolist() == [1.0, 1.0]


def test_asarray():
    t = torch.arange(4)
    assert np.asarray(t).tolist() == [0, 1, 2, 3]
    assert np.asarray(torch.ones(2, requires_grad=True)).dtype == np.float32


def test_from_numpy_tensor_autograd():
    w = torch.from_numpy(np.array([1.0, 2.0])).requires_grad_()
    (w * w).sum().backward()
    assert w.grad.tolist() == [2.0, 4.0]

"""Inference tensors in recorded computations: an op that must save one
for backward raises at forward time (as torch 2.13 does); ops that save
nothing accept them."""

import ferrograd as torch
import pytest

MSG = (
    "Inference tensors cannot be saved for backward. Please do not use Tensors created in "
    "inference mode in computation tracked by autograd. To work around this, you can make a "
    "clone to get a normal tensor and use it in autograd, or use `torch.no_grad()` instead of "
    "`torch.inference_mode()`."
)


@pytest.fixture
def inf():
    with torch.inference_mode():
        return {
            "t": torch.ones(2),
            "c": torch.tensor([True, False]),
        }


@pytest.mark.parametrize(
    "expr",
    [
        "t * w",
        "w * t",
        "w / t",
        "t / w",
        "w @ t",
        "w.pow(t)",
        "torch.where(c, w, w)",
        "torch.maximum(w, t)",
        "w.view(2) * t.view(2)",
        "w * t[0]",
    ],
)
def test_saving_an_inference_tensor_raises(inf, expr):
    w = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError) as e:
        eval(expr, {"torch": torch, "w": w, **inf})
    assert str(e.value) == MSG


@pytest.mark.parametrize(
    "expr", ["w + t", "w - t", "t.exp() * w", "(t * 2) * w", "torch.cat([w, t])"]
)
def test_ops_saving_nothing_of_it_are_fine(inf, expr):
    w = torch.ones(2, requires_grad=True)
    out = eval(expr, {"torch": torch, "w": w, **inf})
    assert out.grad_fn is not None
    out.sum().backward()
    assert w.grad is not None


def test_no_error_without_recording(inf):
    w = torch.ones(2, requires_grad=True)
    with torch.no_grad():
        assert (w * inf["t"]).grad_fn is None
    assert (torch.ones(2) * inf["t"]).tolist() == [1.0, 1.0]


def test_in_place_refused_before_writing(inf):
    w = torch.ones(2, requires_grad=True)
    v = w * 1
    with pytest.raises(RuntimeError) as e:
        v.mul_(inf["t"])
    assert str(e.value) == MSG
    assert v._version == 0 and v.tolist() == [1.0, 1.0]


def test_error_does_not_leak_into_next_op(inf):
    w = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError):
        w * inf["t"]
    assert (w * 3).sum().item() == 6.0

"""Devices: torch's device names are accepted, tensors stay on the CPU, and asking for another
device fails as a CPU-only torch build fails ("Torch not compiled with CUDA enabled"; the
torch recorded in ../shared has CUDA libraries but no driver, and says so instead)."""

import ferrograd as torch
import pytest


def test_the_usual_device_pick_gives_the_cpu():
    where = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    assert torch.cuda.device_count() == 0
    x = torch.ones(2, device=where).to(where)
    assert x.device == torch.device("cpu") and str(x.device) == "cpu"
    assert x.cpu() is x and not x.is_cuda


def test_device_names_parse_like_torch():
    assert repr(torch.device("cuda:0")) == "device(type='cuda', index=0)"
    assert str(torch.device("cuda", 1)) == "cuda:1"
    assert repr(torch.device("cpu")) == "device(type='cpu')" and torch.device("cpu").index is None
    assert torch.device(torch.device("mps")).type == "mps"
    with pytest.raises(RuntimeError, match="device type at start of device string: tpu"):
        torch.device("tpu")
    with pytest.raises(RuntimeError, match="Invalid device string: 'cuda:x'"):
        torch.device("cuda:x")


@pytest.mark.parametrize(
    "call",
    [
        lambda: torch.ones(2).to("cuda"),
        lambda: torch.ones(2).to(device=torch.device("cuda", 1)),
        lambda: torch.ones(2).cuda(),
        lambda: torch.zeros(2, device="cuda:0"),
        lambda: torch.tensor([1.0], device="cuda"),
    ],
)
def test_cuda_is_refused(call):
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        call()


def test_other_backends_are_refused():
    with pytest.raises(RuntimeError, match="not linked with support for mps devices"):
        torch.ones(2).to("mps")


def test_to_still_converts_dtypes():
    assert torch.ones(2).to("cpu", torch.int64).dtype == torch.int64
    assert torch.ones(2).to(torch.float64).dtype == torch.float64
    assert torch.ones(2).ndimension() == 1 and torch.ones(2, 3).nelement() == 6

"""The autograd tutorial, run unchanged by the drop-in runner after manual_seed(0)."""

import re
import subprocess
import sys
from pathlib import Path

TUTORIAL = Path(__file__).resolve().parents[1].parent / "shared" / "tutorial"
ADDRESS = re.compile(r"0x[0-9a-f]+")


def run_seeded(script):
    code = (
        "import ferrograd; ferrograd.manual_seed(0); "
        f"from ferrograd.__main__ import main; main([{str(script)!r}])"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)


def test_tutorial_prints_what_torch_prints():
    out = run_seeded(TUTORIAL / "autograd_tutorial.py").stdout
    expected = (TUTORIAL / "autograd_tutorial.seed0.expected").read_text()
    assert ADDRESS.sub("0x?", out) == ADDRESS.sub("0x?", expected)


def test_runner_passes_arguments(tmp_path):
    script = tmp_path / "s.py"
    script.write_text("import sys, torch\nprint(sys.argv[1:], torch.ones(2).sum().item())\n")
    out = subprocess.run(
        [sys.executable, "-m", "ferrograd", str(script), "a", "b"],
        capture_output=True, text=True, check=True,
    ).stdout
    assert out == "['a', 'b'] 2.0\n"


def test_runner_resolves_submodules(tmp_path):
    script = tmp_path / "s.py"
    script.write_text(
        "import torch.nn.functional as F\nfrom torch.autograd import grad\n"
        "import torch\nx = torch.ones(2, requires_grad=True)\n"
        "print(grad(F.relu(x).sum(), x)[0])\n"
    )
    out = subprocess.run(
        [sys.executable, "-m", "ferrograd", str(script)], capture_output=True, text=True, check=True
    ).stdout
    assert out == "tensor([1., 1.])\n"


def test_import_does_not_load_numpy_or_pickle():
    # numpy is the bulk of import time; it loads on first print or numpy use,
    # and pickle on the first save, load or pickling
    code = "import sys, ferrograd; print('numpy' in sys.modules, 'pickle' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_runner_trains_with_torch_optim(tmp_path):
    # a small model's script: nn layers, an optimizer, hooks, all via `torch`
    script = tmp_path / "train.py"
    script.write_text(
        "import torch\nfrom torch import nn\nfrom torch.optim import Adam\n"
        "from torch.utils.hooks import RemovableHandle\n"
        "torch.manual_seed(0)\n"
        "model = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1))\n"
        "opt = Adam(model.parameters(), lr=0.05)\n"
        "x = torch.randn(32, 3); y = x.sum(1, keepdim=True)\n"
        "h = model[0].weight.register_hook(lambda g: g.clamp(-1, 1))\n"
        "losses = []\n"
        "for _ in range(60):\n"
        "    opt.zero_grad()\n"
        "    loss = nn.functional.mse_loss(model(x), y)\n"
        "    loss.backward()\n"
        "    opt.step()\n"
        "    losses.append(loss.item())\n"
        "print(isinstance(h, RemovableHandle), losses[-1] < losses[0] / 10)\n"
    )
    out = subprocess.run(
        [sys.executable, "-m", "ferrograd", str(script)], capture_output=True, text=True, check=True
    ).stdout
    assert out == "True True\n"

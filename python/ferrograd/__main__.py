"""``python -m ferrograd SCRIPT [ARGS...]``: run a script written for torch.

Imports of ``torch`` and its submodules resolve to ferrograd's own.
"""

import importlib
import importlib.abc
import importlib.util
import runpy
import sys


class _TorchAlias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``torch`` / ``torch.x.y`` and hands back ``ferrograd`` / ``ferrograd.x.y``."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "torch" and not fullname.startswith("torch."):
            return None
        target_name = "ferrograd" + fullname[len("torch"):]
        if importlib.util.find_spec(target_name) is None:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec):
        return importlib.import_module("ferrograd" + spec.name[len("torch"):])

    def exec_module(self, module):
        pass


def install_torch_alias():
    """Make ``import torch`` (and submodules) import ferrograd."""
    if not any(isinstance(f, _TorchAlias) for f in sys.meta_path):
        sys.meta_path.insert(0, _TorchAlias())


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: python -m ferrograd SCRIPT [ARGS...]")
        return 0 if argv else 2
    install_torch_alias()
    sys.argv = list(argv)
    runpy.run_path(argv[0], run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())

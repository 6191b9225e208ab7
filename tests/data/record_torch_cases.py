"""Records torch's outcome for the cases of torch_cases.py into
torch_cases.json. Run with a Python that has torch (not a test dependency):

    /path/to/torch-python tests/data/record_torch_cases.py [PREFIX ...]

torch's floats depend on the CPU it runs on (its kernels pick AVX2 or AVX-512
code, MKL or not), so recordings are not redone wholesale: without arguments,
only cases not yet recorded are run (and cases no longer defined dropped);
with name prefixes, the cases starting with them are recorded again as well.
`--all` records every case (on the machine the file was recorded on)."""

import json
import sys
import warnings
from pathlib import Path

import torch

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from torch_cases import CASES, run_case


def main(args):
    # create_graph backward warns about reference cycles; not part of the record
    warnings.simplefilter("ignore")
    path = HERE / "torch_cases.json"
    old = json.loads(path.read_text())["cases"] if path.exists() and "--all" not in args else {}
    prefixes = tuple(a for a in args if a != "--all")
    recorded, kept = {}, 0
    for name, code in CASES.items():
        if name in old and not (prefixes and name.startswith(prefixes)):
            recorded[name] = old[name]
            kept += 1
        else:
            recorded[name] = run_case(code, torch)
    out = {"torch": torch.__version__, "cases": recorded}
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(
        f"recorded {len(recorded) - kept} cases, kept {kept} earlier recordings "
        "(pass name prefixes to record changed cases again)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])

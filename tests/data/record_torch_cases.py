"""Records torch's outcome for each case of torch_cases.py into
torch_cases.json. Run with a Python that has torch (not a test dependency):

    /path/to/torch-python tests/data/record_torch_cases.py
"""

import json
import sys
import warnings
from pathlib import Path

import torch

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from torch_cases import CASES, run_case


def main():
    # create_graph backward warns about reference cycles; not part of the record
    warnings.simplefilter("ignore")
    recorded = {name: run_case(code, torch) for name, code in CASES.items()}
    out = {"torch": torch.__version__, "cases": recorded}
    (HERE / "torch_cases.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()

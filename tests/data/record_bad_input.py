"""Records what torch raises for the expressions in bad_input_cases.py into
bad_input.json. Run with a Python that has torch (not a test dependency):

    /path/to/torch-python tests/data/record_bad_input.py
"""

import json
from pathlib import Path

import torch

HERE = Path(__file__).parent


def main():
    cases = json.loads((HERE / "bad_input_cases.json").read_text())
    recorded = []
    for expr in cases:
        try:
            eval(expr, {"torch": torch})
            recorded.append({"expr": expr, "type": None, "message": None})
        except Exception as e:  # noqa: BLE001 - recording whatever torch raises
            recorded.append({"expr": expr, "type": type(e).__name__, "message": str(e)})
    out = {"torch": torch.__version__, "cases": recorded}
    (HERE / "bad_input.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()

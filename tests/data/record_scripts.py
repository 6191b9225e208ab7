"""Records what torch prints for each script in scripts/ into
scripts/<name>.expected. Run with a Python that has torch (not a test
dependency):

    /path/to/torch-python tests/data/record_scripts.py
"""

import subprocess
import sys
from pathlib import Path

SCRIPTS = Path(__file__).parent / "scripts"


def main():
    for script in sorted(SCRIPTS.glob("*.py")):
        run = subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, check=True, cwd=SCRIPTS
        )
        script.with_suffix(".expected").write_text(run.stdout)


if __name__ == "__main__":
    main()

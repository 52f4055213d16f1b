"""``python -m scorecard.engine matrix.csv --weights a=2,b=1 [--cost b] [--method topsis]``."""

import sys

from scorecard.engine.cli import run

if __name__ == "__main__":
    sys.exit(run())

#!/usr/bin/env python3
"""Benchmark peer: pandas.read_csv of an inventory, without validation or storage.

Usage: peer_pandas_read.py FILE [--dtypes]

Prints the row count (and, with --dtypes, each column's dtype, one per line).
Run it with the virtual environment's Python (Scripts/.venv/bin/python).
"""

import sys

import pandas as pd


def main(argv) -> int:
    args = [a for a in argv if a != "--dtypes"]
    if len(args) != 1:
        print("usage: peer_pandas_read.py FILE [--dtypes]", file=sys.stderr)
        return 2
    df = pd.read_csv(args[0], sep=";", decimal=",", thousands=" ", dtype={"Code INSEE": str})
    print(len(df))
    if "--dtypes" in argv:
        for name, dtype in df.dtypes.items():
            print(f"{name}\t{dtype}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

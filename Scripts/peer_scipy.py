#!/usr/bin/env python3
"""Peer: scipy.optimize.linear_sum_assignment on a `bourse solve` assignment profile.

Usage: peer_scipy.py PROFILE.json [--out ANSWER.json] [--forbidden -1e9]

Reads the JSON, builds a float matrix (null = forbidden pair, given to scipy as a very low score,
--forbidden), then times linear_sum_assignment(M, maximize=True) alone. Pairs that use a forbidden
cell are dropped from the assignment and from the total (the feasible total). Prints on stderr:

    lecture : X s ; résolution : Y s ; total : T ; affectés : K ; interdits écartés : F

(the same first two fields as `bourse solve --timings`), and writes the answer in the format of
`bourse solve`: {"assignment": {...}, "total": T}.
"""

import argparse
import json
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile")
    parser.add_argument("--out")
    parser.add_argument("--forbidden", type=float, default=-1e9)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    with open(args.profile, encoding="utf-8") as f:
        profile = json.load(f)
    if profile.get("kind") != "assignment":
        raise SystemExit("peer_scipy: an assignment profile is expected")
    rows, cols = profile["rows"], profile["cols"]
    matrix = np.array(profile["scores"], dtype=np.float64)  # null -> nan
    del profile
    if matrix.shape != (len(rows), len(cols)):
        raise SystemExit(f"peer_scipy: scores is {matrix.shape}, expected {(len(rows), len(cols))}")
    forbidden = np.isnan(matrix)
    if forbidden.any():
        matrix[forbidden] = args.forbidden
    read = time.perf_counter()

    row_ind, col_ind = linear_sum_assignment(matrix, maximize=True)
    solved = time.perf_counter()

    ok = ~forbidden[row_ind, col_ind]
    total = float(matrix[row_ind[ok], col_ind[ok]].sum())
    assignment = {r: None for r in rows}
    for r, c in zip(row_ind[ok].tolist(), col_ind[ok].tolist()):
        assignment[rows[r]] = cols[c]
    answer = {"assignment": assignment, "total": int(total) if total.is_integer() else total}
    text = json.dumps(answer, ensure_ascii=False)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        print(text)
    print(f"lecture : {read - started:.3f} s ; résolution : {solved - read:.3f} s ; total : {answer['total']} ; "
          f"affectés : {int(ok.sum())} ; interdits écartés : {int((~ok).sum())}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

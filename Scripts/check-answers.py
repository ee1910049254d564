#!/usr/bin/env python3
"""Compare `bourse solve` answers (and its peers' answers, in the same format).

Usage:
  check-answers.py hr REFERENCE.json OTHER.json...
      Every OTHER must give the same resident -> hospital map as REFERENCE (unmatched = null).
      Prints "same: N residents, M matched" or the first differences; exit 1 when they differ.
  check-answers.py total ANSWER.json
      Prints the answer's "total" and the number of assigned rows.
"""

import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main(argv) -> int:
    if len(argv) >= 3 and argv[0] == "hr":
        reference = load(argv[1])["resident_to_hospital"]
        status = 0
        for path in argv[2:]:
            other = load(path)["resident_to_hospital"]
            keys = set(reference) | set(other)
            diff = sorted(k for k in keys if reference.get(k) != other.get(k))
            if diff:
                status = 1
                shown = ", ".join(f"{k}: {reference.get(k)} vs {other.get(k)}" for k in diff[:5])
                print(f"DIFFERENT: {path}: {len(diff)} residents differ ({shown}{', …' if len(diff) > 5 else ''})")
        if status == 0:
            matched = sum(1 for v in reference.values() if v is not None)
            print(f"same: {len(reference)} residents, {matched} matched")
        return status
    if len(argv) == 2 and argv[0] == "total":
        answer = load(argv[1])
        assigned = sum(1 for v in answer["assignment"].values() if v is not None)
        total = answer["total"]
        if isinstance(total, float) and total.is_integer():
            total = int(total)
        print(f"{total} {assigned}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

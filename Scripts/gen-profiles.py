#!/usr/bin/env python3
"""Generate seeded random solver profiles in the JSON formats of `bourse solve` (DESIGN.md,
Matching, point 5).

Usage:
  gen-profiles.py hr N OUT.json [--seed S] [--min-prefs 20] [--max-prefs 50]
      Hospitals/Residents: residents S00001…, hospitals P00001… (N of each), capacity 1.
      Each resident lists between min and max distinct random hospitals (in random order);
      each hospital lists exactly the residents that listed it, in random order, so every
      listed pair is mutually acceptable. "optimal": "resident".
  gen-profiles.py dense N OUT.json [--seed S] [--max-score 100]
      Assignment: N rows R00001…, N columns C00001…, integer scores 0–max everywhere.
  gen-profiles.py sparse N OUT.json [--seed S] [--min-prefs 20] [--max-prefs 50] [--max-score 100]
      Assignment: like dense, but each row allows only 20–50 random columns; the others are null.

With scores 0–100, a dense N x N matrix (N in the thousands) almost surely has a perfect matching
on its 100s, so its optimum is the bound 100 N: an easy instance. A larger --max-score (say
1000000) gives one whose optimum is below the bound.

The same arguments always give the same bytes (random.Random only; standard library only).
"""

import argparse
import json
import os
import random
import sys
import time


def ids(prefix: str, n: int):
    width = max(5, len(str(n)))
    return [f"{prefix}{i:0{width}d}" for i in range(1, n + 1)]


def write_atomic(path: str, text_chunks) -> int:
    os.makedirs(os.path.dirname(os.path.abspath(path)) or ".", exist_ok=True)
    tmp = path + ".part"
    with open(tmp, "w", encoding="utf-8", buffering=1 << 20) as out:
        for chunk in text_chunks:
            out.write(chunk)
    os.replace(tmp, path)
    return os.path.getsize(path)


def hospital_residents(n: int, rng: random.Random, lo: int, hi: int):
    residents = ids("S", n)
    hospitals = ids("P", n)
    k_max = min(hi, n)
    k_min = min(lo, k_max)
    resident_prefs = {}
    listed_by = [[] for _ in range(n)]
    for r, name in enumerate(residents):
        picks = rng.sample(range(n), rng.randint(k_min, k_max))  # random order = preference order
        resident_prefs[name] = [hospitals[h] for h in picks]
        for h in picks:
            listed_by[h].append(name)
    hospital_prefs = {}
    for h, name in enumerate(hospitals):
        prefs = listed_by[h]
        rng.shuffle(prefs)
        hospital_prefs[name] = prefs
    dumps = json.dumps

    def chunks():
        yield '{"kind": "hospital_residents", "optimal": "resident",\n "residents": {\n'
        yield ",\n".join(f'  {dumps(name)}: {{"prefs": {dumps(resident_prefs[name])}}}' for name in residents)
        yield '\n },\n "hospitals": {\n'
        yield ",\n".join(f'  {dumps(name)}: {{"capacity": 1, "prefs": {dumps(hospital_prefs[name])}}}' for name in hospitals)
        yield "\n }\n}\n"

    pairs = sum(len(p) for p in resident_prefs.values())
    return chunks(), f"{n} residents, {n} hospitals, {pairs} acceptable pairs"


def assignment(n: int, rng: random.Random, sparse: bool, lo: int, hi: int, top: int):
    rows = ids("R", n)
    cols = ids("C", n)
    randint = rng.randint

    def chunks():
        yield '{"kind": "assignment",\n "rows": ' + json.dumps(rows) + ',\n "cols": ' + json.dumps(cols) + ',\n "scores": [\n'
        for i in range(n):
            if sparse:
                line = ["null"] * n
                k = randint(min(lo, n), min(hi, n))
                for c in rng.sample(range(n), k):
                    line[c] = str(randint(0, top))
            else:
                line = [str(randint(0, top)) for _ in range(n)]
            yield "  [" + ",".join(line) + ("],\n" if i + 1 < n else "]\n")
        yield " ]\n}\n"

    kind = f"sparse ({lo}-{hi} allowed pairs per row)" if sparse else "dense"
    return chunks(), f"{n} x {n} {kind}, integer scores 0-{top}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["hr", "dense", "sparse"])
    parser.add_argument("n", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--min-prefs", type=int, default=20)
    parser.add_argument("--max-prefs", type=int, default=50)
    parser.add_argument("--max-score", type=int, default=100, help="assignment scores are 0..this (default 100)")
    args = parser.parse_args(argv)
    if args.n < 1 or args.min_prefs < 1 or args.max_prefs < args.min_prefs or args.max_score < 0:
        parser.error("N >= 1, 1 <= --min-prefs <= --max-prefs and --max-score >= 0 required")
    started = time.perf_counter()
    # The default score range keeps the seed string (and so the bytes) of the first version.
    suffix = "" if args.max_score == 100 else f"-{args.max_score}"
    rng = random.Random(f"{args.kind}-{args.n}-{args.seed}{suffix}")
    if args.kind == "hr":
        chunks, what = hospital_residents(args.n, rng, args.min_prefs, args.max_prefs)
    else:
        chunks, what = assignment(args.n, rng, args.kind == "sparse", args.min_prefs, args.max_prefs, args.max_score)
    size = write_atomic(args.out, chunks)
    print(f"gen-profiles: {what}, {size} bytes -> {args.out} (seed {args.seed}, "
          f"{time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

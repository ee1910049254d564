#!/usr/bin/env python3
"""Peer: plain-Python resident-proposing deferred acceptance (Gale–Shapley, Roth 1984 for
Hospitals/Residents) over a `bourse solve` hospital/residents profile.

Usage: peer_da.py PROFILE.json [--out ANSWER.json]

Straightforward dict/list code, standard library only. A pair is acceptable only when each side
lists the other (DESIGN.md); the answer has the format of `bourse solve`:
{"resident_to_hospital": {...}, "hospital_to_residents": {...}}. Only "optimal": "resident"
(the default) is supported.
"""

import argparse
import json
import sys


def solve(profile):
    if profile.get("kind") != "hospital_residents":
        raise SystemExit("peer_da: a hospital_residents profile is expected")
    if profile.get("optimal", "resident") != "resident":
        raise SystemExit("peer_da: only \"optimal\": \"resident\" is supported")
    residents = profile["residents"]
    hospitals = profile["hospitals"]

    # rank[h][r] = position of r in h's list (lower is better).
    rank = {}
    capacity = {}
    for h, entry in hospitals.items():
        rank[h] = {r: i for i, r in enumerate(entry.get("prefs", []))}
        capacity[h] = entry.get("capacity", 1)

    # Each resident's list, restricted to the mutually acceptable hospitals.
    prefs = {}
    for r, entry in residents.items():
        prefs[r] = [h for h in entry.get("prefs", []) if h in rank and r in rank[h]]

    next_choice = {r: 0 for r in residents}
    held = {h: [] for h in hospitals}
    free = [r for r in sorted(residents, reverse=True)]
    while free:
        r = free.pop()
        if next_choice[r] >= len(prefs[r]):
            continue  # exhausted its list: stays unmatched
        h = prefs[r][next_choice[r]]
        next_choice[r] += 1
        if capacity[h] <= 0:
            free.append(r)
            continue
        held[h].append(r)
        if len(held[h]) > capacity[h]:
            ranks = rank[h]
            worst = max(held[h], key=lambda x: ranks[x])
            held[h].remove(worst)
            free.append(worst)

    resident_to_hospital = {r: None for r in residents}
    for h, rs in held.items():
        for r in rs:
            resident_to_hospital[r] = h
    hospital_to_residents = {h: sorted(rs, key=lambda x: rank[h][x]) for h, rs in held.items()}
    return {"resident_to_hospital": resident_to_hospital, "hospital_to_residents": hospital_to_residents}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile")
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    with open(args.profile, encoding="utf-8") as f:
        profile = json.load(f)
    answer = solve(profile)
    text = json.dumps(answer, ensure_ascii=False)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        print(text)
    matched = sum(1 for h in answer["resident_to_hospital"].values() if h is not None)
    print(f"peer_da: {matched} of {len(answer['resident_to_hospital'])} residents matched", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Peer: the `matching` package (1.4.3) on a `bourse solve` hospital/residents profile.

Usage: peer_matching.py PROFILE.json [--out ANSWER.json]

Builds the game with matching.games.HospitalResident.create_from_dictionaries(resident_prefs,
hospital_prefs, capacities) and calls solve(optimal=...) with the profile's "optimal" (default
"resident"). The library wants reciprocated lists, so one-sided entries are dropped first, as
DESIGN.md says a solver must ignore them (a no-op on the generated profiles). The answer has the
format of `bourse solve`.

The game's constructor deep-copies the players, whose preference lists point at each other: the
copy recurses about as deep as the profile is large, so the work runs in a thread with a 1 GiB
stack and a high recursion limit (otherwise RecursionError from about 1,000 players).
"""

import argparse
import json
import sys
import threading
import warnings

from matching.games import HospitalResident


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile")
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    with open(args.profile, encoding="utf-8") as f:
        profile = json.load(f)
    if profile.get("kind") != "hospital_residents":
        raise SystemExit("peer_matching: a hospital_residents profile is expected")
    optimal = profile.get("optimal", "resident")

    hospitals = profile["hospitals"]
    residents = profile["residents"]
    hospital_sets = {h: set(e.get("prefs", [])) for h, e in hospitals.items()}
    resident_prefs = {r: [h for h in e.get("prefs", []) if r in hospital_sets.get(h, ())]
                      for r, e in residents.items()}
    resident_sets = {r: set(p) for r, p in resident_prefs.items()}
    hospital_prefs = {h: [r for r in e.get("prefs", []) if h in resident_sets.get(r, ())]
                      for h, e in hospitals.items()}
    capacities = {h: e.get("capacity", 1) for h, e in hospitals.items()}

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. a resident or hospital with an empty list
        game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
        matching = game.solve(optimal=optimal)

    resident_to_hospital = {r: None for r in residents}
    hospital_to_residents = {}
    for hospital, matched in matching.items():
        names = [r.name for r in matched]
        hospital_to_residents[hospital.name] = names
        for name in names:
            resident_to_hospital[name] = hospital.name
    answer = {"resident_to_hospital": resident_to_hospital, "hospital_to_residents": hospital_to_residents}
    text = json.dumps(answer, ensure_ascii=False)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        print(text)
    matched_count = sum(1 for h in resident_to_hospital.values() if h is not None)
    print(f"peer_matching: {matched_count} of {len(resident_to_hospital)} residents matched", file=sys.stderr)
    return 0


def run_with_deep_stack(function):
    """Runs function() in a thread with a big stack; returns its result or re-raises."""
    outcome = {}

    def target():
        try:
            outcome["value"] = function()
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller
            outcome["error"] = error

    sys.setrecursionlimit(10_000_000)
    threading.stack_size(1 << 30)
    worker = threading.Thread(target=target)
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


if __name__ == "__main__":
    sys.exit(run_with_deep_stack(main))

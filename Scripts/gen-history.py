#!/usr/bin/env python3
"""Fill a database made by `bourse init` with a synthetic history of monthly inventories.

Usage: gen-history.py DB [--premises N] [--months M] [--end YYYY-MM] [--landlords L] [--seed S]

Every source (the territory's communes plus L landlords) sends one inventory a month for M months
ending with the month --end (default: the last complete month), each on its own day of the month.
The first month offers N premises; after that, each month about 1 % of the available premises are
withdrawn (absent from their source's inventory), 0.2 % are placed with an ESS structure, 0.1 % of
the withdrawn ones come back, new premises keep the stock near N, and 2 % of the available ones
change a field (a quarter their surface, the rest their rent). Rows and events are written as
`bourse import` and `bourse place` write them (same tables, fields, statuses and causes), in one
transaction, so the reports read them exactly as they read real imports.

Standard library only; deterministic for a given seed and --end. About 20 s for the default size.
"""

import argparse
import datetime as dt
import hashlib
import random
import sqlite3
import sys
import time

TYPES = ["bureau"] * 5 + ["commerce"] * 3 + ["activite"] * 3 + ["stockage"] * 2 + ["salle", "terrain", "autre"]
LEGAL_FORMS = ["association"] * 6 + ["scop", "scic", "cooperative", "mutuelle", "fondation", "entreprise_esus", "entreprise_esus", "autre"]
SECTORS = ["insertion", "reemploi", "culture", "mobilite", "alimentation", "services_personne", "numerique", "autre"]
NOW = "2026-01-01T00:00:00Z"


def month_start(year: int, month: int, offset: int) -> dt.date:
    index = year * 12 + (month - 1) + offset
    return dt.date(index // 12, index % 12 + 1, 1)


def text(value: float) -> str:
    """Numbers as the store writes them in events: `45.5`, `1200`."""
    return str(int(value)) if value == int(value) else repr(value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db")
    parser.add_argument("--premises", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--end", help="last month, YYYY-MM (default: the last complete month)")
    parser.add_argument("--landlords", type=int, default=12)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    today = dt.date.today()
    if args.end:
        end_year, end_month = (int(part) for part in args.end.split("-"))
    else:
        last = month_start(today.year, today.month, -1)
        end_year, end_month = last.year, last.month
    first = month_start(end_year, end_month, -(args.months - 1))
    rng = random.Random(args.seed)
    started = time.perf_counter()

    db = sqlite3.connect(args.db, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("BEGIN")
    if db.execute("SELECT count(*) FROM premises").fetchone()[0]:
        sys.exit("gen-history: the database already holds premises; give a fresh `bourse init` database")
    communes = [row for row in db.execute("SELECT id, commune_insee FROM sources WHERE kind = 'commune' ORDER BY id")]
    if not communes:
        sys.exit("gen-history: no commune source; run `bourse init --db DB` first")
    insee_codes = [code for _, code in communes]
    sources = [(source_id, "commune", code) for source_id, code in communes]
    for index in range(1, args.landlords + 1):
        source_id = f"bailleur-{index:02d}"
        db.execute("INSERT INTO sources (id, name, kind, commune_insee, created_at) VALUES (?, ?, 'bailleur', NULL, ?)",
                   (source_id, f"Bailleur social n° {index}", NOW))
        sources.append((source_id, "bailleur", None))
    # Communes offer 60 % of the premises, landlords 40 %.
    weights = [0.6 / len(communes) if kind == "commune" else 0.4 / max(args.landlords, 1) for _, kind, _ in sources]

    # In-memory state of every premises: [source index, status, surface, rent, reference].
    state = []
    available = []          # ids of available premises (swap-remove)
    position = {}           # id -> index in `available`
    withdrawn = []          # ids of withdrawn premises (may hold stale ids, checked on use)
    premises_rows = []
    events = []
    placements = []
    inventory_id = 0
    inventory_of = {}       # (source index, month) -> (id, date)
    references = [0] * len(sources)

    def take_available(pid):
        index = position.pop(pid)
        last = available.pop()
        if last != pid:
            available[index] = last
            position[last] = index

    def add_available(pid):
        position[pid] = len(available)
        available.append(pid)

    def new_premises(source_index, month):
        inv, date = inventory_of[(source_index, month)]
        source_id, kind, insee = sources[source_index]
        references[source_index] += 1
        surface = round(rng.lognormvariate(4.2, 0.7), 1) + 5
        rent = round(surface * rng.uniform(4, 14), 2) if rng.random() < 0.85 else None
        market = round(rent * rng.uniform(1.1, 1.8), 2) if rent and rng.random() < 0.3 else None
        pid = len(state) + 1
        state.append([source_index, "disponible", surface, rent])
        premises_rows.append([
            pid, source_id, insee or rng.choice(insee_codes), f"{source_id[:3].upper()}-{references[source_index]:06d}",
            f"{rng.randint(1, 180)} rue {rng.choice(['Jean Jaurès', 'de la République', 'Victor Hugo', 'Pasteur', 'des Écoles'])}",
            rng.choice(TYPES), surface, rent, round(rent * 12 / surface, 2) if rent else None, "mensuel" if rent else None,
            market, "disponible", "disponible", date, date, inv, inv])
        add_available(pid)

    month_dates = []
    for month in range(args.months):
        start = month_start(first.year, first.month, month)
        for source_index in range(len(sources)):
            inventory_id += 1
            date = start.replace(day=1 + (source_index * 3) % 27).isoformat()
            inventory_of[(source_index, month)] = (inventory_id, date)
        month_dates.append(start)

    structures = 0
    needs = 0
    db.execute("""INSERT INTO register_imports (id, kind, file_name, file_path, sha256, imported_at)
                  VALUES (1, 'structures', 'structures.csv', 'structures.csv', 'synthetic', ?),
                         (2, 'besoins', 'besoins.csv', 'besoins.csv', 'synthetic', ?)""", (NOW, NOW))

    for month in range(args.months):
        if month == 0:
            for _ in range(args.premises):
                new_premises(rng.choices(range(len(sources)), weights)[0], 0)
            continue
        stock = len(available)
        touched = set()  # one status change per premises and month
        # Some premises withdrawn in earlier months come back.
        for _ in range(int(len(withdrawn) * 0.001)):
            index = rng.randrange(len(withdrawn))
            pid = withdrawn[index]
            withdrawn[index] = withdrawn[-1]
            withdrawn.pop()
            premises = state[pid - 1]
            if premises[1] != "retire":
                continue
            premises[1] = "disponible"
            touched.add(pid)
            inv, date = inventory_of[(premises[0], month)]
            events.append((pid, date, "statut", "statut", "retire", "disponible", "de nouveau proposé par l'inventaire", inv))
        # Withdrawals: absent from their source's inventory.
        for _ in range(int(stock * rng.uniform(0.008, 0.012))):
            pid = available[rng.randrange(len(available))]
            if pid in touched:
                continue
            touched.add(pid)
            take_available(pid)
            premises = state[pid - 1]
            premises[1] = "retire"
            inv, date = inventory_of[(premises[0], month)]
            events.append((pid, date, "statut", "statut", "disponible", "retire", "absent de l'inventaire", inv))
            withdrawn.append(pid)
        # Placements: a structure and its need, then the premises leaves the stock.
        for _ in range(int(stock * rng.uniform(0.0015, 0.0025))):
            pid = available[rng.randrange(len(available))]
            if pid in touched:
                continue
            touched.add(pid)
            take_available(pid)
            premises = state[pid - 1]
            premises[1] = "attribue"
            # On or after its source's inventory of the month.
            listed = int(inventory_of[(premises[0], month)][1][8:10])
            day = month_dates[month].replace(day=rng.randint(listed, 28)).isoformat()
            structures += 1
            needs += 1
            db.execute("""INSERT INTO structures (id, reference, name, legal_form, sector, jobs, first_import_id, last_import_id)
                          VALUES (?, ?, ?, ?, ?, ?, 1, 1)""",
                       (structures, f"S{structures:06d}", f"Structure {structures}", rng.choice(LEGAL_FORMS), rng.choice(SECTORS),
                        rng.randint(0, 40)))
            db.execute("""INSERT INTO needs (id, reference, structure_id, surface_min, surface_max, status, first_import_id, last_import_id)
                          VALUES (?, ?, ?, ?, ?, 'satisfait', 2, 2)""",
                       (needs, f"B{needs:06d}", structures, max(premises[2] * 0.8, 1), premises[2] * 1.2))
            events.append((pid, day, "statut", "statut", "disponible", "attribue", f"implantation : besoin B{needs:06d}", None))
            placements.append((needs, structures, pid, day, premises[3], NOW))
        for pid in touched:
            if state[pid - 1][1] == "disponible":
                add_available(pid)
        # Field changes.
        for _ in range(int(len(available) * 0.02)):
            pid = available[rng.randrange(len(available))]
            premises = state[pid - 1]
            inv, date = inventory_of[(premises[0], month)]
            if rng.random() < 0.25:
                new = round(premises[2] * rng.uniform(0.8, 1.2), 1) + 1
                events.append((pid, date, "champ", "surface", text(premises[2]), text(new), "modifié par l'inventaire", inv))
                premises[2] = new
            else:
                old = premises[3]
                new = round((old or premises[2] * 8) * rng.uniform(0.9, 1.15), 2)
                events.append((pid, date, "champ", "loyer_mensuel", text(old) if old else None, text(new), "modifié par l'inventaire", inv))
                premises[3] = new
        # New premises keep the stock near its first size.
        for _ in range(max(0, args.premises - len(available) + rng.randint(-200, 200))):
            new_premises(rng.choices(range(len(sources)), weights)[0], month)

    # Inventories (one per source and month) with their counts, then premises in their final state.
    rows = []
    for (source_index, month), (inv, date) in sorted(inventory_of.items(), key=lambda item: item[1][0]):
        source_id = sources[source_index][0]
        digest = hashlib.sha256(f"{source_id}-{date}".encode()).hexdigest()
        rows.append((inv, source_id, f"{source_id}-{date}.csv", f"{source_id}-{date}.csv", digest, 0, date, NOW, "csv"))
    db.executemany("""INSERT INTO inventories (id, source_id, file_name, file_path, sha256, byte_count, as_of, imported_at, format)
                      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows)
    last_change = {}
    for event in events:
        if event[2] == "statut":
            last_change[event[0]] = event[1]
    for row in premises_rows:
        pid = row[0]
        premises = state[pid - 1]
        row[6] = premises[2]
        row[7] = premises[3]
        row[8] = round(premises[3] * 12 / premises[2], 2) if premises[3] else None
        row[11] = premises[1]
        row[13] = last_change.get(pid, row[13])
        if premises[1] != "retire":
            row[16] = inventory_of[(premises[0], args.months - 1)][0]
    db.executemany("""INSERT INTO premises (id, source_id, commune_insee, reference, address, type, surface, rent_monthly, rent_m2_year,
                        rent_basis, market_rent, status, initial_status, status_since, offered_on, first_inventory_id, last_inventory_id)
                      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", premises_rows)
    db.executemany("""INSERT INTO premises_events (premises_id, date, kind, field, old_value, new_value, cause, inventory_id, recorded_at)
                      VALUES (?, ?, ?, ?, ?, ?, ?, ?, '""" + NOW + "')", events)
    db.executemany("""INSERT INTO placements (need_id, structure_id, premises_id, date, rent_monthly, round_id, recorded_at)
                      VALUES (?, ?, ?, ?, ?, NULL, ?)""", placements)
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("ANALYZE")
    db.close()
    print(f"gen-history: {len(sources)} sources, {len(inventory_of)} inventories ({month_dates[0]:%m/%Y}–{month_dates[-1]:%m/%Y}), "
          f"{len(state)} premises ({len(available)} available at the end), {len(events)} events, {len(placements)} placements "
          f"in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

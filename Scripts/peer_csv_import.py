#!/usr/bin/env python3
"""Benchmark peer: a plain-Python validated CSV import into SQLite.

Usage: peer_csv_import.py FILE DB

Reads FILE with the csv module (';' delimiter, UTF-8, optional BOM), converts
French decimals ("1 250,5") to float and dd/mm/yyyy dates to ISO, rejects rows
whose surface is not > 0 or whose numbers or date do not parse, and INSERTs
the rest with executemany in one transaction into table `locaux` of DB
(created if missing). Prints "imported N, rejected M" and exits 0, or 1 when
the header is not the expected one.
"""

import csv
import sqlite3
import sys

EXPECTED = [
    "Référence", "Commune", "Code INSEE", "Adresse", "Type de local", "Surface (m²)",
    "Loyer mensuel HC", "Charges", "Bail", "Disponible le", "Étage", "Accessibilité PMR",
    "Contact", "Remarques",
]

SCHEMA = """
CREATE TABLE IF NOT EXISTS locaux (
    reference TEXT NOT NULL,
    commune TEXT NOT NULL,
    code_insee TEXT NOT NULL,
    adresse TEXT NOT NULL,
    type_local TEXT NOT NULL,
    surface_m2 REAL NOT NULL CHECK (surface_m2 > 0),
    loyer_mensuel_hc REAL,
    charges REAL,
    bail TEXT,
    disponible_le TEXT,
    etage TEXT,
    accessibilite_pmr INTEGER,
    contact TEXT,
    remarques TEXT
)
"""


def french_number(text: str):
    """'1 250,5' -> 1250.5; '' -> None; raises ValueError on garbage."""
    text = text.strip()
    if not text:
        return None
    return float(text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", "."))


def iso_date(text: str):
    """'31/12/2026' -> '2026-12-31'; '' -> None; raises ValueError on garbage."""
    text = text.strip()
    if not text:
        return None
    day, month, year = text.split("/")
    d, m, y = int(day), int(month), int(year)
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1000 <= y <= 9999):
        raise ValueError(text)
    return f"{y:04d}-{m:02d}-{d:02d}"


def rows(reader, rejected):
    for rec in reader:
        if len(rec) != 14:
            rejected[0] += 1
            continue
        try:
            surface = french_number(rec[5])
            if surface is None or not surface > 0:
                raise ValueError("surface")
            yield (
                rec[0], rec[1], rec[2], rec[3], rec[4], surface,
                french_number(rec[6]), french_number(rec[7]), rec[8], iso_date(rec[9]),
                rec[10], 1 if rec[11].strip().lower() == "oui" else 0, rec[12], rec[13] or None,
            )
        except ValueError:
            rejected[0] += 1


def main(argv) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    path, db_path = argv
    con = sqlite3.connect(db_path, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute(SCHEMA)
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f, delimiter=";")
            header = next(reader, None)
            if header != EXPECTED:
                print(f"peer_csv_import: unexpected header {header!r}", file=sys.stderr)
                return 1
            rejected = [0]
            con.execute("BEGIN")
            cur = con.executemany("INSERT INTO locaux VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                                  rows(reader, rejected))
            imported = cur.rowcount
            con.execute("COMMIT")
    finally:
        con.close()
    print(f"imported {imported}, rejected {rejected[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

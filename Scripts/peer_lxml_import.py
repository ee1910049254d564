#!/usr/bin/env python3
"""Benchmark peer: a plain-Python validated XML import into SQLite with lxml.

Usage: peer_lxml_import.py FILE DB

Reads FILE (the bourse's XML format, as written by csv-to-xml.py) with lxml.etree.iterparse on the
end events of `local` elements, clearing each element and its finished siblings so that memory
stays flat; converts the surface and amounts to float and checks dates, rejects records whose
surface is not > 0 or whose numbers or dates do not parse, and INSERTs the rest with executemany
in one transaction into table `locaux` of DB (created if missing), as peer_csv_import.py does for
the CSV. No XSD validation (lxml's XMLSchema needs the whole tree). Prints "imported N,
rejected M".
"""

import datetime
import sqlite3
import sys

from lxml import etree

NS = "{urn:bourse-fonciere-ess:inventaire:1}"
SCHEMA = """
CREATE TABLE IF NOT EXISTS locaux (
    reference TEXT NOT NULL, commune TEXT NOT NULL, code_insee TEXT NOT NULL, adresse TEXT,
    type_local TEXT NOT NULL, surface_m2 REAL NOT NULL CHECK (surface_m2 > 0), loyer_mensuel_hc REAL,
    charges REAL, bail TEXT, disponible_le TEXT, etage TEXT, accessibilite_pmr INTEGER, contact TEXT,
    remarques TEXT
)
"""


def number(text):
    if text is None or not text.strip():
        return None
    return float(text)


def iso(text):
    if text is None or not text.strip():
        return None
    return datetime.date.fromisoformat(text.strip()).isoformat()


def rows(path, rejected):
    tag = NS + "local"
    # resolve_entities=False, no_network: the same safety the bourse applies.
    for _, element in etree.iterparse(path, events=("end",), tag=tag, resolve_entities=False, no_network=True, huge_tree=False):
        fields = {child.tag[len(NS):]: child for child in element}
        try:
            surface = number(fields["surface"].text)
            if surface is None or not surface > 0:
                raise ValueError("surface")
            commune = fields["commune"]
            def text(name):
                node = fields.get(name)
                return node.text if node is not None else None
            yield (
                element.get("reference"), commune.text, commune.get("insee"), text("adresse"), text("type"), surface,
                number(text("loyer")), number(text("charges")), text("bail"), iso(text("disponible_le")),
                text("etage"), 1 if (text("pmr") or "") == "oui" else 0, text("contact"), text("remarques"),
            )
        except (ValueError, KeyError):
            rejected[0] += 1
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]


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
        rejected = [0]
        con.execute("BEGIN")
        cur = con.executemany("INSERT INTO locaux VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows(path, rejected))
        imported = cur.rowcount
        con.execute("COMMIT")
    finally:
        con.close()
    print(f"imported {imported}, rejected {rejected[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

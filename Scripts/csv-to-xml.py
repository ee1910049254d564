#!/usr/bin/env python3
"""Turn a generated inventory (gen-inventory.py's CSV) into the same premises in the bourse's XML
format (Imports/inventaire-bailleur.xsd), streaming, so that the CSV and XML imports can be compared
on the same data.

Usage: csv-to-xml.py IN.csv OUT.xml [--date AAAA-MM-JJ]
"""

import argparse
import csv
from xml.sax.saxutils import escape, quoteattr


def decimal(text: str) -> str:
    """French "1 250,5" to XML "1250.5"; empty stays empty."""
    return text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")


def iso(text: str) -> str:
    if len(text) == 10 and text[2] == "/":
        return f"{text[6:]}-{text[3:5]}-{text[:2]}"
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("out")
    parser.add_argument("--date", default="2026-03-31")
    args = parser.parse_args()
    with open(args.source, encoding="utf-8-sig", newline="") as handle, open(args.out, "w", encoding="utf-8") as out:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        index = {name: position for position, name in enumerate(header)}
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(f'<inventaire xmlns="urn:bourse-fonciere-ess:inventaire:1" bailleur="bench" date="{args.date}">\n')
        buffer = []
        for row in reader:
            def cell(name: str) -> str:
                return row[index[name]].strip() if name in index and index[name] < len(row) else ""
            parts = [f"<local reference={quoteattr(cell('Référence'))}>"]
            parts.append(f"<commune insee=\"{cell('Code INSEE')}\">{escape(cell('Commune'))}</commune>")
            if cell("Adresse"):
                parts.append(f"<adresse>{escape(cell('Adresse'))}</adresse>")
            parts.append(f"<type>{escape(cell('Type de local'))}</type>")
            parts.append(f"<surface>{decimal(cell('Surface (m²)'))}</surface>")
            if cell("Loyer mensuel HC"):
                parts.append(f"<loyer>{decimal(cell('Loyer mensuel HC'))}</loyer>")
            if cell("Charges"):
                parts.append(f"<charges>{decimal(cell('Charges'))}</charges>")
            if cell("Bail"):
                parts.append(f"<bail>{escape(cell('Bail'))}</bail>")
            if cell("Disponible le"):
                parts.append(f"<disponible_le>{iso(cell('Disponible le'))}</disponible_le>")
            if cell("Étage"):
                parts.append(f"<etage>{escape(cell('Étage'))}</etage>")
            pmr = cell("Accessibilité PMR").lower()
            if pmr in ("oui", "non"):
                parts.append(f"<pmr>{pmr}</pmr>")
            if cell("Contact"):
                parts.append(f"<contact>{escape(cell('Contact'))}</contact>")
            if cell("Remarques"):
                parts.append(f"<remarques>{escape(cell('Remarques'))}</remarques>")
            parts.append("</local>\n")
            buffer.append("  " + "".join(parts))
            if len(buffer) >= 10000:
                out.write("".join(buffer))
                buffer.clear()
        out.write("".join(buffer))
        out.write("</inventaire>\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Generate a realistic, deterministic inventory of premises as CSV.

Usage: gen-inventory.py ROWS OUT.csv [--seed N]

Format: ';' delimiter, UTF-8 without BOM, CRLF line endings, French headers.
Fields that contain ';' or '"' are quoted, with inner quotes doubled (RFC 4180).
The same ROWS and seed always give the same bytes (standard library only:
random.Random's choices() and random() are stable across Python versions).
"""

import argparse
import datetime as dt
import os
import random
import sys
import time

HEADER = [
    "Référence", "Commune", "Code INSEE", "Adresse", "Type de local", "Surface (m²)",
    "Loyer mensuel HC", "Charges", "Bail", "Disponible le", "Étage", "Accessibilité PMR",
    "Contact", "Remarques",
]

COMMUNES = [
    ("Aulnay-sous-Bois", "93005"),
    ("Le Blanc-Mesnil", "93007"),
    ("Le Bourget", "93013"),
    ("Drancy", "93029"),
    ("Dugny", "93030"),
    ("Sevran", "93071"),
    ("Tremblay-en-France", "93073"),
    ("Villepinte", "93078"),
]
# Rough weight by population, so the communes are not uniformly spread.
COMMUNE_WEIGHTS = [86, 57, 17, 72, 11, 51, 36, 37]

TYPES = ["bureau", "commerce", "activité", "stockage", "salle"]
TYPE_WEIGHTS = [35, 25, 15, 15, 10]
# Monthly rent excluding charges, euros per m², (low, high) by type.
RENT_PER_M2 = {
    "bureau": (9.0, 18.0),
    "commerce": (10.0, 25.0),
    "activité": (6.0, 12.0),
    "stockage": (3.0, 8.0),
    "salle": (5.0, 15.0),
}
# Surface in m², (low, high) by type; drawn log-uniformly.
SURFACE_RANGE = {
    "bureau": (9.0, 1800.0),
    "commerce": (15.0, 1500.0),
    "activité": (40.0, 4500.0),
    "stockage": (6.0, 3000.0),
    "salle": (20.0, 600.0),
}

BAUX = [
    "bail commercial",
    "convention d'occupation temporaire",
    "bail associatif",
    "mise à disposition",
]
BAIL_WEIGHTS = [40, 25, 20, 15]

ETAGES = ["RDC", "1er", "2e", "-1"]
ETAGE_WEIGHTS = [55, 25, 12, 8]

PMR = ["oui", "non"]
PMR_WEIGHTS = [45, 55]

STREET_KINDS = ["rue", "rue", "rue", "avenue", "avenue", "boulevard", "allée", "place",
                "chemin", "impasse", "route", "cours"]
STREET_NAMES = [
    "Jean Jaurès", "de la République", "Victor Hugo", "Gabriel Péri", "Paul Vaillant-Couturier",
    "Henri Barbusse", "Anatole France", "Pasteur", "Jules Ferry", "Roger Salengro",
    "du Général de Gaulle", "de Paris", "Karl Marx", "Maurice Thorez", "Pierre Sémard",
    "Louise Michel", "Jean Moulin", "Danielle Casanova", "des Écoles", "de la Gare",
    "du 8 Mai 1945", "Émile Zola", "Aristide Briand", "de Verdun", "Marcel Cachin",
    "du Marché", "de l'Église", "Charles de Gaulle", "Salvador Allende", "Lucie Aubrac",
    "Georges Brassens", "de la Division Leclerc", "Camille Desmoulins", "des Tilleuls",
    "Édouard Vaillant", "de Flandre", "des Sabliers", "de la Paix", "Robespierre",
    "Youri Gagarine", "Pablo Neruda", "du Stade", "des Marronniers", "Lénine",
    "Albert Einstein", "Nelson Mandela", "Simone Veil", "de Sevran", "du Bois", "des Postes",
]

FIRST_NAMES = [
    "camille", "lea", "nadia", "karim", "sophie", "thomas", "fatou", "julien", "ines",
    "mehdi", "claire", "yacine", "aminata", "nicolas", "sarah", "moussa", "laura", "samir",
    "elodie", "david", "aicha", "marc", "julie", "rachid", "chloe", "antoine", "myriam",
    "olivier", "kenza", "pierre",
]
LAST_NAMES = [
    "martin", "bernard", "diallo", "dubois", "benali", "moreau", "traore", "laurent",
    "haddad", "lefebvre", "nguyen", "garcia", "mercier", "kone", "petit", "roux", "fontaine",
    "bensaid", "girard", "camara", "lambert", "faure", "mendy", "rousseau", "cisse",
]
GENERIC_MAILBOXES = ["contact", "immobilier", "patrimoine", "locaux", "ess", "gestion"]
DOMAINS = ["gmail.com", "orange.fr", "free.fr", "laposte.net", "outlook.fr", "bailleur93.fr",
           "ess-nordest.org", "sem-territoire.fr"]

REMARKS_PLAIN = [
    "Local refait à neuf",
    "Vitrine sur rue",
    "Proche RER B",
    "Proche gare",
    "Parking en sous-sol",
    "Accès poids lourds",
    "Cuisine équipée",
    "Travaux à prévoir",
    "Libre immédiatement après état des lieux",
    "Quai de chargement, hauteur sous plafond 6 m",
    "Chauffage collectif, eau comprise",
    "Partage possible avec une autre structure",
]
# Raw values containing ';' (need quoting).
REMARKS_SEMICOLON = [
    "Vitrine; accès livraison",
    "Sanitaires PMR; douche",
    "Accès badge; gardiennage la nuit",
    "Cour intérieure; local vélos",
    "Rideau métallique; alarme",
    "Loyer progressif; franchise 3 mois",
]
# Raw values containing '"' (quoted, with inner quotes doubled).
REMARKS_QUOTES = [
    'Ancien local "La Poste"',
    'Dit "la halle", à rénover',
    'Voisin de l\'association "Les Jardins du Nord"; accès commun',
    'Surface "utile" estimée',
]


def csv_field(value: str) -> str:
    """Quote a field the way a spreadsheet export does: only when needed."""
    if ";" in value or '"' in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def format_decimal(value: float, decimals: int, group_thousands: bool) -> str:
    """French number: decimal comma, optional space as thousands separator."""
    text = f"{value:.{decimals}f}"
    if decimals:
        int_part, frac = text.split(".")
    else:
        int_part, frac = text, ""
    if group_thousands and len(int_part) > 3:
        groups = []
        while len(int_part) > 3:
            groups.append(int_part[-3:])
            int_part = int_part[:-3]
        groups.append(int_part)
        int_part = " ".join(reversed(groups))
    return int_part + ("," + frac if frac else "")


def build_pools(rng: random.Random):
    """Precompute the finite value pools once."""
    addresses = []
    for number in range(1, 200):
        for suffix in ["", " bis", " ter"] if number % 21 == 0 else [""]:
            for kind in STREET_KINDS:
                for name in STREET_NAMES:
                    addresses.append(f"{number}{suffix} {kind} {name}")
    # Shuffled with the seeded generator so pool order does not correlate with numbers.
    rng.shuffle(addresses)

    start = dt.date(2026, 1, 1)
    end = dt.date(2027, 12, 31)
    dates = [(start + dt.timedelta(days=i)).strftime("%d/%m/%Y") for i in range((end - start).days + 1)]

    emails = []
    for first in FIRST_NAMES:
        for last in LAST_NAMES:
            for domain in DOMAINS[:5]:
                emails.append(f"{first}.{last}@{domain}")
    for box in GENERIC_MAILBOXES:
        for name, _ in COMMUNES:
            slug = name.lower().replace(" ", "-").replace("é", "e")
            emails.append(f"{box}@mairie-{slug}.fr")
        for domain in DOMAINS[5:]:
            emails.append(f"{box}@{domain}")
    rng.shuffle(emails)

    remarks = ([""] * 850
               + [csv_field(r) for r in REMARKS_PLAIN] * 8          # ~9.6 %
               + [csv_field(r) for r in REMARKS_SEMICOLON] * 6      # ~3.6 %
               + [csv_field(r) for r in REMARKS_QUOTES] * 3)        # ~1.2 %
    return addresses, dates, emails, remarks


def generate(rows: int, out_path: str, seed: int, chunk: int = 100_000) -> None:
    rng = random.Random(seed)
    addresses, dates, emails, remarks = build_pools(rng)
    communes = [f"{name};{code}" for name, code in COMMUNES]  # two fields at once
    type_params = {}
    for t in TYPES:
        lo, hi = SURFACE_RANGE[t]
        rlo, rhi = RENT_PER_M2[t]
        type_params[t] = (lo, hi / lo, rlo, rhi - rlo)

    rand = rng.random
    choices = rng.choices
    fmt = format_decimal
    width = max(7, len(str(rows)))

    tmp_path = out_path + ".part"
    with open(tmp_path, "w", encoding="utf-8", newline="", buffering=1 << 20) as out:
        out.write(";".join(HEADER) + "\r\n")
        done = 0
        while done < rows:
            n = min(chunk, rows - done)
            c_commune = choices(communes, COMMUNE_WEIGHTS, k=n)
            c_address = choices(addresses, k=n)
            c_type = choices(TYPES, TYPE_WEIGHTS, k=n)
            c_bail = choices(BAUX, BAIL_WEIGHTS, k=n)
            c_date = choices(dates, k=n)
            c_etage = choices(ETAGES, ETAGE_WEIGHTS, k=n)
            c_pmr = choices(PMR, PMR_WEIGHTS, k=n)
            c_email = choices(emails, k=n)
            c_remark = choices(remarks, k=n)

            lines = []
            append = lines.append
            for i in range(n):
                kind = c_type[i]
                lo, ratio, rlo, rspan = type_params[kind]
                surface = round(lo * ratio ** rand(), 1)
                # About a third of the surfaces are whole numbers ("45"), the others have
                # one decimal ("45,5"); 80 % of those >= 1000 get a thousands space.
                r = rand()
                if r < 0.33:
                    surface = float(round(surface))
                    s_text = fmt(surface, 0, r < 0.264)
                else:
                    s_text = fmt(surface, 1, r < 0.866)
                rent = round(surface * (rlo + rspan * rand()), -1 if r < 0.5 else 0)
                charges = round(rent * 0.12 * rand(), 2) if r > 0.05 else 0.0
                ref = done + i + 1
                rent_text = f"{rent:.2f}".replace(".", ",")
                charges_text = f"{charges:.2f}".replace(".", ",")
                append(
                    f"LOC-{ref:0{width}d};{c_commune[i]};{c_address[i]};{kind};{s_text};"
                    f"{rent_text};{charges_text};{c_bail[i]};{c_date[i]};{c_etage[i]};"
                    f"{c_pmr[i]};{c_email[i]};{c_remark[i]}\r\n"
                )
            out.write("".join(lines))
            done += n
    os.replace(tmp_path, out_path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int, help="number of data rows (header not counted)")
    parser.add_argument("out", help="output CSV path")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    args = parser.parse_args(argv)
    if args.rows < 0:
        parser.error("ROWS must be >= 0")
    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    started = time.perf_counter()
    generate(args.rows, args.out, args.seed)
    elapsed = time.perf_counter() - started
    size = os.path.getsize(args.out)
    print(f"gen-inventory: {args.rows} rows, {size} bytes -> {args.out} "
          f"(seed {args.seed}, {elapsed:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

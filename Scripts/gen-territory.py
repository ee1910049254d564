#!/usr/bin/env python3
"""Generate deterministic registers of ESS structures and of their needs (besoins), in the
formats of Imports/structures.csv and Imports/besoins.csv, sized for a territory-scale benchmark.

Usage: gen-territory.py STRUCTURES NEEDS STRUCTURES.csv NEEDS.csv [--seed N]

structures.csv: UTF-8 with BOM, ';', CRLF (as Excel "CSV UTF-8" writes), header
  Référence;Nom;SIRET;Forme juridique;Catégorie juridique;Secteur;ETP;Lauréat AAP;Contact;Commune;Remarques
  references S00001…; about 80 % have a valid SIRET (Luhn on the SIREN and the SIRET, all distinct;
  plain, spaced or dotted), the rest none; decimal-comma ETP; some laureates; communes of the
  8-commune territory in any spelling; a few remarks with a quoted ';'.
besoins.csv: UTF-8, ';', LF, header
  Référence;Structure;Surface min (m²);Surface max (m²);Budget mensuel max (€);Communes souhaitées;
  Types de locaux;Disponible à partir du;Durée minimale (mois);PMR requis;Baux acceptés;
  Date de la demande;Statut;Remarques
  references B00001…, all active; the structure by reference (about 5 % by SIRET); surfaces,
  budgets and types drawn to fit the premises of Scripts/gen-inventory.py (same types, surfaces
  and rents per m²), so that each need has a realistic number of eligible premises; communes in
  order of preference separated by '|' (about 10 % empty = any commune); dd/mm/yyyy dates.

Every row is valid. The same arguments always give the same bytes (standard library only).
"""

import argparse
import datetime as dt
import math
import os
import random
import sys
import time

STRUCTURE_HEADER = ("Référence;Nom;SIRET;Forme juridique;Catégorie juridique;Secteur;ETP;Lauréat AAP;"
                    "Contact;Commune;Remarques")
NEED_HEADER = ("Référence;Structure;Surface min (m²);Surface max (m²);Budget mensuel max (€);"
               "Communes souhaitées;Types de locaux;Disponible à partir du;Durée minimale (mois);"
               "PMR requis;Baux acceptés;Date de la demande;Statut;Remarques")

# (name, postal code, spellings people use) — the territory of Imports/territoire.csv.
COMMUNES = [
    ("Aulnay-sous-Bois", "93600", ["Aulnay-sous-Bois", "Aulnay-sous-Bois", "AULNAY SOUS BOIS", "Aulnay", "93600"]),
    ("Le Blanc-Mesnil", "93150", ["Le Blanc-Mesnil", "Le Blanc-Mesnil", "Blanc-Mesnil", "93150"]),
    ("Le Bourget", "93350", ["Le Bourget", "Le Bourget", "LE BOURGET", "Bourget"]),
    ("Drancy", "93700", ["Drancy", "Drancy", "DRANCY", "93700"]),
    ("Dugny", "93440", ["Dugny", "Dugny", "DUGNY"]),
    ("Sevran", "93270", ["Sevran", "Sevran", "SEVRAN", "93270"]),
    ("Tremblay-en-France", "93290", ["Tremblay-en-France", "Tremblay-en-France", "Tremblay en France", "Tremblay"]),
    ("Villepinte", "93420", ["Villepinte", "Villepinte", "VILLEPINTE", "93420"]),
]
# Same weights as gen-inventory.py (rough population).
COMMUNE_WEIGHTS = [86, 57, 17, 72, 11, 51, 36, 37]

# (Forme juridique, Catégorie juridique) as the register writes them.
FORMS = [
    ("Association loi 1901", ""), ("Association loi 1901", "9220"), ("Association", ""),
    ("association", "9220"), ("", "9220"), ("SCOP SARL", "5458"), ("SCOP", ""), ("", "5658"),
    ("SCIC SAS", ""), ("Société coopérative d'intérêt collectif", ""), ("Coopérative", ""),
    ("", "5560"), ("Mutuelle", "8210"), ("Fondation", ""), ("", "9300"), ("Entreprise ESUS", ""),
    ("SAS agréée ESUS", ""),
]
FORM_WEIGHTS = [30, 12, 8, 4, 4, 5, 3, 1, 4, 2, 3, 1, 3, 2, 1, 4, 3]
SECTORS = ["Insertion", "Réemploi", "Recyclage", "Culture", "Mobilité", "Alimentation",
           "Services à la personne", "Numérique", "Environnement", "Bâtiment", "Sport"]
SECTOR_WEIGHTS = [16, 10, 4, 14, 6, 12, 12, 8, 8, 5, 5]
NAME_KINDS = ["Ressourcerie", "Épicerie solidaire", "Atelier vélo", "Compagnie", "Régie de quartier",
              "Tiers-lieu", "Chantier d'insertion", "Repair Café", "Jardin partagé", "Coopérative",
              "Atelier textile", "Recyclerie", "Maison des associations", "Cuisine solidaire",
              "Fablab", "Garage solidaire", "Crèche associative", "Collectif"]
NAME_WORDS = ["La Trame", "Le Galion", "Roue Libre", "L'Envol", "Les Semeurs", "Le Canal", "La Fabrique",
              "Les Mains Tendues", "Fil & Fibre", "Le Vieux-Pays", "La Ruche", "Les Tilleuls", "L'Escale",
              "Le Relais", "La Passerelle", "Les Communs", "Le Pont", "La Source", "Le Quai", "L'Atelier"]
FIRST = ["Nadia", "Karim", "Camille", "Thomas", "Fatoumata", "Julien", "Inès", "Mehdi", "Claire",
         "Yacine", "Aminata", "Nicolas", "Sarah", "Moussa", "Laura", "Samir", "Élodie", "David"]
LAST = ["Benkirane", "Diallo", "Rousseau", "Lefèvre", "Haddad", "Moreau", "Traoré", "Nguyen",
        "Garcia", "Mercier", "Koné", "Petit", "Fontaine", "Camara", "Lambert", "Mendy", "Cissé"]
REMARKS = ["", "", "", "", "", "", "Cherche un local plus grand", "Activité en soirée",
           "Bénévoles uniquement", "\"Accès livraison ; quai souhaité\"", "Proche d'une gare RER",
           "\"Partage possible ; horaires décalés\""]

# Premises of gen-inventory.py: types, surfaces (m², log-uniform), monthly rent per m².
TYPES = ["bureau", "commerce", "activité", "stockage", "salle"]
TYPE_WEIGHTS = [35, 25, 15, 15, 10]
TYPE_SPELLINGS = {"bureau": ["bureau"], "commerce": ["commerce", "commerce"], "activité": ["activité", "atelier"],
                  "stockage": ["stockage"], "salle": ["salle"]}
SURFACE_RANGE = {"bureau": (9.0, 1800.0), "commerce": (15.0, 1500.0), "activité": (40.0, 4500.0),
                 "stockage": (6.0, 3000.0), "salle": (20.0, 600.0)}
RENT_PER_M2 = {"bureau": (9.0, 18.0), "commerce": (10.0, 25.0), "activité": (6.0, 12.0),
               "stockage": (3.0, 8.0), "salle": (5.0, 15.0)}
LEASES = ["bail commercial", "convention d'occupation temporaire", "bail associatif", "mise à disposition"]


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        d = ord(char) - 48
        if position % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def with_check_digit(body: str) -> str:
    for last in "0123456789":
        if luhn_ok(body + last):
            return body + last
    raise AssertionError("no Luhn digit")


def new_siret(rng: random.Random, seen: set) -> str:
    while True:
        siren = with_check_digit(f"{rng.randrange(10_000_000, 100_000_000):08d}")
        if siren.startswith("356"):
            continue  # stay clear of La Poste's exception
        siret = with_check_digit(siren + f"{rng.randrange(0, 10_000):04d}")
        if siret not in seen:
            seen.add(siret)
            return siret


def spell_siret(siret: str, r: float) -> str:
    if r < 0.5:
        return siret
    if r < 0.85:
        return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    return f"{siret[:3]}.{siret[3:6]}.{siret[6:9]}.{siret[9:]}"


def french(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}".replace(".", ",")
    return text


def money(value: float, style: float) -> str:
    """900 / 1 200 € / 1 800,50 / 2 200,00 €."""
    whole = int(round(value))
    grouped = f"{whole:,}".replace(",", " ")
    if style < 0.4:
        return str(whole)
    if style < 0.75:
        return grouped + " €"
    if style < 0.9:
        return french(value, 2) if whole < 1000 else grouped + "," + f"{value:.2f}".split(".")[1]
    return grouped + ",00 €"


def generate_structures(n: int, path: str, rng: random.Random):
    width = max(5, len(str(n)))
    seen = set()
    sirets = []
    lines = [STRUCTURE_HEADER]
    for i in range(1, n + 1):
        ref = f"S{i:0{width}d}"
        name = f"{rng.choice(NAME_KINDS)} {rng.choice(NAME_WORDS)} {i}"
        siret = new_siret(rng, seen) if rng.random() < 0.8 else ""
        sirets.append(siret)
        form, code = rng.choices(FORMS, FORM_WEIGHTS)[0]
        sector = rng.choices(SECTORS, SECTOR_WEIGHTS)[0]
        etp = "" if rng.random() < 0.1 else french(round(rng.uniform(0, 60) * rng.random(), 1), 1).replace(",0", "")
        laureate = rng.choice(["2023", "2024", "2025"]) if rng.random() < 0.12 else ""
        first, last = rng.choice(FIRST), rng.choice(LAST)
        mail = f"contact{i}@structure-ess.fr"
        contact = f"{first} {last} – {mail} – 01 99 00 {rng.randrange(100):02d} {rng.randrange(100):02d}"
        commune = rng.choice(rng.choices(COMMUNES, COMMUNE_WEIGHTS)[0][2])
        remark = rng.choice(REMARKS)
        lines.append(";".join([ref, name, spell_siret(siret, rng.random()) if siret else "", form, code, sector,
                               etp, laureate, contact, commune, remark]))
    write(path, lines, "\r\n", bom=True)
    return sirets


def generate_needs(n: int, structures: int, sirets, path: str, rng: random.Random):
    width = max(5, len(str(n)))
    s_width = max(5, len(str(structures)))
    start = dt.date(2026, 1, 1)
    wanted_days = (dt.date(2027, 12, 31) - start).days
    request_start = dt.date(2025, 1, 1)
    request_days = (dt.date(2026, 11, 15) - request_start).days
    lines = [NEED_HEADER]
    for i in range(1, n + 1):
        ref = f"B{i:0{width}d}"
        s = rng.randrange(structures)
        structure = f"S{s + 1:0{s_width}d}"
        if sirets[s] and rng.random() < 0.05:
            structure = spell_siret(sirets[s], rng.random())
        # Types: one (70 %) or two (20 %) or any (10 %); the first one sets surface and budget.
        r = rng.random()
        main_type = rng.choices(TYPES, TYPE_WEIGHTS)[0]
        kinds = [main_type]
        if r < 0.2:
            other = rng.choices(TYPES, TYPE_WEIGHTS)[0]
            if other != main_type:
                kinds.append(other)
        types = "" if r > 0.9 else "|".join(rng.choice(TYPE_SPELLINGS[k]) for k in kinds)
        lo, hi = SURFACE_RANGE[main_type]
        lo, hi = max(lo, 15.0), min(hi, 800.0)
        smin = lo * (hi / lo) ** rng.random()
        smax = min(smin * rng.uniform(1.3, 2.5), 1200.0)
        smin = round(smin) if rng.random() < 0.8 else round(smin, 1)
        smax = max(round(smax), math.ceil(smin))
        # Budget: around the middle surface at a typical rent, 5 % without budget.
        rlo, rhi = RENT_PER_M2[main_type]
        budget = "" if rng.random() < 0.05 else money((smin + smax) / 2 * rng.uniform(rlo, rhi) * rng.uniform(0.8, 1.3), rng.random())
        # Communes in order of preference: one to three, 10 % any.
        r = rng.random()
        if r < 0.1:
            communes = ""
        else:
            count = 1 if r < 0.5 else (2 if r < 0.8 else 3)
            picked = []
            while len(picked) < count:
                c = rng.choices(range(len(COMMUNES)), COMMUNE_WEIGHTS)[0]
                if c not in picked:
                    picked.append(c)
            communes = "|".join(rng.choice(COMMUNES[c][2]) for c in picked)
        wanted = "" if rng.random() < 0.2 else (start + dt.timedelta(days=rng.randrange(wanted_days + 1))).strftime("%d/%m/%Y")
        duration = rng.choice(["", "12", "24", "36", "60"])
        pmr = rng.choices(["oui", "non", ""], [15, 70, 15])[0]
        r = rng.random()
        leases = "" if r < 0.6 else "|".join(rng.sample(LEASES, 1 if r < 0.8 else (2 if r < 0.95 else 3)))
        requested = (request_start + dt.timedelta(days=rng.randrange(request_days + 1))).strftime("%d/%m/%Y")
        status = rng.choices(["Actif", "actif", "ACTIF"], [80, 15, 5])[0]
        remark = rng.choice(REMARKS)
        lines.append(";".join([ref, structure, french(smin, 1).replace(",0", "") if smin != int(smin) else str(int(smin)),
                               str(smax), budget, communes, types, wanted, duration, pmr, leases, requested, status, remark]))
    write(path, lines, "\n", bom=False)


def write(path: str, lines, newline: str, bom: bool):
    os.makedirs(os.path.dirname(os.path.abspath(path)) or ".", exist_ok=True)
    tmp = path + ".part"
    with open(tmp, "w", encoding="utf-8-sig" if bom else "utf-8", newline="", buffering=1 << 20) as out:
        out.write(newline.join(lines) + newline)
    os.replace(tmp, path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("structures", type=int)
    parser.add_argument("needs", type=int)
    parser.add_argument("structures_csv")
    parser.add_argument("needs_csv")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    if args.structures < 1 or args.needs < 0:
        parser.error("STRUCTURES >= 1 and NEEDS >= 0 required")
    started = time.perf_counter()
    rng = random.Random(f"territory-{args.structures}-{args.needs}-{args.seed}")
    sirets = generate_structures(args.structures, args.structures_csv, rng)
    generate_needs(args.needs, args.structures, sirets, args.needs_csv, rng)
    print(f"gen-territory: {args.structures} structures -> {args.structures_csv}, {args.needs} needs -> "
          f"{args.needs_csv} (seed {args.seed}, {time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Browser journeys through the portal, as its users make them (Scripts/browser-test.sh starts
the server on a fresh demo database and passes its address and the accounts' passwords).

Chromium from Debian, driven by Playwright (no browser download); axe-core on every page
visited, which must find no serious or critical violation; a screenshot of each page in
Scripts/out/browser/. Exits non-zero at the first journey that fails, saying which.
"""
import asyncio
import csv
import io
import os
import re
import sys

from axe_playwright_python.async_playwright import Axe
from playwright.async_api import async_playwright

BASE = os.environ["PORTAIL"]
PASSWORD = os.environ["MOT_DE_PASSE"]
OUT = os.environ.get("CAPTURES", "Scripts/out/browser")
FILES = os.environ["FICHIERS"]
axe = Axe()
pages_checked = []
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("ÉCHEC :", message)


async def visit(page, name):
    """Checks the page now shown with axe and keeps its screenshot."""
    results = await axe.run(page)
    serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    for violation in serious:
        targets = [node["target"] for node in violation["nodes"]][:3]
        check(False, f"axe sur {name} ({page.url}) : {violation['id']} ({violation['impact']}) {violation['help']} {targets}")
    await page.screenshot(path=f"{OUT}/{name}.png", full_page=True)
    pages_checked.append(name)


async def sign_in(browser, email, password=PASSWORD):
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", accept_downloads=True)
    page = await context.new_page()
    await page.goto(BASE + "/connexion")
    await page.get_by_label("Adresse électronique").fill(email)
    await page.get_by_label("Mot de passe").fill(password)
    await page.get_by_role("button", name="Se connecter").click()
    await page.wait_for_load_state()
    check(page.url.rstrip("/") == BASE, f"{email} n'arrive pas au tableau de bord après connexion ({page.url})")
    return context, page


async def download_text(page, link_name):
    async with page.expect_download() as info:
        await page.get_by_role("link", name=link_name).first.click()
    download = await info.value
    path = await download.path()
    with open(path, encoding="utf-8-sig") as handle:
        return handle.read()


async def main():
    os.makedirs(OUT, exist_ok=True)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])

        # The sign-in page, and keyboard only: the skip link comes first.
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        page = await context.new_page()
        await page.goto(BASE + "/connexion")
        await visit(page, "01-connexion")
        await page.keyboard.press("Tab")
        focused = await page.evaluate("document.activeElement.textContent")
        check("Aller au contenu" in focused, f"le premier arrêt au clavier n'est pas le lien d'évitement ({focused!r})")
        await page.get_by_label("Adresse électronique").fill("direction@demo.bourse.fr")
        await page.get_by_label("Mot de passe").fill("pas le bon mot de passe")
        await page.get_by_role("button", name="Se connecter").click()
        check(await page.get_by_text("Adresse ou mot de passe incorrect.").count() == 1, "pas de message après un mauvais mot de passe")
        await visit(page, "02-connexion-refusee")
        await context.close()

        # 1. The Direction creates a commune account for Sevran.
        direction_context, direction = await sign_in(browser, "direction@demo.bourse.fr")
        await visit(direction, "03-tableau-de-bord")
        check(await direction.locator("svg path.commune").count() == 8, "la carte n'a pas ses 8 communes")
        await direction.get_by_role("link", name="Comptes").click()
        await visit(direction, "04-comptes")
        await direction.get_by_label("Adresse électronique").fill("agent@sevran.fr")
        await direction.get_by_label("Nom").fill("Agent de Sevran")
        await direction.get_by_label("Rôle").select_option("commune")
        await direction.get_by_label("Source").select_option("sevran")
        await direction.get_by_label("Mot de passe initial").fill(PASSWORD)
        await direction.get_by_role("button", name="Créer le compte").click()
        check(await direction.get_by_text("Compte créé pour agent@sevran.fr.").count() == 1, "le compte de Sevran n'est pas créé")
        await visit(direction, "05-compte-cree")

        # 2. Sevran's agent deposits a CSV with bad lines, reads each reject, downloads them.
        sevran_context, sevran = await sign_in(browser, "agent@sevran.fr")
        await sevran.get_by_role("link", name="Déposer un inventaire").click()
        await visit(sevran, "06-depot")
        await sevran.get_by_label(re.compile("^Fichier")).set_input_files(f"{FILES}/sevran-2026-11-30.csv")
        await sevran.get_by_role("button", name="Déposer").click()
        await sevran.wait_for_load_state()
        await visit(sevran, "07-depot-resultat")
        body = await sevran.inner_text("main")
        check("enregistré" in body, "le dépôt de Sevran n'est pas enregistré")
        # The two bad lines added, and the sample's own two (a missing surface, its total line).
        check("Lignes refusées (4)" in body, f"les 4 lignes refusées ne sont pas annoncées : {body[:300]!r}")
        check("surface" in body.lower() and "abc" in body, "le motif ou le contenu brut d'un refus manque")
        rejects = await download_text(sevran, "Télécharger les lignes refusées (CSV)")
        rows = list(csv.reader(io.StringIO(rejects), delimiter=";"))
        check(rows[0] == ["Fichier", "Ligne", "Champ", "Motif", "Contenu brut"] and len(rows) == 5, f"fichier des refus inattendu : {rows}")
        refused = {row[4].split(";")[0] for row in rows[1:]}
        check({"SEV-2026-21", "SEV-2026-22", "TOTAL"} <= refused, f"refus inattendus : {refused}")
        await sevran.get_by_role("link", name="Inventaires").first.click()
        await visit(sevran, "08-inventaires-commune")

        # 3. The landlord deposits its XML.
        oph_context, oph = await sign_in(browser, "oph@demo.bourse.fr")
        await oph.get_by_role("link", name="Déposer un inventaire").click()
        await oph.get_by_label(re.compile("^Fichier")).set_input_files(f"{FILES}/oph-terres-envol-2026-11-30.xml")
        await oph.get_by_role("button", name="Déposer").click()
        await oph.wait_for_load_state()
        await visit(oph, "09-depot-bailleur")
        check("enregistré" in await oph.inner_text("main"), "le dépôt XML du bailleur n'est pas enregistré")

        # 4. The Direction runs a round, opens an explanation, accepts.
        await direction.get_by_role("link", name="Tours d'appariement").click()
        await visit(direction, "10-tours")
        await direction.get_by_label("Graine du tirage au sort").fill("7")
        await direction.get_by_role("button", name="Lancer le tour").click()
        await direction.wait_for_load_state()
        check(re.search(r"/tours/\d+$", direction.url) is not None, f"le tour lancé ne s'affiche pas ({direction.url})")
        round_id = direction.url.rsplit("/", 1)[1]
        await visit(direction, "11-tour")
        explanation = direction.get_by_role("link", name=re.compile("pourquoi"))
        check(await explanation.count() > 0, "aucune proposition à expliquer")
        await explanation.first.click()
        await visit(direction, "12-explication")
        check("Résultat : ce local lui est proposé." in await direction.inner_text("main"), "l'explication ne dit pas que le local est proposé")
        await direction.go_back()
        await direction.get_by_role("button", name=re.compile("Accepter le tour")).click()
        check(await direction.get_by_text("Tour accepté.").count() == 1, "le tour n'est pas accepté")
        await visit(direction, "13-tour-accepte")
        await direction.get_by_role("link", name="Journal").click()
        await visit(direction, "14-journal")
        journal = await direction.inner_text("main")
        check("tour accepté" in journal and "dépôt" in journal and "compte créé" in journal, "le journal ne garde pas les actions")

        # The Direction's other pages: sorted premises, one premises, sources, registers, reports.
        await direction.goto(BASE + "/locaux?tri=surface&ordre=desc")
        await visit(direction, "14b-locaux-tries")
        await direction.get_by_role("link", name=re.compile(r"^\d+$")).first.click()
        await visit(direction, "14c-local")
        check("Historique" in await direction.inner_text("main"), "la page d'un local n'a pas son historique")
        for path, name in (("/sources", "14d-sources"), ("/registres", "14e-registres"), ("/rapports", "14f-rapports"),
                           ("/rapports/evolution.html", "14g-rapport-evolution")):
            response = await direction.goto(BASE + path)
            check(response.status == 200, f"{path} : statut {response.status}")
            await visit(direction, name)

        # 5. The landlord downloads its report and finds only its own premises.
        await oph.get_by_role("link", name="Rapports d'appariement").click()
        await visit(oph, "15-rapports-bailleur")
        report_csv = await download_text(oph, "CSV")
        check("OTE-" in report_csv, "le rapport du bailleur ne contient pas ses locaux")
        for stranger in ("AUL-", "DRA-", "SEV-2026", "LOT-", "TEF-", "DUG-"):
            check(stranger not in report_csv, f"le rapport du bailleur contient un local d'un autre ({stranger})")
        report_url = f"{BASE}/bailleurs/oph-terres-envol/tours/{round_id}/rapport.html"
        await oph.goto(report_url)
        check("OTE-" in await oph.content(), "la page du rapport du bailleur est vide")
        await oph.screenshot(path=f"{OUT}/16-rapport-bailleur.png", full_page=True)

        # 6. A commune's agent opening that report's address is refused.
        response = await sevran.goto(report_url)
        check(response.status == 404, f"un agent de commune ouvre le rapport d'un bailleur (statut {response.status})")
        await visit(sevran, "17-rapport-refuse")
        response = await sevran.goto(BASE + f"/tours/{round_id}")
        check(response.status == 403, f"un agent de commune ouvre un tour (statut {response.status})")

        for context in (direction_context, sevran_context, oph_context):
            await context.close()
        await browser.close()

    print(f"{len(pages_checked)} pages vérifiées par axe ; captures dans {OUT}/")
    if failures:
        print(f"{len(failures)} échec(s).")
        sys.exit(1)
    print("Parcours du portail : tous réussis.")


asyncio.run(main())

import Foundation
import Testing

/// `bourse report evolution|indicators|landlord` end to end: every format, the landlord files,
/// and the errors a user can make.
@Suite("bourse report (formats, fichiers par bailleur)")
struct ReportCommandTests {
    /// Drancy's two premises, two landlords with two and one premises, two structures and their
    /// needs, round 1 of 01/06/2026 accepted on 02/06/2026.
    private func loaded() throws -> WorkFolder {
        let folder = try WorkFolder()
        try folder.write("drancy.csv", """
            Référence;Commune;Type;Surface;Loyer mensuel
            D-1;Drancy;bureau;50;500
            D-2;Drancy;commerce;100;1000

            """)
        try folder.write("ssdh.csv", """
            Référence;Commune;Adresse;Type;Surface;Loyer mensuel;Loyer de marché
            H-1;Sevran;1 rue Lénine;bureau;45,5;400;800
            H-2;Sevran;"=2+3";stockage;300;900;

            """)
        try folder.write("autre.csv", """
            Référence;Commune;Type;Surface;Loyer mensuel
            Z-1;Sevran;bureau;48;450

            """)
        try folder.write("structures.csv", """
            Référence;Nom;Forme juridique;Secteur;ETP;Contact
            S1;Atelier Partagé;association;réemploi;4;+33 1 02 03 04 05
            S2;Café Culturel;SCOP;culture;2;cafe@exemple.fr

            """)
        try folder.write("besoins.csv", """
            Référence;Structure;Surface min (m²);Surface max (m²);Budget mensuel max (€);Communes souhaitées;Types de locaux;Statut
            B1;S1;40;50;600;Sevran;bureau;Actif
            B2;S2;40;60;700;Sevran|Drancy;bureau;Actif

            """)
        let steps: [[String]] = [
            ["init"],
            ["sources", "add", "ssdh", "--name", "Seine-Saint-Denis Habitat", "--kind", "bailleur"],
            ["sources", "add", "autre-bailleur", "--name", "Autre Bailleur", "--kind", "bailleur"],
            ["import", "drancy.csv", "--source", "drancy", "--date", "2026-01-15"],
            ["import", "ssdh.csv", "--source", "ssdh", "--date", "2026-02-10"],
            ["import", "autre.csv", "--source", "autre-bailleur", "--date", "2026-02-20"],
            ["structures", "import", "structures.csv"], ["needs", "import", "besoins.csv"],
            ["match", "--date", "2026-06-01"], ["place", "--round", "1", "--accept", "--date", "2026-06-02"],
        ]
        for arguments in steps {
            let run = try folder.run(arguments)
            try #require(run.status == 0, "\(arguments): \(run)")
        }
        return folder
    }

    @Test("--out writes a CSV, a JSON and an HTML page per landlord, each with its own premises only")
    func landlordFiles() throws {
        let folder = try loaded()
        let run = try folder.bourse("report", "landlord", "--round", "1", "--out", "rapports")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("Seine-Saint-Denis Habitat : 2 local(aux)"), "\(run)")
        for name in ["tour-1-ssdh", "tour-1-autre-bailleur"] {
            for ext in ["csv", "json", "html"] {
                #expect(folder.exists("rapports/\(name).\(ext)"), "\(name).\(ext)")
            }
        }
        let csv = try folder.contents("rapports/tour-1-ssdh.csv")
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let csvText = String(decoding: csv, as: UTF8.self)
        #expect(csvText.contains(";45,5;"), "\(csvText)")
        #expect(csvText.contains(";'=2+3;"), "\(csvText)")
        #expect(!csvText.contains("Z-1") && !csvText.contains("D-1"), "\(csvText)")
        let html = String(decoding: try folder.contents("rapports/tour-1-ssdh.html"), as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("H-1") && !html.contains("Z-1") && !html.contains("D-2"), "\(html)")
        let other = String(decoding: try folder.contents("rapports/tour-1-autre-bailleur.html"), as: UTF8.self)
        #expect(other.contains("Z-1") && !other.contains("H-1"), "\(other)")
        let json = try JSONSerialization.jsonObject(with: try folder.contents("rapports/tour-1-ssdh.json")) as? [String: Any]
        let premises = try #require(json?["locaux"] as? [[String: Any]])
        #expect(premises.compactMap { $0["reference"] as? String } == ["H-1", "H-2"])
        #expect(json?["date_tour"] as? String == "2026-06-01")
    }

    @Test("--out with --format writes that format only")
    func landlordFilesInOneFormat() throws {
        let folder = try loaded()
        let run = try folder.bourse("report", "landlord", "--round", "1", "--landlord", "ssdh", "--format", "html", "--out", "pages")
        #expect(run.status == 0, "\(run)")
        #expect(folder.exists("pages/tour-1-ssdh.html"))
        #expect(!folder.exists("pages/tour-1-ssdh.csv"))
        #expect(!folder.exists("pages/tour-1-autre-bailleur.html"))
    }

    @Test("On standard output: text for every landlord, the other formats for one")
    func landlordOnStandardOutput() throws {
        let folder = try loaded()
        let text = try folder.bourse("report", "landlord", "--round", "1")
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.contains("Rapport au bailleur Seine-Saint-Denis Habitat — tour n° 1 du 01/06/2026"), "\(text)")
        #expect(text.stdout.contains("Rapport au bailleur Autre Bailleur"), "\(text)")
        #expect(text.stdout.contains("proposée pour ce local"), "\(text)")

        let refused = try folder.bourse("report", "landlord", "--round", "1", "--format", "csv")
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("porte sur un seul bailleur"), "\(refused)")
        #expect(refused.hasNoBacktrace)

        let json = try folder.bourse("report", "landlord", "--round", "1", "--landlord", "ssdh", "--format", "json")
        #expect(json.status == 0, "\(json)")
        let object = try JSONSerialization.jsonObject(with: json.stdoutBytes) as? [String: Any]
        #expect(object?["bailleur"] as? String == "ssdh")

        let commune = try folder.bourse("report", "landlord", "--round", "1", "--landlord", "drancy")
        #expect(commune.status == 1, "\(commune)")
        #expect(commune.stderr.contains("n'est pas un bailleur"), "\(commune)")

        let unknown = try folder.bourse("report", "landlord", "--round", "9")
        #expect(unknown.status == 1, "\(unknown)")
        #expect(unknown.hasNoBacktrace)
    }

    @Test("Indicators in text, CSV, JSON and HTML")
    func indicatorsFormats() throws {
        let folder = try loaded()
        let csv = try folder.bourse("report", "indicators", "--year", "2026", "--format", "csv")
        #expect(csv.status == 0, "\(csv)")
        #expect(Array(csv.stdoutBytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(csv.stdout.contains("Rubrique;Indicateur;Valeur;Unité\r\n"), "\(csv)")
        #expect(csv.stdout.contains("Implantations;Implantations;2;implantations\r\n"), "\(csv)")
        let json = try folder.bourse("report", "indicators", "--year", "2026", "--format", "json")
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutBytes) as? [String: Any], "\(json)")
        #expect(object["implantations"] as? Int == 2)
        #expect(object["debut"] as? String == "2026-01-01")
        let html = try folder.bourse("report", "indicators", "--year", "2026", "--format", "html")
        #expect(html.status == 0, "\(html)")
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(html.stdout.contains("Indicateurs 2026"), "\(html)")
        #expect(html.stdout.contains("<svg"), "\(html)")
        let written = try folder.bourse("report", "indicators", "--year", "2026", "--html", "indicateurs.html")
        #expect(written.status == 0, "\(written)")
        #expect(written.stdout.contains("Indicateurs 2026"), "\(written)")
        #expect(folder.exists("indicateurs.html"))
    }

    @Test("Evolution in CSV and HTML")
    func evolutionFormats() throws {
        let folder = try loaded()
        let csv = try folder.bourse("report", "evolution", "--from", "2026-01-01", "--to", "2026-06-30", "--format", "csv")
        #expect(csv.status == 0, "\(csv)")
        // January: D-1 and D-2; February: + H-1, H-2, Z-1; June: the two placed premises leave.
        #expect(csv.stdout.contains("janvier 2026;150;2;150;0;0;0;0;1\r\n"), "\(csv)")
        #expect(csv.stdout.contains("février 2026;543,5;5;393,5;0;0;0;2;0\r\n"), "\(csv)")
        let html = try folder.bourse("report", "evolution", "--by", "quarter", "--from", "2026-01-01", "--to", "2026-06-30", "--format", "html")
        #expect(html.status == 0, "\(html)")
        #expect(html.stdout.contains("<td>T1 2026</td>"), "\(html)")
    }

    @Test("Every report's help is French and names the four formats")
    func help() throws {
        let folder = try WorkFolder()
        for report in ["evolution", "indicators", "landlord"] {
            let run = try folder.bourse("report", report, "--help")
            #expect(run.status == 0, "\(run)")
            // The help is wrapped to the terminal's width.
            let flat = run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(flat.contains("Format de sortie : text (tableau pour le terminal), csv (Excel"), "\(run)")
            #expect(flat.contains("html (page imprimable avec graphiques)"), "\(run)")
        }
    }
}

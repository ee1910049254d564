import BourseCore
import BourseReports
import BourseStore

/// Tables and JSON of the registers.
enum RegisterTables {
    static func structures(_ listings: [StructureListing]) -> TextTable {
        TextTable(
            columns: ["Référence", "Nom", "SIRET", "Forme juridique", "Libellé de la forme", "Secteur", "Libellé du secteur", "ETP", "Lauréat AAP", "Contact", "Commune", "Besoins", "Besoins actifs", "Remarques"].map { TextTable.Column($0) },
            rows: listings.map { l in
                let s = l.structure
                return [s.reference, s.name, s.siret ?? "", s.legalForm.label, s.legalFormLabel ?? "", s.sector.label, s.sectorLabel ?? "",
                        s.jobs.map { FrenchCSV.number($0) } ?? "", s.laureateYear.map(String.init) ?? "", s.contact ?? "", l.communeName ?? "",
                        String(l.needs), String(l.activeNeeds), s.remarks ?? ""]
            })
    }

    static func needs(_ listings: [NeedListing], communeNames: [String: String]) -> TextTable {
        TextTable(
            columns: ["Référence", "Structure", "Nom de la structure", "Surface min (m²)", "Surface max (m²)", "Budget mensuel max (€)", "Budget (€/m²/an)", "Communes souhaitées", "Types de locaux", "À partir du", "Durée minimale (mois)", "PMR requis", "Baux acceptés", "Date de la demande", "Statut", "Remarques"].map { TextTable.Column($0) },
            rows: listings.map { l in
                let n = l.need
                return [n.reference, l.structureReference, l.structureName, FrenchCSV.number(n.surfaceMin), FrenchCSV.number(n.surfaceMax),
                        n.budgetMonthly.map { FrenchCSV.number($0) } ?? "", n.budgetPerSquareMetreYear.map { FrenchCSV.number($0) } ?? "",
                        n.communes.isEmpty ? "toutes" : n.communes.map { communeNames[$0] ?? $0 }.joined(separator: " | "),
                        n.types.isEmpty ? "tous" : n.types.map(\.label).joined(separator: " | "), n.wantedFrom?.french ?? "",
                        n.minimumDurationMonths.map(String.init) ?? "", n.accessibleRequired ? "oui" : "non",
                        n.leaseKinds.isEmpty ? "tous" : n.leaseKinds.map(\.label).joined(separator: " | "), n.requestedOn?.french ?? "",
                        n.status.label, n.remarks ?? ""]
            })
    }

    static func json(_ listing: StructureListing) -> [String: JSONValue] {
        let s = listing.structure
        let string: (String?) -> JSONValue = { $0.map(JSONValue.string) ?? .null }
        return [
            "reference": .string(s.reference), "nom": .string(s.name), "siret": string(s.siret),
            "forme_juridique": .string(s.legalForm.rawValue), "forme_juridique_libelle": string(s.legalFormLabel),
            "secteur": .string(s.sector.rawValue), "secteur_libelle": string(s.sectorLabel),
            "etp": s.jobs.map(JSONValue.number) ?? .null, "laureat": s.laureateYear.map { .number(Double($0)) } ?? .null,
            "contact": string(s.contact), "code_insee": string(s.communeInsee), "remarques": string(s.remarks),
            "besoins": .number(Double(listing.needs)), "besoins_actifs": .number(Double(listing.activeNeeds)),
        ]
    }

    static func json(_ listing: NeedListing) -> [String: JSONValue] {
        let n = listing.need
        return [
            "reference": .string(n.reference), "structure": .string(listing.structureReference),
            "surface_min_m2": .number(n.surfaceMin), "surface_max_m2": .number(n.surfaceMax),
            "budget_mensuel": n.budgetMonthly.map(JSONValue.number) ?? .null,
            "budget_m2_an": n.budgetPerSquareMetreYear.map(JSONValue.number) ?? .null,
            "communes": .array(n.communes.map(JSONValue.string)), "types": .array(n.types.map { .string($0.rawValue) }),
            "disponible_le": n.wantedFrom.map { .string($0.iso) } ?? .null,
            "duree_min_mois": n.minimumDurationMonths.map { .number(Double($0)) } ?? .null,
            "pmr_requis": .bool(n.accessibleRequired), "baux": .array(n.leaseKinds.map { .string($0.rawValue) }),
            "date_demande": n.requestedOn.map { .string($0.iso) } ?? .null, "statut": .string(n.status.rawValue),
            "remarques": n.remarks.map(JSONValue.string) ?? .null,
        ]
    }

    static func json(_ events: [RegisterEventRecord]) -> JSONValue {
        .array(events.map { event in
            .object([
                "date": .string(event.date), "champ": .string(event.field),
                "avant": event.oldValue.map(JSONValue.string) ?? .null, "apres": event.newValue.map(JSONValue.string) ?? .null,
                "cause": .string(event.cause),
            ])
        })
    }

    static func printHistory(_ events: [RegisterEventRecord]) {
        print("\nHistorique :")
        if events.isEmpty { print("  aucun changement depuis son import") }
        for event in events {
            let date = CivilDate(iso: event.date)?.french ?? event.date
            print("  \(date)  \(event.field) : \(event.oldValue ?? "—") → \(event.newValue ?? "—")  (\(event.cause))")
        }
    }
}

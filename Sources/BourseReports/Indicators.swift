import BourseCore
import BourseStore

/// The plan's indicators for one year (action 2.2, "Éléments d'évaluation").
public struct Indicators: Sendable {
    public var year: Int
    public var start: CivilDate
    public var end: CivilDate
    /// m² available the day before the year starts and at its end (or today for the current year).
    public var availableAtStart: Double
    public var availableAtEnd: Double
    public var placements: Int
    public var placedSurface: Double
    /// By commune name: placements and m².
    public var placementsByCommune: [(commune: String, count: Int, surface: Double)]
    public var byLegalForm: [(label: String, count: Int)]
    public var bySector: [(label: String, count: Int)]
    /// Gini–Simpson index: the chance that two placed structures drawn at random differ (0 to 1).
    public var legalFormDiversity: Double
    public var sectorDiversity: Double
    /// Yearly rents of the premises offered during the year (rent known), and of the placements.
    public var annualRentsOffered: Double
    public var annualRentsPlaced: Double
    /// Solidarity discount (market rent − rent charged) per placement where the market rent is known.
    public var discounts: [(structure: String, premisesID: Int64, monthly: Double)]
    public var landlordsWithInventory: Int
    public var landlordPremisesOffered: Int
    public var landlordSurfaceOffered: Double
    public var premisesOffered: Int
    public var surfaceOffered: Double

    /// The yearly solidarity discount in euros.
    public var annualDiscount: Double { discounts.reduce(0) { $0 + $1.monthly } * 12 }

    /// Computes a year's indicators; `today` caps the end of the current year.
    public static func compute(
        year: Int, histories: [PremisesHistory], placements: [PlacementFact], inventories: [InventoryFact],
        communeNames: [String: String], today: CivilDate
    ) -> Indicators {
        let start = CivilDate(year: year, month: 1, day: 1) ?? today
        let yearEnd = CivilDate(year: year, month: 12, day: 31) ?? today
        let end = min(yearEnd, max(today, start))
        let stock = Evolution.compute(histories: histories, placements: [], inventories: [], period: .month, from: start.adding(days: -1), to: end)
        let availableAtStart = stock.first(where: { $0.end >= start.adding(days: -1) && $0.start <= start.adding(days: -1) })?.availableSurface ?? 0
        let availableAtEnd = stock.last?.availableSurface ?? 0
        let inYear = placements.filter { $0.date >= start && $0.date <= end }
        var byCommune: [String: (Int, Double)] = [:]
        for placement in inYear {
            let name = communeNames[placement.communeInsee] ?? placement.communeInsee
            byCommune[name, default: (0, 0)].0 += 1
            byCommune[name, default: (0, 0)].1 += placement.surface
        }
        func counts<T: FrenchVocabulary>(_ values: [T]) -> [(String, Int)] {
            var result: [T: Int] = [:]
            for value in values { result[value, default: 0] += 1 }
            return result.map { ($0.key.label, $0.value) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        }
        func giniSimpson(_ counts: [(String, Int)]) -> Double {
            let total = Double(counts.reduce(0) { $0 + $1.1 })
            guard total > 0 else { return 0 }
            return 1 - counts.reduce(0) { $0 + pow2(Double($1.1) / total) }
        }
        let legal = counts(inYear.map(\.legalForm))
        let sectors = counts(inYear.map(\.sector))
        let offered = histories.filter { $0.offeredOn >= start && $0.offeredOn <= end && $0.initialStatus == .available }
        let landlordsOffered = offered.filter { $0.sourceKind == .landlord }
        var discounts: [(String, Int64, Double)] = []
        for placement in inYear {
            if let market = placement.marketRent, let rent = placement.rentMonthly, market > rent {
                discounts.append((placement.structureName, placement.premisesID, market - rent))
            }
        }
        return Indicators(
            year: year, start: start, end: end, availableAtStart: availableAtStart, availableAtEnd: availableAtEnd,
            placements: inYear.count, placedSurface: inYear.reduce(0) { $0 + $1.surface },
            placementsByCommune: byCommune.map { ($0.key, $0.value.0, $0.value.1) }.sorted { $0.commune < $1.commune },
            byLegalForm: legal, bySector: sectors, legalFormDiversity: giniSimpson(legal), sectorDiversity: giniSimpson(sectors),
            annualRentsOffered: offered.reduce(0) { $0 + ($1.rentMonthly ?? 0) * 12 },
            annualRentsPlaced: inYear.reduce(0) { $0 + ($1.rentMonthly ?? 0) * 12 },
            discounts: discounts,
            landlordsWithInventory: Set(inventories.filter { $0.sourceKind == .landlord && $0.date >= start && $0.date <= end }.map(\.sourceID)).count,
            landlordPremisesOffered: landlordsOffered.count, landlordSurfaceOffered: landlordsOffered.reduce(0) { $0 + $1.initialSurface },
            premisesOffered: offered.count, surfaceOffered: offered.reduce(0) { $0 + $1.initialSurface })
    }

    /// The change of the available m² over the year in percent, when the year started with some.
    public var availableChangePercent: Double? {
        availableAtStart > 0 ? (availableAtEnd - availableAtStart) / availableAtStart * 100 : nil
    }

    /// `+12,5 %`, when the year started with available m².
    public var changeText: String? {
        availableChangePercent.map { "\($0 >= 0 ? "+" : "")\(FrenchNumber.format($0, decimals: 1))\u{A0}%" }
    }

    /// The indicators as French text for a terminal.
    public func text() -> String {
        var lines: [String] = []
        let percent = changeText.map { " (\($0))" } ?? ""
        lines.append("Indicateurs \(year) (du \(start.french) au \(end.french))")
        lines.append("")
        lines.append("Évolution des m² disponibles : \(FrenchNumber.squareMetres(availableAtStart)) au \(start.adding(days: -1).french) → \(FrenchNumber.squareMetres(availableAtEnd)) au \(end.french)\(percent)")
        lines.append("Offre de l'année : \(premisesOffered) local(aux), \(FrenchNumber.squareMetres(surfaceOffered)) ; loyers annuels proposés \(FrenchNumber.euros(annualRentsOffered))")
        lines.append("")
        lines.append("Implantations : \(placements), \(FrenchNumber.squareMetres(placedSurface)) ; loyers annuels pratiqués \(FrenchNumber.euros(annualRentsPlaced))")
        for entry in placementsByCommune {
            lines.append("  \(entry.commune) : \(entry.count), \(FrenchNumber.squareMetres(entry.surface))")
        }
        lines.append("")
        lines.append("Nature des structures implantées (formes juridiques) — diversité \(FrenchNumber.format(legalFormDiversity, decimals: 2)) :")
        for entry in byLegalForm { lines.append("  \(entry.label) : \(entry.count)") }
        lines.append("Secteurs — diversité \(FrenchNumber.format(sectorDiversity, decimals: 2)) :")
        for entry in bySector { lines.append("  \(entry.label) : \(entry.count)") }
        lines.append("(indice de Gini-Simpson : probabilité que deux structures implantées tirées au hasard diffèrent ; 0 = toutes pareilles)")
        lines.append("")
        lines.append("Remise solidaire (loyer de marché − loyer pratiqué), où le loyer de marché est connu : \(FrenchNumber.euros(annualDiscount)) par an sur \(discounts.count) implantation(s)")
        for entry in discounts { lines.append("  \(entry.structure) (local \(entry.premisesID)) : \(FrenchNumber.euros(entry.monthly)) par mois") }
        lines.append("")
        lines.append("Présence des bailleurs : \(landlordsWithInventory) bailleur(s) ont envoyé un inventaire ; \(landlordPremisesOffered) local(aux), \(FrenchNumber.squareMetres(landlordSurfaceOffered)) offerts par des bailleurs")
        return lines.joined(separator: "\n") + "\n"
    }
}

extension Indicators {
    /// The indicators as a table of (section, indicator, value, unit), for CSV: one figure per
    /// line, so a spreadsheet can sum or chart them.
    public func table(csv: Bool) -> TextTable {
        let number: (Double, Int) -> String = { value, decimals in csv ? FrenchCSV.number(value, decimals: decimals) : FrenchNumber.format(value, decimals: decimals) }
        var rows: [[String]] = []
        func add(_ section: String, _ name: String, _ value: Double, _ unit: String, decimals: Int = 2) {
            rows.append([section, name, number(value, decimals), unit])
        }
        rows.append(["Période", "Année", String(year), ""])
        rows.append(["Période", "Début", start.french, "date"])
        rows.append(["Période", "Fin", end.french, "date"])
        add("Offre", "m² disponibles au \(start.adding(days: -1).french)", availableAtStart, "m²")
        add("Offre", "m² disponibles au \(end.french)", availableAtEnd, "m²")
        if let percent = availableChangePercent { add("Offre", "Évolution des m² disponibles", percent, "%", decimals: 1) }
        add("Offre", "Locaux offerts dans l'année", Double(premisesOffered), "locaux")
        add("Offre", "m² offerts dans l'année", surfaceOffered, "m²")
        add("Implantations", "Implantations", Double(placements), "implantations")
        add("Implantations", "m² implantés", placedSurface, "m²")
        for entry in placementsByCommune {
            add("Implantations par commune", "\(entry.commune) : implantations", Double(entry.count), "implantations")
            add("Implantations par commune", "\(entry.commune) : m² implantés", entry.surface, "m²")
        }
        for entry in byLegalForm { add("Formes juridiques", entry.label, Double(entry.count), "structures") }
        add("Formes juridiques", "Diversité (indice de Gini-Simpson)", legalFormDiversity, "indice de 0 à 1")
        for entry in bySector { add("Secteurs", entry.label, Double(entry.count), "structures") }
        add("Secteurs", "Diversité (indice de Gini-Simpson)", sectorDiversity, "indice de 0 à 1")
        add("Montant de la bourse", "Loyers annuels proposés", annualRentsOffered, "€")
        add("Montant de la bourse", "Loyers annuels pratiqués", annualRentsPlaced, "€")
        add("Montant de la bourse", "Remise solidaire annuelle", annualDiscount, "€")
        add("Montant de la bourse", "Implantations où le loyer de marché est connu", Double(discounts.count), "implantations")
        for entry in discounts {
            add("Remise solidaire par implantation", "\(entry.structure) (local \(entry.premisesID))", entry.monthly, "€ par mois")
        }
        add("Présence des bailleurs", "Bailleurs ayant envoyé un inventaire", Double(landlordsWithInventory), "bailleurs")
        add("Présence des bailleurs", "Locaux offerts par des bailleurs", Double(landlordPremisesOffered), "locaux")
        add("Présence des bailleurs", "m² offerts par des bailleurs", landlordSurfaceOffered, "m²")
        return TextTable(columns: [.init("Rubrique"), .init("Indicateur"), .init("Valeur", .right), .init("Unité")], rows: rows)
    }
}

private func pow2(_ value: Double) -> Double { value * value }

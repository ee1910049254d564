import BourseCore
import Foundation
import Mustache

/// A self-contained, printable HTML page of the evolution and the indicators, with SVG charts,
/// rendered from a Mustache template (no network resources).
public enum HTMLReport {
    /// The mark every page carries in its head: the tool recognises its own pages by it (and
    /// replaces them, never a page of someone else's).
    public static let generatorMeta = #"<meta name="generator" content="Bourse foncière ESS">"#

    /// Renders the page.
    /// - Parameters:
    ///   - generatedOn: the date printed as the report's date (given, so a page is reproducible).
    /// - Throws: a template error (a defect of ours, not of the data).
    public static func render(title: String, generatedOn: CivilDate, rows: [EvolutionRow], period: ReportPeriod = .month, indicators: Indicators?) throws -> String {
        try ReportTemplates.render(context(title: title, generatedOn: generatedOn, rows: rows, period: period, indicators: indicators), page: .evolution)
    }

    /// The values the template shows: texts already formatted in French, chart coordinates computed.
    static func context(title: String, generatedOn: CivilDate, rows: [EvolutionRow], period: ReportPeriod, indicators: Indicators?) -> [String: Any] {
        let width = 720.0
        let height = 220.0
        let left = 90.0
        let bottom = 30.0
        let plotWidth = width - left - 20
        let plotHeight = height - bottom - 20
        let maxSurface = max(rows.map(\.availableSurface).max() ?? 0, 1)
        let maxPlacements = Double(max(rows.map(\.placements).max() ?? 0, 1))
        let step = rows.count > 1 ? plotWidth / Double(rows.count - 1) : 0
        let barWidth = rows.isEmpty ? 0 : max(plotWidth / Double(rows.count) * 0.6, 2)
        func y(_ value: Double, _ maximum: Double) -> Double { 20 + plotHeight * (1 - value / maximum) }
        let points = rows.enumerated().map { index, row in
            String(format: "%.1f,%.1f", left + Double(index) * step, y(row.availableSurface, maxSurface))
        }.joined(separator: " ")
        let labelEvery = max(1, (rows.count + 6) / 7)
        let lineLabels: [[String: Any]] = rows.enumerated().compactMap { index, row in
            index % labelEvery == 0 ? ["x": String(format: "%.1f", left + Double(index) * step), "label": period.shortLabel(row.start)] : nil
        }
        let bars: [[String: Any]] = rows.enumerated().map { index, row in
            let slot = rows.isEmpty ? 0 : plotWidth / Double(rows.count)
            let top = y(Double(row.placements), maxPlacements)
            return [
                "x": String(format: "%.1f", left + Double(index) * slot + (slot - barWidth) / 2),
                "y": String(format: "%.1f", top), "width": String(format: "%.1f", barWidth),
                "height": String(format: "%.1f", 20 + plotHeight - top), "title": "\(row.label) : \(row.placements) implantation(s)",
            ]
        }
        let barLabels: [[String: Any]] = rows.enumerated().compactMap { index, row in
            let slot = rows.isEmpty ? 0 : plotWidth / Double(rows.count)
            return index % labelEvery == 0 ? ["x": String(format: "%.1f", left + Double(index) * slot + slot / 2), "label": period.shortLabel(row.start)] : nil
        }
        var context: [String: Any] = [
            "title": title,
            "generated": generatedOn.french,
            "width": String(format: "%.0f", width), "height": String(format: "%.0f", height),
            "left": String(format: "%.0f", left), "right": String(format: "%.0f", width - 20),
            "baseline": String(format: "%.0f", height - bottom), "top": "20",
            "labelY": String(format: "%.0f", height - 10),
            "maxSurface": FrenchNumber.format(maxSurface, decimals: 0) + " m²", "maxPlacements": String(Int(maxPlacements)),
            "points": points, "lineLabels": lineLabels, "bars": bars, "barLabels": barLabels,
            "hasRows": !rows.isEmpty,
            "rows": rows.map { row -> [String: Any] in
                [
                    "label": row.label, "available": FrenchNumber.format(row.availableSurface, decimals: 1), "count": String(row.availableCount),
                    "offered": FrenchNumber.format(row.offeredSurface, decimals: 1), "withdrawn": FrenchNumber.format(row.withdrawnSurface, decimals: 1),
                    "placements": String(row.placements), "placed": FrenchNumber.format(row.placedSurface, decimals: 1),
                    "landlords": String(row.landlords), "communes": String(row.communes),
                ]
            },
        ]
        if let indicators {
            context["indicators"] = indicatorsContext(indicators)
        }
        return context
    }

    /// The indicators' values as the template shows them.
    static func indicatorsContext(_ indicators: Indicators) -> [String: Any] {
        var values: [String: Any] = [
            "year": String(indicators.year),
            "first": indicators.start.french, "start": indicators.start.adding(days: -1).french, "end": indicators.end.french,
            "availableStart": FrenchNumber.squareMetres(indicators.availableAtStart),
            "availableEnd": FrenchNumber.squareMetres(indicators.availableAtEnd),
            "change": indicators.changeText.map { " (\($0))" } ?? "",
            "offered": FrenchNumber.format(indicators.premisesOffered), "offeredSurface": FrenchNumber.squareMetres(indicators.surfaceOffered),
            "placements": FrenchNumber.format(indicators.placements), "placed": FrenchNumber.squareMetres(indicators.placedSurface),
            "byCommune": indicators.placementsByCommune.map {
                ["commune": $0.commune, "count": FrenchNumber.format($0.count), "surface": FrenchNumber.squareMetres($0.surface)]
            },
            "legalDiversity": FrenchNumber.format(indicators.legalFormDiversity, decimals: 2),
            "sectorDiversity": FrenchNumber.format(indicators.sectorDiversity, decimals: 2),
            "legalChart": barChart(indicators.byLegalForm, caption: "formes juridiques des structures implantées"),
            "sectorChart": barChart(indicators.bySector, caption: "secteurs des structures implantées"),
            "rentsOffered": FrenchNumber.euros(indicators.annualRentsOffered), "rentsPlaced": FrenchNumber.euros(indicators.annualRentsPlaced),
            "discount": FrenchNumber.euros(indicators.annualDiscount), "discountCount": String(indicators.discounts.count),
            "hasDiscounts": !indicators.discounts.isEmpty,
            "discounts": indicators.discounts.map {
                ["structure": $0.structure, "premises": String($0.premisesID), "monthly": FrenchNumber.euros($0.monthly)]
            },
            "landlords": FrenchNumber.format(indicators.landlordsWithInventory),
            "landlordPremises": FrenchNumber.format(indicators.landlordPremisesOffered),
            "landlordSurface": FrenchNumber.squareMetres(indicators.landlordSurfaceOffered),
        ]
        if indicators.byLegalForm.isEmpty { values["legalChart"] = nil }
        if indicators.bySector.isEmpty { values["sectorChart"] = nil }
        return values
    }

    /// A horizontal bar chart of counts by label (longest bar 400 px).
    static func barChart(_ counts: [(label: String, count: Int)], caption: String) -> [String: Any] {
        let maximum = Double(max(counts.map(\.count).max() ?? 0, 1))
        let bars: [[String: Any]] = counts.enumerated().map { index, entry in
            let width = 400 * Double(entry.count) / maximum
            let y = 6 + Double(index) * 24
            return [
                "label": entry.label, "count": FrenchNumber.format(entry.count),
                "y": String(format: "%.0f", y), "textY": String(format: "%.0f", y + 12),
                "width": String(format: "%.1f", width), "countX": String(format: "%.1f", 246 + width),
            ]
        }
        return ["caption": caption, "height": String(12 + counts.count * 24), "bars": bars]
    }
}

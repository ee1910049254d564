import BourseCore
import Foundation
import Mustache

/// A self-contained, printable HTML page of the evolution and the indicators, with SVG charts,
/// rendered from a Mustache template (no network resources).
public enum HTMLReport {
    /// Renders the page.
    /// - Throws: a template error (a defect of ours, not of the data).
    public static func render(title: String, generatedOn: CivilDate, rows: [EvolutionRow], period: ReportPeriod = .month, indicators: Indicators?) throws -> String {
        let template = try MustacheTemplate(string: HTMLReportTemplate.page)
        return template.render(context(title: title, generatedOn: generatedOn, rows: rows, period: period, indicators: indicators))
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
            context["indicators"] = [
                "year": String(indicators.year),
                "start": indicators.start.adding(days: -1).french, "end": indicators.end.french,
                "availableStart": FrenchNumber.squareMetres(indicators.availableAtStart),
                "availableEnd": FrenchNumber.squareMetres(indicators.availableAtEnd),
                "placements": String(indicators.placements), "placed": FrenchNumber.squareMetres(indicators.placedSurface),
                "byCommune": indicators.placementsByCommune.map { ["commune": $0.commune, "count": String($0.count), "surface": FrenchNumber.squareMetres($0.surface)] },
                "legalForms": indicators.byLegalForm.map { ["label": $0.label, "count": String($0.count)] },
                "sectors": indicators.bySector.map { ["label": $0.label, "count": String($0.count)] },
                "legalDiversity": FrenchNumber.format(indicators.legalFormDiversity, decimals: 2),
                "sectorDiversity": FrenchNumber.format(indicators.sectorDiversity, decimals: 2),
                "rentsOffered": FrenchNumber.euros(indicators.annualRentsOffered), "rentsPlaced": FrenchNumber.euros(indicators.annualRentsPlaced),
                "discount": FrenchNumber.euros(indicators.annualDiscount), "discountCount": String(indicators.discounts.count),
                "landlords": String(indicators.landlordsWithInventory), "landlordPremises": String(indicators.landlordPremisesOffered),
            ] as [String: Any]
        }
        return context
    }
}

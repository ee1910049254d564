import BourseCore
import BourseReports
import Foundation

/// The dashboard's chart: the m² available at the end of each of the last months, as SVG bars
/// with their figures as text (the chart's accessible name says what it shows; the table of the
/// evolution report gives every figure).
enum EvolutionChart {
    static func svg(_ rows: [EvolutionRow], months: Int = 12) -> String {
        let shown = Array(rows.suffix(months))
        guard !shown.isEmpty else { return "" }
        let width = 720.0, height = 220.0, top = 24.0, bottom = 36.0
        let maximum = max(shown.map(\.availableSurface).max() ?? 0, 1)
        let slot = width / Double(shown.count)
        let barWidth = slot * 0.6
        let first = shown.first!, last = shown.last!
        let caption = "Surface disponible en fin de mois, de \(first.label) à \(last.label) : de \(FrenchNumber.squareMetres(first.availableSurface)) à \(FrenchNumber.squareMetres(last.availableSurface))"
        var svg = #"<svg class="evolution" width="\#(Int(width))" height="\#(Int(height))" viewBox="0 0 \#(Int(width)) \#(Int(height))" role="img" aria-label="\#(HTMLText.escape(caption))">"#
        for (index, row) in shown.enumerated() {
            let barHeight = (height - top - bottom) * row.availableSurface / maximum
            let x = Double(index) * slot + (slot - barWidth) / 2
            let y = height - bottom - barHeight
            svg += String(format: #"<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" class="barre"/>"#, x, y, barWidth, barHeight)
            svg += String(format: #"<text x="%.1f" y="%.1f" text-anchor="middle" class="valeur">"#, x + barWidth / 2, y - 5)
                + HTMLText.escape(FrenchNumber.format(row.availableSurface, decimals: 0)) + "</text>"
            svg += String(format: #"<text x="%.1f" y="%.1f" text-anchor="middle" class="mois">"#, x + barWidth / 2, height - bottom + 16)
                + HTMLText.escape(ReportPeriod.month.shortLabel(row.start)) + "</text>"
        }
        return svg + "</svg>"
    }
}

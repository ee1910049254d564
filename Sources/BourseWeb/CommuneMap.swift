import BourseCore
import BourseReports
import BourseResources
import BourseStore
import Foundation

/// The map of the territory's communes, drawn as SVG from the outlines shipped in `Imports/geo/`
/// (IGN Admin Express, INSEE): the territory's communes shaded by the surface available in each,
/// the department's other communes in grey around them.
struct CommuneMap: Sendable {
    /// A commune's outline: rings of (longitude, latitude).
    struct Outline: Sendable {
        var code: String
        var name: String
        var rings: [[(Double, Double)]]
    }

    let territory: [Outline]
    let neighbours: [Outline]
    /// The drawing, computed once: the outlines never change while the portal runs.
    private let drawing: Drawing?

    struct Drawing: Sendable {
        var width: Int
        var height: Int
        var neighbours: String
        /// Each commune of the territory: its path and where its name goes.
        var communes: [(code: String, name: String, path: String, labelX: Int, labelY: Int)]
    }

    init(territory: [Outline], neighbours: [Outline], width: Double = 560) {
        self.territory = territory
        self.neighbours = neighbours
        self.drawing = Self.draw(territory: territory, neighbours: neighbours, width: width)
    }

    /// The shipped outlines; `nil` when they cannot be read (the dashboard then has no map).
    static func shipped() -> CommuneMap? {
        guard let territoryURL = BourseResources.url("geo/communes-paris-terres-envol.geojson"),
              let territory = try? outlines(Data(contentsOf: territoryURL)) else { return nil }
        let codes = Set(territory.map(\.code))
        let neighbours = BourseResources.url("geo/communes-93-seine-saint-denis.geojson")
            .flatMap { try? outlines(Data(contentsOf: $0)) }?.filter { !codes.contains($0.code) } ?? []
        return CommuneMap(territory: territory, neighbours: neighbours)
    }

    static func outlines(_ data: Data) throws -> [Outline] {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let features = root["features"] as? [[String: Any]] else { return [] }
        return features.compactMap { feature in
            guard let properties = feature["properties"] as? [String: Any], let code = properties["code"] as? String,
                  let geometry = feature["geometry"] as? [String: Any], let type = geometry["type"] as? String else { return nil }
            let polygons: [Any] = switch type {
            case "Polygon": [geometry["coordinates"] as Any]
            case "MultiPolygon": geometry["coordinates"] as? [Any] ?? []
            default: []
            }
            var rings: [[(Double, Double)]] = []
            for polygon in polygons {
                for ring in polygon as? [[[Double]]] ?? [] {
                    rings.append(ring.compactMap { $0.count >= 2 ? ($0[0], $0[1]) : nil })
                }
            }
            return Outline(code: code, name: properties["nom"] as? String ?? code, rings: rings)
        }
    }

    /// The SVG, each commune of the territory in class `s0`…`s4` by its available surface, with
    /// its name and figures as its accessible title.
    func svg(offer: [CommuneOffer]) -> String {
        guard let drawing else { return "" }
        let byCode = Dictionary(offer.map { ($0.insee, $0) }, uniquingKeysWith: { first, _ in first })
        let maximum = offer.map(\.availableSurface).max() ?? 0
        var svg = #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(drawing.width)" height="\#(drawing.height)" viewBox="0 0 \#(drawing.width) \#(drawing.height)" role="img" aria-labelledby="carte-titre"><title id="carte-titre">Carte des communes du territoire : surface disponible par commune</title>"#
        svg += drawing.neighbours
        for commune in drawing.communes {
            let figures = byCode[commune.code]
            let name = figures?.name ?? commune.name
            let surface = figures?.availableSurface ?? 0
            let title = "\(name) : \(figures?.available ?? 0) local(aux) disponible(s), \(FrenchNumber.squareMetres(surface))"
            svg += #"<path class="commune s\#(Self.step(surface, maximum: maximum))" d="\#(commune.path)"><title>\#(HTMLText.escape(title))</title></path>"#
        }
        for commune in drawing.communes {
            let name = byCode[commune.code]?.name ?? commune.name
            svg += #"<text x="\#(commune.labelX)" y="\#(commune.labelY)" text-anchor="middle" aria-hidden="true">\#(HTMLText.escape(name))</text>"#
        }
        return svg + "</svg>"
    }

    private static func draw(territory: [Outline], neighbours: [Outline], width: Double) -> Drawing? {
        let points = territory.flatMap { $0.rings.flatMap { $0 } }
        guard let minX = points.map(\.0).min(), let maxX = points.map(\.0).max(),
              let minY = points.map(\.1).min(), let maxY = points.map(\.1).max() else { return nil }
        // An equirectangular projection scaled by the cosine of the latitude: at this size, the
        // territory's shapes come out as on any map of it.
        let scaleX = cos((minY + maxY) / 2 * .pi / 180)
        let margin = 0.01
        let spanX = (maxX - minX) * scaleX + 2 * margin
        let spanY = (maxY - minY) + 2 * margin
        let height = (width * spanY / spanX).rounded()
        func project(_ point: (Double, Double)) -> (Double, Double) {
            (((point.0 - minX) * scaleX + margin) / spanX * width, ((maxY - point.1) + margin) / spanY * height)
        }
        func path(_ outline: Outline) -> String {
            outline.rings.map { ring in
                ring.enumerated().map { index, point in
                    let (x, y) = project(point)
                    return (index == 0 ? "M" : "L") + String(format: "%.1f %.1f", x, y)
                }.joined() + "Z"
            }.joined()
        }
        let communes = territory.map { outline -> (code: String, name: String, path: String, labelX: Int, labelY: Int) in
            let ring = outline.rings.max(by: { $0.count < $1.count }) ?? []
            let projected = ring.map(project)
            let count = Double(max(projected.count, 1))
            return (outline.code, outline.name, path(outline),
                    Int((projected.map(\.0).reduce(0, +) / count).rounded()), Int((projected.map(\.1).reduce(0, +) / count).rounded()))
        }
        return Drawing(
            width: Int(width), height: Int(height),
            neighbours: neighbours.map { #"<path class="voisine" d="\#(path($0))"/>"# }.joined(), communes: communes)
    }

    /// The shade of `surface` among five: none, then quarters of the largest.
    static func step(_ surface: Double, maximum: Double) -> Int {
        guard surface > 0, maximum > 0 else { return 0 }
        return min(4, 1 + Int(surface / maximum * 4 - 1e-9))
    }

    /// The legend's entries for `maximum`.
    static func legend(maximum: Double) -> [[String: Any]] {
        var entries: [[String: Any]] = [["cls": "s0", "label": "aucun local disponible"]]
        guard maximum > 0 else { return entries }
        for step in 1...4 {
            let low = maximum * Double(step - 1) / 4, high = maximum * Double(step) / 4
            entries.append(["cls": "s\(step)", "label": "de \(FrenchNumber.squareMetres(low)) à \(FrenchNumber.squareMetres(high))"])
        }
        return entries
    }
}

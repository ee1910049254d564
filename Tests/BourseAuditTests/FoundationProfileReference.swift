import BourseAudit
import BourseCore
import Foundation

/// The profile reader `bourse solve` had before the byte-level one, on `JSONSerialization`: the
/// reference the property tests compare `SolverProfile.parse` with (Foundation does the JSON,
/// this code the checks). It accepts repeated keys (the last wins) and sorts identifiers with
/// Swift's `<`.
enum FoundationProfileReference {
    /// Reads and checks a profile.
    /// - Throws: `SolverProfileError` naming what is wrong, in French.
    static func parse(_ data: Data) throws(SolverProfileError) -> SolverProfile {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .malformed("JSON mal formé (vérifiez virgules, guillemets et accolades)")
        }
        guard let root = object as? [String: Any] else { throw .malformed("un objet JSON est attendu à la racine") }
        guard let kind = root["kind"] as? String else { throw .malformed("clé « kind » absente (hospital_residents ou assignment)") }
        switch kind {
        case "hospital_residents": return try parseHospitalResidents(root)
        case "assignment": return try parseAssignment(root)
        default: throw .malformed("« kind » inconnu : \(kind) (hospital_residents ou assignment)")
        }
    }

    private static func parseHospitalResidents(_ root: [String: Any]) throws(SolverProfileError) -> SolverProfile {
        var residentOptimal = true
        if let optimal = root["optimal"] {
            switch optimal as? String {
            case "resident": residentOptimal = true
            case "hospital": residentOptimal = false
            default: throw .malformed("« optimal » doit valoir \"resident\" ou \"hospital\"")
            }
        }
        guard let residents = root["residents"] as? [String: Any] else { throw .malformed("objet « residents » absent") }
        guard let hospitals = root["hospitals"] as? [String: Any] else { throw .malformed("objet « hospitals » absent") }
        let residentIDs = residents.keys.sorted()
        let hospitalIDs = hospitals.keys.sorted()
        var residentIndex: [String: Int] = [:]
        for (index, id) in residentIDs.enumerated() { residentIndex[id] = index }
        var hospitalIndex: [String: Int] = [:]
        for (index, id) in hospitalIDs.enumerated() { hospitalIndex[id] = index }

        func preferences(_ owner: String, _ entry: Any, _ what: String, _ index: [String: Int], _ other: String) throws(SolverProfileError) -> [Int] {
            guard let entry = entry as? [String: Any] else { throw .malformed("\(what) « \(owner) » : objet attendu") }
            guard let prefs = entry["prefs"] else { return [] }
            guard let list = prefs as? [Any] else { throw .malformed("\(what) « \(owner) » : « prefs » doit être une liste") }
            var seen = Set<String>()
            var result: [Int] = []
            for item in list {
                guard let id = item as? String else { throw .malformed("\(what) « \(owner) » : identifiants en texte attendus dans « prefs »") }
                guard let position = index[id] else { throw .unknownIdentifier(owner: owner, id: id, expected: other) }
                guard seen.insert(id).inserted else { throw .duplicate(owner: owner, id: id) }
                result.append(position)
            }
            return result
        }

        var residentPreferences: [[Int]] = []
        residentPreferences.reserveCapacity(residentIDs.count)
        for id in residentIDs {
            residentPreferences.append(try preferences(id, residents[id] as Any, "résident", hospitalIndex, "hôpital"))
        }
        var hospitalPreferences: [[Int]] = []
        var capacities: [Int] = []
        for id in hospitalIDs {
            let entry = hospitals[id] as Any
            hospitalPreferences.append(try preferences(id, entry, "hôpital", residentIndex, "résident"))
            var capacity = 1
            if let value = (entry as? [String: Any])?["capacity"] {
                guard let number = jsonNumber(value), number == number.rounded(), abs(number) < 1e9 else {
                    throw .malformed("hôpital « \(id) » : « capacity » doit être un entier")
                }
                capacity = Int(number)
                guard capacity >= 0 else { throw .negativeCapacity(id: id, capacity: capacity) }
            }
            capacities.append(capacity)
        }
        let instance = HospitalResidentsInstance(residentPreferences: residentPreferences, hospitalPreferences: hospitalPreferences, capacities: capacities)
        return .hospitalResidents(instance, residents: residentIDs, hospitals: hospitalIDs, residentOptimal: residentOptimal)
    }

    private static func parseAssignment(_ root: [String: Any]) throws(SolverProfileError) -> SolverProfile {
        guard let rows = root["rows"] as? [String] else { throw .malformed("liste « rows » d'identifiants absente") }
        guard let columns = root["cols"] as? [String] else { throw .malformed("liste « cols » d'identifiants absente") }
        if let duplicate = firstDuplicate(rows) { throw .duplicate(owner: "rows", id: duplicate) }
        if let duplicate = firstDuplicate(columns) { throw .duplicate(owner: "cols", id: duplicate) }
        guard let matrix = root["scores"] as? [Any] else { throw .malformed("matrice « scores » absente") }
        guard matrix.count == rows.count else {
            throw .malformed("« scores » a \(matrix.count) lignes pour \(rows.count) identifiants dans « rows »")
        }
        var scores = [Double](repeating: .nan, count: rows.count * columns.count)
        for (row, line) in matrix.enumerated() {
            guard let cells = line as? [Any], cells.count == columns.count else {
                throw .malformed("« scores » ligne \(row + 1) (\(rows[row])) : \(columns.count) valeurs attendues")
            }
            for (column, cell) in cells.enumerated() {
                if cell is NSNull { continue }
                guard let number = jsonNumber(cell), number.isFinite else {
                    throw .malformed("« scores » ligne \(row + 1), colonne \(column + 1) : nombre ou null attendu")
                }
                // Keeps every total exact and finite.
                guard abs(number) <= 1e12 else {
                    throw .malformed("« scores » ligne \(row + 1), colonne \(column + 1) : score hors limites (au plus 10^12 en valeur absolue)")
                }
                scores[row * columns.count + column] = number
            }
        }
        return .assignment(rows: rows, columns: columns, scores: scores)
    }

    /// The class Foundation gives JSON booleans (compared once per cell, cheaply).
    private static let booleanType = ObjectIdentifier(type(of: NSNumber(value: true)))

    /// A JSON number (never a boolean, which Foundation also hands over as `NSNumber`).
    private static func jsonNumber(_ value: Any) -> Double? {
        guard let number = value as? NSNumber, ObjectIdentifier(type(of: value)) != booleanType else { return nil }
        return number.doubleValue
    }

    private static func firstDuplicate(_ ids: [String]) -> String? {
        var seen = Set<String>()
        return ids.first { !seen.insert($0).inserted }
    }
}

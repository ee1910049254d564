// Over 400 lines: one reader, both profile kinds share its scanner, interner and error wording.

import BourseCore

/// Reads a solver profile straight from its bytes (see `SolverProfile.parse`): one pass with
/// `JSONByteScanner`, identifiers interned to numbers, then mapped to dense indices in sorted
/// order. No Foundation object per value.
///
/// Errors: a syntax error anywhere wins over any other problem (as with a JSON parser run first);
/// otherwise the first problem met, in the order of the text, then the references (unknown or
/// repeated identifiers, negative capacities) in the order of the sorted identifiers.
struct SolverProfileReader {
    /// A problem that is not a syntax error; reported only once the whole text is known to be
    /// well-formed JSON.
    struct Problem: Error {
        var error: SolverProfileError
    }

    /// A problem reported as it is, without looking further (an empty file, another encoding).
    struct Refusal: Error {
        var error: SolverProfileError
    }

    private let bytes: UnsafeRawBufferPointer
    private var scanner: JSONByteScanner
    private var interner = ByteStringInterner(expectedCount: 1024)

    private init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        scanner = JSONByteScanner(bytes)
    }

    static func read(_ bytes: UnsafeRawBufferPointer) throws(SolverProfileError) -> SolverProfile {
        var reader = SolverProfileReader(bytes)
        defer { reader.scanner.release() }
        do {
            return try reader.readProfile()
        } catch let error as JSONSyntaxError {
            throw reader.malformed(error)
        } catch let refusal as Refusal {
            throw refusal.error
        } catch let problem as Problem {
            // The text may still hold a syntax error further on: it comes first.
            var checker = JSONByteScanner(bytes)
            defer { checker.release() }
            do {
                try checker.skipValue()
                try checker.expectEnd()
            } catch {
                throw reader.malformed(error)
            }
            throw problem.error
        } catch {
            throw .malformed("\(error)")
        }
    }

    private func malformed(_ error: JSONSyntaxError) -> SolverProfileError {
        .malformed("JSON mal formé (\(TextPosition(offset: error.offset, in: bytes))) : \(error.reason)")
    }

    /// " (ligne L, colonne C)" for a message.
    private func at(_ offset: Int) -> String {
        " (\(TextPosition(offset: offset, in: bytes)))"
    }

    private func problem(_ error: SolverProfileError) -> Problem {
        Problem(error: error)
    }

    private func problem(_ message: String, at offset: Int) -> Problem {
        Problem(error: .malformed(message + at(offset)))
    }

    private mutating func readProfile() throws -> SolverProfile {
        if bytes.count >= 2 && (bytes[0] == 0xFE && bytes[1] == 0xFF || bytes[0] == 0xFF && bytes[1] == 0xFE || bytes[0] == 0 || bytes[1] == 0) {
            throw Refusal(error: .malformed("encodage non pris en charge : le profil doit être en UTF-8 (UTF-16 ou UTF-32 détecté)"))
        }
        guard let first = scanner.skipWhitespace() else {
            throw Refusal(error: .malformed("JSON mal formé : le fichier est vide (un objet JSON est attendu)"))
        }
        guard first == UInt8(ascii: "{") else { throw problem("un objet JSON est attendu à la racine", at: scanner.offset) }
        let root = scanner.offset
        let kind = try findKind(root)
        switch kind {
        case "hospital_residents": return try readHospitalResidents()
        case "assignment": return try readAssignment()
        default: throw problem(.malformed("« kind » inconnu : \(kind) (hospital_residents ou assignment)"))
        }
    }

    /// The root's "kind", read ahead (it usually comes first: then nothing is read twice).
    private func findKind(_ root: Int) throws -> String {
        var probe = JSONByteScanner(bytes, at: root)
        defer { probe.release() }
        try probe.beginObject()
        var first = true
        while let (key, at) = try probe.nextKey(&first) {
            if key.equals("kind") {
                guard try probe.peekKind() == .string else {
                    throw problem("« kind » doit être un texte (hospital_residents ou assignment)", at: at)
                }
                return try probe.readString().string
            }
            try probe.skipValue()
        }
        throw problem(.malformed("clé « kind » absente (hospital_residents ou assignment)"))
    }

    /// Reads the root object: `member` reads the value of each key it knows and returns false
    /// for the others (skipped). Repeated root keys are refused.
    private mutating func readRoot(_ member: (inout SolverProfileReader, JSONStringBytes, Int) throws -> Bool) throws {
        try scanner.beginObject()
        var keys = Set<[UInt8]>()
        var first = true
        while let (key, at) = try scanner.nextKey(&first) {
            guard keys.insert(Array(key.buffer)).inserted else {
                throw problem("clé « \(key.string) » en double à la racine", at: at)
            }
            if key.equals("kind") {
                try scanner.skipValue()
            } else if try !member(&self, key, at) {
                try scanner.skipValue()
            }
        }
        try scanner.expectEnd()
    }

    // MARK: Hospitals/Residents

    /// The entries of "residents" or "hospitals" in the order of the text.
    private struct Side {
        var present = false
        /// Interned identifier of each entry.
        var ids: [Int32] = []
        /// Entry `e`'s list is `items[listStarts[e]..<listStarts[e + 1]]` (interned identifiers).
        var listStarts: [Int32] = [0]
        var items: [Int32] = []
        /// Hospitals only: each entry's capacity (1 when absent).
        var capacities: [Int] = []
        /// Entry of each interned identifier, or -1.
        var entryOf: [Int32] = []
    }

    private mutating func readHospitalResidents() throws -> SolverProfile {
        var residentOptimal = true
        var residents = Side()
        var hospitals = Side()
        try readRoot { reader, key, at in
            if key.equals("optimal") {
                let start = reader.scanner.skipWhitespace() == nil ? at : reader.scanner.offset
                let text = try reader.scanner.peekKind() == .string ? try reader.scanner.readString().string : nil
                switch text {
                case "resident": residentOptimal = true
                case "hospital": residentOptimal = false
                default:
                    throw reader.problem("« optimal » doit valoir \"resident\" ou \"hospital\"", at: start)
                }
            } else if key.equals("residents") {
                try reader.readSide(&residents, hospitals: false)
            } else if key.equals("hospitals") {
                try reader.readSide(&hospitals, hospitals: true)
            } else {
                return false
            }
            return true
        }
        guard residents.present else { throw problem(.malformed("objet « residents » absent")) }
        guard hospitals.present else { throw problem(.malformed("objet « hospitals » absent")) }

        let residentOrder = sortedIDs(residents)
        let hospitalOrder = sortedIDs(hospitals)
        let residentIndex = denseIndex(residentOrder)
        let hospitalIndex = denseIndex(hospitalOrder)
        let residentPreferences = try preferences(residents, order: residentOrder, index: hospitalIndex, what: "hôpital")
        let hospitalPreferences = try preferences(hospitals, order: hospitalOrder, index: residentIndex, what: "résident")
        var capacities: [Int] = []
        capacities.reserveCapacity(hospitalOrder.count)
        for id in hospitalOrder {
            let capacity = hospitals.capacities[Int(hospitals.entryOf[Int(id)])]
            guard capacity >= 0 else { throw problem(.negativeCapacity(id: interner.string(Int(id)), capacity: capacity)) }
            capacities.append(capacity)
        }
        let instance = HospitalResidentsInstance(residentPreferences: residentPreferences, hospitalPreferences: hospitalPreferences, capacities: capacities)
        return .hospitalResidents(
            instance, residents: residentOrder.map { interner.string(Int($0)) }, hospitals: hospitalOrder.map { interner.string(Int($0)) },
            residentOptimal: residentOptimal)
    }

    /// Reads `{"ID": {"prefs": [...], "capacity": N}, ...}`.
    private mutating func readSide(_ side: inout Side, hospitals: Bool) throws {
        let name = hospitals ? "hospitals" : "residents"
        let what = hospitals ? "hôpital" : "résident"
        _ = scanner.skipWhitespace()
        let start = scanner.offset
        guard try scanner.peekKind() == .object else {
            throw problem("« \(name) » doit être un objet (identifiant → {\"prefs\": [...]})", at: start)
        }
        side.present = true
        try scanner.beginObject()
        var first = true
        while let (key, keyAt) = try scanner.nextKey(&first) {
            let id = interner.intern(key.buffer)
            if side.entryOf.count < interner.count {
                side.entryOf.append(contentsOf: repeatElement(-1, count: interner.count - side.entryOf.count))
            }
            guard side.entryOf[id] < 0 else {
                throw problem("« \(interner.string(id)) » figure deux fois dans « \(name) »", at: keyAt)
            }
            side.entryOf[id] = Int32(side.ids.count)
            side.ids.append(Int32(id))
            let capacity = try readEntry(&side.items, owner: id, what: what, hospital: hospitals)
            side.listStarts.append(Int32(side.items.count))
            if hospitals { side.capacities.append(capacity) }
        }
    }

    /// Reads one entry object; appends its list to `items` and returns its capacity (1 when absent).
    private mutating func readEntry(_ items: inout [Int32], owner: Int, what: String, hospital: Bool) throws -> Int {
        let start = scanner.offset
        guard try scanner.peekKind() == .object else {
            throw problem("\(what) « \(interner.string(owner)) » : objet attendu", at: start)
        }
        try scanner.beginObject()
        var capacity = 1
        var sawPrefs = false
        var sawCapacity = false
        var otherKeys: Set<[UInt8]> = []
        var first = true
        while let (key, keyAt) = try scanner.nextKey(&first) {
            if key.equals("prefs") {
                guard !sawPrefs else { throw problem("\(what) « \(interner.string(owner)) » : clé « prefs » en double", at: keyAt) }
                sawPrefs = true
                let listAt = scanner.skipWhitespace() == nil ? keyAt : scanner.offset
                guard try scanner.peekKind() == .array else {
                    throw problem("\(what) « \(interner.string(owner)) » : « prefs » doit être une liste", at: listAt)
                }
                try scanner.beginArray()
                var firstItem = true
                while try scanner.nextElement(&firstItem) {
                    guard scanner.skipWhitespace() == UInt8(ascii: "\"") else {
                        let itemAt = scanner.offset
                        _ = try scanner.peekKind()
                        throw problem("\(what) « \(interner.string(owner)) » : identifiants en texte attendus dans « prefs »", at: itemAt)
                    }
                    let item = try scanner.readString()
                    items.append(Int32(truncatingIfNeeded: interner.intern(item.buffer)))
                }
            } else if hospital && key.equals("capacity") {
                guard !sawCapacity else { throw problem("\(what) « \(interner.string(owner)) » : clé « capacity » en double", at: keyAt) }
                sawCapacity = true
                let valueAt = scanner.skipWhitespace() == nil ? keyAt : scanner.offset
                guard try scanner.peekKind() == .number else { throw notAnInteger(owner, at: valueAt) }
                let number = try scanner.readNumber()
                guard number == number.rounded(), abs(number) < 1e9 else { throw notAnInteger(owner, at: valueAt) }
                capacity = Int(number)
            } else {
                guard otherKeys.insert(Array(key.buffer)).inserted else {
                    throw problem("\(what) « \(interner.string(owner)) » : clé « \(key.string) » en double", at: keyAt)
                }
                try scanner.skipValue()
            }
        }
        return capacity
    }

    @inline(never)
    private func notAnInteger(_ owner: Int, at offset: Int) -> Problem {
        problem("hôpital « \(interner.string(owner)) » : « capacity » doit être un entier", at: offset)
    }

    /// A side's interned identifiers sorted by their bytes.
    private func sortedIDs(_ side: Side) -> [Int32] {
        side.ids.sorted { interner.precedes(Int($0), Int($1)) }
    }

    /// Position of each interned identifier in `order`, or -1.
    private func denseIndex(_ order: [Int32]) -> [Int32] {
        var index = [Int32](repeating: -1, count: interner.count)
        for (position, id) in order.enumerated() { index[Int(id)] = Int32(position) }
        return index
    }

    /// The lists of a side in sorted order, as dense indices of the other side; unknown and
    /// repeated identifiers refused.
    private func preferences(_ side: Side, order: [Int32], index: [Int32], what other: String) throws -> [[Int]] {
        var result: [[Int]] = []
        result.reserveCapacity(order.count)
        // lastOwner[j] = the position of the last owner whose list held j (repeats in one list).
        var lastOwner = [Int32](repeating: -1, count: interner.count)
        for (position, id) in order.enumerated() {
            let entry = Int(side.entryOf[Int(id)])
            let lower = Int(side.listStarts[entry])
            let upper = Int(side.listStarts[entry + 1])
            var list: [Int] = []
            list.reserveCapacity(upper - lower)
            for item in side.items[lower..<upper] {
                let target = index[Int(item)]
                guard target >= 0 else {
                    throw problem(.unknownIdentifier(owner: interner.string(Int(id)), id: interner.string(Int(item)), expected: other))
                }
                guard lastOwner[Int(target)] != Int32(position) else {
                    throw problem(.duplicate(owner: interner.string(Int(id)), id: interner.string(Int(item))))
                }
                lastOwner[Int(target)] = Int32(position)
                list.append(Int(target))
            }
            result.append(list)
        }
        return result
    }

    // MARK: Assignment

    /// A list of identifiers ("rows" or "cols") in the order of the text.
    private struct IDList {
        var present = false
        var ids: [String] = []
        var firstDuplicate: String?
    }

    private mutating func readAssignment() throws -> SolverProfile {
        var rows = IDList()
        var columns = IDList()
        var scoresPresent = false
        var cells: [Double] = []
        var rowLengths: [Int] = []
        try readRoot { reader, key, at in
            if key.equals("rows") {
                rows = try reader.readIDList("rows")
            } else if key.equals("cols") {
                columns = try reader.readIDList("cols")
            } else if key.equals("scores") {
                scoresPresent = true
                let expected = rows.present && columns.present ? rows.ids.count.multipliedReportingOverflow(by: columns.ids.count) : nil
                try reader.readScores(&cells, &rowLengths, expected: expected.flatMap { $0.overflow ? nil : $0.partialValue })
            } else {
                return false
            }
            return true
        }
        guard rows.present else { throw problem(.malformed("liste « rows » d'identifiants absente")) }
        guard columns.present else { throw problem(.malformed("liste « cols » d'identifiants absente")) }
        if let duplicate = rows.firstDuplicate { throw problem(.duplicate(owner: "rows", id: duplicate)) }
        if let duplicate = columns.firstDuplicate { throw problem(.duplicate(owner: "cols", id: duplicate)) }
        guard scoresPresent else { throw problem(.malformed("matrice « scores » absente")) }
        guard rowLengths.count == rows.ids.count else {
            throw problem(.malformed("« scores » a \(rowLengths.count) lignes pour \(rows.ids.count) identifiants dans « rows »"))
        }
        for (row, length) in rowLengths.enumerated() where length != columns.ids.count {
            throw problem(.malformed("« scores » ligne \(row + 1) (\(rows.ids[row])) : \(columns.ids.count) valeurs attendues, \(length) trouvées"))
        }
        return .assignment(rows: rows.ids, columns: columns.ids, scores: cells)
    }

    private mutating func readIDList(_ name: String) throws -> IDList {
        _ = scanner.skipWhitespace()
        let start = scanner.offset
        guard try scanner.peekKind() == .array else { throw problem("« \(name) » doit être une liste d'identifiants", at: start) }
        var list = IDList(present: true)
        var seen = ByteStringInterner(expectedCount: 256)
        try scanner.beginArray()
        var first = true
        while try scanner.nextElement(&first) {
            let itemAt = scanner.offset
            guard scanner.skipWhitespace() == UInt8(ascii: "\"") else {
                _ = try scanner.peekKind()
                throw problem("« \(name) » : identifiants en texte attendus", at: itemAt)
            }
            let id = try scanner.readString()
            let before = seen.count
            let number = seen.intern(id.buffer)
            if number < before && list.firstDuplicate == nil { list.firstDuplicate = seen.string(number) }
            list.ids.append(seen.string(number))
        }
        return list
    }

    /// Reads the matrix row by row into `cells` (row-major, `nan` for null).
    @inline(never)
    private func notANumber(_ row: Int, _ column: Int, at offset: Int) -> Problem {
        problem("« scores » ligne \(row + 1), colonne \(column + 1) : nombre ou null attendu", at: offset)
    }

    /// - Parameter expected: rows × columns when both lists came first (the storage is reserved,
    ///   within what the text can hold: a cell takes at least two bytes).
    private mutating func readScores(_ cells: inout [Double], _ rowLengths: inout [Int], expected: Int?) throws {
        if let expected { cells.reserveCapacity(min(expected, bytes.count / 2)) }
        _ = scanner.skipWhitespace()
        let start = scanner.offset
        guard try scanner.peekKind() == .array else { throw problem("« scores » doit être une liste de lignes", at: start) }
        try scanner.beginArray()
        var firstRow = true
        var row = 0
        while try scanner.nextElement(&firstRow) {
            let rowAt = scanner.offset
            guard scanner.skipWhitespace() == UInt8(ascii: "[") else {
                _ = try scanner.peekKind()
                throw problem("« scores » ligne \(row + 1) : une liste de valeurs est attendue", at: rowAt)
            }
            try scanner.beginArray()
            var firstCell = true
            var column = 0
            while try scanner.nextElement(&firstCell) {
                // `nextElement` stops on the value's first byte.
                let first = scanner.currentByte
                if first == UInt8(ascii: "n") {
                    try scanner.readNull()
                    cells.append(.nan)
                } else {
                    let cellAt = scanner.offset
                    guard let first, first == UInt8(ascii: "-") || first &- UInt8(ascii: "0") < 10 else {
                        _ = try scanner.peekKind()
                        throw notANumber(row, column, at: cellAt)
                    }
                    let number = try scanner.readNumber()
                    guard number.isFinite else { throw notANumber(row, column, at: cellAt) }
                    // Keeps every total exact and finite.
                    guard abs(number) <= 1e12 else {
                        throw problem("« scores » ligne \(row + 1), colonne \(column + 1) : score hors limites (au plus 10^12 en valeur absolue)", at: cellAt)
                    }
                    cells.append(number)
                }
                column += 1
            }
            rowLengths.append(column)
            row += 1
        }
    }
}

import BourseCore
import BourseImport
import Foundation
import GRDB

extension BourseDatabase {
    /// Imports the register of ESS structures: new structures added, known ones (same reference)
    /// updated with an event per changed field; one transaction; the same file again changes nothing.
    public func importStructures(
        path: String, displayName: String? = nil, profile: FieldMappingProfile<StructureField>? = nil,
        options: RegisterImportOptions, onReject: (Reject) throws -> Void = { _ in },
        onWarning: (Diagnostic) throws -> Void = { _ in }
    ) throws -> RegisterImportReport {
        let territory = try territory()
        let reader: CSVRegisterReader<StructureField>
        do {
            reader = try CSVRegisterReader(path: path, displayName: displayName, profile: profile, recordName: "structure")
        } catch {
            throw StoreError.read(error)
        }
        let validator = StructureRowValidator(territory: territory, encoding: reader.table.facts.encoding, headers: reader.table.fieldHeaders)
        // A SIRET names one establishment: two structures cannot share it (in the file or the register).
        var referenceBySiret: [String: String] = [:]
        do {
            try writer.read { db in
                for row in try Row.fetchAll(db, sql: "SELECT reference, siret FROM structures WHERE siret IS NOT NULL") {
                    referenceBySiret[row["siret"]] = row["reference"]
                }
            }
        } catch {
            throw StoreError.database(describe(error))
        }
        let siretHeader = reader.table.mapping.header(of: .siret)
        let validate = { (row: RawRow<StructureField>) -> RecordOutcome<Structure> in
            let outcome = validator.validate(row)
            guard case let .accepted(structure, key, _) = outcome, let siret = structure.siret else { return outcome }
            if let other = referenceBySiret[siret], other != structure.reference {
                return .rejected([.init(field: siretHeader, message: "SIRET \(siret) déjà attribué à la structure « \(other) »")])
            }
            referenceBySiret[siret] = key
            return outcome
        }
        return try runRegisterImport(kind: .structures, reader: reader, path: path, options: options, onReject: onReject, onWarning: onWarning) { db, importID, cause in
            let insertOrUpdate = { (structure: Structure) throws -> RegisterChange in
                let new = StructureRecord.values(of: structure)
                if var existing = try StructureRecord.filter(Column("reference") == structure.reference).fetchOne(db), let id = existing.id {
                    let changes = RegisterChange.diff(StructureRecord.values(of: existing.structure), new)
                    guard !options.dryRun else { return changes.isEmpty ? .unchanged : .changed(changes.count) }
                    let first = existing.firstImportID
                    existing = StructureRecord(structure, importID: importID)
                    existing.id = id
                    existing.firstImportID = first
                    try existing.update(db)
                    try RegisterChange.record(changes, entity: "structure", id: id, db: db, date: options.date, cause: cause, importID: importID)
                    return changes.isEmpty ? .unchanged : .changed(changes.count)
                }
                if !options.dryRun {
                    var record = StructureRecord(structure, importID: importID)
                    try record.insert(db)
                }
                return .added
            }
            return (validate, insertOrUpdate)
        }
    }

    /// Imports the register of needs: each need refers to a known structure (by reference or
    /// SIRET); new needs added, known ones updated with an event per changed field.
    public func importNeeds(
        path: String, displayName: String? = nil, profile: FieldMappingProfile<NeedField>? = nil,
        options: RegisterImportOptions, onReject: (Reject) throws -> Void = { _ in },
        onWarning: (Diagnostic) throws -> Void = { _ in }
    ) throws -> RegisterImportReport {
        let territory = try territory()
        let reader: CSVRegisterReader<NeedField>
        do {
            reader = try CSVRegisterReader(path: path, displayName: displayName, profile: profile, recordName: "besoin")
        } catch {
            throw StoreError.read(error)
        }
        // Structures by reference and by SIRET, for the lookups of every need.
        let known: [(id: Int64, reference: String, siret: String?)]
        do {
            known = try writer.read { db in
                try Row.fetchAll(db, sql: "SELECT id, reference, siret FROM structures").map { ($0["id"], $0["reference"], $0["siret"]) }
            }
        } catch {
            throw StoreError.database(describe(error))
        }
        var idByReference: [String: Int64] = [:]
        var referenceBySiret: [String: String] = [:]
        for structure in known {
            idByReference[structure.reference] = structure.id
            if let siret = structure.siret { referenceBySiret[siret] = structure.reference }
        }
        let references = idByReference
        let sirets = referenceBySiret
        let validator = NeedRowValidator(
            territory: territory, encoding: reader.table.facts.encoding, headers: reader.table.fieldHeaders,
            resolveStructure: { written in
                let trimmed = written.trimmingCharacters(in: .whitespaces)
                if references[trimmed] != nil { return trimmed }
                return sirets[Siret.normalise(trimmed)]
            })
        return try runRegisterImport(kind: .needs, reader: reader, path: path, options: options, onReject: onReject, onWarning: onWarning) { db, importID, cause in
            let insertOrUpdate = { (need: Need) throws -> RegisterChange in
                guard let structureID = references[need.structureReference] else { return .unchanged }
                var record = NeedRecord(need, structureID: structureID, importID: importID)
                if let existing = try NeedRecord.filter(Column("reference") == need.reference).fetchOne(db), let id = existing.id {
                    let previous = try String.fetchOne(db, sql: "SELECT reference FROM structures WHERE id = ?", arguments: [existing.structureID]) ?? String(existing.structureID)
                    let changes = RegisterChange.diff(existing.values(structureReference: previous), record.values(structureReference: need.structureReference))
                    guard !options.dryRun else { return changes.isEmpty ? .unchanged : .changed(changes.count) }
                    record.id = id
                    record.firstImportID = existing.firstImportID
                    try record.update(db)
                    try RegisterChange.record(changes, entity: "besoin", id: id, db: db, date: options.date, cause: cause, importID: importID)
                    return changes.isEmpty ? .unchanged : .changed(changes.count)
                }
                if !options.dryRun { try record.insert(db) }
                return .added
            }
            return (validator.validate, insertOrUpdate)
        }
    }

    /// The shared flow of a register import, in one transaction.
    private func runRegisterImport<Field: ColumnField, Value>(
        kind: RegisterKind, reader: CSVRegisterReader<Field>, path: String, options: RegisterImportOptions,
        onReject: (Reject) throws -> Void, onWarning: (Diagnostic) throws -> Void,
        prepare: (Database, Int64, String) throws -> ((RawRow<Field>) -> RecordOutcome<Value>, (Value) throws -> RegisterChange)
    ) throws -> RegisterImportReport {
        let name = reader.table.displayName
        let work = { (db: Database) throws -> RegisterImportReport in
            var report = RegisterImportReport(kind: kind, outcome: .dryRun, notes: reader.table.notes)
            if let existing = try RegisterImportRecord.filter(Column("kind") == kind.rawValue && Column("sha256") == reader.table.facts.sha256).fetchOne(db),
               let id = existing.id {
                report.outcome = .alreadyImported(inventoryID: id, asOf: CivilDate(iso: String(existing.importedAt.prefix(10))) ?? options.date)
                return report
            }
            var importID: Int64 = 0
            if !options.dryRun {
                var record = RegisterImportRecord(
                    id: nil, kind: kind.rawValue, fileName: name, filePath: path, sha256: reader.table.facts.sha256,
                    importedAt: Timestamp.now(), records: 0, accepted: 0, rejected: 0, added: 0, changed: 0, unchanged: 0)
                try record.insert(db)
                importID = record.id ?? 0
            }
            let cause = "import du \(options.date.french) (\(name))"
            let (validate, apply) = try prepare(db, importID, cause)
            let rejectInsert = try db.cachedStatement(sql: "INSERT INTO register_rejects (import_id, file_name, line, field, raw, reason) VALUES (?,?,?,?,?,?)")
            let summary = try reader.read(
                validate: validate,
                accept: { value, _ in
                    switch try apply(value) {
                    case .added: report.added += 1
                    case .changed(let count):
                        report.changed += 1
                        report.fieldChanges += count
                    case .unchanged: report.unchanged += 1
                    }
                },
                reject: { reject in
                    if !options.dryRun {
                        try rejectInsert.execute(arguments: [importID, name, reject.line, reject.fields.isEmpty ? nil : reject.fields, reject.raw, reject.reason])
                    }
                    try onReject(reject)
                },
                warn: onWarning)
            report.read = summary
            if options.strict && summary.rejected > 0 {
                throw StoreError.strictRejected(file: name, rejected: summary.rejected)
            }
            if summary.accepted == 0 {
                throw StoreError.nothingAccepted(file: name, rejected: summary.rejected)
            }
            if !options.dryRun {
                try db.execute(sql: """
                    UPDATE register_imports SET records = ?, accepted = ?, rejected = ?, added = ?, changed = ?, unchanged = ? WHERE id = ?
                    """, arguments: [summary.records, summary.accepted, summary.rejected, report.added, report.changed, report.unchanged, importID])
                report.outcome = .imported(inventoryID: importID)
            }
            return report
        }
        do {
            return options.dryRun ? try writer.read(work) : try writer.write(work)
        } catch let error as StoreError {
            throw error
        } catch let error as InventoryReadError {
            throw StoreError.read(error)
        } catch let error as DatabaseError {
            throw StoreError.database(describe(error))
        }
    }
}

/// What applying one register record did.
enum RegisterChange {
    case added
    case changed(Int)
    case unchanged

    /// Fields whose stored text differs: code, old, new.
    static func diff(_ old: [(String, String?)], _ new: [(String, String?)]) -> [(String, String?, String?)] {
        zip(old, new).compactMap { $0.1 != $1.1 ? ($0.0, $0.1, $1.1) : nil }
    }

    static func record(_ changes: [(String, String?, String?)], entity: String, id: Int64, db: Database, date: CivilDate, cause: String, importID: Int64) throws {
        let now = Timestamp.now()
        for change in changes {
            try RegisterEventRecord(
                id: nil, entity: entity, entityID: id, date: date.iso, field: change.0, oldValue: change.1,
                newValue: change.2, cause: "modifié par l'\(cause)", importID: importID, recordedAt: now
            ).insert(db)
        }
    }
}

import BourseCore
import BourseImport
import BourseStore

extension Exchange {
    /// Loads the territory's communes and creates one source per commune (`bourse init`).
    public func initialise(communes: [Commune]) throws -> (communes: Int, newSources: Int) {
        try database.initialise(communes: communes)
    }

    /// Adds a source (a landlord, the EPT, another owner).
    public func addSource(_ source: Source) throws {
        try database.addSource(source)
    }

    /// Imports one inventory file for a source, checked against it (a commune's premises, a
    /// landlord's name), as one transaction. Rejected records go to the rejects file as they come
    /// (written beside its target and put in place after the transaction); the first ones come
    /// back with the report.
    /// - Throws: `ImportFailure` (with what was rejected) when the import is refused or fails.
    public func importInventory(
        path: String, options: InventoryImportOptions, rejects: RejectsOutput = RejectsOutput(enabled: false),
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> (report: InventoryImportReport, feedback: ImportFeedbackSummary) {
        try ImportFeedback.run(input: path, output: rejects, database: self.path, { onReject, onWarning in
            try database.importInventory(path: path, options: options, progress: progress, onReject: onReject, onWarning: onWarning)
        }, isClean: { report in
            if (report.read?.rejected ?? 0) == 0, case .imported = report.outcome { return true }
            return false
        })
    }

    /// Imports the register of ESS structures.
    /// - Throws: `ImportFailure` (with what was rejected).
    public func importStructures(
        path: String, profile: FieldMappingProfile<StructureField>? = nil, options: RegisterImportOptions,
        rejects: RejectsOutput = RejectsOutput(enabled: false)
    ) throws -> (report: RegisterImportReport, feedback: ImportFeedbackSummary) {
        try ImportFeedback.run(input: path, output: rejects, database: self.path, { onReject, onWarning in
            try database.importStructures(path: path, profile: profile, options: options, onReject: onReject, onWarning: onWarning)
        }, isClean: Self.isClean)
    }

    /// Imports the register of needs.
    /// - Throws: `ImportFailure` (with what was rejected).
    public func importNeeds(
        path: String, profile: FieldMappingProfile<NeedField>? = nil, options: RegisterImportOptions,
        rejects: RejectsOutput = RejectsOutput(enabled: false)
    ) throws -> (report: RegisterImportReport, feedback: ImportFeedbackSummary) {
        try ImportFeedback.run(input: path, output: rejects, database: self.path, { onReject, onWarning in
            try database.importNeeds(path: path, profile: profile, options: options, onReject: onReject, onWarning: onWarning)
        }, isClean: Self.isClean)
    }

    private static func isClean(_ report: RegisterImportReport) -> Bool {
        if (report.read?.rejected ?? 0) == 0, case .imported = report.outcome { return true }
        return false
    }

    /// Sets a premises' status (réservé, retiré…) with its reason, as an event.
    public func setStatus(premises: Int64, to status: PremisesStatus, on date: CivilDate, reason: String?) throws {
        try database.setStatus(premisesID: premises, to: status, on: date, reason: reason)
    }
}

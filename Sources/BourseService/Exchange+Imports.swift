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
    /// landlord's name), as one transaction; every rejected record is given to `onReject` as it
    /// comes, every remark to `onWarning`.
    public func importInventory(
        path: String, options: InventoryImportOptions, progress: ((Int, Int) -> Void)? = nil,
        onReject: (Reject) throws -> Void = { _ in }, onWarning: (Diagnostic) throws -> Void = { _ in }
    ) throws -> InventoryImportReport {
        try database.importInventory(path: path, options: options, progress: progress, onReject: onReject, onWarning: onWarning)
    }

    /// Imports the register of ESS structures.
    public func importStructures(
        path: String, profile: FieldMappingProfile<StructureField>? = nil, options: RegisterImportOptions,
        onReject: (Reject) throws -> Void = { _ in }, onWarning: (Diagnostic) throws -> Void = { _ in }
    ) throws -> RegisterImportReport {
        try database.importStructures(path: path, profile: profile, options: options, onReject: onReject, onWarning: onWarning)
    }

    /// Imports the register of needs.
    public func importNeeds(
        path: String, profile: FieldMappingProfile<NeedField>? = nil, options: RegisterImportOptions,
        onReject: (Reject) throws -> Void = { _ in }, onWarning: (Diagnostic) throws -> Void = { _ in }
    ) throws -> RegisterImportReport {
        try database.importNeeds(path: path, profile: profile, options: options, onReject: onReject, onWarning: onWarning)
    }

    /// Sets a premises' status (réservé, retiré…) with its reason, as an event.
    public func setStatus(premises: Int64, to status: PremisesStatus, on date: CivilDate, reason: String?) throws {
        try database.setStatus(premisesID: premises, to: status, on: date, reason: reason)
    }
}

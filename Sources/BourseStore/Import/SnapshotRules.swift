import BourseCore

/// The snapshot rules of an inventory import, decided on plain values.
///
/// An inventory is a full snapshot of its source's offer as of its date: each rule here takes
/// what the store holds and what the inventory says, and returns what to do. `InventoryImportJob`
/// and `InventorySnapshot` read the values, apply the decisions and write the rows and events, so
/// each rule can be tested alone, without a database or a file. The per-premises rules run once
/// per premises of a re-import: they take and return small values and allocate nothing (but
/// `fieldChanges`, called only when a stored value differs).
enum SnapshotRules {
    // MARK: The inventory

    /// Where an inventory stands among the inventories of its source.
    enum InventoryAge: Equatable {
        /// The source's first inventory, or one as recent as its latest: the snapshot replaces
        /// the source's offer.
        case current
        /// Older than the source's latest, accepted as a historical snapshot: it only adds the
        /// premises the bourse did not know.
        case historical
        /// Older than the source's latest, and not allowed.
        case refused(latest: CivilDate)
    }

    /// The older-inventory rule: an inventory dated before its source's latest is refused, unless
    /// the user allows older ones; it is then historical. An inventory of the same date as the
    /// latest is not older.
    static func age(of asOf: CivilDate, latest: CivilDate?, allowOlder: Bool) -> InventoryAge {
        guard let latest, asOf < latest else { return .current }
        return allowOlder ? .historical : .refused(latest: latest)
    }

    /// How events name the inventory (« inventaire du 30/06/2026 (juin.csv) »): the end of their
    /// causes.
    static func inventoryCause(asOf: CivilDate, file: String) -> String {
        "inventaire du \(asOf.french) (\(file))"
    }

    // MARK: A premises the inventory lists and the source already has

    /// A status an inventory gives a premises it lists.
    enum StatusChange: Equatable {
        /// Withdrawn (by an earlier inventory or by a user) and listed as available: back again.
        case reappeared
        /// Listed with another status than available (the file's status column says so).
        case declaredUnavailable(PremisesStatus)

        /// The premises' status once changed.
        var newStatus: PremisesStatus {
            switch self {
            case .reappeared: .available
            case .declaredUnavailable(let status): status
            }
        }

        /// The cause of the status event, in French.
        /// - Parameter inventory: the inventory, as `inventoryCause` words it.
        func cause(inventory: String) -> String {
            switch self {
            case .reappeared: "de nouveau proposé par l'\(inventory)"
            case .declaredUnavailable: "déclaré indisponible par l'\(inventory)"
            }
        }
    }

    /// The status rule: a status a user set (reserved, placed) is never overwritten by an import;
    /// any other status becomes the one the inventory gives.
    /// - Returns: the change, or `nil` when the status stays.
    static func statusChange(stored: PremisesStatus, listed: PremisesStatus) -> StatusChange? {
        guard !stored.isSetByUser, stored != listed else { return nil }
        return listed == .available ? .reappeared : .declaredUnavailable(listed)
    }

    /// What a current inventory does to a premises it lists and the source already has (a
    /// historical one leaves it as the newer inventories describe it).
    struct KnownPremisesDecision: Equatable {
        /// The status the premises takes, when the inventory changes it.
        var statusChange: StatusChange?
        /// Counted as changed (a field event or a status change), else as unchanged: each listed
        /// premises is counted once, as added, changed or unchanged.
        var isChanged: Bool
        /// The whole row is written again (a stored value differs, or the status changes); else
        /// only its last inventory is set.
        var rewritesRow: Bool
    }

    /// The changed and unchanged rules, and back again (see `statusChange`).
    /// - Parameters:
    ///   - stored: the premises' status in the store.
    ///   - listed: the status the inventory gives it.
    ///   - fieldsDiffer: some stored value differs from the inventory's. It may differ with no
    ///     field event (the rent's basis alone): the row is then rewritten, the premises still
    ///     counted as unchanged.
    ///   - fieldChanges: the field events (`fieldChanges(stored:listed:)`).
    static func known(stored: PremisesStatus, listed: PremisesStatus, fieldsDiffer: Bool, fieldChanges: Int) -> KnownPremisesDecision {
        let status = statusChange(stored: stored, listed: listed)
        return KnownPremisesDecision(
            statusChange: status, isChanged: fieldChanges > 0 || status != nil, rewritesRow: fieldsDiffer || status != nil)
    }

    /// One field an inventory changed: a `champ` event.
    struct FieldChange: Equatable {
        /// The field's code, as in mapping profiles (`surface`, `loyer_mensuel`).
        var field: String
        var old: String?
        var new: String?
    }

    /// The fields whose stored text differs, in the fixed order of `PremisesFieldValues`.
    static func fieldChanges(stored: Premises, listed: Premises) -> [FieldChange] {
        let old = PremisesFieldValues.values(of: stored)
        let new = PremisesFieldValues.values(of: listed)
        var changes: [FieldChange] = []
        for (index, pair) in new.enumerated() where old[index].1 != pair.1 {
            changes.append(FieldChange(field: pair.0, old: old[index].1, new: pair.1))
        }
        return changes
    }

    // MARK: A premises of the source the inventory does not list

    /// What a current inventory does to a premises of its source it does not list.
    enum AbsentPremisesDecision: Equatable {
        /// Available: withdrawn as of the inventory's date, with an event.
        case withdrawn
        /// Reserved or placed by a user: kept as it is, and counted.
        case keptByUserStatus
        /// Already withdrawn: nothing to do.
        case leftAsIs
    }

    /// The withdrawn rule: a premises absent from a newer inventory of its source is withdrawn as
    /// of that inventory's date, unless a user reserved or placed it. A historical inventory
    /// withdraws none of the premises it does not list (newer inventories describe them); its own
    /// new premises are absent from the next inventory, and this rule applies to them as of that
    /// one's date.
    static func absent(stored: PremisesStatus) -> AbsentPremisesDecision {
        if stored.isSetByUser { return .keptByUserStatus }
        return stored == .withdrawn ? .leftAsIs : .withdrawn
    }

    /// The stored statuses `absent` withdraws, as an SQL list (`'disponible'`): the import
    /// withdraws absent premises with one statement, not row by row.
    static let withdrawnWhenAbsentSQL = sqlList { absent(stored: $0) == .withdrawn }
    /// The stored statuses `absent` keeps because a user set them (`'reserve', 'attribue'`).
    static let keptWhenAbsentSQL = sqlList { absent(stored: $0) == .keptByUserStatus }

    private static func sqlList(_ included: (PremisesStatus) -> Bool) -> String {
        PremisesStatus.allCases.filter(included).map { "'\($0.rawValue)'" }.joined(separator: ", ")
    }
}

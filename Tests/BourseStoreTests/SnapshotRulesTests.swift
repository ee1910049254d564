import BourseCore
@testable import BourseStore
import Testing

/// The snapshot rules of an inventory import, one by one, on plain values: no database, no file.
@Suite("Règles d'instantané : chaque règle sur des valeurs")
struct SnapshotRulesTests {
    // MARK: Older inventory

    @Test(arguments: [
        // (as of, latest, allow older, expected)
        ("2026-03-31", nil, false, SnapshotRules.InventoryAge.current),
        ("2026-06-30", "2026-03-31", false, .current),
        ("2026-06-30", "2026-06-30", false, .current),
        ("2026-03-31", "2026-06-30", false, .refused(latest: day("2026-06-30"))),
        ("2026-03-31", "2026-06-30", true, .historical),
        ("2026-06-30", "2026-03-31", true, .current),
    ] as [(String, String?, Bool, SnapshotRules.InventoryAge)])
    func anOlderInventoryIsRefusedUnlessAllowedThenHistorical(asOf: String, latest: String?, allowOlder: Bool, expected: SnapshotRules.InventoryAge) {
        #expect(SnapshotRules.age(of: day(asOf), latest: latest.map(day), allowOlder: allowOlder) == expected)
    }

    // MARK: Status of a listed premises

    @Test(arguments: [
        // (stored, listed, expected)
        (PremisesStatus.available, PremisesStatus.available, nil),
        (.available, .withdrawn, .declaredUnavailable(.withdrawn)),
        (.withdrawn, .available, .reappeared),
        (.withdrawn, .withdrawn, nil),
        (.reserved, .available, nil),
        (.reserved, .withdrawn, nil),
        (.placed, .available, nil),
        (.placed, .withdrawn, nil),
    ] as [(PremisesStatus, PremisesStatus, SnapshotRules.StatusChange?)])
    func aUserStatusIsKeptAnyOtherTakesTheListedOne(stored: PremisesStatus, listed: PremisesStatus, expected: SnapshotRules.StatusChange?) {
        #expect(SnapshotRules.statusChange(stored: stored, listed: listed) == expected)
    }

    @Test func aStatusChangeNamesItsNewStatusAndItsCause() {
        let inventory = SnapshotRules.inventoryCause(asOf: day("2026-09-30"), file: "septembre.csv")
        #expect(inventory == "inventaire du 30/09/2026 (septembre.csv)")
        #expect(SnapshotRules.StatusChange.reappeared.newStatus == .available)
        #expect(SnapshotRules.StatusChange.reappeared.cause(inventory: inventory) == "de nouveau proposé par l'inventaire du 30/09/2026 (septembre.csv)")
        let unavailable = SnapshotRules.StatusChange.declaredUnavailable(.withdrawn)
        #expect(unavailable.newStatus == .withdrawn)
        #expect(unavailable.cause(inventory: inventory) == "déclaré indisponible par l'inventaire du 30/09/2026 (septembre.csv)")
    }

    // MARK: Unchanged, changed, back again

    @Test func unchanged() {
        let decision = SnapshotRules.known(stored: .available, listed: .available, fieldsDiffer: false, fieldChanges: 0)
        #expect(decision == .init(statusChange: nil, isChanged: false, rewritesRow: false))
    }

    @Test func changedFields() {
        let decision = SnapshotRules.known(stored: .available, listed: .available, fieldsDiffer: true, fieldChanges: 2)
        #expect(decision == .init(statusChange: nil, isChanged: true, rewritesRow: true))
    }

    /// A stored value that no field event reports (the rent's basis alone): the row is written
    /// again, the premises counted as unchanged.
    @Test func aDifferenceWithoutFieldEventRewritesTheRowOfAnUnchangedPremises() {
        let decision = SnapshotRules.known(stored: .available, listed: .available, fieldsDiffer: true, fieldChanges: 0)
        #expect(decision == .init(statusChange: nil, isChanged: false, rewritesRow: true))
    }

    @Test func backAgain() {
        let decision = SnapshotRules.known(stored: .withdrawn, listed: .available, fieldsDiffer: false, fieldChanges: 0)
        #expect(decision == .init(statusChange: .reappeared, isChanged: true, rewritesRow: true))
    }

    @Test func declaredUnavailableByTheFile() {
        let decision = SnapshotRules.known(stored: .available, listed: .withdrawn, fieldsDiffer: false, fieldChanges: 0)
        #expect(decision == .init(statusChange: .declaredUnavailable(.withdrawn), isChanged: true, rewritesRow: true))
    }

    @Test func aReservedPremisesWithChangedFieldsKeepsItsStatus() {
        let decision = SnapshotRules.known(stored: .reserved, listed: .available, fieldsDiffer: true, fieldChanges: 1)
        #expect(decision == .init(statusChange: nil, isChanged: true, rewritesRow: true))
    }

    @Test func aPlacedPremisesListedAsUnavailableIsUnchanged() {
        let decision = SnapshotRules.known(stored: .placed, listed: .withdrawn, fieldsDiffer: false, fieldChanges: 0)
        #expect(decision == .init(statusChange: nil, isChanged: false, rewritesRow: false))
    }

    // MARK: Field changes

    @Test func theChangedFieldsAreListedInTheirFixedOrderWithOldAndNewValues() {
        let stored = Premises(
            reference: "D-002", communeInsee: "93029", address: "2 avenue Jean Jaurès", type: .retail, surface: 100,
            rent: .monthly(1000, surface: 100))
        var listed = stored
        listed.surface = 110
        listed.rent = .monthly(1100, surface: 110)
        // 1,100 € a month for 110 m² is still 120 €/m²/year: two fields, not three.
        #expect(SnapshotRules.fieldChanges(stored: stored, listed: listed) == [
            .init(field: "surface", old: "100", new: "110"),
            .init(field: "loyer_mensuel", old: "1000", new: "1100"),
        ])
        #expect(SnapshotRules.fieldChanges(stored: stored, listed: stored).isEmpty)
    }

    @Test func anEmptiedFieldAndChangedExtraColumnsAreChanges() {
        let stored = Premises(
            reference: "D-1", communeInsee: "93029", address: "1 rue", surface: 40, extra: [ExtraField(header: "Parking", value: "2 places")])
        var listed = stored
        listed.address = nil
        listed.extra = [ExtraField(header: "Parking", value: "3 places")]
        let changes = SnapshotRules.fieldChanges(stored: stored, listed: listed)
        #expect(changes.map(\.field) == ["adresse", "colonnes_supplementaires"])
        #expect(changes.first == .init(field: "adresse", old: "1 rue", new: nil))
        #expect(changes.last?.new?.contains("3 places") == true)
    }

    // MARK: Withdrawn

    @Test(arguments: [
        (PremisesStatus.available, SnapshotRules.AbsentPremisesDecision.withdrawn),
        (.reserved, .keptByUserStatus),
        (.placed, .keptByUserStatus),
        (.withdrawn, .leftAsIs),
    ] as [(PremisesStatus, SnapshotRules.AbsentPremisesDecision)])
    func anAbsentPremisesIsWithdrawnUnlessAUserReservedOrPlacedIt(stored: PremisesStatus, expected: SnapshotRules.AbsentPremisesDecision) {
        #expect(SnapshotRules.absent(stored: stored) == expected)
    }

    /// The import withdraws with one statement: its SQL lists are the rule's statuses.
    @Test func theSQLListsOfTheWithdrawnRuleAreItsStatuses() {
        #expect(SnapshotRules.withdrawnWhenAbsentSQL == "'disponible'")
        #expect(SnapshotRules.keptWhenAbsentSQL == "'reserve', 'attribue'")
    }
}

import BourseCore
import Foundation

extension CivilDate {
    /// Today in the local calendar: the date of what a user does now (a deposit, a round, a
    /// placement), for the command line and the portal alike.
    public static func today() -> CivilDate {
        let parts = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
        return CivilDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? CivilDate(daysSinceEpoch: 0)
    }
}

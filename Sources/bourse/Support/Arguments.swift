import Foundation
import ArgumentParser
import BourseCore
import BourseService
import BourseImport

/// Output formats of listings.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, csv, json
}

extension PremisesStatus: ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = PremisesStatus.recognise(argument) else { return nil }
        self = value
    }

    public static var allValueStrings: [String] { allCases.map(\.label) }
}

extension PremisesType: ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = PremisesType.recognise(argument) else { return nil }
        self = value
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension SourceKind: ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = SourceKind.recognise(argument) else { return nil }
        self = value
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// Parses a date argument: `AAAA-MM-JJ` or `JJ/MM/AAAA`.
func parseDate(_ text: String) throws -> CivilDate {
    if case .value(.date(let date)) = FieldParsers.date(text: text) { return date }
    throw CLIError.invalidDate(text)
}

/// Today in the local calendar.
func today() -> CivilDate {
    CivilDate.today()
}

extension NeedStatus: ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = NeedStatus.recognise(argument) else { return nil }
        self = value
    }

    public static var allValueStrings: [String] { allCases.map(\.label) }
}

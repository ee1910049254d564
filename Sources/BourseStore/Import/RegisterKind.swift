import BourseCore
import BourseImport
import Foundation
import GRDB

/// Which register a file holds.
public enum RegisterKind: String, Sendable {
    case structures
    case needs = "besoins"

    var entity: String { self == .structures ? "structure" : "besoin" }
}

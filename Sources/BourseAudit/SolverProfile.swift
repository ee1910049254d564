import BourseCore
import Foundation

/// A preference profile for `bourse solve`, in the format of DESIGN.md (the Hospitals/Residents
/// terms other solvers use, or a max-score assignment matrix).
public enum SolverProfile: Sendable {
    /// Residents (structures) and hospitals (premises) with identifiers sorted for determinism.
    case hospitalResidents(HospitalResidentsInstance, residents: [String], hospitals: [String], residentOptimal: Bool)
    /// Rows, columns and a row-major score matrix, `nan` for a forbidden pair.
    case assignment(rows: [String], columns: [String], scores: [Double])

    /// Reads and checks a profile (UTF-8 JSON, a BOM allowed).
    ///
    /// Identifiers are compared byte for byte and sorted by their UTF-8 bytes (for text in NFC,
    /// the order of Swift's `<`). Strict JSON: trailing commas, comments, repeated keys and
    /// invalid UTF-8 are refused, syntax errors say where (line, column).
    /// - Throws: `SolverProfileError` naming what is wrong, in French.
    public static func parse(_ data: Data) throws(SolverProfileError) -> SolverProfile {
        let result: Result<SolverProfile, SolverProfileError> = data.withUnsafeBytes { raw in
            do throws(SolverProfileError) {
                return .success(try SolverProfileReader.read(raw))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Reads and checks a profile from bytes (see `parse(_:)`).
    public static func parse(bytes: UnsafeRawBufferPointer) throws(SolverProfileError) -> SolverProfile {
        try SolverProfileReader.read(bytes)
    }
}

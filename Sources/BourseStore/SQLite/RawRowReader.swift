import GRDB
import GRDBSQLite

/// Steps a prepared statement and reads its columns through the SQLite C API, for the reports'
/// scans of every premises and event.
///
/// GRDB's rows decode each value through a generic conversion that checks its type and boxes it;
/// on hundreds of thousands of rows that costs more than SQLite's own scan. The statement still
/// comes from GRDB (prepared and finalised by it), inside GRDB's read transaction.
struct RawRowReader {
    private let statement: Statement
    private let handle: OpaquePointer

    init(_ statement: Statement) {
        self.statement = statement
        self.handle = statement.sqliteStatement
    }

    /// Moves to the next row.
    /// - Returns: `false` after the last row.
    /// - Throws: a `DatabaseError` when SQLite fails.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))), sql: statement.sql)
        }
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    func int(orNil column: Int32) -> Int? { isNull(column) ? nil : int(column) }

    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    func double(orNil column: Int32) -> Double? { isNull(column) ? nil : double(column) }

    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: bytes)
    }

    func text(orNil column: Int32) -> String? { isNull(column) ? nil : text(column) }

    /// Rewinds the statement so it can be bound and stepped again (its bindings are kept).
    func reset() { sqlite3_reset(handle) }
}

/// SQL that turns a text column holding the raw values of a vocabulary into their positions in
/// `cases` (`-1` for anything else), so a scan reads small integers instead of making strings.
func vocabularyCodeSQL<T: RawRepresentable & CaseIterable>(_ column: String, _ type: T.Type) -> String where T.RawValue == String {
    var sql = "CASE \(column)"
    for (index, value) in T.allCases.enumerated() {
        sql += " WHEN '\(value.rawValue.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''"))' THEN \(index)"
    }
    return sql + " ELSE -1 END"
}

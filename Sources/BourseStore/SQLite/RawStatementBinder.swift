import GRDB
import GRDBSQLite

/// Binds and runs a prepared statement through the SQLite C API, for the bulk insert of an import.
///
/// GRDB's `StatementArguments` box every value in an existential; on a million-row inventory that
/// boxing costs more than SQLite's own insert. The statement still comes from GRDB (prepared,
/// cached and finalised by it), inside GRDB's transaction.
struct RawStatementBinder {
    private let statement: Statement
    private let handle: OpaquePointer
    private var index: Int32 = 0
    /// Some value was bound by pointer: cleared after the run, so that the cached statement keeps
    /// no pointer to memory its owner may free.
    private var bindsPointers = false

    init(_ statement: Statement) {
        self.statement = statement
        self.handle = statement.sqliteStatement
    }

    /// SQLite copies the bytes (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(Int(-1), to: sqlite3_destructor_type.self)

    mutating func bind(_ value: String?) {
        index += 1
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUTF8 { bytes in
            _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), RawStatementBinder.transient)
        }
    }

    /// Binds `length` bytes of UTF-8 text by pointer (`SQLITE_STATIC`): the bytes must stay
    /// valid and unchanged until the statement has run (`execute` then clears the bindings).
    mutating func bindStatic(text: UnsafeRawPointer, length: Int) {
        index += 1
        bindsPointers = true
        _ = sqlite3_bind_text(handle, index, text.assumingMemoryBound(to: CChar.self), Int32(length), nil)
    }

    mutating func bindNull() {
        index += 1
        sqlite3_bind_null(handle, index)
    }

    mutating func bind(_ value: Double) {
        index += 1
        sqlite3_bind_double(handle, index, value)
    }

    mutating func bind(_ value: Int64) {
        index += 1
        sqlite3_bind_int64(handle, index, value)
    }

    mutating func bind(_ value: Double?) {
        index += 1
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    mutating func bind(_ value: Int64?) {
        index += 1
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    mutating func bind(_ value: Int?) {
        bind(value.map(Int64.init))
    }

    mutating func bind(_ value: Bool?) {
        bind(value.map { $0 ? Int64(1) : Int64(0) })
    }

    mutating func bind(blob bytes: UnsafeRawBufferPointer) {
        index += 1
        if let base = bytes.baseAddress, bytes.count > 0 {
            _ = sqlite3_bind_blob(handle, index, base, Int32(bytes.count), RawStatementBinder.transient)
        } else {
            // A zero-length blob, not NULL.
            _ = sqlite3_bind_zeroblob(handle, index, 0)
        }
    }

    /// Runs the statement and resets it for the next row.
    /// - Throws: GRDB's `DatabaseError` with SQLite's message.
    mutating func execute(_ db: Database) throws {
        index = 0
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        if bindsPointers {
            sqlite3_clear_bindings(handle)
            bindsPointers = false
        }
        guard code == SQLITE_DONE else {
            let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) } ?? "erreur SQLite \(code)"
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}

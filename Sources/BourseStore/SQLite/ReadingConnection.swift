import CSQLiteSetup
import Foundation
import GRDB

/// A reading command's connections, closed in order when the `BourseDatabase` that holds them is
/// released: the read-only connection, then the anchor that removes the side files.
final class ReadingConnection: Sendable {
    let reader: DatabaseQueue
    let anchor: DatabaseQueue?

    init(reader: DatabaseQueue, anchor: DatabaseQueue?) {
        self.reader = reader
        self.anchor = anchor
    }

    deinit {
        try? reader.close()
        try? anchor?.close()
    }
}

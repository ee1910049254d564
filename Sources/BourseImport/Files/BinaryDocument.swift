/// Documents people send instead of a CSV file, recognised by their first bytes.
enum BinaryDocument {
    /// What the bytes look like, in French ("un classeur Excel…"), or `nil` for text.
    static func kind(of head: [UInt8]) -> String? {
        func starts(_ magic: [UInt8]) -> Bool { head.count >= magic.count && Array(head.prefix(magic.count)) == magic }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return "un classeur Excel (.xlsx) ou LibreOffice (.ods), ou une archive zip" }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return "un classeur Excel 97-2003 (.xls)" }
        if starts(Array("%PDF".utf8)) { return "un document PDF" }
        return nil
    }
}

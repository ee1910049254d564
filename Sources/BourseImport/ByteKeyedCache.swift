/// Remembers a value computed from a cell's bytes, so repeated cells ("Drancy", "bureau", "RDC",
/// "oui") are decoded and recognised once per file. Bounded: past `limit` entries, values are
/// computed without being stored.
struct ByteKeyedCache<Value> {
    private var buckets: [Int: [(key: [UInt8], value: Value)]] = [:]
    private var count = 0
    let limit: Int

    init(limit: Int = 4096) {
        self.limit = limit
    }

    mutating func value(for bytes: UnsafeBufferPointer<UInt8>, compute: () -> Value) -> Value {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        let hash = hasher.finalize()
        if let bucket = buckets[hash] {
            for entry in bucket where entry.key.elementsEqual(bytes) {
                return entry.value
            }
        }
        let value = compute()
        if count < limit {
            buckets[hash, default: []].append((Array(bytes), value))
            count += 1
        }
        return value
    }
}

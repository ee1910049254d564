import Mustache

/// HTML escaping on UTF-8 bytes.
///
/// swift-mustache's own escaping looks up each `Character` in a table of `<` `>` `&` `"` `'`, so a
/// sign inside a grapheme cluster goes through raw: `"\"\u{301}"` (a quote and a combining accent)
/// ends an attribute value, and a prepended scalar (`"\u{600}<"`, Arabic number sign, grapheme
/// break property Prepend) hides a `<` that opens a tag. The five signs are ASCII, so their bytes
/// never occur inside another scalar's UTF-8: escaping bytes escapes every one of them.
public enum HTMLText {
    /// `value` with `<` `>` `&` `"` `'` replaced by their entities (the same entities as
    /// swift-mustache's, so ordinary text renders byte for byte as before).
    public static func escape(_ value: String) -> String {
        var text = value
        return text.withUTF8 { utf8 in
            guard let firstSign = utf8.firstIndex(where: { entity(for: $0) != nil }) else { return value }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(utf8.count + 16)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[..<firstSign]))
            for byte in UnsafeBufferPointer(rebasing: utf8[firstSign...]) {
                if let entity = entity(for: byte) {
                    entity.withUTF8Buffer { bytes.append(contentsOf: $0) }
                } else {
                    bytes.append(byte)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    private static func entity(for byte: UInt8) -> StaticString? {
        switch byte {
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "\""): "&quot;"
        case UInt8(ascii: "'"): "&#39;"
        default: nil
        }
    }

    /// The name templates select this escaping with (`{{% CONTENT_TYPE: BOURSE_HTML }}`);
    /// `ReportTemplates` puts that line at the start of every template.
    public static let contentTypeName = "BOURSE_HTML"

    /// Registers the content type with swift-mustache (idempotent; before any template is parsed).
    public static func registerContentType() {
        MustacheContentTypes.register(ContentType(), named: contentTypeName)
    }

    /// Mustache's content type escaping with `HTMLText.escape`.
    struct ContentType: MustacheContentType {
        func escapeText(_ text: String) -> String {
            HTMLText.escape(text)
        }
    }
}

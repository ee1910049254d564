import CLibXML2
import Foundation

/// A look at the start of an XML file before it is read: is there a DOCTYPE, what is the root
/// element, what do the root and its first children say (for the inventory date).
struct XMLPeek {
    var doctypeLine: Int?
    var root: XMLName?
    /// Root attributes by name.
    var rootAttributes: [XMLName: String] = [:]
    /// Texts of the first elements below the root, by their path from the root.
    var texts: [[XMLName]: String] = [:]

    /// The value of a path read from the root (an attribute of the root or the text of a child path).
    func rootValue(_ path: XMLPath) -> String? {
        if path.steps.isEmpty, let attribute = path.attribute { return rootAttributes[attribute] }
        guard path.attribute == nil else { return nil }
        return texts[path.steps]
    }

    /// Parses `head` (the first bytes of the file) until the first 200 elements.
    static func run(head: [UInt8], transcoding: XMLTranscoding) -> XMLPeek {
        final class State {
            var peek = XMLPeek()
            var context: xmlParserCtxtPtr?
            var stack: [XMLName] = []
            var text: [UInt8] = []
            var elements = 0
            func stop() { if let context { xmlStopParser(context) } }
        }
        let state = State()
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.internalSubset = { user, _, _, _ in
            let state = Unmanaged<State>.fromOpaque(user!).takeUnretainedValue()
            state.peek.doctypeLine = state.context.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } ?? 1
            state.stop()
        }
        sax.startElementNs = { user, local, _, uri, _, _, count, _, attributes in
            let state = Unmanaged<State>.fromOpaque(user!).takeUnretainedValue()
            // Enough seen: ignore the rest of the head (stopping here would free what libxml2
            // still reads after this callback).
            guard state.elements <= 200 else { return }
            let name = XMLName(uri: uri.map { String(cString: $0) }, local: local.map { String(cString: $0) } ?? "")
            if state.stack.isEmpty {
                state.peek.root = name
                if let attributes {
                    for index in 0..<Int(count) {
                        let base = index * 5
                        guard let attrLocal = attributes[base], let start = attributes[base + 3], let end = attributes[base + 4] else { continue }
                        let attrName = XMLName(uri: attributes[base + 2].map { String(cString: $0) }, local: String(cString: attrLocal))
                        state.peek.rootAttributes[attrName] = XMLAttributeText.decode(UnsafeBufferPointer(start: start, count: end - start))
                    }
                }
            }
            state.stack.append(name)
            state.text.removeAll(keepingCapacity: true)
            state.elements += 1
        }
        sax.endElementNs = { user, _, _, _ in
            let state = Unmanaged<State>.fromOpaque(user!).takeUnretainedValue()
            guard state.elements <= 200, !state.stack.isEmpty else { return }
            if state.stack.count > 1 && state.stack.count <= 4 {
                let path = Array(state.stack.dropFirst())
                if state.peek.texts[path] == nil {
                    state.peek.texts[path] = String(decoding: state.text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
            state.text.removeAll(keepingCapacity: true)
            state.stack.removeLast()
        }
        sax.characters = { user, bytes, count in
            let state = Unmanaged<State>.fromOpaque(user!).takeUnretainedValue()
            guard let bytes, state.elements <= 200, state.text.count < 4096 else { return }
            state.text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: Int(count)))
        }
        sax.serror = { _, _ in }
        // Undecodable bytes are reported by the full parse, in French; libxml2 would print them here.
        bourse_xml_silence_generic_errors()
        defer { bourse_xml_restore_generic_errors() }
        var fed: [UInt8] = []
        var feeder = XMLFeeder(transcoding)
        head.withUnsafeBufferPointer { feeder.feed($0, into: &fed) }
        let user = Unmanaged.passUnretained(state).toOpaque()
        LibXML2.initialize()
        guard let context = xmlCreatePushParserCtxt(&sax, user, nil, 0, nil) else { return state.peek }
        defer { xmlFreeParserCtxt(context) }
        state.context = context
        xmlCtxtUseOptions(context, transcoding.parserOptions)
        fed.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                _ = xmlParseChunk(context, chars.baseAddress, Int32(chars.count), 0)
            }
        }
        return state.peek
    }
}

/// Attribute values as libxml2 hands them over.
enum XMLAttributeText {
    /// Without entity substitution, libxml2 writes `&` (from `&amp;` or `&#38;`) as `&#38;` in
    /// attribute values so that a tree can rebuild the reference: undo that.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.contains("&#38;") ? text.replacingOccurrences(of: "&#38;", with: "&") : text
    }

    /// Whether `bytes` hold the `&#38;` escape.
    static func needsDecoding(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.contains(UInt8(ascii: "&"))
    }
}

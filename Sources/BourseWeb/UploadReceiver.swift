import Foundation
import HTTPTypes
import Hummingbird
import MultipartKit

/// Reads a `multipart/form-data` deposit as it arrives: the short fields into memory, the file
/// part straight into a file of the deposit's folder (never whole in memory), refusing it past
/// the size limit and, before a byte of it is written, when the form's token does not check.
struct UploadReceiver {
    var fields: [String: String] = [:]
    /// The file as deposited: its path in the deposit's folder and the name the user gave it.
    var file: (path: String, name: String, size: Int)?

    /// The field names read into memory, and their largest size.
    static let fieldLimit = 4096

    static func receive(
        _ request: Request, folder: String, limit: Int, csrfToken: String?
    ) async throws -> UploadReceiver {
        guard let contentType = request.headers[.contentType], let boundary = boundary(of: contentType) else {
            throw PortalError(.badRequest, "Le formulaire de dépôt doit être envoyé en multipart/form-data.")
        }
        let parser = MultipartParser(boundary: boundary)
        var result = UploadReceiver()
        var headers: [String: String] = [:]
        var fieldBytes: [UInt8] = []
        var handle: FileHandle?
        var fileName = ""
        var filePath = ""
        var fileSize = 0
        var failure: PortalError?
        defer { try? handle?.close() }

        func partName() -> (name: String, filename: String?) {
            let disposition = dispositionParameters(headers["content-disposition"] ?? "")
            return (disposition["name"] ?? "", disposition["filename"])
        }
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { buffer in
            guard failure == nil else { return }
            let (name, filename) = partName()
            if let filename, name == "fichier" {
                if handle == nil {
                    guard let csrfToken, let given = result.fields["_csrf"], FormInput.constantTimeEqual(given, csrfToken) else {
                        failure = PortalError(.forbidden, "Formulaire expiré ou envoyé d'ailleurs : rechargez la page et recommencez.")
                        return
                    }
                    fileName = safeFileName(filename)
                    filePath = folder + "/" + fileName
                    guard FileManager.default.createFile(atPath: filePath, contents: nil, attributes: [.posixPermissions: 0o600]),
                          let opened = FileHandle(forWritingAtPath: filePath) else {
                        failure = PortalError(.internalServerError, "Le fichier déposé n'a pas pu être enregistré.")
                        return
                    }
                    handle = opened
                }
                fileSize += buffer.readableBytes
                guard fileSize <= limit else {
                    failure = PortalError(.contentTooLarge, "Fichier trop volumineux : \(limit / 1_048_576) Mo au plus.")
                    return
                }
                if let bytes = buffer.readBytes(length: buffer.readableBytes) {
                    do { try handle?.write(contentsOf: bytes) } catch {
                        failure = PortalError(.internalServerError, "Le fichier déposé n'a pas pu être enregistré.")
                    }
                }
            } else {
                guard fieldBytes.count + buffer.readableBytes <= fieldLimit else {
                    failure = PortalError(.badRequest, "Champ de formulaire trop long.")
                    return
                }
                fieldBytes += buffer.readBytes(length: buffer.readableBytes) ?? []
            }
        }
        parser.onPartComplete = {
            let (name, filename) = partName()
            if filename == nil || name != "fichier", result.fields[name] == nil {
                result.fields[name] = String(decoding: fieldBytes, as: UTF8.self)
            }
            fieldBytes = []
            headers = [:]
        }
        for try await chunk in request.body {
            do {
                try parser.execute(chunk)
            } catch {
                throw PortalError(.badRequest, "Le formulaire de dépôt est mal formé.")
            }
            if let failure { throw failure }
        }
        if let failure { throw failure }
        if handle != nil, fileSize > 0 {
            result.file = (filePath, fileName, fileSize)
        }
        return result
    }

    /// The boundary of a `multipart/form-data` content type.
    static func boundary(of contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
            var value = String(part.dropFirst("boundary=".count))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty || value.utf8.count > 70 ? nil : value
        }
        return nil
    }

    /// The parameters of a `Content-Disposition` header (`name`, `filename`), quotes removed.
    static func dispositionParameters(_ header: String) -> [String: String] {
        var parameters: [String: String] = [:]
        var index = header.startIndex
        while index < header.endIndex {
            guard let semicolon = header[index...].firstIndex(of: ";") else { break }
            index = header.index(after: semicolon)
            while index < header.endIndex, header[index] == " " { index = header.index(after: index) }
            guard let equals = header[index...].firstIndex(of: "=") else { break }
            let key = header[index..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            index = header.index(after: equals)
            var value = ""
            if index < header.endIndex, header[index] == "\"" {
                index = header.index(after: index)
                while index < header.endIndex, header[index] != "\"" {
                    if header[index] == "\\", header.index(after: index) < header.endIndex { index = header.index(after: index) }
                    value.append(header[index])
                    index = header.index(after: index)
                }
                if index < header.endIndex { index = header.index(after: index) }
            } else {
                let end = header[index...].firstIndex(of: ";") ?? header.endIndex
                value = header[index..<end].trimmingCharacters(in: .whitespaces)
                index = end
            }
            parameters[key] = value
        }
        return parameters
    }

    /// The name a user gave the file, reduced to a safe last component: no folder, no control
    /// character, no leading dot, at most 120 bytes; its dates and extension are kept (the import
    /// reads an inventory's date in its name).
    static func safeFileName(_ given: String) -> String {
        let last = given.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var name = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && $0 != ":" }.map(Character.init))
        while name.hasPrefix(".") { name.removeFirst() }
        while name.utf8.count > 120 { name.removeFirst() }
        return name.isEmpty ? "inventaire" : name
    }
}

/// The reduction of a deposited file's name, for tests.
public enum UploadReceiverNames {
    public static func safe(_ name: String) -> String { UploadReceiver.safeFileName(name) }
}

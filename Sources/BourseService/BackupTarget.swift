import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where a backup may be written: a new file, an empty one, or an earlier copy of a bourse
/// (SQLite with the bourse's application id); never the bourse, its companions, a link, a
/// device or a folder, nor any other file.
enum BackupTarget {
    static func check(_ path: String, database: String) throws {
        let fail = { (reason: String) in ServiceError.backupTarget("« \(path) » \(reason)") }
        let target = URL(fileURLWithPath: path).standardizedFileURL.path
        let live = URL(fileURLWithPath: database).standardizedFileURL.path
        for protected in [live, live + "-wal", live + "-shm", live + "-journal"] where protected == target {
            throw fail("est la base elle-même ou l'un de ses fichiers : choisissez un autre fichier")
        }
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw fail("n'est pas un fichier ordinaire (lien, dossier ou périphérique) : refusé")
        }
        var liveInfo = stat()
        if stat(database, &liveInfo) == 0, liveInfo.st_dev == info.st_dev, liveInfo.st_ino == info.st_ino {
            throw fail("est la base elle-même (un autre chemin vers le même fichier) : refusé")
        }
        guard info.st_size > 0 else { return }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw fail("est illisible") }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        guard isBourseDatabase(head) else {
            throw fail("existe et n'est pas une sauvegarde de la bourse : il n'est pas remplacé")
        }
    }

    /// SQLite's header with the bourse's application id ("BFES", at byte 68, big-endian).
    static func isBourseDatabase(_ head: [UInt8]) -> Bool {
        head.count >= 72 && head.starts(with: Array("SQLite format 3\0".utf8)) && Array(head[68..<72]) == [0x42, 0x46, 0x45, 0x53]
    }
}

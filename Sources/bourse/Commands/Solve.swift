import ArgumentParser
import BourseAudit
import BourseCore
import BourseImport
import Foundation

/// `bourse solve`: solves a preference profile, so a third party can re-check a round.
struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Résout un profil de préférences (JSON) : appariement stable ou affectation de score maximal.",
        discussion: """
            Format hôpitaux/résidents (structures = résidents, locaux = hôpitaux) : {"kind": "hospital_residents", "optimal": "resident", "residents": {"S1": {"prefs": ["P2", "P1"]}}, "hospitals": {"P1": {"capacity": 1, "prefs": ["S1"]}}}. Listes strictes, préférée d'abord ; une paire n'est acceptable que si chacun cite l'autre ; "optimal": "hospital" donne le résultat optimal pour les hôpitaux. Réponse : {"resident_to_hospital": {"S1": "P1", "S2": null}, "hospital_to_residents": {"P1": ["S1"]}}.

            Format affectation : {"kind": "assignment", "rows": [...], "cols": [...], "scores": [[10, null], ...]} (null = paire interdite). Réponse : {"assignment": {"S1": "P2", "S2": null}, "total": 18}.
            """)

    @Argument(help: ArgumentHelp("Profil JSON.", valueName: "PROFIL"))
    var profile: String

    @Option(name: .long, help: ArgumentHelp("Écrit la réponse dans ce fichier au lieu de la sortie standard.", valueName: "FICHIER"))
    var out: String?

    @Flag(name: .long, help: "Affiche sur la sortie d'erreur les durées de lecture et de résolution.")
    var timings = false

    func run() throws {
        let started = DispatchTime.now()
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: profile, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CLIError.cannotRead(path: profile, reason: "c'est un dossier, pas un fichier")
        }
        guard let data = FileManager.default.contents(atPath: profile) else { throw CLIError.fileNotFound(profile) }
        let parsed = try SolverProfile.parse(data)
        let read = DispatchTime.now()
        let answer: [UInt8]
        switch parsed {
        case let .hospitalResidents(instance, residents, hospitals, residentOptimal):
            let matching = DeferredAcceptance.solve(instance, residentOptimal: residentOptimal)
            answer = SolverAnswer.hospitalResidents(matching, residents: residents, hospitals: hospitals)
        case let .assignment(rows, columns, scores):
            let result = AssignmentSolver.maximise(scores: scores, rows: rows.count, columns: columns.count)
            guard let text = SolverAnswer.assignment(rows: rows, columns: columns, assignment: result.assignment, total: result.total) else {
                throw CLIError.unwritableAnswer("le score total dépasse les nombres représentables en JSON")
            }
            answer = text
        }
        let solved = DispatchTime.now()
        if let out {
            try writeOutputFile(answer, to: out, kind: .solverAnswer, database: nil, inputs: [profile])
        } else {
            answer.withUnsafeBytes { StandardOutput.writeUnbuffered($0) }
        }
        if timings {
            let seconds = { (a: DispatchTime, b: DispatchTime) in Double(b.uptimeNanoseconds - a.uptimeNanoseconds) / 1e9 }
            Terminal.error(String(format: "lecture : %.3f s ; résolution : %.3f s", seconds(started, read), seconds(read, solved)))
        }
    }
}

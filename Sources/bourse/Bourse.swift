import ArgumentParser

@main
struct Bourse: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bourse", abstract: "Bourse foncière ESS")
}

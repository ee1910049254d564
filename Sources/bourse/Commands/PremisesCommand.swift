import ArgumentParser
import BourseCore
import BourseReports
import BourseService
import BourseStore

/// `bourse premises`: the premises of the exchange.
struct PremisesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "premises",
        abstract: "Liste les locaux, en montre un avec son historique, ou change son statut.",
        subcommands: [List.self, Show.self, SetStatus.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Liste les locaux (filtrables par commune, statut, source, type).",
            discussion: "Exemple : bourse premises --commune Drancy --status disponible --format csv > locaux.csv")

        @Option(name: .long, help: ArgumentHelp("Commune : nom, code INSEE ou code postal.", valueName: "COMMUNE"))
        var commune: String?

        @Option(name: .long, help: "Statut : disponible, réservé, attribué ou retiré.")
        var status: PremisesStatus?

        @Option(name: .long, help: ArgumentHelp("Source (identifiant ou commune).", valueName: "ID"))
        var source: String?

        @Option(name: .long, help: "Type : bureau, commerce, activite, stockage, salle, terrain, autre.")
        var type: PremisesType?

        @Option(name: .long, help: "Format de sortie : text, csv ou json.")
        var format: OutputFormat = .text

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let exchange = try database.exchange(.read)
            var filter = PremisesFilter(status: status, type: type)
            if let commune { filter.communeInsee = try exchange.commune(named: commune).inseeCode }
            if let source { filter.sourceID = try exchange.source(named: source).id }
            // Read one premises at a time: CSV and JSON are written as they come (a million
            // premises listed in memory took gigabytes); the text table needs every row for its
            // column widths and keeps only its cells.
            switch format {
            case .text:
                var rows: [[String]] = []
                var surface = 0.0
                try exchange.forEachPremises(filter) { listing in
                    rows.append(PremisesTables.summaryRow(listing))
                    surface += listing.record.surface
                }
                print(TextTable(columns: PremisesTables.summaryColumns, rows: rows).renderText(), terminator: "")
                print("\(FrenchNumber.format(rows.count)) local(aux), \(FrenchNumber.squareMetres(surface))")
            case .csv:
                var output = BufferedOutput()
                output.write(FrenchCSV.bom + FrenchCSV.line(PremisesTables.fullColumns.map(\.title)))
                try exchange.forEachPremises(filter) { output.write(FrenchCSV.line(PremisesTables.fullRow($0))) }
                output.flush()
            case .json:
                // The array printJSON would print, one element at a time.
                var output = BufferedOutput()
                var count = 0
                output.write("[\n")
                try exchange.forEachPremises(filter) { listing in
                    let element = try jsonText(.object(PremisesTables.json(listing)))
                    let indented = element.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }
                    output.write((count == 0 ? "" : ",\n") + indented.joined(separator: "\n"))
                    count += 1
                }
                output.write("\n]\n")
                output.flush()
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Montre un local et l'historique de ses changements.")

        @Argument(help: ArgumentHelp("Numéro du local (colonne N° de bourse premises).", valueName: "N°"))
        var id: Int64

        @Option(name: .long, help: "Format de sortie : text ou json.")
        var format: OutputFormat = .text

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let (listing, events) = try database.exchange(.read).premises(id: id)
            if format == .json {
                var object = PremisesTables.json(listing)
                object["historique"] = .array(events.map { event in
                    .object([
                        "date": .string(event.date), "type": .string(event.kind), "champ": .string(event.field),
                        "avant": event.oldValue.map(JSONValue.string) ?? .null,
                        "apres": event.newValue.map(JSONValue.string) ?? .null, "cause": .string(event.cause),
                    ])
                })
                try printJSON(.object(object))
                return
            }
            let table = PremisesTables.full([listing])
            for (index, column) in table.columns.enumerated() {
                let value = table.rows[0][index]
                print("\(column.title) : \(value.isEmpty ? "—" : value)")
            }
            print("\nHistorique :")
            if events.isEmpty { print("  aucun changement depuis son arrivée le \(CivilDate(iso: listing.record.offeredOn)?.french ?? listing.record.offeredOn)") }
            for event in events {
                let date = CivilDate(iso: event.date)?.french ?? event.date
                print("  \(date)  \(event.field) : \(event.oldValue ?? "—") → \(event.newValue ?? "—")  (\(event.cause))")
            }
        }
    }

    struct SetStatus: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-status",
            abstract: "Change à la main le statut d'un local : réservé, disponible ou retiré.",
            discussion: """
                Un local réservé (ou attribué par une implantation) garde son statut quand un nouvel inventaire de sa source arrive, qu'il y figure ou non. « attribué » ne se pose que par bourse place.
                Exemple : bourse premises set-status 12 réservé --reason "visite le 3/12 avec l'association"
                """)

        @Argument(help: ArgumentHelp("Numéro du local.", valueName: "N°"))
        var id: Int64

        @Argument(help: "Nouveau statut : réservé, disponible ou retiré.")
        var status: PremisesStatus

        @Option(name: .long, help: ArgumentHelp("Date du changement (par défaut aujourd'hui).", valueName: "DATE"))
        var date: String?

        @Option(name: .long, help: "Motif, gardé dans l'historique.")
        var reason: String?

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let day = try date.map(parseDate) ?? today()
            try database.exchange(.write).setStatus(premises: id, to: status, on: day, reason: reason)
            print("Local \(id) : statut « \(status.label) » depuis le \(day.french).")
        }
    }
}

/// The tables of premises listings.
enum PremisesTables {
    static let summaryColumns: [TextTable.Column] = [
        .init("N°", .right), .init("Commune"), .init("Source"), .init("Référence"), .init("Type"),
        .init("Surface", .right), .init("Loyer/mois", .right), .init("€/m²/an", .right),
        .init("Disponible le"), .init("PMR"), .init("Statut"), .init("Adresse"),
    ]

    static func summaryRow(_ listing: PremisesListing) -> [String] {
        let p = listing.premises
        return [
            String(listing.id), listing.communeName, listing.record.sourceID, p.reference,
            p.typeLabel ?? p.type.label, FrenchNumber.squareMetres(p.surface),
            p.rent.map { FrenchNumber.euros($0.monthly) } ?? "—",
            p.rent.map { FrenchNumber.format($0.perSquareMetreYear) } ?? "—",
            p.availableFrom?.french ?? "", p.accessible.map { $0 ? "oui" : "non" } ?? "",
            p.status.label, p.address ?? "",
        ]
    }

    static func summary(_ listings: [PremisesListing]) -> TextTable {
        TextTable(columns: summaryColumns, rows: listings.map(summaryRow))
    }

    static let fullColumns: [TextTable.Column] = [
        "N°", "Commune", "Code INSEE", "Source", "Référence", "Adresse", "Type", "Libellé du type",
        "Surface (m²)", "Loyer mensuel HC (€)", "Loyer (€/m²/an)", "Loyer donné", "Charges (€/mois)",
        "Loyer de marché (€/mois)", "Bail", "Libellé du bail", "Disponible le", "Disponible jusqu'au",
        "Étage", "PMR", "Statut", "Statut depuis", "Proposé depuis", "Contact", "Remarques",
        "Colonnes supplémentaires",
    ].map { TextTable.Column($0) }

    static func full(_ listings: [PremisesListing]) -> TextTable {
        TextTable(columns: fullColumns, rows: listings.map(fullRow))
    }

    static func fullRow(_ listing: PremisesListing) -> [String] {
        let number: (Double?) -> String = { $0.map { FrenchCSV.number($0) } ?? "" }
        let p = listing.premises
        return [
            String(listing.id), listing.communeName, p.communeInsee, listing.sourceName, p.reference,
            p.address ?? "", p.type.label, p.typeLabel ?? "", number(p.surface), number(p.rent?.monthly),
            number(p.rent?.perSquareMetreYear), p.rent.map { basisLabel($0.basis) } ?? "", number(p.charges),
            number(p.marketRent), p.leaseKind?.label ?? "", p.leaseLabel ?? "", p.availableFrom?.french ?? "",
            p.availableUntil?.french ?? "", p.floor.map(floorLabel) ?? "",
            p.accessible.map { $0 ? "oui" : "non" } ?? "", p.status.label,
            CivilDate(iso: listing.record.statusSince)?.french ?? "",
            CivilDate(iso: listing.record.offeredOn)?.french ?? "", p.contact ?? "", p.remarks ?? "",
            p.extra.map { "\($0.header) : \($0.value)" }.joined(separator: " | "),
        ]
    }

    static func json(_ listing: PremisesListing) -> [String: JSONValue] {
        let p = listing.premises
        let number: (Double?) -> JSONValue = { $0.map(JSONValue.number) ?? .null }
        let string: (String?) -> JSONValue = { $0.map(JSONValue.string) ?? .null }
        return [
            "numero": .number(Double(listing.id)), "commune": .string(listing.communeName),
            "code_insee": .string(p.communeInsee), "source": .string(listing.record.sourceID),
            "reference": .string(p.reference), "adresse": string(p.address), "type": .string(p.type.rawValue),
            "type_libelle": string(p.typeLabel), "surface_m2": .number(p.surface),
            "loyer_mensuel": number(p.rent?.monthly), "loyer_m2_an": number(p.rent?.perSquareMetreYear),
            "loyer_donne": string(p.rent?.basis.rawValue), "charges": number(p.charges),
            "loyer_marche": number(p.marketRent), "bail": string(p.leaseKind?.rawValue), "bail_libelle": string(p.leaseLabel),
            "disponible_le": string(p.availableFrom?.iso), "disponible_jusqu_au": string(p.availableUntil?.iso),
            "etage": p.floor.map { .number(Double($0)) } ?? .null, "pmr": p.accessible.map(JSONValue.bool) ?? .null,
            "statut": .string(p.status.rawValue), "statut_depuis": .string(listing.record.statusSince),
            "propose_depuis": .string(listing.record.offeredOn), "contact": string(p.contact),
            "remarques": string(p.remarks),
            "colonnes_supplementaires": .object(Dictionary(p.extra.map { ($0.header, JSONValue.string($0.value)) }, uniquingKeysWith: { a, _ in a })),
        ]
    }

    static func basisLabel(_ basis: Rent.Basis) -> String {
        switch basis {
        case .monthly: "mensuel"
        case .annual: "annuel"
        case .perSquareMetreYear: "au m² par an"
        }
    }

    static func floorLabel(_ floor: Int) -> String {
        switch floor {
        case 0: "RDC"
        case 1: "1er"
        case let n where n < 0: String(n)
        default: "\(floor)e"
        }
    }
}

import BourseCore

// The reports for scripts: stable keys (sorted when written), ISO dates, plain numbers; their
// golden files are in Tests/BourseReportsTests/Golden like the other formats'.

extension Evolution {
    /// The evolution's rows for scripts.
    public static func json(_ rows: [EvolutionRow]) -> JSONValue {
        .array(rows.map { row in
            .object([
                "periode": .string(row.label), "debut": .string(row.start.iso), "fin": .string(row.end.iso),
                "m2_disponibles": .number(row.availableSurface), "locaux_disponibles": .number(Double(row.availableCount)),
                "m2_offerts": .number(row.offeredSurface), "locaux_offerts": .number(Double(row.offeredCount)),
                "m2_retires": .number(row.withdrawnSurface), "locaux_retires": .number(Double(row.withdrawnCount)),
                "implantations": .number(Double(row.placements)), "m2_implantes": .number(row.placedSurface),
                "bailleurs": .number(Double(row.landlords)), "communes": .number(Double(row.communes)),
            ])
        })
    }
}

extension Indicators {
    /// The year's indicators for scripts.
    public func json() -> JSONValue {
        let indicators = self
        let pairs: ([(String, Int)]) -> JSONValue = { .object(Dictionary($0.map { ($0.0, JSONValue.number(Double($0.1))) }, uniquingKeysWith: { a, _ in a })) }
        return .object([
            "annee": .number(Double(indicators.year)), "debut": .string(indicators.start.iso), "fin": .string(indicators.end.iso),
            "m2_disponibles_debut": .number(indicators.availableAtStart), "m2_disponibles_fin": .number(indicators.availableAtEnd),
            "evolution_m2_disponibles_pourcent": indicators.availableChangePercent.map { .number(($0 * 10).rounded() / 10) } ?? .null,
            "locaux_offerts": .number(Double(indicators.premisesOffered)), "m2_offerts": .number(indicators.surfaceOffered),
            "implantations": .number(Double(indicators.placements)), "m2_implantes": .number(indicators.placedSurface),
            "implantations_par_commune": .object(Dictionary(indicators.placementsByCommune.map {
                ($0.commune, JSONValue.object(["implantations": .number(Double($0.count)), "m2": .number($0.surface)]))
            }, uniquingKeysWith: { a, _ in a })),
            "formes_juridiques": pairs(indicators.byLegalForm.map { ($0.label, $0.count) }),
            "secteurs": pairs(indicators.bySector.map { ($0.label, $0.count) }),
            "diversite_formes_juridiques": .number(indicators.legalFormDiversity),
            "diversite_secteurs": .number(indicators.sectorDiversity),
            "loyers_annuels_offerts": .number(indicators.annualRentsOffered),
            "loyers_annuels_implantes": .number(indicators.annualRentsPlaced),
            "remise_solidaire_annuelle": .number(indicators.annualDiscount),
            "remises_solidaires": .array(indicators.discounts.map {
                .object(["structure": .string($0.structure), "local": .number(Double($0.premisesID)), "remise_mensuelle": .number($0.monthly)])
            }),
            "bailleurs_ayant_envoye_un_inventaire": .number(Double(indicators.landlordsWithInventory)),
            "locaux_offerts_par_des_bailleurs": .number(Double(indicators.landlordPremisesOffered)),
            "m2_offerts_par_des_bailleurs": .number(indicators.landlordSurfaceOffered),
        ])
    }
}

extension LandlordReport {
    /// A landlord's report for scripts: stable keys, ISO dates, plain numbers.
    public func json() -> JSONValue {
        let report = self
        let candidate: (LandlordReport.Candidate) -> JSONValue = { c in
            .object([
                "besoin": .string(c.needReference), "structure": .string(c.structureName),
                "contact": c.contact.map(JSONValue.string) ?? .null, "score": .number(c.score), "rang": .number(Double(c.rank)),
                "raisons": .array(c.reasons.map(JSONValue.string)),
            ])
        }
        return .object([
            "bailleur": .string(report.source.id), "nom": .string(report.source.name), "tour": .number(Double(report.roundID)),
            "date_tour": .string(report.roundDate.iso), "parametres": report.roundDescription.map(JSONValue.string) ?? .null,
            "locaux": .array(report.lines.map { line in
                .object([
                    "numero": .number(Double(line.premisesID)), "reference": .string(line.reference), "commune": .string(line.communeName),
                    "adresse": line.address.map(JSONValue.string) ?? .null, "type": .string(line.type.rawValue),
                    "surface_m2": .number(line.surface), "loyer_mensuel": line.rentMonthly.map(JSONValue.number) ?? .null,
                    "statut": .string(line.status.rawValue), "proposition": line.proposed.map(candidate) ?? .null,
                    "candidates_suivantes": .array(line.next.map(candidate)), "remarque": line.note.map(JSONValue.string) ?? .null,
                ])
            }),
        ])
    }
}

import BourseCore

extension RoundExplanation {
    /// The explanation as French lines, paragraphs separated by an empty line: what `bourse
    /// explain` prints and the portal shows.
    public func frenchLines() -> [String] {
        var lines: [String] = []
        func out(_ text: String) {
            // A leading line break starts a new paragraph.
            if text.hasPrefix("\n") {
                lines.append("")
                lines.append(String(text.dropFirst()))
            } else {
                lines.append(text)
            }
        }
        let parameters = self.parameters
        out("Besoin \(self.need) — \(self.structureName) (\(self.structureReference)), statut \(self.needStatusNow.label)")
        out("Selon les paramètres du tour n° \(self.roundID) (stratégie \(parameters.strategy.rawValue), graine \(parameters.seed), tolérance \(FrenchNumber.format(parameters.surfaceTolerance * 100)) %) du \(self.roundDate.french), et les besoins et locaux tels qu'il les a vus.")
        if !self.fromStoredInputs {
            out("Tour enregistré avant la conservation de ses données : les critères sont recalculés sur le besoin et le local d'aujourd'hui (classements et propositions sont ceux du tour).")
        }
        out("")
        guard self.needInRound else {
            out("Ce besoin n'était pas actif lors de ce tour : il n'y a pas participé.")
            return lines
        }
        guard let pair = self.pair else {
            out("\(self.candidates.count) local(aux) lui convien(nen)t, du meilleur score au moins bon :")
            for (rank, entry) in self.candidates.prefix(20).enumerated() {
                let mark = entry.premises == self.proposal?.premises ? "  ← proposé" : ""
                out("  \(rank + 1). local \(entry.premises) — score \(FrenchNumber.format(entry.score, decimals: 1))\(mark)")
            }
            if self.proposal == nil, let reason = self.unmatchedReason {
                out("\nSans proposition : \(reason)")
            }
            return lines
        }
        out("Local \(pair.premisesID) — \(pair.communeName), \(pair.reference), \(FrenchNumber.squareMetres(pair.surface)), \(pair.type.label), statut \(pair.statusNow.label)")
        guard pair.inRound else {
            out("\nCe local n'était pas disponible lors de ce tour : il n'y a pas participé.")
            return lines
        }
        if !pair.failures.isEmpty {
            out("\nCe local ne lui est pas proposé : il ne remplit pas \(pair.failures.count) condition(s) :")
            for failure in pair.failures { out("  – \(failure)") }
            return lines
        }
        if let score = pair.score {
            out("\nÉligible. Score \(FrenchNumber.format(score.total, decimals: 1)) sur 100 :")
            for criterion in score.criteria {
                out("  \(criterion.name) : \(FrenchNumber.format(criterion.points, decimals: 1)) pt sur \(FrenchNumber.format(criterion.weight * 100 / max(parameters.weights.total, 1e-9), decimals: 1)) — \(criterion.detail)")
            }
        }
        if let rank = pair.needRank { out("Il est son choix n° \(rank.position) sur \(rank.of).") }
        if let rank = pair.premisesRank {
            out("Pour ce local, la structure est n° \(rank.position) sur \(rank.of) selon la politique de priorité (lauréats, ETP, ancienneté de la demande, score, tirage au sort).")
        }
        switch pair.outcome {
        case .proposed:
            out("\nRésultat : ce local lui est proposé.")
        case let .takenBy(winner, position):
            out("\nRésultat : ce local est allé au besoin \(winner), que le local classe plus haut\(position.map { " (n° \($0))" } ?? "").")
            if let proposal = self.proposal {
                out("Ce besoin a reçu le local \(proposal.premises), qu'il classait plus haut ou qui restait libre pour lui.")
            }
        case .needGotOther(let other):
            out("\nRésultat : ce besoin a reçu le local \(other), qu'il classe avant celui-ci.")
        case .nothing:
            out("\nRésultat : aucune proposition pour ce besoin.")
        case .notInRound:
            out("\nCe local ou ce besoin n'a pas participé à ce tour.")
        }
        return lines
    }
}

/// The Mustache templates of the HTML reports (kept in code so the tool needs no resource bundle to
/// find them; every value is escaped, by `HTMLText.escape`). Pages share the `style` partial.
enum HTMLReportTemplate {
    /// The style sheet every page includes: screen and print, no web font, no network resource.
    static let style = #"""
    <style>
      body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 60em; color: #1d2733; }
      h1 { font-size: 1.6em; border-bottom: 3px solid #2f6f5e; padding-bottom: .3em; }
      h2 { font-size: 1.2em; color: #2f6f5e; margin-top: 2em; }
      h3 { font-size: 1.05em; margin: 1.6em 0 .4em; }
      table { border-collapse: collapse; width: 100%; font-size: .9em; }
      th, td { border-bottom: 1px solid #d5dbe1; padding: .35em .5em; vertical-align: top; }
      th { text-align: left; background: #eef3f1; }
      td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
      .chart { margin: 1em 0; }
      .chart text { font-size: 11px; fill: #4a5561; }
      .note { color: #5b6673; font-size: .85em; }
      ul.kv li { margin: .2em 0; }
      ul.reasons { margin: .2em 0 0 1em; padding: 0; font-size: .85em; color: #4a5561; }
      .premises { page-break-inside: avoid; border-top: 2px solid #2f6f5e; margin-top: 1.4em; }
      svg.score { vertical-align: middle; }
      .proposed { background: #f3f8f6; padding: .5em .7em; margin: .5em 0; }
      @media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } .chart, table { page-break-inside: avoid; } }
    </style>
    """#

    /// A horizontal bar chart (`{{#chart}}` context: `height`, `bars` with `y`, `width`, `label`,
    /// `count`, `textY`, `countX`).
    static let barChart = #"""
    <svg class="chart" width="720" height="{{height}}" viewBox="0 0 720 {{height}}" role="img" aria-label="{{caption}}">
      {{#bars}}<text x="4" y="{{textY}}">{{label}}</text><rect x="240" y="{{y}}" width="{{width}}" height="16" fill="#2f6f5e"><title>{{label}} : {{count}}</title></rect><text x="{{countX}}" y="{{textY}}">{{count}}</text>
      {{/bars}}
    </svg>
    """#

    /// A score from 0 to 100 as a small bar (`{{scoreWidth}}` px of 100).
    static let scoreBar = #"""
    <svg class="score" width="100" height="10" viewBox="0 0 100 10" role="img" aria-label="score {{score}} sur 100"><rect width="100" height="10" fill="#e3e8ec"/><rect width="{{scoreWidth}}" height="10" fill="#2f6f5e"/></svg>
    """#

    /// The evolution and indicators page.
    static let page = #"""
    <!DOCTYPE html>
    <html lang="fr">
    <head>
    <meta charset="utf-8">
    <meta name="generator" content="Bourse foncière ESS">
    <title>{{title}}</title>
    {{> style}}
    </head>
    <body>
    <h1>{{title}}</h1>
    <p class="note">Rapport établi le {{generated}} par la Bourse foncière ESS.</p>

    {{#indicators}}
    <h2>Indicateurs {{year}} (du {{first}} au {{end}})</h2>
    <ul class="kv">
      <li>m² disponibles : {{availableStart}} au {{start}} → {{availableEnd}} au {{end}}{{change}}</li>
      <li>Offre de l'année : {{offered}} local(aux), {{offeredSurface}} ; loyers annuels proposés : {{rentsOffered}}</li>
      <li>Implantations : {{placements}}, {{placed}} ; loyers annuels pratiqués : {{rentsPlaced}}</li>
      <li>Remise solidaire : {{discount}} par an ({{discountCount}} implantation(s) où le loyer de marché est connu)</li>
      <li>Bailleurs ayant envoyé un inventaire : {{landlords}} ; locaux offerts par des bailleurs : {{landlordPremises}}, {{landlordSurface}}</li>
    </ul>
    <h3>Implantations par commune</h3>
    <table>
      <tr><th>Commune</th><th class="n">Implantations</th><th class="n">Surface</th></tr>
      {{#byCommune}}<tr><td>{{commune}}</td><td class="n">{{count}}</td><td class="n">{{surface}}</td></tr>
      {{/byCommune}}
      {{^byCommune}}<tr><td colspan="3">Aucune implantation cette année.</td></tr>{{/byCommune}}
    </table>
    <h2>Nature et diversité des structures implantées</h2>
    <h3>Formes juridiques — diversité {{legalDiversity}}</h3>
    {{#legalChart}}{{> barChart}}{{/legalChart}}
    <h3>Secteurs — diversité {{sectorDiversity}}</h3>
    {{#sectorChart}}{{> barChart}}{{/sectorChart}}
    <p class="note">Diversité : indice de Gini-Simpson, probabilité que deux structures implantées tirées au hasard diffèrent (0 : toutes pareilles).</p>
    {{#hasDiscounts}}
    <h3>Remise solidaire par implantation (loyer de marché − loyer pratiqué)</h3>
    <table>
      <tr><th>Structure</th><th class="n">Local</th><th class="n">Remise mensuelle</th></tr>
      {{#discounts}}<tr><td>{{structure}}</td><td class="n">{{premises}}</td><td class="n">{{monthly}}</td></tr>
      {{/discounts}}
    </table>
    {{/hasDiscounts}}
    {{/indicators}}

    <h2>m² disponibles en fin de période</h2>
    {{#hasRows}}
    <svg class="chart" width="{{width}}" height="{{height}}" viewBox="0 0 {{width}} {{height}}" role="img" aria-label="m² disponibles par période">
      <line x1="{{left}}" y1="{{baseline}}" x2="{{right}}" y2="{{baseline}}" stroke="#8a96a3"/>
      <line x1="{{left}}" y1="{{top}}" x2="{{left}}" y2="{{baseline}}" stroke="#8a96a3"/>
      <text x="4" y="24">{{maxSurface}}</text>
      <text x="4" y="{{baseline}}">0</text>
      <polyline points="{{points}}" fill="none" stroke="#2f6f5e" stroke-width="2.5"/>
      {{#lineLabels}}<text x="{{x}}" y="{{labelY}}" text-anchor="middle">{{label}}</text>{{/lineLabels}}
    </svg>
    <h2>Implantations par période</h2>
    <svg class="chart" width="{{width}}" height="{{height}}" viewBox="0 0 {{width}} {{height}}" role="img" aria-label="implantations par période">
      <line x1="{{left}}" y1="{{baseline}}" x2="{{right}}" y2="{{baseline}}" stroke="#8a96a3"/>
      <text x="4" y="24">{{maxPlacements}}</text>
      <text x="4" y="{{baseline}}">0</text>
      {{#bars}}<rect x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}" fill="#d08c2f"><title>{{title}}</title></rect>{{/bars}}
      {{#barLabels}}<text x="{{x}}" y="{{labelY}}" text-anchor="middle">{{label}}</text>{{/barLabels}}
    </svg>
    {{/hasRows}}

    <h2>Évolution détaillée</h2>
    <table>
      <tr><th>Période</th><th class="n">m² disponibles (fin)</th><th class="n">Locaux</th><th class="n">m² offerts</th><th class="n">m² retirés</th><th class="n">Implantations</th><th class="n">m² implantés</th><th class="n">Bailleurs</th><th class="n">Communes</th></tr>
      {{#rows}}<tr><td>{{label}}</td><td class="n">{{available}}</td><td class="n">{{count}}</td><td class="n">{{offered}}</td><td class="n">{{withdrawn}}</td><td class="n">{{placements}}</td><td class="n">{{placed}}</td><td class="n">{{landlords}}</td><td class="n">{{communes}}</td></tr>
      {{/rows}}
    </table>
    </body>
    </html>

    """#

    /// One landlord's report on one round: a section per premises.
    static let landlordPage = #"""
    <!DOCTYPE html>
    <html lang="fr">
    <head>
    <meta charset="utf-8">
    <meta name="generator" content="Bourse foncière ESS">
    <title>{{title}}</title>
    {{> style}}
    </head>
    <body>
    <h1>{{title}}</h1>
    <p>Tour d'appariement n° {{round}} du {{roundDate}}{{#strategy}} — {{.}}{{/strategy}}. {{premisesCount}} local(aux), {{proposedCount}} avec une structure proposée.</p>
    <p class="note">Rapport établi le {{generated}} par la Bourse foncière ESS pour {{landlord}} : il ne contient que les locaux de ce bailleur. Les scores vont de 0 à 100 ; les raisons détaillent chaque critère (surface, prix, commune, accessibilité, remise solidaire). Le rang est l'ordre de priorité du local entre les structures qui lui conviennent : lauréates de l'appel à projets, puis emplois (ETP), ancienneté de la demande, score, tirage au sort.</p>

    <table>
      <tr><th class="n">Local</th><th>Référence</th><th>Commune</th><th class="n">Surface</th><th>Structure proposée</th><th class="n">Score</th></tr>
      {{#lines}}<tr><td class="n">{{id}}</td><td>{{reference}}</td><td>{{commune}}</td><td class="n">{{surface}}</td><td>{{#proposed}}{{structure}}{{/proposed}}{{^proposed}}—{{/proposed}}</td><td class="n">{{#proposed}}{{score}} {{> scoreBar}}{{/proposed}}</td></tr>
      {{/lines}}
    </table>

    {{#lines}}
    <section class="premises">
    <h2>Local {{id}} — {{reference}}</h2>
    <p>{{commune}}{{#address}}, {{.}}{{/address}} — {{type}}, {{surface}}{{#rent}}, loyer {{.}} par mois{{/rent}} — statut : {{status}}</p>
    {{#proposed}}
    <div class="proposed">
    <strong>Structure proposée : {{structure}}</strong> (besoin {{need}}) — score {{score}} {{> scoreBar}}, n° {{rank}} dans l'ordre de priorité du local<br>
    Contact : {{#contact}}{{.}}{{/contact}}{{^contact}}non renseigné{{/contact}}
    <ul class="reasons">{{#reasons}}<li>{{.}}</li>{{/reasons}}</ul>
    </div>
    {{/proposed}}
    {{#note}}<p class="note">{{.}}</p>{{/note}}
    {{#hasNext}}
    <h3>Candidates suivantes</h3>
    <table>
      <tr><th class="n">Rang</th><th>Structure</th><th>Besoin</th><th class="n">Score</th><th>Contact</th><th>Dans ce tour</th><th>Raisons</th></tr>
      {{#next}}<tr><td class="n">{{rank}}</td><td>{{structure}}</td><td>{{need}}</td><td class="n">{{score}} {{> scoreBar}}</td><td>{{contact}}</td><td>{{outcome}}</td><td><ul class="reasons">{{#reasons}}<li>{{.}}</li>{{/reasons}}</ul></td></tr>
      {{/next}}
    </table>
    {{/hasNext}}
    </section>
    {{/lines}}
    {{^lines}}<p>Aucun local de ce bailleur dans ce tour.</p>{{/lines}}
    </body>
    </html>

    """#
}

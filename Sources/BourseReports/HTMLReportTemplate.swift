/// The Mustache template of the HTML report (kept in code so the tool needs no resource bundle to
/// find it; Mustache escapes every value).
enum HTMLReportTemplate {
    static let page = #"""
    <!DOCTYPE html>
    <html lang="fr">
    <head>
    <meta charset="utf-8">
    <title>{{title}}</title>
    <style>
      body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 60em; color: #1d2733; }
      h1 { font-size: 1.6em; border-bottom: 3px solid #2f6f5e; padding-bottom: .3em; }
      h2 { font-size: 1.2em; color: #2f6f5e; margin-top: 2em; }
      table { border-collapse: collapse; width: 100%; font-size: .9em; }
      th, td { border-bottom: 1px solid #d5dbe1; padding: .35em .5em; }
      th { text-align: left; background: #eef3f1; }
      td.n { text-align: right; font-variant-numeric: tabular-nums; }
      .chart { margin: 1em 0; }
      .chart text { font-size: 11px; fill: #4a5561; }
      .note { color: #5b6673; font-size: .85em; }
      ul.kv li { margin: .2em 0; }
      @media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } .chart, table { page-break-inside: avoid; } }
    </style>
    </head>
    <body>
    <h1>{{title}}</h1>
    <p class="note">Rapport établi le {{generated}} par la Bourse foncière ESS.</p>

    {{#indicators}}
    <h2>Indicateurs {{year}}</h2>
    <ul class="kv">
      <li>m² disponibles : {{availableStart}} au {{start}} → {{availableEnd}} au {{end}}</li>
      <li>Implantations : {{placements}}, {{placed}}</li>
      <li>Loyers annuels proposés : {{rentsOffered}} ; pratiqués : {{rentsPlaced}}</li>
      <li>Remise solidaire : {{discount}} par an ({{discountCount}} implantation(s) où le loyer de marché est connu)</li>
      <li>Bailleurs ayant envoyé un inventaire : {{landlords}} ; locaux offerts par des bailleurs : {{landlordPremises}}</li>
    </ul>
    <table>
      <tr><th>Commune</th><th>Implantations</th><th>Surface</th></tr>
      {{#byCommune}}<tr><td>{{commune}}</td><td class="n">{{count}}</td><td class="n">{{surface}}</td></tr>{{/byCommune}}
    </table>
    <h2>Nature et diversité des structures implantées</h2>
    <p>Formes juridiques (diversité {{legalDiversity}}) : {{#legalForms}}{{label}} {{count}} ; {{/legalForms}}</p>
    <p>Secteurs (diversité {{sectorDiversity}}) : {{#sectors}}{{label}} {{count}} ; {{/sectors}}</p>
    <p class="note">Diversité : indice de Gini-Simpson, probabilité que deux structures implantées tirées au hasard diffèrent (0 : toutes pareilles).</p>
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
      <tr><th>Période</th><th>m² disponibles (fin)</th><th>Locaux</th><th>m² offerts</th><th>m² retirés</th><th>Implantations</th><th>m² implantés</th><th>Bailleurs</th><th>Communes</th></tr>
      {{#rows}}<tr><td>{{label}}</td><td class="n">{{available}}</td><td class="n">{{count}}</td><td class="n">{{offered}}</td><td class="n">{{withdrawn}}</td><td class="n">{{placements}}</td><td class="n">{{placed}}</td><td class="n">{{landlords}}</td><td class="n">{{communes}}</td></tr>{{/rows}}
    </table>
    </body>
    </html>
    """#
}

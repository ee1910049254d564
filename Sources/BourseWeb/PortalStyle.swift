/// The portal's style sheet, served as `/static/portail.css` (no inline style: the
/// Content-Security-Policy allows none). Contrasts meet WCAG 2.1 AA; focus is always visible.
enum PortalStyle {
    static let css = #"""
    :root { --bleu: #000091; --bleu-clair: #e3e3fd; --texte: #161616; --gris: #666; --ligne: #ddd; --vert: #18753c; --rouge: #ce0500; --fond: #f6f6f6; }
    * { box-sizing: border-box; }
    body { margin: 0; font-family: "Marianne", "DejaVu Sans", Arial, sans-serif; color: var(--texte); background: #fff; line-height: 1.5; }
    a { color: var(--bleu); }
    a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus { outline: 3px solid #0a76f6; outline-offset: 2px; }
    .evitement { position: absolute; left: -999em; }
    .evitement:focus { left: 1em; top: 1em; background: #fff; padding: .5em 1em; z-index: 10; }
    header.bandeau { border-bottom: 1px solid var(--ligne); padding: .8em 2em; display: flex; flex-wrap: wrap; align-items: center; gap: 1em 2em; }
    header.bandeau .marque { font-weight: 700; font-size: 1.15em; color: var(--texte); text-decoration: none; }
    header.bandeau .marque small { display: block; font-weight: 400; font-size: .75em; color: var(--gris); }
    header.bandeau .compte { margin-left: auto; font-size: .9em; display: flex; gap: 1em; align-items: center; }
    nav.principale { background: var(--fond); border-bottom: 1px solid var(--ligne); padding: 0 2em; }
    nav.principale ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; }
    nav.principale a { display: block; padding: .8em 1em; text-decoration: none; color: var(--texte); }
    nav.principale a[aria-current="page"] { color: var(--bleu); border-bottom: 3px solid var(--bleu); font-weight: 700; }
    main { padding: 1.5em 2em 3em; max-width: 75em; }
    h1 { font-size: 1.8em; margin: .3em 0 .8em; }
    h2 { font-size: 1.3em; margin: 1.8em 0 .6em; }
    table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; font-size: .95em; }
    caption { text-align: left; font-weight: 700; padding: .3em 0; }
    th, td { border-bottom: 1px solid var(--ligne); padding: .45em .6em; text-align: left; vertical-align: top; }
    thead th { background: var(--fond); }
    td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
    form.pile { display: grid; gap: 1em; max-width: 32em; }
    form.ligne { display: inline; }
    label { font-weight: 600; display: block; }
    .aide { display: block; font-weight: 400; font-size: .85em; color: var(--gris); }
    input[type=text], input[type=email], input[type=password], input[type=number], input[type=date], select, input[type=file] { font: inherit; padding: .45em .6em; border: 1px solid #888; border-radius: 4px; width: 100%; max-width: 32em; background: #fff; }
    button, .bouton { font: inherit; background: var(--bleu); color: #fff; border: 0; border-radius: 4px; padding: .55em 1.2em; cursor: pointer; text-decoration: none; display: inline-block; }
    button.secondaire, .bouton.secondaire { background: #fff; color: var(--bleu); border: 1px solid var(--bleu); }
    .case { display: flex; gap: .5em; align-items: flex-start; font-weight: 400; }
    .alerte { border-left: 5px solid var(--bleu); background: var(--bleu-clair); padding: .8em 1em; margin: 1em 0; }
    .alerte.erreur { border-color: var(--rouge); background: #fee9e9; }
    .alerte.succes { border-color: var(--vert); background: #e6feda; }
    .chiffres { display: flex; flex-wrap: wrap; gap: 1em; padding: 0; list-style: none; }
    .chiffres li { background: var(--fond); padding: .8em 1.2em; border-radius: 4px; min-width: 10em; }
    .chiffres strong { display: block; font-size: 1.5em; }
    .carte { display: flex; flex-wrap: wrap; gap: 2em; align-items: flex-start; }
    .carte svg { max-width: 100%; height: auto; border: 1px solid var(--ligne); background: #fbfbfb; }
    .carte path.commune { stroke: #fff; stroke-width: 1.5; }
    .carte path.voisine { fill: #e5e5e5; stroke: #fff; stroke-width: 1; }
    .carte text { font-size: 11px; fill: #161616; pointer-events: none; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; font-weight: 600; }
    .legende { list-style: none; padding: 0; font-size: .9em; }
    .legende span { display: inline-block; width: 1.2em; height: 1em; vertical-align: middle; margin-right: .4em; border: 1px solid #999; }
    .source-carte { font-size: .8em; color: var(--gris); }
    .pagination { display: flex; gap: 1em; align-items: center; margin: 1em 0; }
    .filtres { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-end; background: var(--fond); padding: 1em; margin: 1em 0; }
    .filtres label { font-size: .9em; }
    .filtres select, .filtres input { width: auto; }
    dl.fiche { display: grid; grid-template-columns: repeat(auto-fill, minmax(16em, 1fr)); gap: .6em 2em; }
    dl.fiche dt { font-size: .85em; color: var(--gris); }
    dl.fiche dd { margin: 0; font-weight: 600; }
    svg.evolution { max-width: 100%; height: auto; }
    svg.evolution .barre { fill: #6a6af4; }
    svg.evolution text { font-size: 11px; fill: #161616; }
    footer { border-top: 1px solid var(--ligne); padding: 1em 2em; font-size: .85em; color: var(--gris); }
    code, .brut { font-family: "DejaVu Sans Mono", monospace; font-size: .9em; word-break: break-all; }
    .s0 { fill: #f0f0ff; } .s1 { fill: #cacafb; } .s2 { fill: #8585f6; } .s3 { fill: #4a4af0; } .s4 { fill: #000091; }
    .legende .s0 { background: #f0f0ff; } .legende .s1 { background: #cacafb; } .legende .s2 { background: #8585f6; } .legende .s3 { background: #4a4af0; } .legende .s4 { background: #000091; }
    """#
}

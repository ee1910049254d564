/// The portal's Mustache templates, kept in code so that the binary needs no resource bundle to
/// find them. Every `{{value}}` is escaped on bytes (`HTMLText`); `{{{content}}}` is only ever a
/// page already rendered from these templates. No inline script or style (the
/// Content-Security-Policy forbids them).
enum PageTemplates {
    static let all: [(name: String, text: String)] = [
        ("layout", layout), ("signIn", signIn), ("dashboard", dashboard), ("deposit", deposit),
        ("depositResult", depositResult), ("inventories", inventories), ("premises", premises),
        ("rounds", rounds), ("round", round), ("explanation", explanation), ("reports", reports),
        ("accounts", accounts), ("audit", audit), ("error", error), ("premisesDetail", premisesDetail),
        ("reportsIndex", reportsIndex), ("sources", sources), ("registers", registers),
    ]

    static let layout = #"""
    <!doctype html>
    <html lang="fr">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="generator" content="Bourse foncière ESS">
    <title>{{title}} – Bourse foncière ESS</title>
    <link rel="stylesheet" href="/static/portail.css">
    </head>
    <body>
    <a class="evitement" href="#contenu">Aller au contenu</a>
    <header class="bandeau" role="banner">
      <a class="marque" href="/">Bourse foncière ESS<small>EPT Paris Terres d'Envol</small></a>
      {{#account}}
      <div class="compte">
        <span>{{name}} – {{roleLabel}}{{#sourceName}} ({{.}}){{/sourceName}}</span>
        <form class="ligne" method="post" action="/deconnexion">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <button type="submit" class="secondaire">Se déconnecter</button>
        </form>
      </div>
      {{/account}}
    </header>
    {{#hasNav}}
    <nav class="principale" aria-label="Menu principal">
      <ul>
      {{#nav}}<li><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a></li>{{/nav}}
      </ul>
    </nav>
    {{/hasNav}}
    <main id="contenu" tabindex="-1">
    <h1>{{title}}</h1>
    {{#notice}}<div class="alerte succes" role="status"><p>{{.}}</p></div>{{/notice}}
    {{{content}}}
    </main>
    <footer role="contentinfo">Bourse foncière ESS – Direction de l'économie sociale et solidaire, EPT Paris Terres d'Envol.</footer>
    </body>
    </html>
    """#

    static let signIn = #"""
    {{#error}}<div class="alerte erreur" role="alert"><p>{{.}}</p></div>{{/error}}
    <form class="pile" method="post" action="/connexion">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      <input type="hidden" name="suite" value="{{suite}}">
      <div><label for="email">Adresse électronique</label>
      <input type="email" id="email" name="email" autocomplete="username" required value="{{email}}"></div>
      <div><label for="password">Mot de passe</label>
      <input type="password" id="password" name="password" autocomplete="current-password" required></div>
      <div><button type="submit">Se connecter</button></div>
    </form>
    <p class="aide">Votre compte est créé par la Direction ESS de l'EPT. Mot de passe oublié : demandez-lui de le réinitialiser.</p>
    """#

    static let dashboard = #"""
    <ul class="chiffres">
      <li><strong>{{totalAvailable}}</strong> locaux disponibles</li>
      <li><strong>{{totalSurface}}</strong> disponibles</li>
      <li><strong>{{sourceCount}}</strong> sources</li>
      <li><strong>{{roundCount}}</strong> tours d'appariement</li>
    </ul>
    <h2>Surface disponible par commune</h2>
    <div class="carte">
      {{{map}}}
      <div>
        <ul class="legende" aria-label="Légende de la carte">
        {{#legend}}<li><span class="{{cls}}"></span>{{label}}</li>{{/legend}}
        </ul>
        <p class="source-carte">Fond de carte : Source : IGN Admin Express, INSEE (Licence Ouverte).</p>
      </div>
    </div>
    <table>
      <caption>Locaux disponibles par commune <a href="/?format=csv">(télécharger en CSV)</a></caption>
      <thead><tr><th scope="col">Commune</th><th scope="col" class="n">Locaux disponibles</th><th scope="col" class="n">Surface disponible</th></tr></thead>
      <tbody>
      {{#communes}}<tr><th scope="row">{{name}}</th><td class="n">{{available}}</td><td class="n">{{surface}}</td></tr>{{/communes}}
      </tbody>
    </table>
    <h2>Évolution de la surface disponible</h2>
    {{{evolution}}}
    <p class="aide">En m², en fin de mois, sur les douze derniers mois.{{#isDirection}} Détail : <a href="/rapports/evolution.html">rapport d'évolution</a>.{{/isDirection}}</p>
    <h2>Dernier inventaire de chaque source</h2>
    <table>
      <thead><tr><th scope="col">Source</th><th scope="col">Type</th><th scope="col">Dernier inventaire</th><th scope="col" class="n">Disponibles</th><th scope="col" class="n">Surface disponible</th></tr></thead>
      <tbody>
      {{#sources}}<tr><th scope="row">{{name}}</th><td>{{kind}}</td><td>{{last}}</td><td class="n">{{available}}</td><td class="n">{{surface}}</td></tr>{{/sources}}
      </tbody>
    </table>
    <h2>Derniers tours d'appariement</h2>
    {{#hasRounds}}
    <table>
      <thead><tr><th scope="col">Tour</th><th scope="col">Date</th><th scope="col">Stratégie</th><th scope="col" class="n">Propositions</th><th scope="col">Accepté</th></tr></thead>
      <tbody>
      {{#rounds}}<tr><th scope="row">{{#link}}<a href="{{link}}">n° {{id}}</a>{{/link}}{{^link}}n° {{id}}{{/link}}</th><td>{{date}}</td><td>{{strategy}}</td><td class="n">{{proposals}}</td><td>{{accepted}}</td></tr>{{/rounds}}
      </tbody>
    </table>
    {{/hasRounds}}
    {{^hasRounds}}<p>Aucun tour d'appariement pour l'instant.</p>{{/hasRounds}}
    """#

    static let deposit = #"""
    <p>Déposez l'inventaire de vos locaux disponibles : un fichier CSV (export d'un tableur, séparateur
    point-virgule ou virgule) ou XML. Chaque ligne refusée vous est montrée avec son motif.</p>
    {{#error}}<div class="alerte erreur" role="alert"><p>{{.}}</p></div>{{/error}}
    {{#busy}}<div class="alerte" role="status"><p>{{.}}</p></div>{{/busy}}
    <form class="pile" method="post" action="/depot" enctype="multipart/form-data">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      {{#chooseSource}}
      <div><label for="source">Source de l'inventaire</label>
      <select id="source" name="source" required>
        {{#sources}}<option value="{{id}}">{{name}} ({{kind}})</option>{{/sources}}
      </select></div>
      {{/chooseSource}}
      {{^chooseSource}}<p>Source : <strong>{{sourceName}}</strong></p>{{/chooseSource}}
      <div><label for="date">Date de l'inventaire <span class="aide">Facultative : sinon lue dans le fichier ou son nom, ou la date du jour.</span></label>
      <input type="date" id="date" name="date"></div>
      <div><label for="fichier">Fichier <span class="aide">CSV ou XML, {{limit}} au plus.</span></label>
      <input type="file" id="fichier" name="fichier" required accept=".csv,.txt,.xml,text/csv,application/xml,text/xml"></div>
      <div><label class="case"><input type="checkbox" name="verification" value="1"> Vérifier seulement, sans enregistrer</label></div>
      <div><button type="submit">Déposer</button></div>
    </form>
    """#

    static let depositResult = #"""
    <div class="alerte{{#failed}} erreur{{/failed}}{{^failed}} succes{{/failed}}" role="{{#failed}}alert{{/failed}}{{^failed}}status{{/failed}}">
      <p>{{headline}}</p>
      {{#detail}}<p>{{.}}</p>{{/detail}}
      {{#waited}}<p>{{.}}</p>{{/waited}}
    </div>
    {{#hasCounts}}
    <ul class="chiffres">
    {{#counts}}<li><strong>{{value}}</strong> {{label}}</li>{{/counts}}
    </ul>
    {{/hasCounts}}
    {{#hasRejects}}
    <h2>Lignes refusées ({{rejectCount}})</h2>
    {{#rejectsLink}}<p><a class="bouton secondaire" href="{{rejectsLink}}">Télécharger les lignes refusées (CSV)</a></p>{{/rejectsLink}}
    <table>
      <thead><tr><th scope="col" class="n">Ligne</th><th scope="col">Champ</th><th scope="col">Motif</th><th scope="col">Contenu brut</th></tr></thead>
      <tbody>
      {{#rejects}}<tr><td class="n">{{line}}</td><td>{{field}}</td><td>{{reason}}</td><td class="brut">{{raw}}</td></tr>{{/rejects}}
      </tbody>
    </table>
    {{#moreRejects}}<p>… et {{.}} autres lignes refusées, toutes dans le fichier à télécharger.</p>{{/moreRejects}}
    {{/hasRejects}}
    {{#hasWarnings}}
    <h2>Avertissements</h2>
    <ul>{{#warnings}}<li>{{.}}</li>{{/warnings}}</ul>
    {{/hasWarnings}}
    <p><a href="{{againLink}}">Déposer un autre fichier</a>{{#historyLink}} · <a href="{{historyLink}}">Historique des inventaires</a>{{/historyLink}}</p>
    """#

    static let inventories = #"""
    {{#hasInventories}}
    <table>
      <caption>Inventaires déposés, du plus récent au plus ancien, page {{page}} <a href="{{csvLink}}">(tous, en CSV)</a></caption>
      <thead><tr><th scope="col">N°</th><th scope="col">Source</th><th scope="col">Date</th><th scope="col">Fichier</th><th scope="col">Importé le</th>
      <th scope="col" class="n">Acceptées</th><th scope="col" class="n">Refusées</th><th scope="col" class="n">Nouveaux</th><th scope="col" class="n">Modifiés</th><th scope="col" class="n">Retirés</th><th scope="col">Refus</th></tr></thead>
      <tbody>
      {{#inventories}}<tr><th scope="row">{{id}}</th><td>{{source}}</td><td>{{asOf}}</td><td>{{file}}</td><td>{{importedAt}}</td>
      <td class="n">{{accepted}}</td><td class="n">{{rejected}}</td><td class="n">{{added}}</td><td class="n">{{changed}}</td><td class="n">{{withdrawn}}</td>
      <td>{{#rejectsLink}}<a href="{{rejectsLink}}">lignes refusées (CSV)<span class="evitement"> de l'inventaire {{id}}</span></a>{{/rejectsLink}}</td></tr>{{/inventories}}
      </tbody>
    </table>
    <nav class="pagination" aria-label="Pages">
      {{#previous}}<a href="{{.}}">Page précédente</a>{{/previous}}
      {{#next}}<a href="{{.}}">Page suivante</a>{{/next}}
    </nav>
    {{/hasInventories}}
    {{^hasInventories}}<p>Aucun inventaire pour l'instant. <a href="/depot">Déposer un inventaire</a></p>{{/hasInventories}}
    """#

    static let premises = #"""
    <form class="filtres" method="get" action="/locaux">
      {{#chooseSource}}
      <div><label for="source">Source</label>
      <select id="source" name="source"><option value="">Toutes</option>
      {{#sources}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/sources}}
      </select></div>
      {{/chooseSource}}
      <div><label for="statut">Statut</label>
      <select id="statut" name="statut"><option value="">Tous</option>
      {{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}
      </select></div>
      <div><button type="submit">Filtrer</button></div>
    </form>
    <table>
      <caption>Locaux, page {{page}} <a href="{{csvLink}}">(télécharger en CSV)</a></caption>
      <thead><tr><th scope="col">N°</th><th scope="col">Source</th>{{#sortable}}<th scope="col"{{#ariaSort}} aria-sort="{{.}}"{{/ariaSort}}{{#numeric}} class="n"{{/numeric}}><a href="{{href}}">{{label}}<span class="evitement"> : trier {{next}}</span></a>{{#arrow}} {{.}}{{/arrow}}</th>{{/sortable}}<th scope="col">Adresse</th><th scope="col">Type</th></tr></thead>
      <tbody>
      {{#rows}}<tr><th scope="row"><a href="/locaux/{{id}}">{{id}}</a></th><td>{{source}}</td><td>{{reference}}</td><td>{{commune}}</td><td class="n">{{surface}}</td><td>{{status}}</td><td>{{address}}</td><td>{{type}}</td></tr>{{/rows}}
      </tbody>
    </table>
    {{^hasRows}}<p>Aucun local ne correspond.</p>{{/hasRows}}
    <nav class="pagination" aria-label="Pages">
      {{#previous}}<a href="{{.}}">Page précédente</a>{{/previous}}
      {{#next}}<a href="{{.}}">Page suivante</a>{{/next}}
    </nav>
    """#

    static let rounds = #"""
    {{#isDirection}}
    <h2>Lancer un tour</h2>
    <form class="pile" method="post" action="/tours">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      <div><label for="strategie">Stratégie</label>
      <select id="strategie" name="strategie"><option value="stable">stable (chaque structure au mieux selon les priorités)</option><option value="optimal">optimal (le meilleur score total)</option></select></div>
      <div><label for="graine">Graine du tirage au sort <span class="aide">Le même nombre redonne le même tour.</span></label>
      <input type="number" id="graine" name="graine" value="1" min="0" step="1"></div>
      <div><label for="tolerance">Tolérance sur la surface (%)</label>
      <input type="number" id="tolerance" name="tolerance" value="10" min="0" max="100" step="1"></div>
      <div><button type="submit">Lancer le tour</button></div>
    </form>
    {{/isDirection}}
    <h2>Tours enregistrés <a href="/tours?format=csv">(télécharger en CSV)</a></h2>
    {{#hasRounds}}
    <table>
      <thead><tr><th scope="col">Tour</th><th scope="col">Date</th><th scope="col">Stratégie</th><th scope="col" class="n">Besoins</th><th scope="col" class="n">Locaux</th><th scope="col" class="n">Propositions</th><th scope="col">Accepté</th></tr></thead>
      <tbody>
      {{#rounds}}<tr><th scope="row"><a href="{{link}}">n° {{id}}</a></th><td>{{date}}</td><td>{{strategy}}</td><td class="n">{{needs}}</td><td class="n">{{premises}}</td><td class="n">{{proposals}}</td><td>{{accepted}}</td></tr>{{/rounds}}
      </tbody>
    </table>
    {{/hasRounds}}
    {{^hasRounds}}<p>Aucun tour pour l'instant.</p>{{/hasRounds}}
    """#

    static let round = #"""
    <p>Stratégie {{strategy}}, graine {{seed}}, tolérance {{tolerance}} ; empreinte des données <code>{{fingerprint}}</code>.</p>
    {{#isDirection}}{{^accepted}}
    <form class="ligne" method="post" action="/tours/{{id}}/accepter">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      <button type="submit">Accepter le tour : placer chaque structure dans le local proposé</button>
    </form>
    {{/accepted}}{{/isDirection}}
    {{#accepted}}<p><strong>Tour accepté.</strong></p>{{/accepted}}
    <h2>Propositions ({{proposalCount}}) <a href="/tours/{{id}}?format=csv">(télécharger en CSV)</a></h2>
    <table>
      <thead><tr><th scope="col">Besoin</th><th scope="col">Structure</th><th scope="col">Local</th><th scope="col">Commune</th><th scope="col" class="n">Surface</th><th scope="col" class="n">Score</th><th scope="col">Explication</th>{{^accepted}}<th scope="col">Implantation</th>{{/accepted}}</tr></thead>
      <tbody>
      {{#proposals}}<tr><th scope="row">{{need}}</th><td>{{structure}}</td><td>{{premises}} ({{reference}})</td><td>{{commune}}</td><td class="n">{{surface}}</td><td class="n">{{score}}</td><td><a href="{{explain}}">pourquoi ?<span class="evitement"> (besoin {{need}}, local {{premises}})</span></a></td>{{^accepted}}<td>{{#placed}}implantée{{/placed}}{{^placed}}<form class="ligne" method="post" action="/tours/{{round}}/placer"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="besoin" value="{{need}}"><input type="hidden" name="local" value="{{premises}}"><button type="submit" class="secondaire">Placer<span class="evitement"> le besoin {{need}} dans le local {{premises}}</span></button></form>{{/placed}}</td>{{/accepted}}</tr>{{/proposals}}
      </tbody>
    </table>
    {{#hasUnmatched}}
    <h2>Besoins sans proposition ({{unmatchedCount}})</h2>
    <table>
      <thead><tr><th scope="col">Besoin</th><th scope="col">Motif</th><th scope="col">Explication</th></tr></thead>
      <tbody>{{#unmatched}}<tr><th scope="row">{{need}}</th><td>{{reason}}</td><td><a href="{{explain}}">détail<span class="evitement"> (besoin {{need}})</span></a></td></tr>{{/unmatched}}</tbody>
    </table>
    {{/hasUnmatched}}
    {{#hasLandlords}}
    <h2>Rapports des bailleurs</h2>
    <ul>{{#landlords}}<li>{{name}} : <a href="{{html}}">page</a> · <a href="{{csv}}">CSV</a> · <a href="{{json}}">JSON</a></li>{{/landlords}}</ul>
    {{/hasLandlords}}
    """#

    static let explanation = #"""
    {{#paragraphs}}
    <p>{{#lines}}{{.}}<br>{{/lines}}</p>
    {{/paragraphs}}
    <p><a href="/tours/{{round}}">Retour au tour n° {{round}}</a></p>
    """#

    static let reports = #"""
    {{#hasRows}}
    <table>
      <caption>Rapports d'appariement de {{landlord}}</caption>
      <thead><tr><th scope="col">Tour</th><th scope="col">Date</th><th scope="col">Formats</th></tr></thead>
      <tbody>
      {{#rows}}<tr><th scope="row">n° {{round}}</th><td>{{date}}</td><td><a href="{{html}}">page</a> · <a href="{{csv}}">CSV</a> · <a href="{{json}}">JSON</a></td></tr>{{/rows}}
      </tbody>
    </table>
    {{/hasRows}}
    {{^hasRows}}<p>Aucun tour d'appariement pour l'instant.</p>{{/hasRows}}
    """#

    static let accounts = #"""
    {{#error}}<div class="alerte erreur" role="alert"><p>{{.}}</p></div>{{/error}}
    <p><a href="/comptes?format=csv">Télécharger la liste des comptes en CSV</a></p>
    <table>
      <thead><tr><th scope="col">Adresse</th><th scope="col">Nom</th><th scope="col">Rôle</th><th scope="col">Source</th><th scope="col">État</th><th scope="col">Action</th></tr></thead>
      <tbody>
      {{#accounts}}<tr><th scope="row">{{email}}</th><td>{{name}}</td><td>{{role}}</td><td>{{source}}</td><td>{{state}}</td>
      <td><form class="ligne" method="post" action="/comptes/etat"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="email" value="{{email}}"><input type="hidden" name="desactive" value="{{toggleValue}}"><button type="submit" class="secondaire">{{toggleLabel}}<span class="evitement"> {{email}}</span></button></form></td></tr>{{/accounts}}
      </tbody>
    </table>
    <h2>Créer un compte</h2>
    <form class="pile" method="post" action="/comptes">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      <div><label for="email">Adresse électronique</label><input type="email" id="email" name="email" required></div>
      <div><label for="nom">Nom</label><input type="text" id="nom" name="nom" required></div>
      <div><label for="role">Rôle</label>
      <select id="role" name="role">{{#roles}}<option value="{{value}}">{{label}}</option>{{/roles}}</select></div>
      <div><label for="source">Source <span class="aide">Pour un compte commune ou bailleur.</span></label>
      <select id="source" name="source"><option value="">Aucune (Direction ESS)</option>{{#sources}}<option value="{{id}}">{{name}} ({{kind}})</option>{{/sources}}</select></div>
      <div><label for="motdepasse">Mot de passe initial <span class="aide">Au moins {{minimum}} caractères ; à transmettre à la personne par un autre canal.</span></label>
      <input type="password" id="motdepasse" name="motdepasse" required minlength="{{minimum}}" autocomplete="new-password"></div>
      <div><button type="submit">Créer le compte</button></div>
    </form>
    """#

    static let audit = #"""
    <p><a href="/journal?format=csv">Télécharger tout le journal en CSV</a></p>
    <table>
      <thead><tr><th scope="col">Quand (UTC)</th><th scope="col">Qui</th><th scope="col">Adresse IP</th><th scope="col">Action</th><th scope="col">Détail</th></tr></thead>
      <tbody>
      {{#entries}}<tr><td>{{at}}</td><td>{{email}}</td><td>{{address}}</td><td>{{action}}</td><td>{{detail}}</td></tr>{{/entries}}
      </tbody>
    </table>
    {{#next}}<nav class="pagination" aria-label="Pages"><a href="{{.}}">Entrées plus anciennes</a></nav>{{/next}}
    """#

    static let premisesDetail = #"""
    <dl class="fiche">
    {{#facts}}<div><dt>{{label}}</dt><dd>{{value}}</dd></div>{{/facts}}
    </dl>
    {{#isDirection}}
    <h2>Changer le statut</h2>
    <form class="pile" method="post" action="/locaux/{{id}}/statut">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      <div><label for="statut">Nouveau statut</label>
      <select id="statut" name="statut">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></div>
      <div><label for="motif">Motif <span class="aide">Gardé dans l'historique du local.</span></label>
      <input type="text" id="motif" name="motif" maxlength="500"></div>
      <div><button type="submit">Changer le statut</button></div>
    </form>
    {{/isDirection}}
    <h2>Historique</h2>
    {{#hasEvents}}
    <table>
      <thead><tr><th scope="col">Date</th><th scope="col">Changement</th><th scope="col">Avant</th><th scope="col">Après</th><th scope="col">Cause</th></tr></thead>
      <tbody>{{#events}}<tr><td>{{date}}</td><td>{{field}}</td><td>{{old}}</td><td>{{new}}</td><td>{{cause}}</td></tr>{{/events}}</tbody>
    </table>
    {{/hasEvents}}
    {{^hasEvents}}<p>Aucun changement depuis son entrée dans la bourse.</p>{{/hasEvents}}
    <p><a href="/locaux">Retour aux locaux</a></p>
    """#

    static let reportsIndex = #"""
    <ul>
      <li><a href="/rapports/evolution.html">Évolution mensuelle de la bourse (page imprimable, avec les indicateurs de l'année)</a> · <a href="/rapports/evolution.csv">CSV</a> · <a href="/rapports/evolution.json">JSON</a></li>
      <li><a href="/rapports/indicateurs.html">Indicateurs de l'année {{year}}</a> · <a href="/rapports/indicateurs.csv">CSV</a> · <a href="/rapports/indicateurs.json">JSON</a></li>
    </ul>
    <p>Les rapports de chaque bailleur se trouvent sur la page de chaque <a href="/tours">tour d'appariement</a>.</p>
    """#

    static let sources = #"""
    {{#error}}<div class="alerte erreur" role="alert"><p>{{.}}</p></div>{{/error}}
    <table>
      <caption>Sources de locaux</caption>
      <thead><tr><th scope="col">Identifiant</th><th scope="col">Nom</th><th scope="col">Type</th><th scope="col" class="n">Inventaires</th><th scope="col">Dernier</th><th scope="col" class="n">Disponibles</th></tr></thead>
      <tbody>{{#sources}}<tr><th scope="row">{{id}}</th><td>{{name}}</td><td>{{kind}}</td><td class="n">{{inventories}}</td><td>{{last}}</td><td class="n">{{available}}</td></tr>{{/sources}}</tbody>
    </table>
    <h2>Ajouter une source</h2>
    <p>Les communes du territoire ont chacune la leur. Ajoutez ici un bailleur ou un autre propriétaire (l'EPT, un mécène…).</p>
    <form class="pile" method="post" action="/sources">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      <div><label for="identifiant">Identifiant <span class="aide">En minuscules, sans espace ni accent : oph-terres-envol.</span></label>
      <input type="text" id="identifiant" name="identifiant" required pattern="[a-z0-9][a-z0-9-]*" maxlength="60"></div>
      <div><label for="nom">Nom</label><input type="text" id="nom" name="nom" required maxlength="200"></div>
      <div><label for="type">Type</label>
      <select id="type" name="type"><option value="bailleur">bailleur</option><option value="autre">autre propriétaire</option></select></div>
      <div><button type="submit">Ajouter la source</button></div>
    </form>
    """#

    static let registers = #"""
    <p>Le registre des structures de l'ESS (SIRET vérifié) et celui de leurs besoins, en CSV. Chaque ligne refusée est montrée avec son motif.</p>
    {{#error}}<div class="alerte erreur" role="alert"><p>{{.}}</p></div>{{/error}}
    <form class="pile" method="post" action="/registres" enctype="multipart/form-data">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      <div><label for="registre">Registre</label>
      <select id="registre" name="registre"><option value="structures">structures de l'ESS</option><option value="besoins">besoins des structures</option></select></div>
      <div><label for="fichier">Fichier <span class="aide">CSV, {{limit}} au plus.</span></label>
      <input type="file" id="fichier" name="fichier" required accept=".csv,.txt,text/csv"></div>
      <div><label class="case"><input type="checkbox" name="verification" value="1"> Vérifier seulement, sans enregistrer</label></div>
      <div><button type="submit">Importer le registre</button></div>
    </form>
    """#

    static let error = #"""
    <div class="alerte erreur" role="alert"><p>{{message}}</p></div>
    <p><a href="/">Retour au tableau de bord</a></p>
    """#
}

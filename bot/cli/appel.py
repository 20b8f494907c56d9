"""`amphi appel`: choice day from a laptop — who is called, the open postes, every act of the call;
and, before it, `amphi procuration`, `amphi prechoix`, `amphi simulation`, `amphi particulier`."""

import argparse

from bot.cli import session
from bot.cli.tables import aligned
from bot.operations import appel
from bot.operations.appel import POSTES_MONTRES, Acte, EtatAppel
from bot.operations.appel.actes import APRES, INTERNE, POSTE
from bot.operations.base import Contexte
from bot.operations.rows import row_key
from ranking.appel import Surnombre
from ranking.errors import AConfirmer, InvalidInput, Problem
from ranking.horloge import duree, now, paris_hhmm
from ranking.ordre import key_label
from ranking.telephone import lisible

SIMULATION_COLUMNS = ("rang", "id", "interne", "obtenu", "voeu", "pris_avant", "ecartes")
SIMULATION_HEADINGS = (
    "Rang", "Id", "Interne", "Obtenu", "Vœu n°", "Pris avant son tour", "Écartés (maquette)"
)  # fmt: skip
EXPIRER, REOFFRIR, RESULTATS = "expirer", "reoffrir", "resultats"
ACTIONS = (
    (Acte.OUVRIR, "ouvrir le choix (classement final validé)"),
    (Acte.CHOISIR, "l'interne prend une place du poste"),
    (Acte.ABSENT, "l'appelé est absent : sa procuration s'applique, sinon il est passé"),
    (Acte.PROCURATION, "appliquer la procuration de l'appelé"),
    (Acte.INJOIGNABLE, "l'interne en attente d'appel téléphonique n'a pas répondu"),
    (Acte.ARRIVEE, "un absent arrive : il choisit après l'appelé en cours"),
    (Acte.DIFFERER, "l'appelé choisira après le rang donné (--apres)"),
    (Acte.OFFICE, "affecter d'office une place restante à un absent (fin de liste)"),
    (EXPIRER, "le délai de l'appelé est écoulé : procuration, sinon il est passé"),
    (REOFFRIR, "les places restantes de cette liste close vont à la liste --vers"),
    (Acte.ANNULER, "annuler le dernier choix"),
    (Acte.CLORE, "clore (valider) le choix de la liste"),
    (RESULTATS, "qui a pris quel poste, dans l'ordre d'appel"),
)
"""`amphi appel`'s actions, in the order its help lists them: the acts of the call, and what the
command line does beside them (a time-out, places re-offered, the results)."""


def add_parsers(commands: argparse._SubParsersAction) -> None:
    _, actions = session.command_with_actions(
        commands,
        "appel",
        "le jour des choix : l'appelé, les postes libres, chaque acte de l'appel",
        "Sans action : où en est l'appel de la liste.",
        run_appel,
        semestre=True,
    )
    for name, text in ACTIONS:
        action = actions.add_parser(name, help=text)
        designe = name.designe if isinstance(name, Acte) else ()
        for argument, metavar in ((INTERNE, "ID"), (POSTE, "POSTE")):
            if argument in designe:
                action.add_argument(metavar.lower(), metavar=metavar)
        if APRES in designe:
            action.add_argument(
                "--apres", type=session.entier(1, 1_000_000), required=True, metavar="RANG"
            )
        if name == REOFFRIR:
            action.add_argument("--vers", required=True, metavar="LISTE")
        if name is Acte.OUVRIR:
            action.add_argument(
                "--oui", action="store_true",
                help="ouvrir sans demander, malgré les constats de la vérification (journalisé)",
            )  # fmt: skip
        if name == RESULTATS:
            action.add_argument("--format", choices=["table", "csv"], default="table")
        if name in (Acte.CHOISIR, Acte.OFFICE):
            action.add_argument(
                "--hors-maquette", metavar="MOTIF",
                help="donner la place bien que la maquette l'interdise (motif journalisé, "
                "imprimé dans les résultats)",
            )  # fmt: skip
        session.add_options(action, liste=True, nested=True, semestre=True)

    parser = commands.add_parser(
        "procuration",
        help="enregistrer la procuration d'un interne (au moins 3 vœux, un téléphone)",
    )
    parser.add_argument("id", metavar="ID")
    parser.add_argument("--telephone", help="numéro à appeler pendant l'appel")
    parser.add_argument("--voeux", nargs="+", metavar="POSTE", help="au moins 3, dans l'ordre")
    parser.add_argument("--mandataire", help="qui la porte, s'il y a lieu")
    parser.add_argument("--retirer", action="store_true", help="retirer sa procuration")
    session.add_options(parser)
    parser.set_defaults(run=run_procuration)

    parser = commands.add_parser(
        "prechoix", help="les vœux d'un interne pour la simulation du pré-choix (dans l'ordre)"
    )
    parser.add_argument("id", metavar="ID")
    parser.add_argument("--voeux", nargs="+", required=True, metavar="POSTE")
    session.add_options(parser)
    parser.set_defaults(run=run_prechoix)

    parser = commands.add_parser(
        "simulation",
        help="le pré-choix simulé : ce que chacun obtiendrait avec les vœux enregistrés",
        description="Appel simulé dans l'ordre final, chacun prenant son premier vœu libre "
        "(stages fléchés et surnombres compris). Ne change rien à l'appel réel.",
    )
    parser.add_argument("--interne", metavar="ID", help="le détail pour un interne")
    parser.add_argument("--format", choices=["table", "csv"], default="table")
    session.add_options(parser, liste=True)
    parser.set_defaults(run=run_simulation)

    parser = commands.add_parser(
        "particulier", help="stage particulier d'un interne sur une liste (avant l'ouverture)"
    )
    parser.add_argument("id", metavar="ID")
    kind = parser.add_mutually_exclusive_group(required=True)
    kind.add_argument(
        "--surnombre", type=_surnombre, metavar="validant|non-validant",
        help="surnombre validant (à son rang) ou non validant (à tout moment, place laissée)",
    )  # fmt: skip
    kind.add_argument("--fleche", metavar="POSTE", help="stage fléché : ce poste, hors appel")
    kind.add_argument("--aucun", action="store_true", help="retirer le stage particulier")
    session.add_options(parser, liste=True)
    parser.set_defaults(run=run_particulier)


def _ouvrir(args: argparse.Namespace) -> str:
    """The choice opened; when `amphi verifier` finds what would make the day contestable,
    the findings are shown and the opening confirmed (asked on a terminal, --oui in a
    script): the journal says it was opened despite them."""

    def opening(malgre: bool):
        async def work(ctx: Contexte) -> str:
            return status(await appel.ouvrir(ctx, session.require_liste(args), malgre))

        return work

    try:
        return session.run(args, opening(args.oui))
    except AConfirmer as asked:
        said = str(asked)
        lines = [said[:1].upper() + said[1:] + " :", *(f"- {line}" for line in asked.lignes)]
        session.confirmer("\n".join(lines) + "\n", "Ouvrir le choix malgré ces constats ?")
    return session.run(args, opening(True))


def _surnombre(text: str) -> Surnombre:
    kind = Surnombre.lire(text)
    if kind is None:
        raise argparse.ArgumentTypeError(f"« {text[:30]} » : validant ou non-validant attendu")
    return kind


def run_appel(args: argparse.Namespace) -> str:
    if args.action == Acte.OUVRIR:
        return _ouvrir(args)

    async def work(ctx: Contexte) -> str:
        nom = session.require_liste(args)
        action = args.action
        if action is None:
            return status(await appel.etat(ctx, nom))
        if action == REOFFRIR:
            cible, created = await appel.reoffrir(ctx, nom, args.vers)
            return f"Réoffert sur « {cible.nom} » : " + ", ".join(created) + ".\n"
        if action == RESULTATS:
            return _results(*await appel.resultats(ctx, nom), args.format)
        if action == EXPIRER:
            said, state = await appel.expirer(ctx, nom)
        else:
            key = row_key(args.id) if getattr(args, "id", None) else None
            said, state = await appel.agir(
                ctx, nom, Acte(action), key, getattr(args, "poste", None),
                getattr(args, "apres", None), getattr(args, "hors_maquette", None),
            )  # fmt: skip
        return said[0].upper() + said[1:] + ".\n\n" + status(state)

    return session.run(args, work, ecriture=args.action not in (None, RESULTATS))


def status(state: EtatAppel) -> str:
    """Where the call stands, bounded: the called interne, the next five, the first postes."""
    current, liste = state.appel, state.liste
    taken, total = state.places
    lines = [f"Liste « {liste.nom} » — {liste.etat.label} — {taken} place(s) prise(s) sur {total}"]
    lines.append(state.statut(telephone=True))
    left = state.delai_restant(now())
    if left is not None and state.attente is None:
        lines.append(f"Délai : {duree(left)} restantes sur {duree(state.delai)}")
    if state.appele is None and state.attente is None and not current.clos:
        command = "office ID POSTE" if current.absents else "clore"
        lines.append(f'Commande : amphi appel {command} --liste "{liste.nom}"')
    if state.suivants:
        upcoming = [
            person.label + (f" vers {paris_hhmm(at)}" if at else "")
            for person, at in state.suivants
        ]
        more = state.restants - 1 - len(state.suivants)
        tail = f" ; … et {more} autre(s)" if more > 0 else ""
        lines.append("Ensuite : " + " ; ".join(upcoming) + tail)
    if state.cadence:
        lines.append(f"Cadence : {state.cadence:.0f} s par choix (médiane des derniers choix)")
    if state.absents:
        lines.append("Absents passés : " + ", ".join(person.label for person in state.absents))
    open_postes = state.ouverts
    terrains = state.terrains
    rows = [
        [poste, terrains.get(poste, ""), str(left)]
        for poste, left in list(open_postes.items())[:POSTES_MONTRES]
    ]
    lines.append(f"\nPostes libres ({len(open_postes)}, {sum(open_postes.values())} place(s)) :")
    lines.append(aligned(("Poste", "Terrain", "Places"), rows, right={2}) if rows else "aucun")
    if len(open_postes) > len(rows):
        lines.append(f"… et {len(open_postes) - len(rows)} autre(s) poste(s)")
    return "\n".join(lines) + "\n"


def _results(liste, found, tete: str, form: str) -> str:
    rows = appel.lignes_resultats(found, tete)
    if form == "csv":
        from bot.operations.tableur import csv_text  # the csv module: not for a choice

        return csv_text(appel.COLONNES_RESULTATS, rows)
    state = "clos" if found.appel.clos else "en cours"
    header = ("Rang", "Id", "Nom", "Prénom", "Poste", "Terrain", "Mention")
    table = aligned(header, [row[:-1] for row in rows], right={0})
    return f"Résultats — liste « {liste.nom} » — choix {state} ({tete})\n\n{table}\n"


def run_procuration(args: argparse.Namespace) -> str:
    from bot.operations import voeux  # the pre-choice and procurations only: not at start

    async def work(ctx: Contexte) -> str:
        if args.retirer:
            await voeux.retirer_procuration(ctx, args.id)
            return f"Procuration de {args.id} retirée.\n"
        recorded = await voeux.deposer_procuration(
            ctx, args.id, args.telephone, list(args.voeux), args.mandataire
        )
        return (
            f"Procuration de {args.id} enregistrée : {', '.join(recorded.voeux)} ; "
            f"téléphone {lisible(recorded.telephone)}.\n"
        )

    missing = [
        option
        for option, value in (("--telephone", args.telephone), ("--voeux", args.voeux))
        if value is None and not args.retirer
    ]
    if missing:
        raise InvalidInput(
            "", [Problem(f"arguments obligatoires manquants : {', '.join(missing)} (ou --retirer)")]
        )
    return session.run(args, work)


def run_particulier(args: argparse.Namespace) -> str:
    from bot.operations import voeux  # the pre-choice and procurations only: not at start

    async def work(ctx: Contexte) -> str:
        liste, what = await voeux.particulier(
            ctx, session.require_liste(args), args.id, args.surnombre, args.fleche
        )
        return f"Stage particulier de {args.id} sur « {liste.nom} » : {what}.\n"

    return session.run(args, work)


def run_prechoix(args: argparse.Namespace) -> str:
    from bot.operations import voeux  # the pre-choice and procurations only: not at start

    async def work(ctx: Contexte) -> str:
        recorded = await voeux.enregistrer_prechoix(ctx, args.id, list(args.voeux))
        return f"Vœux de pré-choix de {args.id} enregistrés : {', '.join(recorded)}.\n"

    return session.run(args, work)


def run_simulation(args: argparse.Namespace) -> str:
    from bot.operations import voeux  # the pre-choice and procurations only: not at start

    async def work(ctx: Contexte) -> str:
        found = await voeux.simulation(ctx, session.require_liste(args))
        if args.interne:
            key = row_key(args.interne)
            wishes = found.voeux.get(key[0], [])
            return voeux.phrase_simulation(found.pour(key), wishes) + "\n"
        shown = [c for c in found.candidats if c.key in found.resultats]
        rows = [
            [str(c.rang), key_label(c.key), found.noms.get(c.interne, ""),
             found.resultats[c.key].obtenu or "", str(found.resultats[c.key].numero or ""),
             " ".join(found.resultats[c.key].pris_avant),
             " ".join(poste for poste, _ in found.resultats[c.key].ecartes)]
            for c in shown
        ]  # fmt: skip
        why = {
            c.key: voeux.phrase_ecartes(
                found.resultats[c.key], found.voeux.get(c.interne, []), possessif="son"
            )
            for c in shown
            if found.resultats[c.key].ecartes
        }
        if args.format == "csv":
            for row, c in zip(rows, shown, strict=True):
                row[-1] = why.get(c.key, "")
            from bot.operations.tableur import csv_text

            return csv_text(SIMULATION_COLUMNS, rows)
        title = f"Pré-choix simulé — liste « {found.liste.nom} » (ne change rien à l'appel réel)"
        notes = "".join(
            f"\n{key_label(key)} {found.noms.get(key[0], '')} : {said}" for key, said in why.items()
        )
        return f"{title}\n\n{aligned(SIMULATION_HEADINGS, rows, right={0, 4})}\n" + (
            f"\nVœux écartés par la maquette à leur tour :{notes}\n" if notes else ""
        )

    return session.run(args, work, ecriture=False)

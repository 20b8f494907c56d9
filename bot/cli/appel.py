"""`amphi appel`: choice day from a laptop — who is called, the open postes, every act of the call;
and, before it, `amphi procuration` and `amphi particulier`."""

import argparse

from bot.cli import session
from bot.cli.tables import aligned, csv_text
from bot.operations.heure import paris_hhmm
from bot.operations.rows import row_key
from ranking import appel as regles
from ranking import cycle
from ranking.appel import Appel
from ranking.classement import RowKey
from ranking.config import Config
from ranking.errors import InvalidInput, Problem, Refused
from ranking.horloge import cadence, estimations
from ranking.ordre import key_label
from ranking.simulation import simuler
from storage import appel, classement, journal, listes
from storage.database import Database, Transaction, now, timestamp

SHOWN_NEXT = 5
RESULT_COLUMNS = ("rang", "id", "nom", "prenom", "poste", "terrain", "mention")


def add_parsers(commands: argparse._SubParsersAction) -> None:
    actions = session.command_with_actions(
        commands,
        "appel",
        "le jour des choix : l'appelé, les postes libres, chaque acte de l'appel",
        "Sans action : où en est l'appel de la liste.",
        run_appel,
    )
    for name, text, arguments in (
        ("ouvrir", "ouvrir le choix (classement final validé)", ()),
        ("choisir", "l'interne prend une place du poste", ("id", "poste")),
        ("absent", "l'appelé est absent : sa procuration s'applique, sinon il est passé", ("id",)),
        ("procuration", "appliquer la procuration de l'appelé", ("id",)),
        ("injoignable", "l'interne en attente d'appel téléphonique n'a pas répondu", ("id",)),
        ("arrivee", "un absent arrive : il choisit après l'appelé en cours", ("id",)),
        ("differer", "l'appelé choisira après le rang donné (--apres)", ("id",)),
        (
            "office",
            "affecter d'office une place restante à un absent (fin de liste)",
            ("id", "poste"),
        ),
        ("expirer", "le délai de l'appelé est écoulé : procuration, sinon il est passé", ()),
        ("reoffrir", "les places restantes de cette liste close vont à la liste --vers", ()),
        ("annuler", "annuler le dernier choix", ()),
        ("clore", "clore (valider) le choix de la liste", ()),
        ("resultats", "qui a pris quel poste, dans l'ordre d'appel", ()),
    ):
        action = actions.add_parser(name, help=text)
        for argument in arguments:
            action.add_argument(argument, metavar=argument.upper())
        if name == "differer":
            action.add_argument("--apres", type=int, required=True, metavar="RANG")
        if name == "reoffrir":
            action.add_argument("--vers", required=True, metavar="LISTE")
        if name == "resultats":
            action.add_argument("--format", choices=["table", "csv"], default="table")
        session.add_options(action, liste=True, nested=True)

    parser = commands.add_parser(
        "procuration",
        help="enregistrer la procuration d'un interne (au moins 3 vœux, un téléphone)",
    )
    parser.add_argument("id", metavar="ID")
    parser.add_argument("--telephone", required=True)
    parser.add_argument("--voeux", nargs="+", required=True, metavar="POSTE")
    parser.add_argument("--mandataire", help="qui la porte, s'il y a lieu")
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
    kind.add_argument("--surnombre", choices=["validant", "non_validant"])
    kind.add_argument("--fleche", metavar="POSTE", help="stage fléché : ce poste, hors appel")
    kind.add_argument("--aucun", action="store_true", help="retirer le stage particulier")
    session.add_options(parser, liste=True)
    parser.set_defaults(run=run_particulier)


def _act(args: argparse.Namespace):
    """The pure operation an action names, with its arguments."""
    key = row_key(args.id) if getattr(args, "id", None) else None
    return {
        "choisir": lambda a: regles.choisir(a, key, args.poste),
        "absent": lambda a: regles.absent(a, key),
        "procuration": lambda a: _procuration(a, key),
        "injoignable": lambda a: regles.injoignable(a, key),
        "arrivee": lambda a: regles.arrivee(a, key),
        "differer": lambda a: regles.differer(a, key, args.apres),
        "office": lambda a: regles.affecter_office(a, key, args.poste),
        "annuler": regles.annuler,
        "clore": regles.clore,
    }[args.action]


def _procuration(current: Appel, key: RowKey) -> tuple[Appel, str]:
    if not current.candidat(key).voeux:
        raise Refused(f"{key_label(key)} n'a pas de procuration sur cette liste")
    return regles.absent(current, key)


def run_appel(args: argparse.Namespace) -> str:
    async def work(database: Database, config: Config) -> str:
        nom = session.require_liste(args)
        said = ""
        if args.action == "ouvrir":
            async with database.write() as tx:
                liste = await listes.get(tx, nom)
                vue = await classement.vue(tx, liste, config.classement)
                await appel.ouvrir(tx, liste, len(vue.non_classes), session.auteur(args))
        elif args.action == "expirer":
            if config.delai_secondes is None:
                raise Refused(
                    "aucun délai configuré : [appel] delai_secondes dans la configuration"
                )
            async with database.write() as tx:
                liste = await listes.get(tx, nom)
                done = await appel.expirer(tx, liste, config.delai_secondes, session.auteur(args))
            said = "Délai écoulé : " + done.phrase + ".\n\n"
        elif args.action == "reoffrir":
            async with database.write() as tx:
                source, cible = await listes.get(tx, nom), await listes.get(tx, args.vers)
                created = await appel.reoffrir(tx, source, cible, session.auteur(args))
            return f"Réoffert sur « {cible.nom} » : " + ", ".join(created) + ".\n"
        elif args.action == "resultats":
            async with database.read() as tx:
                return await _results(tx, await listes.get(tx, nom), args.format)
        elif args.action:
            async with database.write() as tx:
                done = await appel.agir(
                    tx, await listes.get(tx, nom), _act(args), args.action, session.auteur(args)
                )
            said = done.phrase[0].upper() + done.phrase[1:] + ".\n\n"
        async with database.read() as tx:
            return said + await _status(tx, await listes.get(tx, nom), config.delai_secondes)

    return session.run(args, work)


async def _status(tx: Transaction, liste: listes.Liste, delai: int | None) -> str:
    current = await appel.charger(tx, liste)
    names = await _names(tx)
    postes = dict(await tx.all("SELECT id, terrain FROM poste WHERE liste_id = ?", (liste.id,)))
    taken = sum(1 for p in current.prises if p.nature.takes_place)
    total = sum(current.capacites.values())
    lines = [f"Liste « {liste.nom} » — {liste.etat.label} — {taken} place(s) prise(s) sur {total}"]
    pace = cadence(await appel.durees(tx, liste))
    if pace is not None and pace < 1:  # acts typed in a burst (a script, the demo): no estimate
        pace = None
    sequence = current.sequence()
    if current.attente:
        phone = await tx.value(
            "SELECT telephone FROM procuration WHERE interne_id = ?", (current.attente[0],)
        )
        lines.append(
            f"En attente d'appel téléphonique : {_who(current, current.attente, names)} — "
            f"téléphone {phone} (aucun vœu de sa procuration n'est libre)"
        )
    elif sequence:
        lines.append(f"Appelé : {_who(current, sequence[0], names)}")
        if delai:
            spent = (now() - await appel.appele_depuis(tx, liste)).total_seconds()
            lines.append(f"Délai : {max(0, delai - spent):.0f} s restantes sur {delai} s")
    else:
        lines.append("Appel terminé." if not current.clos else "Choix clos.")
    if sequence[1:]:
        times = dict(estimations(current, pace, now())) if pace else {}
        upcoming = [
            _who(current, key, names) + (f" vers {paris_hhmm(times[key])}" if key in times else "")
            for key in sequence[1 : 1 + SHOWN_NEXT]
        ]
        lines.append(
            "Ensuite : " + " ; ".join(upcoming) + (" ; …" if len(sequence) > 1 + SHOWN_NEXT else "")
        )
    if pace:
        lines.append(f"Cadence : {pace:.0f} s par choix (médiane des derniers choix)")
    if current.absents:
        absents = [c.key for c in current.candidats if c.key in current.absents]
        lines.append("Absents passés : " + ", ".join(_who(current, key, names) for key in absents))
    open_postes = current.ouverts()
    rows = [[poste, postes.get(poste, ""), str(left)] for poste, left in open_postes.items()]
    lines.append(f"\nPostes libres ({len(rows)}, {sum(open_postes.values())} place(s)) :")
    lines.append(aligned(("Poste", "Terrain", "Places"), rows, right={2}) if rows else "aucun")
    return "\n".join(lines) + "\n"


def _who(current: Appel, key: RowKey, names: dict[str, str]) -> str:
    return f"rang {current.candidat(key).rang} {names.get(key[0], '')} ({key_label(key)})"


async def _names(tx: Transaction) -> dict[str, str]:
    return {
        row[0]: f"{row[1]} {row[2]}" for row in await tx.all("SELECT id, nom, prenom FROM interne")
    }


async def _results(tx: Transaction, liste: listes.Liste, form: str) -> str:
    found = await appel.resultats(tx, liste)
    rows = [
        [str(r.rang), key_label(r.key), r.nom, r.prenom, r.poste, r.terrain, r.mention]
        for r in found.lignes
    ]
    if form == "csv":
        return csv_text(RESULT_COLUMNS, rows)
    state = "clos" if found.appel.clos else "en cours"
    header = ("Rang", "Id", "Nom", "Prénom", "Poste", "Terrain", "Mention")
    return (
        f"Résultats — liste « {liste.nom} » — choix {state}\n\n{aligned(header, rows, right={0})}\n"
    )


def _wish_problems(wishes: list[str], minimum: int, kind: str) -> list[Problem]:
    problems = []
    if len(wishes) < minimum:
        problems.append(Problem(f"argument --voeux : {kind} compte au moins {minimum} vœux"))
    if len(set(wishes)) != len(wishes):
        problems.append(Problem("argument --voeux : un même poste figure deux fois"))
    return problems


async def _save_wishes(tx: Transaction, table: str, interne_id: str, wishes: list[str]) -> None:
    """Wishes (procuration or pré-choix) of an active interne, among known postes, in order."""
    if not await tx.value("SELECT 1 FROM interne WHERE id = ? AND actif", (interne_id,)):
        raise Refused(f"interne {interne_id} inconnu ou inactif")
    known = {row[0] for row in await tx.all("SELECT id FROM poste")}
    unknown = [wish for wish in wishes if wish not in known]
    if unknown:
        raise Refused(f"postes inconnus : {', '.join(unknown)}")
    await tx.execute(f"DELETE FROM {table} WHERE interne_id = ?", (interne_id,))
    await tx.executemany(
        f"INSERT INTO {table} (interne_id, rang, poste_id) VALUES (?, ?, ?)",
        [(interne_id, rank, poste) for rank, poste in enumerate(wishes, start=1)],
    )


def run_procuration(args: argparse.Namespace) -> str:
    async def work(database: Database, config: Config) -> str:
        wishes = list(args.voeux)
        problems = _wish_problems(wishes, 3, "une procuration")
        digits = "".join(c for c in args.telephone if c.isdigit())
        if len(digits) < 10:
            problems.append(
                Problem(f"argument --telephone : « {args.telephone} » n'est pas un numéro")
            )
        if problems:
            raise InvalidInput("", problems)
        async with database.write() as tx:
            await tx.execute("DELETE FROM procuration WHERE interne_id = ?", (args.id,))
            await tx.insert(
                "INSERT INTO procuration (interne_id, telephone, mandataire, deposee_at, auteur) "
                "VALUES (?, ?, ?, ?, ?)",
                (args.id, args.telephone, args.mandataire, timestamp(now()), session.auteur(args)),
            )
            await _save_wishes(tx, "procuration_voeu", args.id, wishes)
            await journal.append(
                tx, session.auteur(args), "procuration",
                f"procuration de {args.id} : {len(wishes)} vœux ({', '.join(wishes)})",
                apres={"voeux": wishes, "mandataire": args.mandataire},
            )  # fmt: skip
        return f"Procuration de {args.id} enregistrée : {', '.join(wishes)}.\n"

    return session.run(args, work)


def run_particulier(args: argparse.Namespace) -> str:
    async def work(database: Database, config: Config) -> str:
        async with database.write() as tx:
            liste = await listes.get(tx, session.require_liste(args))
            if liste.etat not in cycle.RANKING_OPEN:
                raise Refused(
                    f"liste « {liste.nom} » : le choix a commencé, stages particuliers fixés"
                )
            if not await tx.value(
                "SELECT 1 FROM rang WHERE liste_id = ? AND interne_id = ?", (liste.id, args.id)
            ):
                raise Refused(f"l'interne {args.id} n'est pas classé sur la liste « {liste.nom} »")
            if args.fleche and not await tx.value(
                "SELECT 1 FROM poste WHERE id = ? AND liste_id = ?", (args.fleche, liste.id)
            ):
                raise Refused(
                    f"le poste {args.fleche} n'est pas offert sur la liste « {liste.nom} »"
                )
            await tx.execute(
                "DELETE FROM stage_particulier WHERE liste_id = ? AND interne_id = ?",
                (liste.id, args.id),
            )
            if not args.aucun:
                await tx.insert(
                    "INSERT INTO stage_particulier VALUES (?, ?, ?, ?)",
                    (liste.id, args.id, args.surnombre, args.fleche),
                )
            what = (
                "aucun" if args.aucun else f"surnombre {args.surnombre}" if args.surnombre
                else f"stage fléché sur {args.fleche}"
            )  # fmt: skip
            await journal.append(
                tx,
                session.auteur(args),
                "stage_particulier",
                f"{args.id} : {what}",
                liste_id=liste.id,
            )
        return f"Stage particulier de {args.id} sur « {liste.nom} » : {what}.\n"

    return session.run(args, work)


def run_prechoix(args: argparse.Namespace) -> str:
    async def work(database: Database, config: Config) -> str:
        wishes = list(args.voeux)
        problems = _wish_problems(wishes, 1, "un pré-choix")
        if problems:
            raise InvalidInput("", problems)
        async with database.write() as tx:
            await _save_wishes(tx, "prechoix_voeu", args.id, wishes)
        return f"Vœux de pré-choix de {args.id} enregistrés : {', '.join(wishes)}.\n"

    return session.run(args, work)


def run_simulation(args: argparse.Namespace) -> str:
    async def work(database: Database, config: Config) -> str:
        async with database.read() as tx:
            liste = await listes.get(tx, session.require_liste(args))
            candidats = await appel.candidates(tx, liste)
            if not candidats:
                raise Refused(f"liste « {liste.nom} » : pas encore classée")
            recorded = await appel.wishes(tx, liste, "prechoix_voeu")
            result = simuler(
                candidats,
                await appel.capacities(tx, liste),
                {c.key: recorded.get(c.interne, []) for c in candidats},
            )
            names = await _names(tx)
        if args.interne:
            key = row_key(args.interne)
            if key not in result:
                raise Refused(f"{key_label(key)} n'est pas simulé sur « {liste.nom} » (sortant ?)")
            return _simulation_sentence(result[key], recorded.get(key[0], [])) + "\n"
        rows = [
            [str(c.rang), key_label(c.key), names.get(c.interne, ""),
             result[c.key].obtenu or "", str(result[c.key].numero or ""),
             " ".join(result[c.key].pris_avant)]
            for c in candidats
            if c.key in result
        ]  # fmt: skip
        header = ("rang", "id", "interne", "obtenu", "voeu", "pris_avant")
        if args.format == "csv":
            return csv_text(header, rows)
        title = f"Pré-choix simulé — liste « {liste.nom} » (ne change rien à l'appel réel)"
        return f"{title}\n\n{aligned(header, rows, right={0, 4})}\n"

    return session.run(args, work)


def _simulation_sentence(simulation, wishes: list[str]) -> str:
    if not wishes:
        return "Aucun vœu de pré-choix enregistré pour cet interne."
    if simulation.obtenu is None:
        return (
            "Avec les vœux enregistrés à ce jour, aucun de vos vœux ne serait libre à votre tour."
        )
    said = (
        f"Avec les vœux enregistrés à ce jour, vous obtiendriez votre vœu n°{simulation.numero} "
        f"({simulation.obtenu})."
    )
    if simulation.pris_avant:
        said += f" Pris avant votre tour : {', '.join(simulation.pris_avant)}."
    return said

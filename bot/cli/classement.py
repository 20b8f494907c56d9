"""The ranking phases over the database: listes, pré-classement, ex-aequo, final, journal."""

import argparse

from bot.cli import session
from bot.cli.tables import aligned
from bot.operations.heure import paris
from bot.operations.rows import row_key, statut_label
from ranking.config import Config
from ranking.cycle import Motif
from ranking.explain import rang_calcule_text
from ranking.ordre import key_label
from storage import classement, journal, listes
from storage.database import Database, now

ORDER_COLUMNS = (
    "Rang", "", "Nom", "Prénom", "Id", "Statut", "Sem.", "Concours", "Promo", "Promo théo.",
    "Rang calculé",
)  # fmt: skip


def add_parsers(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("listes", help="les listes d'appel, leur état et leurs effectifs")
    session.add_options(parser)
    parser.set_defaults(run=run_listes)

    actions = session.command_with_actions(
        commands,
        "exaequo",
        "levée des ex-aequo : voir les groupes, en ordonner un, valider la levée",
        "Sans action : les groupes d'ex-aequo de la liste.",
        run_exaequo,
    )
    ordonner = actions.add_parser(
        "ordonner",
        help="fixer l'ordre d'un groupe : --groupe N ID ID … (ID/HD : ligne hors discipline)",
    )
    ordonner.add_argument("--groupe", type=int, required=True, metavar="N")
    ordonner.add_argument("ids", nargs="+", metavar="ID")
    session.add_options(ordonner, liste=True, nested=True)
    valider = actions.add_parser("valider", help="clore la levée : tous les groupes sont traités")
    session.add_options(valider, liste=True, nested=True)

    actions = session.command_with_actions(
        commands,
        "final",
        "classement final : voir, monter ou descendre un interne, valider",
        "Sans action : le classement final (internes non classés en tête).",
        run_final,
    )
    for name, text in (
        ("monter", "échanger avec l'interne du dessus"),
        ("descendre", "échanger avec l'interne du dessous"),
    ):
        move = actions.add_parser(name, help=text)
        move.add_argument("id", metavar="ID", help="ID, ou ID/HD pour une ligne hors discipline")
        session.add_options(move, liste=True, nested=True)
    valider = actions.add_parser("valider", help="valider le classement final")
    session.add_options(valider, liste=True, nested=True)

    parser = commands.add_parser(
        "rouvrir",
        help="rouvrir le classement d'une liste dont le choix a commencé (remords, annulation…)",
    )
    parser.add_argument("--motif", required=True, choices=[m.value for m in Motif])
    session.add_options(parser, liste=True)
    parser.set_defaults(run=run_rouvrir)

    parser = commands.add_parser("journal", help="le journal des changements (heure de Paris)")
    session.add_options(parser, liste=True)
    parser.set_defaults(run=run_journal)


def run_listes(args: argparse.Namespace) -> str:
    async def work(database: Database, config: Config) -> str:
        async with database.read() as tx:
            semestre, circonscription = await listes.semestre(tx)
            rows = []
            for liste in await listes.all_listes(tx):
                compte = await listes.compte(tx, liste)
                definition = liste.definition
                perimetre = definition.formation.label
                if definition.discipline:
                    perimetre += f", {definition.discipline}"
                rows.append([
                    str(definition.ordre), liste.nom, perimetre,
                    definition.phase.value if definition.phase else "toutes",
                    liste.etat.value + (" (validé)" if liste.final_valide else ""),
                    str(compte.internes), f"{compte.groupes_traites}/{compte.groupes}",
                    str(compte.postes), str(compte.places), str(compte.choix),
                ])  # fmt: skip
        header = ("Ordre", "Liste", "Périmètre", "Phase", "État", "Classés", "Ex-aequo traités",
                  "Postes", "Places", "Choix")  # fmt: skip
        title = f"{semestre.label.capitalize()} — {circonscription} — {len(rows)} liste(s)"
        return f"{title}\n\n{aligned(header, rows, right={0, 5, 6, 7, 8, 9})}\n"

    return session.run(args, work)


def run_stored_preclassement(args: argparse.Namespace) -> str:
    async def work(database: Database, config: Config) -> str:
        async with database.write() as tx:
            liste = await listes.get(tx, args.liste)
            result = await classement.run_preclassement(
                tx, liste, config.classement, session.auteur(args)
            )
        async with database.read() as tx:
            vue = await classement.vue(tx, await listes.get(tx, args.liste), config.classement)
        summary = (
            f"Pré-classement de la liste « {liste.nom} » enregistré : {len(result.pre.lignes)} "
            f"internes, {len(result.ordre.groupes)} groupe(s) d'ex-aequo"
        )
        if result.groupes_repris:
            summary += f" dont {result.groupes_repris} déjà traité(s), repris du précédent"
        if result.rangs_changes:
            summary += f" ; {result.rangs_changes} rang(s) changent par rapport à l'ordre précédent"
        return summary + ".\n\n" + _order_table(vue, config)

    return session.run(args, work)


def run_exaequo(args: argparse.Namespace) -> str:
    async def work(database: Database, config: Config) -> str:
        async with database.write() as tx:
            liste = await listes.get(tx, session.require_liste(args))
            if args.action == "ordonner":
                keys = [row_key(text) for text in args.ids]
                await classement.ordonner(tx, liste, args.groupe, keys, session.auteur(args), now())
            elif args.action == "valider":
                await classement.valider_exaequo(tx, liste, session.auteur(args), now())
        async with database.read() as tx:
            vue = await classement.vue(tx, await listes.get(tx, args.liste), config.classement)
        return _groups_text(vue)

    return session.run(args, work)


def _groups_text(vue: classement.Vue) -> str:
    liste, ordre = vue.liste, vue.ordre
    names = {ligne.key: ligne.interne for _, ligne in vue.lignes}
    lines = [f"Levée des ex-aequo — liste « {liste.nom} » — {liste.etat.label}"]
    if not ordre.groupes:
        lines.append("Aucun ex-aequo dans ce pré-classement.")
    for group in ordre.groupes:
        state = "traité" if group.traite else "à traiter"
        size = len(group.membres)
        lines.append(f"\nGroupe n°{group.numero} — rang {group.rang} — {size} internes — {state}")
        members = sorted(group.membres, key=ordre.keys.index)
        for position, key in enumerate(members, start=group.rang):
            interne = names[key]
            rank = (
                f"rang {ordre.position(key)}" if group.traite else f"{position - group.rang + 1}."
            )
            lines.append(f"  {rank:>9}  {key_label(key):<14} {interne.nom} {interne.prenom}")
    left = sum(not g.traite for g in ordre.groupes)
    if ordre.groupes and not ordre.levee_validee:
        lines.append(
            f"\n{left} groupe(s) à traiter." if left else
            f"\nTous les groupes sont traités : amphi exaequo valider --liste \"{liste.nom}\""
        )  # fmt: skip
    return "\n".join(lines) + "\n"


def run_final(args: argparse.Namespace) -> str:
    async def work(database: Database, config: Config) -> str:
        async with database.write() as tx:
            liste = await listes.get(tx, session.require_liste(args))
            if args.action in ("monter", "descendre"):
                key = row_key(args.id)
                await classement.deplacer(
                    tx, liste, key, args.action == "monter", session.auteur(args), now()
                )
            elif args.action == "valider":
                await classement.valider_final(tx, liste, session.auteur(args))
        async with database.read() as tx:
            vue = await classement.vue(tx, await listes.get(tx, args.liste), config.classement)
        return _order_table(vue, config)

    return session.run(args, work)


def _order_table(vue: classement.Vue, config: Config) -> str:
    liste = vue.liste
    state = liste.etat.label + (", validé" if liste.final_valide else "")
    lines = [f"Liste « {liste.nom} » — {state} — {len(vue.lignes)} internes classés"]
    if vue.non_classes:
        lines.append(
            f"⚠ {len(vue.non_classes)} interne(s) non classé(s) depuis le pré-classement "
            f"({', '.join(map(key_label, vue.non_classes))}) : relancer amphi preclassement "
            f'--liste "{liste.nom}"'
        )
    if vue.retires:
        lines.append(
            f"⚠ {len(vue.retires)} interne(s) classé(s) mais sorti(s) du périmètre "
            f"({', '.join(map(key_label, vue.retires))}) : relancer le pré-classement"
        )
    untreated = {k for g in vue.ordre.groupes if not g.traite for k in g.membres}
    rows = [
        [str(rang), "=" if ligne.key in untreated else "", ligne.interne.nom, ligne.interne.prenom,
         key_label(ligne.key), statut_label(ligne), str(ligne.interne.semestres_valides),
         ligne.interne.concours.value, str(ligne.interne.promotion),
         str(ligne.calcul.promotion_theorique),
         rang_calcule_text(ligne, config.classement.methode)]
        for rang, ligne in vue.lignes
    ]  # fmt: skip
    rows = [
        ["—", "!", "(non classé)", "", key_label(key), "", "", "", "", "", ""]
        for key in vue.non_classes
    ] + rows
    return "\n".join(lines) + "\n\n" + aligned(ORDER_COLUMNS, rows, right={0, 6, 8, 9, 10}) + "\n"


def run_rouvrir(args: argparse.Namespace) -> str:
    async def work(database: Database, config: Config) -> str:
        async with database.write() as tx:
            liste = await listes.get(tx, session.require_liste(args))
            await classement.rouvrir(tx, liste, Motif(args.motif), session.auteur(args))
        return f"Classement de la liste « {liste.nom} » rouvert ({Motif(args.motif).label}).\n"

    return session.run(args, work)


def run_journal(args: argparse.Namespace) -> str:
    async def work(database: Database, config: Config) -> str:
        async with database.read() as tx:
            liste_id = (await listes.get(tx, args.liste)).id if args.liste else None
            lines = await journal.lines(tx, liste_id)
        rows = [
            [paris(line.at), line.auteur, line.action, line.liste or "", line.detail]
            for line in lines
        ]
        header = ("Heure (Paris)", "Auteur", "Action", "Liste", "Détail")
        return f"Journal — {len(rows)} entrée(s)\n\n{aligned(header, rows, right=set())}\n"

    return session.run(args, work)

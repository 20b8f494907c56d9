"""The ranking phases over the database: listes, pré-classement, ex-aequo, final, journal."""

import argparse
from pathlib import Path

from bot.cli import session
from bot.cli.tables import aligned
from bot.operations import classement, journal, moi, verification
from bot.operations.base import Contexte
from bot.operations.classement import Run, Vue
from bot.operations.config import load_config
from bot.operations.rows import row_key, statut_label
from bot.operations.tableur import csv_text
from ranking.cycle import Motif
from ranking.errors import Refused
from ranking.explain import rang_calcule_text
from ranking.horloge import paris
from ranking.ordre import key_label

ORDER_COLUMNS = (
    "Rang", "", "Nom", "Prénom", "Id", "Statut", "Sem.", "Concours", "Promo", "Promo théo.",
    "Rang calculé",
)  # fmt: skip
CSV_COLUMNS = (
    "rang", "id", "nom", "prenom", "statut", "sortant", "semestres_valides", "concours",
    "promotion", "promotion_theorique", "rang_local", "rang_calcule", "ex_aequo",
    "groupe_ex_aequo", "rang_preclassement",
)  # fmt: skip
JOURNAL_COLUMNS = ("Heure (Paris)", "Auteur", "Action", "Liste", "Détail")


def add_parsers(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("listes", help="les listes d'appel, leur état et leurs effectifs")
    session.add_options(parser, semestre=True)
    parser.set_defaults(run=run_listes)

    parser = commands.add_parser(
        "verifier",
        help="avant le jour : ce qui rendrait l'appel contestable (maquette, doublons…)",
    )
    parser.add_argument(
        "--telegram", action="store_true",
        help="vérifier plutôt le bot : jeton, gestionnaires qui l'ont démarré, tableau, "
        "webhook ou long polling, configuration",
    )  # fmt: skip
    session.add_options(parser, liste=True, semestre=True)
    parser.set_defaults(run=run_verifier)

    _, actions = session.command_with_actions(
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
    ordonner.add_argument("--groupe", type=session.entier(1, 1_000_000), required=True,
                          metavar="N")  # fmt: skip
    ordonner.add_argument("ids", nargs="+", metavar="ID")
    session.add_options(ordonner, liste=True, nested=True)
    valider = actions.add_parser("valider", help="clore la levée : tous les groupes sont traités")
    session.add_options(valider, liste=True, nested=True)

    final, actions = session.command_with_actions(
        commands,
        "final",
        "classement final : voir, monter, descendre ou placer un interne, valider",
        "Sans action : le classement final (internes non classés en tête).",
        run_final,
    )
    add_view_options(final)
    for name, text in (
        ("monter", "échanger avec l'interne du dessus"),
        ("descendre", "échanger avec l'interne du dessous"),
    ):
        move = actions.add_parser(name, help=text)
        move.add_argument("id", metavar="ID", help="ID, ou ID/HD pour une ligne hors discipline")
        session.add_options(move, liste=True, nested=True)
    place = actions.add_parser(
        "placer", help="placer un interne à un rang (échanges successifs), avec un motif"
    )
    place.add_argument("id", metavar="ID", help="ID, ou ID/HD pour une ligne hors discipline")
    place.add_argument("--rang", type=session.entier(1, 1_000_000), required=True, metavar="N")
    place.add_argument("--motif", required=True, help="inscrit au journal")
    session.add_options(place, liste=True, nested=True)
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
    session.add_options(parser, liste=True, semestre=True)
    parser.add_argument("--interne", metavar="ID", help="les entrées qui concernent cet interne")
    parser.add_argument("--depuis", metavar="DATE", help="AAAA-MM-JJ [HH:MM], heure de Paris")
    parser.add_argument("--action", help="une sorte d'action : choix, import, classement final…")
    parser.add_argument("--format", choices=["table", "csv"], default="table")
    parser.add_argument(
        "--verifier", action="store_true",
        help="vérifier la chaîne du journal : une entrée changée, retirée ou ajoutée hors "
        "d'amphi est nommée (code de sortie 2)",
    )  # fmt: skip
    parser.add_argument(
        "--tete", metavar="N:EMPREINTE",
        help="avec --verifier : la tête imprimée sur les derniers résultats (« journal n°412, "
        "empreinte 3f2a9b0c1d2e4f50 » : 412:3f2a9b0c1d2e4f50) ; une fin du journal retirée "
        "avec sa numérotation ne se voit qu'ainsi",
    )  # fmt: skip
    parser.set_defaults(run=run_journal)


def add_view_options(parser: argparse.ArgumentParser) -> None:
    """`final` shows the stored order as a table or a CSV, or explains one interne's rank."""
    parser.add_argument("--expliquer", metavar="ID", help="pourquoi cet interne a ce rang (ID/HD)")
    parser.add_argument("--format", choices=["table", "csv"], default="table")


def run_listes(args: argparse.Namespace) -> str:
    async def work(ctx: Contexte) -> str:
        found = await classement.situation(ctx)
        rows, warnings = [], []
        for liste, compte in found.listes:
            definition = liste.definition
            perimetre = definition.formation.label
            if definition.discipline:
                perimetre += f", {definition.discipline}"
            rows.append([
                str(definition.ordre), liste.nom, perimetre,
                definition.phase.value if definition.phase else "toutes",
                classement.etat_label(liste), str(compte.internes),
                f"{compte.groupes_traites}/{compte.groupes}", str(compte.postes),
                str(compte.places), str(compte.choix),
            ])  # fmt: skip
            warnings += [
                f"⚠ « {liste.nom} » : {said}" for said in found.avertissements(liste, compte)
            ]
        header = ("Ordre", "Liste", "Périmètre", "Phase", "État", "Classés", "Ex-aequo traités",
                  "Postes", "Places", "Choix")  # fmt: skip
        title = (
            f"{found.semestre.label.capitalize()} — {found.circonscription} — {len(rows)} liste(s)"
        )
        table = aligned(header, rows, right={0, 5, 6, 7, 8, 9})
        return "\n".join([title, "", table, *(["", *warnings] if warnings else [])]) + "\n"

    return session.run(args, work, ecriture=False)


def run_stored_preclassement(args: argparse.Namespace) -> str:
    if args.expliquer:
        return run_explanation(args)

    async def work(ctx: Contexte) -> str:
        run, vue = await classement.preclassement(ctx, args.liste, args.abandonner_deplacements)
        if args.format == "csv":
            return order_csv(vue, ctx)
        return run_summary(run, vue.liste.nom) + "\n\n" + order_table(vue, ctx)

    return session.run(args, work)


def run_summary(run: Run, nom: str) -> str:
    text = (
        f"Pré-classement de la liste « {nom} » enregistré : {len(run.pre.lignes)} internes, "
        f"{len(run.ordre.groupes)} groupe(s) d'ex-aequo"
    )
    if run.groupes_repris:
        text += f" dont {run.groupes_repris} déjà traité(s), repris du précédent"
    if run.rangs_changes:
        text += f" ; {run.rangs_changes} rang(s) changent par rapport à l'ordre précédent"
    if run.deplacements_repris:
        text += f" ; {len(run.deplacements_repris)} déplacement(s) du classement final repris"
    if run.deplacements_abandonnes:
        lost = " ; ".join(move.label for move in run.deplacements_abandonnes)
        text += f" ; déplacement(s) abandonné(s) : {lost}"
    return text + "."


def run_explanation(args: argparse.Namespace) -> str:
    async def work(ctx: Contexte) -> str:
        key = row_key(args.expliquer, "--expliquer")
        text = await classement.expliquer(ctx, args.liste, key)
        allowed = await moi.maquette_de(ctx, key[0])
        if allowed:
            text += "\n\nCe que sa maquette lui permet :\n" + "\n".join(f"- {x}" for x in allowed)
        return text + "\n"

    return session.run(args, work, ecriture=False)


def run_exaequo(args: argparse.Namespace) -> str:
    async def work(ctx: Contexte) -> str:
        nom = session.require_liste(args)
        if args.action == "ordonner":
            keys = [row_key(text) for text in args.ids]
            vue = await classement.ordonner(ctx, nom, args.groupe, keys)
        elif args.action == "valider":
            vue = await classement.valider_levee(ctx, nom)
        else:
            vue = await classement.vue(ctx, nom)
        return _groups_text(vue)

    return session.run(args, work, ecriture=args.action is not None)


def _groups_text(vue: Vue) -> str:
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
            f"\n{left} groupe(s) à traiter, chacun dans l'ordre voulu : amphi exaequo ordonner "
            f"--groupe N ID… --liste \"{liste.nom}\"" if left else
            f"\nTous les groupes sont traités : amphi exaequo valider --liste \"{liste.nom}\""
        )  # fmt: skip
    return "\n".join(lines) + "\n"


def run_final(args: argparse.Namespace) -> str:
    if args.action is None and args.expliquer:
        return run_explanation(args)

    async def work(ctx: Contexte) -> str:
        nom = session.require_liste(args)
        if args.action in ("monter", "descendre"):
            vue = await classement.deplacer(ctx, nom, row_key(args.id), args.action == "monter")
        elif args.action == "placer":
            vue = await classement.placer(ctx, nom, row_key(args.id), args.rang, args.motif)
        elif args.action == "valider":
            vue = await classement.valider_final(ctx, nom)
        else:
            vue = await classement.vue(ctx, nom)
        if args.format == "csv":
            return order_csv(vue, ctx)
        return order_table(vue, ctx)

    return session.run(args, work, ecriture=args.action is not None)


def order_table(vue: Vue, ctx: Contexte) -> str:
    liste = vue.liste
    state = liste.etat.label + (", validé" if liste.final_valide else "")
    lines = [f"Liste « {liste.nom} » — {state} — {len(vue.lignes)} internes classés"]
    if liste.perimee is not None:
        lines.append(
            f'⚠ {liste.perimee.phrase()} ; relancer amphi preclassement --liste "{liste.nom}"'
        )
    untreated = {k for g in vue.ordre.groupes if not g.traite for k in g.membres}
    methode = ctx.config.classement.methode
    rows = [
        [str(rang), "=" if ligne.key in untreated else "", ligne.interne.nom, ligne.interne.prenom,
         key_label(ligne.key), statut_label(ligne), str(ligne.interne.semestres_valides),
         ligne.interne.concours.value, str(ligne.interne.promotion),
         str(ligne.calcul.promotion_theorique), rang_calcule_text(ligne, methode)]
        for rang, ligne in vue.lignes
    ]  # fmt: skip
    rows = [
        ["—", "!", "(non classé)", "", key_label(key), "", "", "", "", "", ""]
        for key in vue.non_classes
    ] + rows
    return "\n".join(lines) + "\n\n" + aligned(ORDER_COLUMNS, rows, right={0, 6, 8, 9, 10}) + "\n"


def order_csv(vue: Vue, ctx: Contexte) -> str:
    """The stored order as CSV: `rang` is the rang d'appel (the shared rank while a tie is
    untreated), `rang_preclassement` the pré-classement's."""
    methode = ctx.config.classement.methode
    rows = [
        [str(rang), ligne.interne.id, ligne.interne.nom, ligne.interne.prenom, ligne.statut.value,
         "oui" if ligne.sortant else "non", str(ligne.interne.semestres_valides),
         ligne.interne.concours.value, str(ligne.interne.promotion),
         str(ligne.calcul.promotion_theorique), str(ligne.calcul.rang_local),
         rang_calcule_text(ligne, methode).replace(",", "."),
         "oui" if ligne.groupe is not None else "non", str(ligne.groupe or ""), str(ligne.rang)]
        for rang, ligne in vue.lignes
    ]  # fmt: skip
    return csv_text(CSV_COLUMNS, rows)


def run_rouvrir(args: argparse.Namespace) -> str:
    async def work(ctx: Contexte) -> str:
        motif = Motif(args.motif)
        liste = await classement.rouvrir(ctx, session.require_liste(args), motif)
        return (
            f"Classement de la liste « {liste.nom} » rouvert ({motif.label}).\n"
            f"Étape suivante : relancer le pré-classement : amphi preclassement --liste "
            f'"{liste.nom}"\n'
        )

    return session.run(args, work)


def run_journal(args: argparse.Namespace) -> str:
    if args.tete and not args.verifier:
        raise Refused("argument --tete : seulement avec --verifier")
    if args.verifier:
        attendue = journal.tete_imprimee(args.tete) if args.tete else None

        async def verify(ctx: Contexte) -> str:
            return await _verifier_chaine(ctx, attendue)

        return session.run(args, verify, ecriture=False)
    depuis = journal.depuis(args.depuis) if args.depuis else None
    actions = journal.actions(args.action) if args.action else None

    async def work(ctx: Contexte) -> str:
        lines = await journal.lignes(
            ctx, args.liste, interne=args.interne, depuis=depuis, actions=actions
        )
        rows = [
            [paris(line.at), line.auteur, line.action_label, line.liste or "", line.detail]
            for line in lines
        ]
        if args.format == "csv":
            return csv_text(JOURNAL_COLUMNS, rows)
        return f"Journal — {len(rows)} entrée(s)\n\n{aligned(JOURNAL_COLUMNS, rows, right=set())}\n"

    return session.run(args, work, ecriture=False)


async def _verifier_chaine(ctx: Contexte, attendue: tuple[int, str] | None) -> str:
    count, breaks, head = await journal.verifier(ctx, attendue)
    if breaks:
        raise Refused("journal altéré hors d'amphi : " + " ; ".join(breaks))
    if head is None:
        return "Journal intact : aucune entrée.\n"
    said = (
        f"Journal intact : {count} entrée(s), chaîne suivie jusqu'à sa tête "
        f"« {journal.tete_lisible(head)} »"
    )
    if attendue:
        since = head[0] - attendue[0]
        later = f", {since} entrée(s) faite(s) depuis" if since else ""
        return f"{said} ; la tête imprimée n°{attendue[0]} s'y retrouve{later}.\n"
    return (
        f"{said} : comparez-la à la dernière tête imprimée (pied des résultats PDF, colonne "
        "journal du CSV), ou donnez-la : --tete N:EMPREINTE. Une fin du journal retirée avec "
        "sa numérotation ne se voit qu'ainsi.\n"
    )


def run_verifier(args: argparse.Namespace) -> str:
    if args.telegram:
        from bot import service  # the Telegram stack, only when asked for

        path = args.config or session.DEFAULT_CONFIG
        return service.verifier_telegram(
            load_config(path), path, Path(args.db or session.DEFAULT_DB)
        )

    async def work(ctx: Contexte) -> str:
        found = await verification.constats(ctx, args.liste)
        where = f"liste « {args.liste} »" if args.liste else "toutes les listes"
        if not found:
            return f"Vérification ({where}) : rien à signaler.\n"
        lines = [f"Vérification ({where}) : {len(found)} constat(s)."]
        lines += [f"- [{c.sorte}] {c.texte}" for c in found]
        return "\n".join(lines) + "\n"

    return session.run(args, work, ecriture=False)

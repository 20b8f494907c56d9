"""Realistic internes files: every subdivision, 5 promotions, delays, entrants, ETR, MT, ties.

`amphi exemple --internes 50000 --sortie internes.csv` writes a national file (for training and
for `bench/`); the demo and the tests use smaller ones. Same arguments and seed, same bytes.
"""

import csv
import io
import random
from collections.abc import Mapping, Sequence

from ranking.text import fold

SUBDIVISIONS = {
    "Île-de-France": 18,
    "Lyon": 6,
    "Marseille": 5,
    "Lille": 6,
    "Toulouse": 5,
    "Bordeaux": 5,
    "Montpellier": 4,
    "Nantes": 4,
    "Strasbourg": 4,
    "Rennes": 3,
    "Nancy": 3,
    "Grenoble": 3,
    "Rouen": 3,
    "Nice": 2,
    "Tours": 3,
    "Clermont-Ferrand": 2,
    "Dijon": 2,
    "Angers": 2,
    "Amiens": 2,
    "Caen": 2,
    "Reims": 2,
    "Poitiers": 2,
    "Brest": 2,
    "Besançon": 2,
    "Limoges": 1,
    "Saint-Étienne": 2,
    "Antilles-Guyane": 1,
    "Océan Indien": 1,
}
# médecine discipline → (weight, its DES); Spécialités chirurgicales is a multi-DES discipline.
DISCIPLINES = {
    "Médecine générale": (40, ["Médecine générale"]),
    "Anesthésie-réanimation": (5, ["Anesthésie-réanimation"]),
    "Médecine d'urgence": (5, ["Médecine d'urgence"]),
    "Psychiatrie": (5, ["Psychiatrie"]),
    "Pédiatrie": (4, ["Pédiatrie"]),
    "Spécialités chirurgicales": (
        8,
        [
            "Chirurgie orthopédique et traumatologique",
            "Chirurgie viscérale et digestive",
            "Oto-rhino-laryngologie",
            "Urologie",
            "Chirurgie orale",
        ],
    ),
    "Spécialités médicales": (
        14,
        [
            "Cardiologie",
            "Pneumologie",
            "Gastro-entérologie",
            "Néphrologie",
            "Neurologie",
            "Médecine interne",
            "Endocrinologie",
            "Oncologie",
            "Rhumatologie",
            "Dermatologie",
        ],
    ),
    "Radiologie": (3, ["Radiologie et imagerie médicale"]),
    "Gynécologie obstétrique": (3, ["Gynécologie obstétrique"]),
    "Ophtalmologie": (2, ["Ophtalmologie"]),
    "Biologie médicale": (2, ["Biologie médicale"]),
    "Santé publique": (1, ["Santé publique"]),
    "Médecine du travail": (1, ["Médecine du travail"]),
}
PHARMACIE_DES = ["Pharmacie hospitalière", "Biologie médicale", "Innovation pharmaceutique"]
ODONTOLOGIE_DES = ["Orthopédie dento-faciale", "Médecine bucco-dentaire", "Chirurgie orale"]
NOMS = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefebvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Nguyễn",
    "Œillet",
    "D’Aubigné",
    "Kowalski",
    "Ben Saïd",
    "Le Gall",
    "Müller",
    "Da Silva",
    "Hoarau",
    "Élie",
    "Lévêque",
    "Dumont-Lacroix",
]
PRENOMS = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Louise",
    "Emma",
    "Jade",
    "Sarah",
    "Zoé",
    "Hugo",
    "Lucas",
    "Louis",
    "Gabriel",
    "Arthur",
    "Jules",
    "Adam",
    "Raphaël",
    "Paul",
    "Nathan",
    "Éloïse",
    "Thị Ánh",
    "Łukasz",
    "Anaïs",
    "Maël",
    "Noé",
    "Yasmine",
    "Clémence",
    "Théo",
    "Héloïse",
]
COLUMNS = [
    "id",
    "nom",
    "prenom",
    "formation",
    "des",
    "discipline",
    "circonscription",
    "promotion",
    "concours",
    "rang_concours",
    "rin",
    "ri3",
    "semestres_valides",
    "hors_discipline",
    "phase",
    "telephone",
    "email",
    "actif",
]


def generate(
    count: int,
    semestre_year: int = 2026,
    seed: int = 1,
    subdivisions: Sequence[str] | None = None,
    durees: Mapping[str, int] | None = None,
) -> list[dict[str, str]]:
    """`count` internes choosing for the winter semester of `semestre_year`. `durees`: the
    semesters of some DES (as DUREES_DES); their internes who have done them all are in the
    file but inactive, as in a real export."""
    rng = random.Random(seed)
    places = {
        name: w for name, w in SUBDIVISIONS.items() if not subdivisions or name in subdivisions
    }
    rows: list[dict[str, str]] = []
    promotions = range(semestre_year - 4, semestre_year + 1)
    for index, promotion in enumerate(promotions):  # the remainder to the first promotions
        size = count // len(promotions) + (index < count % len(promotions))
        rows.extend(_promotion(rng, promotion, semestre_year, size, places, len(rows)))
    _sans_homonymes(rows, random.Random(seed + 1))
    for row in rows:
        if int(row["semestres_valides"]) >= (durees or {}).get(row["des"], 99):
            row["actif"] = "non"
    return rows


DUREES_DES = {"Médecine générale": 8}
"""Semesters of the DES whose maquette the example configuration gives: Médecine générale,
4 years since the 2023 reform (socle 2, approfondissement 4, consolidation 2). The oldest
promotion of a sample has done 8: `amphi exemple` makes its MG internes inactive (else
`amphi verifier` would rightly report them all)."""


def _sans_homonymes(rows: list[dict[str, str]], rng: random.Random) -> None:
    """Two internes of one name and prénom are what `amphi verifier` reports as a likely
    duplicate: a sample has none (a second family name is added), drawn from its own stream
    so that the rest of the sample stays as it was. Once half the second names of a name and
    prénom are taken, the next free one is taken in order (then a third name, and so on):
    drawing would take ever longer and the names run out, while the help allows 200,000.
    A name never takes itself as second name, and one written in capitals stays so."""
    seen: set[tuple[str, str]] = set()
    added: dict[tuple[str, str], int] = {}  # a name and prénom → second names given
    following: dict[tuple[str, str], int] = {}  # → the next candidate in order
    for row in rows:
        nom, prenom = row["nom"], fold(row["prenom"])
        base = (fold(nom), prenom)
        if base in seen:
            if added.get(base, 0) < len(NOMS) // 2:
                while (fold(nom), prenom) in seen or fold(nom) == fold(
                    f"{row['nom']}-{row['nom']}"
                ):
                    nom = f"{row['nom']}-{rng.choice(NOMS)}"
            else:
                candidate = following.get(base, 0)
                while (fold(nom := _suivant(row["nom"], candidate)), prenom) in seen:
                    candidate += 1
                following[base] = candidate + 1
            added[base] = added.get(base, 0) + 1
        row["nom"] = nom.upper() if row["nom"].isupper() else nom  # as the name was written
        seen.add((fold(nom), prenom))


def _suivant(nom: str, candidate: int) -> str:
    """The `candidate`-th name after `nom` in order: one more family name, then two..."""
    while True:
        nom = f"{nom}-{NOMS[candidate % len(NOMS)]}"
        candidate //= len(NOMS)
        if not candidate:
            return nom
        candidate -= 1


def _promotion(rng, promotion, year, size, places, first_id):
    medecine = int(size * 0.93)
    pharmacie = int(size * 0.045)
    formations = ["medecine"] * medecine + ["pharmacie"] * pharmacie
    formations += ["odontologie"] * (size - medecine - pharmacie)
    national_ranks = list(range(1, medecine + 1))
    rng.shuffle(national_ranks)
    other_ranks = {"pharmacie": iter(range(1, size + 1)), "odontologie": iter(range(1, size + 1))}
    theoretical = 2 * (year - promotion)
    rows = []
    for offset, formation in enumerate(formations):
        number = first_id + offset + 1
        subdivision = rng.choices(list(places), weights=list(places.values()))[0]
        concours = "ETR" if rng.random() < 0.02 else "EDN" if promotion >= 2024 else "ECN"
        discipline, des = "", ""
        if formation == "medecine":
            discipline = rng.choices(list(DISCIPLINES), [w for w, _ in DISCIPLINES.values()])[0]
            des = rng.choice(DISCIPLINES[discipline][1])
            if discipline == "Médecine du travail" and concours != "ETR" and rng.random() < 0.3:
                concours = "MT"
            rank = national_ranks[offset]
        else:
            des = rng.choice(PHARMACIE_DES if formation == "pharmacie" else ODONTOLOGIE_DES)
            rank = next(other_ranks[formation])
        rin, ri3 = _cng_ranks(rng, rank, concours, discipline)
        delay = rng.choice([1, 2, 2, 3]) if theoretical >= 2 and rng.random() < 0.08 else 0
        validated = max(0, theoretical - delay)
        hors = ""
        if formation == "medecine" and validated >= 2 and rng.random() < 0.04:
            hors = rng.choice([d for d in DISCIPLINES if d != discipline])
        rows.append(
            {
                "id": f"{promotion}{number:06d}",
                "nom": rng.choice(NOMS).upper() if rng.random() < 0.1 else rng.choice(NOMS),
                "prenom": rng.choice(PRENOMS),
                "formation": "Médecine"
                if formation == "medecine" and rng.random() < 0.1
                else formation,
                "des": des,
                "discipline": discipline,
                "circonscription": subdivision,
                "promotion": str(promotion),
                "concours": concours,
                "rang_concours": str(rank),
                "rin": rin,
                "ri3": ri3,
                "semestres_valides": str(validated),
                "hors_discipline": hors,
                "phase": _phase(validated),
                "telephone": "06 " + " ".join(str(rng.randint(10, 99)) for _ in range(4)),
                "email": f"interne{number}@exemple.fr",
                "actif": "non" if rng.random() < 0.01 else "oui",
            }
        )
    return rows


def _cng_ranks(rng, rank, concours, discipline):
    """RIN mostly given (sometimes missing, sometimes shared: CNG ex-aequo), RI3 for MT."""
    if concours == "ETR":
        return "", ""
    rin = "" if rng.random() < 0.03 else str(rank if rng.random() > 0.01 else max(1, rank - 1))
    ri3 = ""
    if discipline == "Médecine du travail":
        ri3 = f"{rank * 1.07:.2f}".replace(".", ",")
    return rin, ri3


def _phase(validated: int) -> str:
    if validated < 2:
        return "socle"
    return "approfondissement" if validated < 6 else "consolidation"


def to_csv(rows: list[dict[str, str]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, COLUMNS, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")

"""[[maquettes]] in the configuration: Amiens' MG rules read from the example, every fault named
with where it is, an unknown key refused with its line."""

from pathlib import Path

import pytest

from ranking.config import parse_config
from ranking.errors import InvalidInput
from ranking.maquette import Offre, Profil, Stage, refus

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"
HEAD = '[semestre]\ncode = "2026-11"\ncirconscription = "Amiens"\n'


def test_the_example_carries_amiens_mg_maquette():
    text = EXAMPLE.read_text(encoding="utf-8")
    config = parse_config(text, "config.example.toml", {"telegram": None, "sauvegardes": None})
    mg = config.maquette("medecine generale")
    assert mg.semestres == 8 and dict(mg.phases)["approfondissement"] == 4
    done = Profil("Médecine générale", "approfondissement",
                  (Stage("2026-05", "Cabinet X", None, "SASPAS", "approfondissement"),))  # fmt: skip
    said = refus(mg, done, Offre("SAS-1", "Cabinet Y", "SASPAS"))
    assert said.startswith("deuxième SASPAS : la maquette de Médecine générale en permet 1")
    assert config.maquette("Psychiatrie") is None


def refused(text: str) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        parse_config(HEAD + text, "config.toml")
    return caught.value.messages()


def test_every_fault_is_named():
    said = refused(
        '[[maquettes]]\ndes = "MG"\nsemestres = 6\nphases = { socle = 2, approfondissement = 2 }\n'
        '[[maquettes.regles]]\nsorte = "au_moins"\n'
        '[[maquettes.regles]]\nsorte = "requis"\ntypes = ["SASPAS"]\n'
        '[[maquettes.regles]]\nsorte = "au_plus"\ntypes = ["SASPAS"]\nphase = "consolidation"\n'
    )
    assert said == [
        "config.toml : [[maquettes]] « MG » : les phases font 4 semestres, le DES 6",
        "config.toml : [[maquettes]] « MG », règle n°1 : sorte « au_moins » inconnue (au_plus, "
        "etablissement_au_plus, terrain_unique, requis)",
        "config.toml : [[maquettes]] « MG », règle n°2 : phase obligatoire pour la sorte requis",
        "config.toml : [[maquettes]] « MG », règle n°3 : phase « consolidation » absente de phases",
    ]


def test_an_unknown_key_of_a_rule_is_refused_with_its_line():
    said = refused(
        '[[maquettes]]\ndes = "MG"\nsemestres = 2\nphases = { socle = 2 }\n'
        '[[maquettes.regles]]\nsorte = "au_plus"\ntypes = ["SASPAS"]\nnombres = 2\n'
    )
    assert len(said) == 1 and "clé « nombres » inconnue dans [maquettes.regles]" in said[0]
    assert "vouliez-vous dire « nombre » ?" in said[0]

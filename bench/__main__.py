"""`make bench`: amphi's speed figures, each against a baseline measured in the same run."""

from bench import (
    alertes_bench,
    appel_bench,
    bot_bench,
    direct_bench,
    edition_bench,
    maquette_bench,
    ranking_bench,
    semestre_bench,
    storage_bench,
    subdivision_bench,
)
from bench.timing import bilan


def main() -> None:
    print("amphi — mesures (meilleur temps sur plusieurs essais, baseline dans le même essai)\n")
    ranking_bench.run()
    ranking_bench.run_command_line()
    storage_bench.run()
    appel_bench.run()
    maquette_bench.run()
    edition_bench.run()
    bot_bench.run()
    alertes_bench.run()
    direct_bench.run()
    subdivision_bench.run()
    semestre_bench.run()
    bilan()


if __name__ == "__main__":
    main()

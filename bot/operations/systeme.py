"""The file system's refusals in French, whatever the face: the system's own words (« No such
file or directory ») never reach a user. And the one way a file given to amphi is read: a
regular file only, never a pipe or a device that would make the command wait forever."""

import errno
import os
import stat

from ranking.errors import InvalidInput, Problem

RAISONS = {
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "une partie du chemin n'est pas un dossier",
    errno.EACCES: "accès refusé (droits)",
    errno.EPERM: "opération interdite (droits)",
    errno.ENOSPC: "disque plein",
    errno.EDQUOT: "quota du disque dépassé",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.EEXIST: "existe déjà",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.ELOOP: "trop de liens symboliques (une boucle ?)",
    errno.EMFILE: "trop de fichiers ouverts par amphi",
    errno.ENFILE: "trop de fichiers ouverts sur la machine",
    errno.EIO: "erreur de lecture ou d'écriture du support (disque abîmé, clé retirée ?)",
    errno.EPIPE: "le programme qui lisait la sortie l'a fermée",
    errno.EBUSY: "fichier ou périphérique occupé",
    errno.ETXTBSY: "fichier occupé par un programme en cours",
    errno.EFBIG: "fichier trop gros pour ce système de fichiers",
    errno.ENXIO: "périphérique absent",
    errno.ENODEV: "périphérique absent",
    errno.EINVAL: "opération impossible sur ce fichier",
    errno.EXDEV: "pas sur le même disque",
    errno.ENOMEM: "mémoire insuffisante",
    errno.EAGAIN: "ressource momentanément indisponible ; réessayer",
    errno.ESTALE: "fichier réseau devenu inaccessible",
}


def raison(error: OSError) -> str:
    """Why, in French; a code amphi does not know is named by its symbol, never by its
    English description."""
    if error.errno in RAISONS:
        return RAISONS[error.errno]
    code = errno.errorcode.get(error.errno) if error.errno is not None else None
    return f"erreur du système de fichiers (code {code})" if code else "erreur du système"


def dire(error: OSError, path: object | None = None) -> str:
    """« « chemin » : raison », the path given or the one the error carries."""
    where = path if path is not None else error.filename
    return f"« {where} » : {raison(error)}" if where is not None else raison(error)


def lire(path: str, argument: str) -> bytes:
    """A file named on the command line, whole; refused in French (naming the argument and
    the path) if it cannot be read or is not a regular file: a named pipe, a device or a
    folder is refused at once, nothing waits for it."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InvalidInput(
            "", [Problem(f"argument {argument} : fichier introuvable : {path}")]
        ) from None
    except IsADirectoryError:
        raise InvalidInput(
            "", [Problem(f"argument {argument} : « {path} » est un dossier, pas un fichier")]
        ) from None
    except OSError as error:
        raise InvalidInput("", [Problem(f"argument {argument} : {dire(error, path)}")]) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = "un dossier" if stat.S_ISDIR(mode) else _sorte(mode)
            raise InvalidInput(
                "", [Problem(f"argument {argument} : « {path} » est {kind}, pas un fichier")]
            )
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            return stream.read()
    except OSError as error:
        raise InvalidInput("", [Problem(f"argument {argument} : {dire(error, path)}")]) from None
    finally:
        os.close(descriptor)


def _sorte(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "un tube nommé"
    if stat.S_ISSOCK(mode):
        return "une prise réseau (socket)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "un périphérique"
    return "un fichier spécial"

"""Files and documents: what a user or the bot sent, kept with its bytes, found again by its
file_id (getFile) and by the path getFile gave (the download URL)."""

from typing import TYPE_CHECKING

from bot.emulateur.model import ApiError

if TYPE_CHECKING:
    from bot.emulateur.core import Emulateur


def store(emu: "Emulateur", name: str, data: bytes, mime: str) -> dict:
    """Keep a document; its Telegram description (file_id, size…)."""
    number = next(emu.next_file)
    document = {
        "file_id": f"DOC{number:06d}", "file_unique_id": f"U{number:06d}",
        "file_name": name, "mime_type": mime, "file_size": len(data),
    }  # fmt: skip
    emu.files[document["file_id"]] = (document, data)
    return document


def download(emu: "Emulateur", path: str) -> bytes | None:
    """A stored file's bytes, by the path getFile gave."""
    found = emu.files.get(path.rsplit("/", 1)[-1])
    return None if found is None else found[1]


async def get_file(emu: "Emulateur", params: dict) -> dict:
    file_id = str(params.get("file_id"))
    if file_id not in emu.files:
        raise ApiError(400, "Bad Request: invalid file_id")
    document, data = emu.files[file_id]
    return {"file_id": file_id, "file_unique_id": document["file_unique_id"],
            "file_size": len(data), "file_path": f"documents/{file_id}"}  # fmt: skip


METHODS = {"getFile": get_file}

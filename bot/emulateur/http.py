"""The emulator over HTTP, as the real PTB stack reaches Telegram: in-process as an `httpx`
transport (fast tests) or served on 127.0.0.1 with aiohttp (`amphi emulateur`, end-to-end runs
of the `amphi bot` process). Paths are Telegram's: `/bot<token>/<method>` and
`/file/bot<token>/<path>`."""

import asyncio
import email.parser
import email.policy
import json
from urllib.parse import parse_qsl

import httpx
from aiohttp import web

from bot.emulateur.core import Emulateur
from bot.emulateur.model import ApiError


def parse_body(content_type: str, body: bytes, query: str = "") -> dict[str, object]:
    """A Bot API call's parameters: form fields as text, uploaded files as (name, bytes, mime)."""
    params: dict[str, object] = dict(parse_qsl(query))
    if content_type.startswith("application/x-www-form-urlencoded"):
        params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    elif content_type.startswith("application/json"):
        params.update(json.loads(body or b"{}"))
    elif content_type.startswith("multipart/form-data"):
        header = f"Content-Type: {content_type}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(header + body)
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            filename = part.get_filename()
            if filename is not None:
                params[name] = (filename, payload, part.get_content_type())
            else:
                params[name] = payload.decode("utf-8")
    return params


async def answer(emulateur: Emulateur, path: str, params: dict) -> tuple[int, dict | bytes]:
    """Status and JSON body (or a file's bytes) for one request path."""
    parts = path.strip("/").split("/")
    if len(parts) >= 3 and parts[0] == "file" and parts[1] == f"bot{emulateur.token}":
        data = emulateur.fichier("/".join(parts[2:]))
        return (200, data) if data is not None else (404, {"ok": False, "error_code": 404,
                                                           "description": "Not Found"})  # fmt: skip
    if len(parts) != 2 or parts[0] != f"bot{emulateur.token}":
        return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
    try:
        result = await emulateur.appeler(parts[1], params)
    except ApiError as error:
        return error.code, error.payload()
    return 200, {"ok": True, "result": result}


class Transport(httpx.AsyncBaseTransport):
    """An httpx transport that PTB's HTTPXRequest uses instead of the network."""

    def __init__(self, emulateur: Emulateur):
        self.emulateur = emulateur

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        params = parse_body(
            request.headers.get("content-type", ""), body, request.url.query.decode()
        )
        status, payload = await answer(self.emulateur, request.url.path, params)
        if isinstance(payload, bytes):
            return httpx.Response(status, content=payload)
        return httpx.Response(status, json=payload)


def application(emulateur: Emulateur) -> web.Application:
    async def handle(request: web.Request) -> web.StreamResponse:
        content_type = request.headers.get("Content-Type", "")  # with its multipart boundary
        params = parse_body(content_type, await request.read(), request.query_string)
        # a request that reached Telegram takes effect even if its sender dies meanwhile
        status, payload = await asyncio.shield(answer(emulateur, request.path, params))
        if isinstance(payload, bytes):
            return web.Response(status=status, body=payload)
        return web.json_response(payload, status=status)

    async def ouvrir(_app: web.Application) -> None:
        emulateur.ferme = False

    async def fermer(_app: web.Application) -> None:  # before waiting for the handlers
        emulateur.ferme = True
        await emulateur.notify()

    app = web.Application(client_max_size=60 * 1024 * 1024)
    app.router.add_route("*", "/{tail:.*}", handle)
    app.on_startup.append(ouvrir)
    app.on_shutdown.append(fermer)
    return app


async def servir(emulateur: Emulateur, port: int, host: str = "127.0.0.1") -> web.AppRunner:
    """Serve on host:port until the runner is cleaned up; `port` 0 picks a free one."""
    runner = web.AppRunner(application(emulateur))
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner


def port_of(runner: web.AppRunner) -> int:
    return runner.addresses[0][1]

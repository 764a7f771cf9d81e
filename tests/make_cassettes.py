"""Regenerate the vcrpy cassettes ``tests/cassettes/<provider>.yaml`` from the real payloads.

Run from the repository root:  python tests/make_cassettes.py

Each cassette holds one interaction per endpoint of the provider, at the exact URL that
modelctl/data/providers.yaml declares. The request headers are the ones modelctl's own
session sends (``modelctl.http.make_session``), with a Bearer key for providers that have an
``api_key_env``, passed through vcrpy's own header filter (``filter_headers=["authorization",
"x-api-key"]``) exactly as a recording would. The response body is the provider's real body
from ``tests/provider_catalogs.py`` (the same bytes the snapshot tests use), written as a
readable YAML literal block (not gzip, not ``!!binary``). The result is checked by loading it
back with vcrpy's own deserializer before it is written.

Nothing here touches the network: the cassettes are built, not recorded.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import requests
import yaml
from vcr.filters import remove_headers
from vcr.request import Request
from vcr.serialize import deserialize
from vcr.serializers import yamlserializer

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script: find the helpers

from modelctl.http import HttpSettings, make_session

from provider_catalogs import ALL_PROVIDERS, REGISTRY, real_bodies

CASSETTES = Path(__file__).resolve().parent / "cassettes"
FILTER_HEADERS = ("authorization", "x-api-key")
#: sent while "recording" and filtered out; test_cassettes.py checks it never reaches a file
FAKE_KEY = "sk-modelctl-cassette-fake-key-0000"
_BODY = "__MODELCTL_CASSETTE_BODY_{}__"


def interactions(provider: str) -> list[tuple[Request, dict[str, Any]]]:
    spec = REGISTRY.specs[provider]
    bodies = real_bodies(provider)
    out = []
    with make_session(HttpSettings()) as session:
        for endpoint, url in spec.endpoints.items():
            headers = {"Authorization": f"Bearer {FAKE_KEY}"} if spec.api_key_env else {}
            prepared = session.prepare_request(requests.Request("GET", url, headers=headers))
            request = Request("GET", prepared.url, None, dict(prepared.headers))
            request = remove_headers(request, FILTER_HEADERS)
            body = bodies[endpoint]
            response = {
                "status": {"code": 200, "message": "OK"},
                "headers": {
                    "Content-Type": ["application/json; charset=utf-8"],
                    "Content-Length": [str(len(body))],
                },
                "body": {"string": body.decode("utf-8")},
            }
            out.append((request, response))
    return out


def _literal(text: str, indent: int) -> str:
    """``text`` as a YAML literal block scalar (header + indented lines)."""
    if text.endswith("\n\n"):
        chomp = "+"
    elif text.endswith("\n"):
        chomp = ""
    else:
        chomp = "-"
    assert not text.startswith((" ", "\n")), "a body starting with a blank needs an indent indicator"
    pad = " " * indent
    lines = text[:-1].split("\n") if text.endswith("\n") else text.split("\n")
    return "|" + chomp + "\n" + "".join((pad + line if line else "") + "\n" for line in lines)


def render_cassette(provider: str) -> str:
    """The cassette text; each body a literal block, the rest plain PyYAML."""
    pairs = interactions(provider)
    data = {
        "version": 1,
        "interactions": [
            {"request": request._to_dict(), "response": {**response, "body": {"string": _BODY.format(k)}}}
            for k, (request, response) in enumerate(pairs)
        ],
    }
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    for k, (_request, response) in enumerate(pairs):
        marker = f"string: {_BODY.format(k)}\n"
        start = text.index(marker)
        indent = start - text.rfind("\n", 0, start) - 1 + 2
        text = text.replace(marker, "string: " + _literal(response["body"]["string"], indent))
    header = (
        "# Built by tests/make_cassettes.py from tests/fixtures/providers/ (real payloads);\n"
        "# do not edit by hand. Credential headers are filtered out (FILTER_HEADERS there).\n"
    )
    text = header + text
    _check(provider, text, pairs)
    return text


def _check(provider: str, text: str, pairs: list[tuple[Request, dict[str, Any]]]) -> None:
    requests_, responses = deserialize(text, yamlserializer)
    assert [r.uri for r in requests_] == list(REGISTRY.specs[provider].endpoints.values())
    for (_request, expected), loaded in zip(pairs, responses, strict=True):
        assert loaded["body"]["string"] == expected["body"]["string"].encode("utf-8"), provider
    assert "Bearer" not in text and FAKE_KEY not in text


def main() -> int:
    CASSETTES.mkdir(exist_ok=True)
    for provider in ALL_PROVIDERS:
        path = CASSETTES / f"{provider}.yaml"
        path.write_text(render_cassette(provider), encoding="utf-8")
        print(f"wrote {path.relative_to(CASSETTES.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

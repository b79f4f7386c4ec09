"""The ``gcp`` token source against a real HTTP server on loopback answering like the GKE metadata
server (same paths, same ``Metadata-Flavor`` rule, same JSON)."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from kafka_platform.config import GcpAuth, parse_kafka_env
from kafka_platform.tokens import gcp_kafka_token

EMAIL = "kafka-orders@proj-123.iam.gserviceaccount.com"
PREFIX = "/computeMetadata/v1/instance/service-accounts/default/"


class _Metadata(BaseHTTPRequestHandler):
    issued: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        if self.headers.get("Metadata-Flavor") != "Google":
            self.send_response(403)
            self.end_headers()
            return
        if self.path == PREFIX + "email":
            body = EMAIL.encode()
        elif self.path == PREFIX + "token":
            token = f"ya29.access-{len(self.issued) + 1}"
            self.issued.append(token)
            body = json.dumps({"access_token": token, "expires_in": 3599, "token_type": "Bearer"}).encode()
        else:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture()
def metadata_host() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Metadata)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _decode(part: str) -> object:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_token_in_googles_format(metadata_host: str) -> None:
    token, expires = gcp_kafka_token(host=metadata_host, now=lambda: 1_800_000_000.0)
    header, claims, access = token.split(".")
    assert _decode(header) == {"typ": "JWT", "alg": "GOOG_OAUTH2_TOKEN"}
    assert _decode(claims) == {"exp": 1_800_003_599, "iat": 1_800_000_000, "scope": "kafka", "sub": EMAIL}
    assert base64.urlsafe_b64decode(access + "=" * (-len(access) % 4)).decode() == _Metadata.issued[-1]
    assert expires == 1_800_003_599.0


def test_refused_request_names_the_url(metadata_host: str) -> None:
    with pytest.raises(RuntimeError, match=r"GKE metadata server http://127\.0\.0\.1:\d+/x/computeMetadata"):
        gcp_kafka_token(host=metadata_host + "/x")


def test_env_selects_the_gcp_source() -> None:
    env = {
        "KAFKA_BROKER_URL": "bootstrap.kafka-prod.europe-west1.managedkafka.proj-123.cloud.goog:9092",
        "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
        "KAFKA_SASL_MECHANISM": "OAUTHBEARER",
        "KAFKA_OAUTH_PROVIDER": "gcp",
    }
    assert parse_kafka_env(env).auth == GcpAuth()

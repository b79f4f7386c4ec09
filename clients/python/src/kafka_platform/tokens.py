"""OAUTHBEARER token sources for librdkafka's ``oauth_cb``: MSK IAM, Entra ID (Event Hubs), Google.

librdkafka calls the callback when it needs a token and again at 80 % of the token's lifetime, so
no cache of our own is needed (https://github.com/confluentinc/librdkafka/blob/master/CONFIGURATION.md,
``oauthbearer_token_refresh_cb``). The callback returns ``(token, expiry in seconds since the epoch)``
(https://docs.confluent.io/platform/current/clients/confluent-kafka-python/html/index.html, ``oauth_cb``).
"""

from __future__ import annotations

import base64
import json
import os
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: A token source: gets ``(token, expires_at_seconds)`` for a region (MSK) or a scope (Entra).
TokenSource = Callable[[str], tuple[str, float]]


@dataclass(frozen=True)
class TokenSources:
    """Injectable so tests and unusual setups (assumed roles, a specific workload identity) supply their own."""

    aws_msk_iam: TokenSource | None = None
    azure_entra: TokenSource | None = None
    #: Ignores its argument; default: :func:`gcp_kafka_token` from the GKE metadata server.
    gcp: TokenSource | None = None


def aws_msk_iam_token(region: str) -> tuple[str, float]:
    """Signs an MSK IAM token with the default AWS credential chain (IRSA / Pod Identity in EKS).
    https://github.com/aws/aws-msk-iam-sasl-signer-python#usage: expiry comes in milliseconds."""
    from aws_msk_iam_sasl_signer import MSKAuthTokenProvider

    token, expiry_ms = MSKAuthTokenProvider.generate_auth_token(region)
    return str(token), float(expiry_ms) / 1000


_azure_credential: Any = None


def azure_entra_token(scope: str) -> tuple[str, float]:
    """An Entra ID access token for the Event Hubs namespace scope, from DefaultAzureCredential
    (workload identity in AKS). https://learn.microsoft.com/en-us/python/api/azure-identity/azure.identity.defaultazurecredential"""
    global _azure_credential
    from azure.identity import DefaultAzureCredential

    if _azure_credential is None:
        _azure_credential = DefaultAzureCredential()
    access = _azure_credential.get_token(scope)
    return str(access.token), float(access.expires_on)


def gcp_metadata_host() -> str:
    """The GKE metadata server as Google's libraries find it: ``GCE_METADATA_HOST`` or the link-local
    address (https://cloud.google.com/compute/docs/metadata/querying-metadata)."""
    return os.environ.get("GCE_METADATA_HOST") or "169.254.169.254"


def _metadata(host: str, path: str, timeout: float) -> str:
    url = f"http://{host}/computeMetadata/v1/instance/service-accounts/default/{path}"
    request = urllib.request.Request(url, headers={"Metadata-Flavor": "Google"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return str(response.read().decode("utf-8"))
    except OSError as err:
        raise RuntimeError(f"GKE metadata server {url} failed: {err}") from err


def _b64url(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def gcp_kafka_token(
    _target: str = "", host: str | None = None, timeout: float = 5.0, now: Callable[[], float] = time.time
) -> tuple[str, float]:
    """A Managed Kafka OAUTHBEARER token for the pod's Google service account (GKE Workload
    Identity), in Google's format (googleapis/managedkafka, kafka-java-auth GcpLoginCallbackHandler):
    base64url parts ``{"typ":"JWT","alg":"GOOG_OAUTH2_TOKEN"}``, ``{exp, iat, scope: "kafka", sub}``
    and the access token. librdkafka refreshes it at 80 % of its lifetime."""
    at = host or gcp_metadata_host()
    email = _metadata(at, "email", timeout).strip()
    access = json.loads(_metadata(at, "token", timeout))
    issued = now()
    expires = issued + float(access["expires_in"])
    header = json.dumps({"typ": "JWT", "alg": "GOOG_OAUTH2_TOKEN"}, separators=(",", ":"))
    claims = json.dumps(
        {"exp": int(expires), "iat": int(issued), "scope": "kafka", "sub": email}, separators=(",", ":")
    )
    return ".".join([_b64url(header), _b64url(claims), _b64url(str(access["access_token"]))]), expires


def oauth_callback(
    kind: str, target: str, sources: TokenSources | None
) -> Callable[[str], tuple[str, float]]:
    """The ``oauth_cb`` for librdkafka; ``target`` is the region (MSK) or the scope (Entra)."""
    if kind == "aws-msk-iam":
        source = (sources.aws_msk_iam if sources else None) or aws_msk_iam_token
    elif kind == "gcp":
        source = (sources.gcp if sources else None) or gcp_kafka_token
    else:
        source = (sources.azure_entra if sources else None) or azure_entra_token

    def callback(_config: str) -> tuple[str, float]:
        return source(target)

    return callback

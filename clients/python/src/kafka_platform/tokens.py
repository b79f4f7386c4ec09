"""OAUTHBEARER token sources for librdkafka's ``oauth_cb``: MSK IAM and Entra ID (Event Hubs).

librdkafka calls the callback when it needs a token and again at 80 % of the token's lifetime, so
no cache of our own is needed (https://github.com/confluentinc/librdkafka/blob/master/CONFIGURATION.md,
``oauthbearer_token_refresh_cb``). The callback returns ``(token, expiry in seconds since the epoch)``
(https://docs.confluent.io/platform/current/clients/confluent-kafka-python/html/index.html, ``oauth_cb``).
"""

from __future__ import annotations

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


def oauth_callback(
    kind: str, target: str, sources: TokenSources | None
) -> Callable[[str], tuple[str, float]]:
    """The ``oauth_cb`` for librdkafka; ``target`` is the region (MSK) or the scope (Entra)."""
    if kind == "aws-msk-iam":
        source = (sources.aws_msk_iam if sources else None) or aws_msk_iam_token
    else:
        source = (sources.azure_entra if sources else None) or azure_entra_token

    def callback(_config: str) -> tuple[str, float]:
        return source(target)

    return callback

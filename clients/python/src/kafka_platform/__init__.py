"""kafka_platform: the Python side of kafka-platform's service library (client/ in TypeScript).

Reads the env contract the Pulumi program writes, builds confluent-kafka configurations for every
backend, and consumes with the TypeScript library's semantics. See docs/python.md."""

from .config import (
    KafkaAuth,
    KafkaEnv,
    confluent_config,
    confluent_config_from_env,
    parse_kafka_env,
)
from .contract import ENV, OAUTH_PROVIDERS, SASL_MECHANISMS, SECURITY_PROTOCOLS
from .envelope import (
    CLOUDEVENTS_JSON,
    Envelope,
    EnvelopeError,
    create_envelope,
    decode_envelope,
    decode_record,
    encode_envelope,
)
from .problems import Problem, ValidationError, format_problems
from .tokens import TokenSources

__all__ = [
    "CLOUDEVENTS_JSON",
    "ENV",
    "OAUTH_PROVIDERS",
    "SASL_MECHANISMS",
    "SECURITY_PROTOCOLS",
    "Envelope",
    "EnvelopeError",
    "KafkaAuth",
    "KafkaEnv",
    "Problem",
    "TokenSources",
    "ValidationError",
    "confluent_config",
    "confluent_config_from_env",
    "create_envelope",
    "decode_envelope",
    "decode_record",
    "encode_envelope",
    "format_problems",
    "parse_kafka_env",
]

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
from .kafka import (
    ConsumerSettings,
    DeliveryFailedError,
    KafkaMessageQueue,
    KafkaSubscription,
    SubscribeError,
    kafka_queue_from_env,
)
from .lifecycle import HealthServer, run_until_signal
from .problems import Problem, ValidationError, format_problems
from .queue import (
    Delivery,
    Handler,
    MessageQueue,
    QueueClosedError,
    RetryPolicy,
    Subscription,
    TopicNotAllowedError,
)
from .tokens import TokenSources

__all__ = [
    "CLOUDEVENTS_JSON",
    "ENV",
    "OAUTH_PROVIDERS",
    "SASL_MECHANISMS",
    "SECURITY_PROTOCOLS",
    "ConsumerSettings",
    "Delivery",
    "DeliveryFailedError",
    "Envelope",
    "EnvelopeError",
    "Handler",
    "HealthServer",
    "KafkaAuth",
    "KafkaEnv",
    "KafkaMessageQueue",
    "KafkaSubscription",
    "MessageQueue",
    "Problem",
    "QueueClosedError",
    "RetryPolicy",
    "SubscribeError",
    "Subscription",
    "TokenSources",
    "TopicNotAllowedError",
    "ValidationError",
    "confluent_config",
    "confluent_config_from_env",
    "create_envelope",
    "decode_envelope",
    "decode_record",
    "encode_envelope",
    "format_problems",
    "kafka_queue_from_env",
    "parse_kafka_env",
    "run_until_signal",
]

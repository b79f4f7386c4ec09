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
from .phases import (
    QUEUE_MODE_ENV,
    QUEUE_MODES,
    QueueMode,
    consumer_queue_for_mode,
    parse_queue_mode,
    shadow_subscribe,
)
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
from .shadow import Difference, ShadowComparison, log_difference, strict_equal
from .sqs import SqsMessageQueue, SqsSubscription
from .tokens import TokenSources

__all__ = [
    "CLOUDEVENTS_JSON",
    "ENV",
    "OAUTH_PROVIDERS",
    "QUEUE_MODES",
    "QUEUE_MODE_ENV",
    "SASL_MECHANISMS",
    "SECURITY_PROTOCOLS",
    "ConsumerSettings",
    "Delivery",
    "DeliveryFailedError",
    "Difference",
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
    "QueueMode",
    "RetryPolicy",
    "ShadowComparison",
    "SqsMessageQueue",
    "SqsSubscription",
    "SubscribeError",
    "Subscription",
    "TokenSources",
    "TopicNotAllowedError",
    "ValidationError",
    "confluent_config",
    "confluent_config_from_env",
    "consumer_queue_for_mode",
    "create_envelope",
    "decode_envelope",
    "decode_record",
    "encode_envelope",
    "format_problems",
    "kafka_queue_from_env",
    "log_difference",
    "parse_kafka_env",
    "parse_queue_mode",
    "run_until_signal",
    "shadow_subscribe",
    "strict_equal",
]

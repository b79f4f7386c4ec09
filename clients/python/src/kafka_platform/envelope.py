"""The envelope every message travels in: a CloudEvents 1.0 event, as client/envelope.ts writes it.

On Kafka it follows the CloudEvents Kafka protocol binding
(https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md):
producers write structured mode (the event as JSON in the record value, header
``content-type: application/cloudevents+json``); consumers read structured and binary mode
(attributes in ``ce_*`` headers, the data in the value; decoded with the ``cloudevents`` SDK).
On SQS the body is the structured-mode JSON (SQS has no CloudEvents binding).
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any, NamedTuple

#: Content type of a structured-mode CloudEvent (Kafka ``content-type`` header).
CLOUDEVENTS_JSON = "application/cloudevents+json"
JSON = "application/json"

# SQS FIFO MessageDeduplicationId allows 128 printable ASCII characters; ids stay portable.
_ID = re.compile(r"^[\x21-\x7e]{1,128}$")
_CORE = ("specversion", "id", "type", "source", "time", "datacontenttype", "partitionkey", "data")
_PLAIN = frozenset((*_CORE, "data_base64"))

_NO_EXTENSIONS: Mapping[str, Any] = MappingProxyType({})

#: Record headers as confluent-kafka hands them over.
Headers = Sequence[tuple[str, bytes | None]]


class EnvelopeError(ValueError):
    pass


class Envelope(NamedTuple):
    """One CloudEvent. ``data`` is the decoded JSON value. Immutable (a NamedTuple: built once per
    message on the hot path, where a frozen dataclass costs several times more)."""

    id: str
    type: str
    source: str
    data: Any
    #: RFC 3339; producers always set it, consumers tolerate events without one.
    time: str | None = None
    datacontenttype: str | None = JSON
    #: The ordering key (CloudEvents partitioning extension), when the message has one.
    partitionkey: str | None = None
    specversion: str = "1.0"
    #: Other extension attributes, as received.
    extensions: Mapping[str, Any] = _NO_EXTENSIONS

    def to_dict(self) -> dict[str, Any]:
        """The structured-mode JSON object, attributes in the order client/envelope.ts writes them."""
        out: dict[str, Any] = {"specversion": self.specversion, "id": self.id, "type": self.type}
        out["source"] = self.source
        if self.time is not None:
            out["time"] = self.time
        if self.datacontenttype is not None:
            out["datacontenttype"] = self.datacontenttype
        if self.partitionkey is not None:
            out["partitionkey"] = self.partitionkey
        out.update(self.extensions)
        out["data"] = self.data
        return out


def now_rfc3339() -> str:
    """What JavaScript's Date.toISOString() writes: UTC, milliseconds, ``Z``."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def create_envelope(
    topic: str,
    data: Any,
    source: str,
    *,
    key: str | None = None,
    id: str | None = None,
    type: str | None = None,
) -> Envelope:
    if id is not None and not _ID.match(id):
        raise EnvelopeError(
            f"cannot publish to topic {json.dumps(topic)}: message id {json.dumps(id)} "
            "must be 1-128 printable ASCII characters"
        )
    return Envelope(
        id=id if id is not None else str(uuid.uuid4()),
        type=type if type is not None else topic,
        source=source,
        time=now_rfc3339(),
        datacontenttype=JSON,
        partitionkey=key,
        data=data,
    )


def encode_envelope(envelope: Envelope, topic: str) -> bytes:
    """The structured-mode JSON, compact like JSON.stringify; a value JSON cannot hold names the topic."""
    try:
        return json.dumps(
            envelope.to_dict(), ensure_ascii=False, separators=(",", ":"), allow_nan=False
        ).encode()
    except (TypeError, ValueError) as err:
        raise EnvelopeError(f"cannot publish to topic {json.dumps(topic)}: data is not JSON: {err}") from err


def structured_record(envelope: Envelope, topic: str) -> tuple[bytes, list[tuple[str, bytes]]]:
    """Value and headers of a structured-mode record (the default on the wire)."""
    return encode_envelope(envelope, topic), [("content-type", CLOUDEVENTS_JSON.encode())]


def binary_record(envelope: Envelope, topic: str) -> tuple[bytes, list[tuple[str, bytes]]]:
    """Value and headers of a binary-mode record, made by the cloudevents SDK's Kafka binding."""
    from cloudevents.http import CloudEvent
    from cloudevents.kafka import to_binary

    attributes = {k: v for k, v in envelope.to_dict().items() if k != "data"}
    event = CloudEvent(attributes, envelope.data)
    try:
        msg = to_binary(
            event, data_marshaller=lambda d: json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode()
        )
    except (TypeError, ValueError) as err:
        raise EnvelopeError(f"cannot publish to topic {json.dumps(topic)}: data is not JSON: {err}") from err
    value = msg.value.encode() if isinstance(msg.value, str) else bytes(msg.value)
    return value, [(k, v.encode() if isinstance(v, str) else bytes(v)) for k, v in msg.headers.items()]


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def is_json_media(content_type: str | None) -> bool:
    """application/json, with or without parameters (``; charset=utf-8``), or a ``+json`` type."""
    if content_type is None or content_type == JSON:
        return True  # CloudEvents: without datacontenttype, JSON-format data is JSON
    media = _media_type(content_type)
    return media == JSON or media.endswith("+json")


def _check(e: Mapping[str, Any]) -> None:
    if e.get("specversion") != "1.0":
        raise EnvelopeError(f'specversion must be "1.0", got {_js(e.get("specversion"))}')
    for attr in ("id", "type", "source"):
        v = e.get(attr)
        if not isinstance(v, str) or v == "":
            raise EnvelopeError(f"attribute {attr} must be a non-empty string, got {_js(v)}")
    t = e.get("time")
    if t is not None and (not isinstance(t, str) or t == ""):
        raise EnvelopeError(f"attribute time must be a non-empty string, got {_js(t)}")
    ct = e.get("datacontenttype")
    if ct is not None and (not isinstance(ct, str) or not is_json_media(ct)):
        raise EnvelopeError(f'datacontenttype must be "application/json", got {_js(ct)}')


def _js(value: object) -> str:
    return "undefined" if value is None else json.dumps(value, ensure_ascii=False)


def _from_attributes(e: Mapping[str, Any], data: Any) -> Envelope:
    pk = e.get("partitionkey")
    return Envelope(
        e["id"],
        e["type"],
        e["source"],
        data,
        e.get("time"),
        e.get("datacontenttype"),
        str(pk) if pk is not None else None,
        "1.0",
        _NO_EXTENSIONS if e.keys() <= _PLAIN else {k: v for k, v in e.items() if k not in _PLAIN},
    )


def decode_envelope(body: bytes | str | None) -> Envelope:
    """A structured-mode event (a Kafka record value or an SQS body); names what is wrong."""
    if body is None:
        raise EnvelopeError("message has no body")
    try:
        value = json.loads(body)
    except ValueError as err:
        raise EnvelopeError(f"message body is not JSON: {err}") from None
    if not isinstance(value, dict):
        raise EnvelopeError("message body is not a JSON object")
    _check(value)
    if "data_base64" in value:
        raw = base64.b64decode(value["data_base64"])
        data: Any = json.loads(raw) if is_json_media(value.get("datacontenttype")) else raw
    else:
        data = value.get("data")
    return _from_attributes(value, data)


def decode_record(value: bytes | None, headers: Headers | None, key: bytes | None = None) -> Envelope:
    """A Kafka record in either mode of the CloudEvents Kafka binding."""
    if headers and any(k == "ce_specversion" for k, _ in headers):
        return _decode_binary(value, headers, key)
    return decode_envelope(value)


def _decode_binary(value: bytes | None, headers: Headers, key: bytes | None) -> Envelope:
    # Read here rather than with cloudevents.kafka.from_binary: the SDK's CloudEvent fills in a fresh
    # id and time when the headers lack them, which would hide a broken event and break dedup by id.
    attrs: dict[str, Any] = {}
    for name, raw in headers:
        text = raw.decode("utf-8", "replace") if raw is not None else ""
        if name.startswith("ce_"):
            attrs[name[3:]] = text
        elif name.lower() == "content-type":
            attrs["datacontenttype"] = text
    if "partitionkey" not in attrs and key is not None:
        attrs["partitionkey"] = key.decode("utf-8", "replace")
    _check(attrs)
    data: Any = value
    if value is not None and is_json_media(attrs.get("datacontenttype")):
        try:
            data = json.loads(value) if value != b"" else None
        except ValueError as err:
            raise EnvelopeError(f"binary-mode data is not JSON: {err}") from None
    return _from_attributes(attrs, data)

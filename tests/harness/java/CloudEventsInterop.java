// The CloudEvents Java SDK (io.cloudevents:cloudevents-kafka + cloudevents-json-jackson) on a real
// Kafka topic, for the interop tests: its CloudEventSerializer writes events in structured or
// binary mode, its CloudEventDeserializer reads whatever mode a record is in. Run as a source file:
//   java -cp <kafka jars>:<cloudevents jars> CloudEventsInterop.java produce <bootstrap> <topic> <structured|binary> <count>
//   java -cp ... CloudEventsInterop.java consume <bootstrap> <topic> <count>
// produce prints nothing; consume prints one line per event: the record's mode (from its headers,
// as the binding tells them apart), a tab, and the event in the SDK's own JSON event format.
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

public class CloudEventsInterop {
  public static void main(String[] args) throws Exception {
    if (args[0].equals("produce")) produce(args[1], args[2], args[3], Integer.parseInt(args[4]));
    else consume(args[1], args[2], Integer.parseInt(args[3]));
  }

  /**
   * Events as a Java service writes them: ids `<mode>-<n>`, key `order-<n % 5>`; every third one
   * without `time` (optional in CloudEvents), every other one with a charset parameter on its
   * datacontenttype, and an extension attribute.
   */
  static void produce(String bootstrap, String topic, String mode, int count) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("acks", "all");
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", CloudEventSerializer.class.getName());
    props.put(CloudEventSerializer.ENCODING_CONFIG, mode.equals("binary") ? Encoding.BINARY : Encoding.STRUCTURED);
    props.put(CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE);
    try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(props)) {
      for (int n = 0; n < count; n++) {
        String contentType = n % 2 == 0 ? "application/json" : "application/json; charset=utf-8";
        String data = "{\"n\":" + n + ",\"note\":\"from java \\u00e9\"}";
        CloudEventBuilder builder =
            CloudEventBuilder.v1()
                .withId(mode + "-" + n)
                .withType("java.order.placed")
                .withSource(URI.create("/java-service"))
                .withSubject("order-" + n)
                .withExtension("region", "eu")
                .withData(contentType, data.getBytes(StandardCharsets.UTF_8));
        if (n % 3 != 0) builder.withTime(OffsetDateTime.of(2026, 12, 7, 12, 0, n % 60, 0, ZoneOffset.UTC));
        producer.send(new ProducerRecord<>(topic, "order-" + (n % 5), builder.build()));
      }
      producer.flush();
    }
  }

  static void consume(String bootstrap, String topic, int count) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("group.id", "java-cloudevents-" + System.nanoTime());
    props.put("auto.offset.reset", "earliest");
    props.put("enable.auto.commit", "false");
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", CloudEventDeserializer.class.getName());
    EventFormat json = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
    long deadline = System.currentTimeMillis() + 60_000;
    int seen = 0;
    try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      while (seen < count && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(500))) {
          Header specversion = record.headers().lastHeader("ce_specversion");
          String mode = specversion != null ? "binary" : "structured";
          System.out.println(mode + "\t" + new String(json.serialize(record.value()), StandardCharsets.UTF_8));
          seen++;
        }
      }
    }
    if (seen < count) {
      System.err.println("read " + seen + " of " + count + " events of " + topic + " within 60 s");
      System.exit(1);
    }
  }
}

// The real Java consumer (kafka-clients) for tests: reads `count` records of a topic from the
// beginning and prints each value on its own line. Run as a source file: java -cp <kafka jars> ConsumeAll.java
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

public class ConsumeAll {
  public static void main(String[] args) {
    String bootstrap = args[0];
    String topic = args[1];
    int count = Integer.parseInt(args[2]);
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("group.id", "java-consume-all-" + System.nanoTime());
    props.put("auto.offset.reset", "earliest");
    props.put("enable.auto.commit", "false");
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    long deadline = System.currentTimeMillis() + 60_000;
    int seen = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      while (seen < count && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          System.out.println(record.value());
          seen++;
        }
      }
    }
    if (seen < count) {
      System.err.println("read " + seen + " of " + count + " records of " + topic + " within 60 s");
      System.exit(1);
    }
  }
}

// The TypeScript library publishing to Kafka from the platform's env (process.env): argv topic,
// count, id prefix, and `header` to add the structured-mode content-type header. Prints the ids.
import { kafkaQueueFromEnv } from '../../../../client/kafkaQueue';

async function main(): Promise<void> {
  const [topic, count, prefix, mode] = process.argv.slice(2);
  const queue = kafkaQueueFromEnv(process.env, { contentTypeHeader: mode === 'header' });
  const ids = await Promise.all(
    Array.from({ length: Number(count) }, (_, i) =>
      queue.publish(topic!, { n: i, text: `héllo ${i}` }, { id: `${prefix}-${i}`, key: `k${i % 4}` }),
    ),
  );
  await queue.close();
  process.stdout.write(JSON.stringify(ids));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

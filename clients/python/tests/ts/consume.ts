// The TypeScript library consuming from Kafka with the platform's env (process.env): argv topic,
// count, group. Prints what the handler received once `count` distinct ids arrived.
import { kafkaQueueFromEnv } from '../../../../client/kafkaQueue';

async function main(): Promise<void> {
  const [topic, count, group] = process.argv.slice(2);
  const queue = kafkaQueueFromEnv(process.env);
  const got = new Map<string, unknown>();
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  await queue.subscribe(
    topic!,
    async (envelope, delivery) => {
      got.set(envelope.id, {
        id: envelope.id,
        data: envelope.data,
        key: delivery.key,
        source: envelope.source,
        type: envelope.type,
      });
      if (got.size >= Number(count)) done();
    },
    { group: group!, fromBeginning: true },
  );
  const timer = setTimeout(() => {
    console.error(`only ${got.size} of ${count} messages within 60 s`);
    process.exit(1);
  }, 60_000);
  await all;
  clearTimeout(timer);
  await queue.close();
  process.stdout.write(JSON.stringify([...got.values()]));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

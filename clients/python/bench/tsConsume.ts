// The TypeScript library's consumer on the benchmark topic: argv bootstrap, topic, count. Prints the
// rate from the first message to the count-th as JSON.
import { kafkaQueueFromEnv } from '../../../client/kafkaQueue';

async function main(): Promise<void> {
  const [bootstrap, topic, count] = process.argv.slice(2);
  const queue = kafkaQueueFromEnv({ KAFKA_BROKER_URL: bootstrap! });
  let seen = 0;
  let first = 0;
  let done!: (ms: number) => void;
  const finished = new Promise<number>((resolve) => (done = resolve));
  await queue.subscribe(
    topic!,
    async () => {
      if (seen++ === 0) first = performance.now();
      if (seen === Number(count)) done(performance.now() - first);
    },
    { group: `bench-ts-${Date.now()}`, fromBeginning: true },
  );
  const ms = await finished;
  await queue.close();
  process.stdout.write(JSON.stringify({ messages: Number(count), seconds: ms / 1000 }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

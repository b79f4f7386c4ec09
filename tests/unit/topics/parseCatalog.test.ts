import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatProblems } from '../../../config/problems';
import { parseCatalog } from '../../../topics/parseCatalog';
import { assertProblems } from '../../harness/problems';

interface CatalogCase {
  name: string;
  yaml: string;
  expected: string[];
}

const SERVICES_OK = 'services: []\n';

const CATALOG_CASES: CatalogCase[] = [
  {
    name: 'invalid YAML',
    yaml: 'topics:\n  - name: a\n   partitions: 1\n',
    expected: ['c.yaml:3:'],
  },
  {
    name: 'topics missing',
    yaml: SERVICES_OK,
    expected: ['c.yaml:1:1 topics: is required'],
  },
  {
    name: 'unknown top-level key',
    yaml: 'topics: []\nservice: []\n',
    expected: ['c.yaml:2:10 service: is not a known setting (allowed: topics, services, groups)'],
  },
  {
    name: 'illegal characters in a topic name',
    yaml: 'topics:\n  - name: "ml jobs!"\n    partitions: 1\n' + SERVICES_OK,
    expected: [
      'c.yaml:2:11 topics[0].name (topic "ml jobs!"): "ml jobs!" may only contain letters, digits, ".", "_" and "-"',
    ],
  },
  {
    name: 'topic name "." and ".."',
    yaml: 'topics:\n  - { name: ".", partitions: 1 }\n  - { name: "..", partitions: 1 }\n' + SERVICES_OK,
    expected: [
      'c.yaml:2:13 topics[0].name (topic "."): "." is reserved by Kafka',
      'c.yaml:3:13 topics[1].name (topic ".."): ".." is reserved by Kafka',
    ],
  },
  {
    name: 'topic name too long',
    yaml: `topics:\n  - { name: ${'a'.repeat(250)}, partitions: 1 }\n` + SERVICES_OK,
    expected: [
      'c.yaml:2:13 topics[0].name (topic "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"): is 250 characters long; Kafka allows at most 249',
    ],
  },
  {
    name: 'names that collide when "." and "_" are alike',
    yaml:
      'topics:\n  - { name: ml.jobs, partitions: 1 }\n  - { name: ml_jobs, partitions: 1 }\n' + SERVICES_OK,
    expected: [
      'c.yaml:3:13 topics[1].name (topic "ml_jobs"): topic "ml_jobs" collides with "ml.jobs" ("." and "_" are the same in Kafka metric names) (first at topics[0])',
    ],
  },
  {
    name: 'duplicate topic',
    yaml: 'topics:\n  - { name: a, partitions: 1 }\n  - { name: a, partitions: 2 }\n' + SERVICES_OK,
    expected: ['c.yaml:3:13 topics[1].name (topic "a"): topic "a" is declared twice (first at topics[0])'],
  },
  {
    name: 'partitions below 1, not a number, missing',
    yaml:
      'topics:\n  - { name: a, partitions: 0 }\n  - { name: b, partitions: six }\n  - { name: c }\n' +
      SERVICES_OK,
    expected: [
      'c.yaml:2:28 topics[0].partitions (topic "a"): 0 is less than 1 (allowed: 1 to 100000)',
      'c.yaml:3:28 topics[1].partitions (topic "b"): must be a whole number, got "six"',
      'c.yaml:4:5 topics[2].partitions (topic "c"): is required: a whole number >= 1',
    ],
  },
  {
    name: 'numbers written as strings (quoted) in the catalog file',
    yaml: 'topics:\n  - { name: a, partitions: \'3\', replicationFactor: "2" }\n' + SERVICES_OK,
    expected: [
      'c.yaml:2:28 topics[0].partitions (topic "a"): must be a number, got the string "3": write 3 without quotes',
      'c.yaml:2:52 topics[0].replicationFactor (topic "a"): must be a number, got the string "2": write 2 without quotes',
    ],
  },
  {
    name: 'replication factor below 1',
    yaml: 'topics:\n  - { name: a, partitions: 1, replicationFactor: 0 }\n' + SERVICES_OK,
    expected: ['c.yaml:2:50 topics[0].replicationFactor (topic "a"): 0 is less than 1'],
  },
  {
    name: 'unknown topic config key',
    yaml: 'topics:\n  - name: a\n    partitions: 1\n    config:\n      retention.msec: 1000\n' + SERVICES_OK,
    expected: [
      'c.yaml:5:23 topics[0].config["retention.msec"] (topic "a"): is not a topic config this program manages',
    ],
  },
  {
    name: 'mistyped topic config values',
    yaml:
      'topics:\n  - name: a\n    partitions: 1\n    config:\n      retention.ms: "a week"\n      cleanup.policy: deleted\n      min.insync.replicas: 0\n      unclean.leader.election.enable: "no"\n      compression.type: brotli\n' +
      SERVICES_OK,
    expected: [
      'c.yaml:5:21 topics[0].config["retention.ms"] (topic "a"): "a week" must be a whole number from -1 to',
      'c.yaml:6:23 topics[0].config["cleanup.policy"] (topic "a"): "deleted" must be a comma-separated list of distinct values from delete, compact',
      'c.yaml:7:28 topics[0].config["min.insync.replicas"] (topic "a"): 0 must be a whole number from 1 to 2147483647',
      'c.yaml:8:39 topics[0].config["unclean.leader.election.enable"] (topic "a"): "no" must be true or false',
      'c.yaml:9:25 topics[0].config["compression.type"] (topic "a"): "brotli" is not one of uncompressed, zstd, lz4, snappy, gzip, producer',
    ],
  },
  {
    name: 'unknown key on a topic',
    yaml: 'topics:\n  - { name: a, partitions: 1, partitons: 2 }\n' + SERVICES_OK,
    expected: [
      'c.yaml:2:42 topics[0].partitons (topic "a"): is not a known setting (allowed: name, partitions,',
    ],
  },
  {
    name: 'duplicate service',
    yaml: 'topics:\n  - { name: a, partitions: 1 }\nservices:\n  - { name: s, produces: [a] }\n  - { name: s, produces: [a] }\n',
    expected: [
      'c.yaml:5:13 services[1].name (service "s"): service "s" is declared twice (first at services[0])',
    ],
  },
  {
    name: 'service produces an undeclared topic',
    yaml: 'topics:\n  - { name: a, partitions: 1 }\nservices:\n  - { name: s, produces: [a, b] }\n',
    expected: [
      'c.yaml:4:30 services[0].produces[1] (service "s"): refers to topic "b", which is not declared under topics',
    ],
  },
  {
    name: 'dead-letter topic not declared, or the consumed topic itself',
    yaml:
      'topics:\n  - { name: a, partitions: 1 }\nservices:\n  - name: s\n    consumes:\n' +
      '      - { topic: a, group: g, deadLetter: a.dlq }\n      - { topic: a, group: h, deadLetter: a }\n',
    expected: [
      'c.yaml:6:43 services[0].consumes[0].deadLetter (service "s"): refers to topic "a.dlq", which is not declared under topics',
      'c.yaml:7:43 services[0].consumes[1].deadLetter (service "s"): is the consumed topic "a" itself: name a separate dead-letter topic',
    ],
  },
  {
    name: 'service consumes an undeclared topic',
    yaml: 'topics:\n  - { name: a, partitions: 1 }\nservices:\n  - name: s\n    consumes: [{ topic: b, group: g }]\n',
    expected: [
      'c.yaml:5:25 services[0].consumes[0].topic (service "s"): refers to topic "b", which is not declared under topics',
    ],
  },
  {
    name: 'consumer without a group (object and bare topic)',
    yaml: 'topics:\n  - { name: a, partitions: 1 }\nservices:\n  - name: s\n    consumes:\n      - { topic: a }\n      - a\n',
    expected: [
      'c.yaml:6:9 services[0].consumes[0] (service "s"): consumer of "a" has no group',
      'c.yaml:7:9 services[0].consumes[1] (service "s"): consumes "a" without a consumer group',
    ],
  },
  {
    name: 'service names that are not Kubernetes names',
    yaml: 'topics:\n  - { name: a, partitions: 1 }\nservices:\n  - { name: ML_Service, namespace: "Prod NS", produces: [a] }\n',
    expected: [
      'c.yaml:4:13 services[0].name (service "ML_Service"): "ML_Service" must be a DNS-1123 label',
      'c.yaml:4:36 services[0].namespace (service "ML_Service"): "Prod NS" must be a DNS-1123 label',
    ],
  },
  {
    name: 'service that does nothing, container without deployment, duplicate produce',
    yaml: 'topics:\n  - { name: a, partitions: 1 }\nservices:\n  - { name: idle }\n  - { name: s, container: app, produces: [a, a] }\n',
    expected: [
      'c.yaml:4:5 services[0] (service "idle"): service "idle" neither produces nor consumes any topic',
      'c.yaml:5:27 services[1].container (service "s"): only applies together with deployment',
      'c.yaml:5:42 services[1].produces (service "s"): lists "a" more than once',
    ],
  },
  {
    name: 'illegal consumer group id',
    yaml: 'topics:\n  - { name: a, partitions: 1 }\nservices:\n  - name: s\n    consumes: [{ topic: a, group: "my group" }]\n',
    expected: [
      'c.yaml:5:35 services[0].consumes[0].group (service "s"): "my group" may only contain letters, digits',
    ],
  },
];

describe('bad catalog: every rule names file:line:column, the field and what is allowed', () => {
  for (const c of CATALOG_CASES) {
    it(c.name, () => {
      const { problems } = parseCatalog(c.yaml, 'c.yaml');
      assertProblems(problems, c.expected);
    });
  }

  it('a dead-letter topic gives the consumer produce access and KAFKA_DEAD_LETTER_TOPICS', async () => {
    const { accessIntent } = await import('../../../kafka/access');
    const { serviceTopicsEnv } = await import('../../../k8s/env');
    const { catalog, problems } = parseCatalog(
      'topics:\n  - { name: a, partitions: 1 }\n  - { name: a.dlq, partitions: 1 }\n  - { name: b, partitions: 1 }\n' +
        'services:\n  - name: s\n    consumes:\n      - { topic: a, group: g, deadLetter: a.dlq }\n      - { topic: b, group: g }\n',
      'c.yaml',
    );
    assert.deepEqual(problems, []);
    const service = catalog.services[0]!;
    assert.deepEqual(service.consumes[0], { topic: 'a', group: 'g', deadLetter: 'a.dlq' });
    assert.deepEqual(accessIntent(service).write, ['a.dlq']);
    assert.equal(serviceTopicsEnv(service).KAFKA_DEAD_LETTER_TOPICS, 'a=a.dlq');
  });

  it('accepts the committed catalog and normalises config values', async () => {
    const fs = await import('node:fs');
    const { catalog, problems } = parseCatalog(
      fs.readFileSync('topics/catalog.yaml', 'utf8'),
      'topics/catalog.yaml',
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(
      catalog.topics.map((t) => [t.name, t.partitions, t.config['retention.ms']]),
      [
        ['ml.jobs.requested', 6, '604800000'],
        ['ml.jobs.completed', 6, '604800000'],
        ['ml.jobs.failed', 3, '2592000000'],
      ],
    );
    assert.deepEqual(
      catalog.services.map((s) => s.name),
      ['backend-api', 'ml-service'],
    );
  });

  it('formats all problems in one message', () => {
    const { problems } = parseCatalog('topics:\n  - { name: "a b", partitions: 0 }\n', 'c.yaml');
    assert.equal(
      formatProblems(problems),
      [
        'Found 2 configuration problems:',
        '  - c.yaml:2:13 topics[0].name (topic "a b"): "a b" may only contain letters, digits, ".", "_" and "-"',
        '  - c.yaml:2:32 topics[0].partitions (topic "a b"): 0 is less than 1 (allowed: 1 to 100000)',
      ].join('\n'),
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  exactPattern,
  IDENTITY_POLICY,
  mm2Properties,
  renderProperties,
} from '../../../migration/mm2Properties';
import { MigrationSettings } from '../../../migration/settings';
import { loadCatalog } from '../../../topics/loadCatalog';
import { PROJECT_DIR } from '../../harness/plan';

const { catalog } = loadCatalog('topics/catalog.yaml', PROJECT_DIR);

const settings: MigrationSettings = {
  source: {
    bootstrapServers: 'redpanda-srv.default.svc:9092',
    tls: false,
    sasl: { mechanism: 'scram-sha-512', username: 'mm2', password: { key: 'migrationSourcePassword' } },
  },
  target: {
    tls: true,
    sasl: { mechanism: 'scram-sha-256', username: 'mirror', password: { key: 'migrationTargetPassword' } },
  },
  namespace: 'kafka-migration',
  replicationFactor: 3,
  syncIntervalSeconds: 30,
};

const props = (s = settings) =>
  new Map(mm2Properties(s, catalog, 'b-1.new:9096,b-2.new:9096', { source: 'src-pw', target: 'tgt"pw\\x' }));

describe('mm2Properties', () => {
  it('one flow, old -> new, nothing back', () => {
    const p = props();
    assert.equal(p.get('clusters'), 'source, target');
    assert.equal(p.get('source->target.enabled'), 'true');
    assert.equal(p.get('target->source.enabled'), 'false');
  });

  it('replicates exactly the catalog topics under their own names', () => {
    const p = props();
    assert.equal(p.get('topics'), 'ml\\.jobs\\.requested, ml\\.jobs\\.completed, ml\\.jobs\\.failed');
    assert.equal(p.get('replication.policy.class'), IDENTITY_POLICY);
    assert.equal(
      p.get('sync.topic.configs.enabled'),
      'false',
      'the catalog owns topic configs on the target',
    );
    assert.equal(p.get('sync.topic.acls.enabled'), 'false');
    assert.equal(p.get('emit.heartbeats.enabled'), 'false', 'no topic outside the catalog');
  });

  it("translates the catalog's consumer groups' offsets", () => {
    const p = props();
    assert.equal(p.get('groups'), 'backend-api, ml-service');
    assert.equal(p.get('sync.group.offsets.enabled'), 'true');
    assert.equal(p.get('emit.checkpoints.enabled'), 'true');
    assert.equal(p.get('sync.group.offsets.interval.seconds'), '30');
    assert.equal(p.get('emit.checkpoints.interval.seconds'), '30');
    assert.equal(p.get('offset-syncs.topic.location'), 'target', 'never writes to the old cluster');
  });

  it('connects to each side with its own protocol and credentials', () => {
    const p = props();
    assert.equal(p.get('source.bootstrap.servers'), 'redpanda-srv.default.svc:9092');
    assert.equal(p.get('source.security.protocol'), 'SASL_PLAINTEXT');
    assert.equal(p.get('source.sasl.mechanism'), 'SCRAM-SHA-512');
    assert.equal(
      p.get('source.sasl.jaas.config'),
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="mm2" password="src-pw";',
    );
    assert.equal(
      p.get('target.bootstrap.servers'),
      'b-1.new:9096,b-2.new:9096',
      "default: the stack's bootstrap",
    );
    assert.equal(p.get('target.security.protocol'), 'SASL_SSL');
    assert.equal(p.get('target.sasl.mechanism'), 'SCRAM-SHA-256');
    assert.equal(
      p.get('target.sasl.jaas.config'),
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="mirror" password="tgt\\"pw\\\\x";',
      'quotes and backslashes in a password are escaped for JAAS',
    );
  });

  it('plaintext endpoints get no SASL keys; an explicit target address wins', () => {
    const p = props({
      ...settings,
      source: { bootstrapServers: 'old:9092', tls: false },
      target: { bootstrapServers: 'new:9092', tls: false },
    });
    assert.equal(p.get('source.security.protocol'), 'PLAINTEXT');
    assert.equal(p.get('target.bootstrap.servers'), 'new:9092');
    assert.ok(![...p.keys()].some((k) => k.includes('sasl')));
  });

  it("sets the replication factor of every one of MirrorMaker 2's own topics", () => {
    const p = props({ ...settings, replicationFactor: 1 });
    for (const key of [
      'replication.factor',
      'checkpoints.topic.replication.factor',
      'heartbeats.topic.replication.factor',
      'offset-syncs.topic.replication.factor',
      'config.storage.replication.factor',
      'offset.storage.replication.factor',
      'status.storage.replication.factor',
    ]) {
      assert.equal(p.get(key), '1', key);
    }
  });

  it('exactPattern escapes regex syntax so "a.b" does not match "axb"', () => {
    assert.equal(exactPattern('ml.jobs-v2_x'), 'ml\\.jobs-v2_x');
    assert.ok(new RegExp(`^${exactPattern('a.b')}$`).test('a.b'));
    assert.ok(!new RegExp(`^${exactPattern('a.b')}$`).test('axb'));
  });
});

describe('renderProperties', () => {
  it('escapes backslashes so java.util.Properties reads the regexes back intact', () => {
    const text = renderProperties(mm2Properties(settings, catalog, 'x:1', {}));
    assert.match(text, /^topics=ml\\\\\.jobs\\\\\.requested, /m);
    assert.match(text, /^source->target\.enabled=true$/m);
  });

  it('escapes separators in keys, line breaks and a leading space in values', () => {
    assert.equal(
      renderProperties([
        ['a b=c', ' x\ny'],
        ['k', 'v'],
      ])
        .split('\n')
        .slice(1)
        .join('\n'),
      'a\\ b\\=c=\\ x\\ny\nk=v\n',
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  brokerListPorts,
  ipBlockCidrProblem,
  labelKeyProblem,
  labelValueProblem,
} from '../../../k8s/networkRules';

describe('network policy values, checked as the API server would', () => {
  it('accepts IPv4 and IPv6 CIDRs, refuses hosts, bare addresses and impossible prefixes', () => {
    for (const ok of ['10.20.0.0/16', '0.0.0.0/0', '192.168.1.7/32', 'fd00:10::/64', '::/0']) {
      assert.equal(ipBlockCidrProblem(ok), undefined, ok);
    }
    for (const bad of [
      '10.20.0.0',
      '10.20.0.0/33',
      '300.1.1.1/8',
      'fd00::/129',
      'b-1.example:9096',
      '10.0.0.0/8/1',
    ]) {
      assert.match(ipBlockCidrProblem(bad) ?? '', /is not a CIDR like 10\.20\.0\.0\/16 or fd00::\/64$/, bad);
    }
  });

  it('label keys: optional DNS-subdomain prefix, a name of at most 63 characters', () => {
    for (const ok of ['app', 'k8s-app', 'app.kubernetes.io/name', 'kafka-platform/service', 'a_b.c']) {
      assert.equal(labelKeyProblem(ok), undefined, ok);
    }
    for (const bad of ['', 'k8s app', '-app', 'Example.COM/name', 'a/b/c', `x${'y'.repeat(63)}`]) {
      assert.ok(labelKeyProblem(bad), bad);
    }
  });

  it('label values: empty, or at most 63 letters, digits, "-", "_", "."; strings only', () => {
    for (const ok of ['', 'redpanda', 'kube-dns', 'v1.2_3'])
      assert.equal(labelValueProblem(ok), undefined, ok);
    for (const bad of ['not ok!', '-x', 'y'.repeat(64), 7, true])
      assert.ok(labelValueProblem(bad), String(bad));
  });

  it('the ports of a broker list, each once, in order', () => {
    assert.deepEqual(brokerListPorts('b-1.example:9096,b-2.example:9096,b-3.example:9098'), [9096, 9098]);
    assert.deepEqual(brokerListPorts('localhost:19092'), [19092]);
    assert.throws(() => brokerListPorts('redpanda'), /broker list entry "redpanda" has no port/);
  });
});

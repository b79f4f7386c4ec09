import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSettings } from '../../../input';
import { monitoringDefinition } from '../../../monitoring/definition';
import { defaultMonitoringSettings } from '../../../monitoring/settings';
import { BACKENDS } from '../../../providers';
import { parseCatalog } from '../../../topics/parseCatalog';
import { assertProblemLines, assertProblems } from '../../harness/problems';
import { MONITORED_CATALOG } from './catalogs';

function settingsWith(monitoring: unknown) {
  return parseSettings(
    {
      values: { provider: 'local', local: { bootstrapServers: 'localhost:19092' }, monitoring },
      secretKeys: new Set(),
    },
    'dev',
    BACKENDS,
  );
}

describe('the monitoring definition', () => {
  it('watches every topic and every group, the catalog’s overrides over the stack’s settings over the defaults', () => {
    const { catalog, problems } = parseCatalog(MONITORED_CATALOG, 'catalog.yaml');
    assert.deepEqual(problems, []);
    const { settings, problems: settingsProblems } = settingsWith({
      consumerLagMessages: 5000,
      throughputMinutes: 5,
    });
    assert.deepEqual(settingsProblems, []);
    const def = monitoringDefinition('dev', catalog, settings.monitoring);
    assert.deepEqual(def.topics, [
      { topic: 'jobs', throughputPercent: 80, throughputMinutes: 5 },
      { topic: 'reports', throughputPercent: 95, throughputMinutes: 5 },
    ]);
    assert.deepEqual(def.groups, [
      {
        group: 'api',
        topics: ['reports'],
        services: ['api'],
        lagMessages: 5000,
        lagSeconds: 900,
        lagMinutes: 15,
      },
      {
        group: 'nightly',
        topics: ['jobs'],
        services: ['batch'],
        lagMessages: 1000000,
        lagSeconds: 3600,
        lagMinutes: 60,
      },
    ]);
    assert.deepEqual(def.cluster, { throughputPercent: 80, throughputMinutes: 5 });
    assert.deepEqual(def.errors, { requestErrors: 10, throttlingMinutes: 5 });
    assert.equal(def.runbookBaseUrl, 'docs/monitoring/alerts');
  });

  it('has declared defaults that stack-less generators use', () => {
    const d = defaultMonitoringSettings();
    assert.equal(d.enabled, true);
    assert.equal(d.lagMessages, 10000);
    assert.equal(d.throughputPercent, 80);
  });

  it('reports every bad kafka:monitoring value by key, with what is allowed, all at once', () => {
    const { problems } = settingsWith({
      consumerLagMessages: 0,
      throughputPercent: 120,
      throttlingMinutes: 'often',
      runbookBaseUrl: 'ftp://wiki',
      colour: 'red',
    });
    assertProblems(problems, [
      'kafka:monitoring.colour: is not a known setting (allowed: enabled, consumerLagMessages',
      'kafka:monitoring.consumerLagMessages: 0 is less than 1 (allowed: 1 to 1000000000)',
      'kafka:monitoring.throughputPercent: 120 is more than 100 (allowed: 1 to 100)',
      'kafka:monitoring.throttlingMinutes: must be a whole number, got "often"',
      'kafka:monitoring.runbookBaseUrl: "ftp://wiki" is not an https:// URL or a relative path',
    ]);
  });

  it('reports bad catalog overrides by file:line, topic or group, and what is allowed, all at once', () => {
    const { problems } = parseCatalog(
      `topics:
  - name: jobs
    partitions: 1
    monitoring: { throughputPercent: 0, lagMessages: 5 }
services:
  - name: api
    consumes:
      - { topic: jobs, group: api }
groups:
  - { name: api, lagMinutes: 2000 }
  - { name: api }
  - { name: ghost, lagMessages: 10 }
  - { lagSeconds: 60 }
`,
      'catalog.yaml',
    );
    assertProblemLines(
      problems.map((p) => `${p.where}: ${p.message}`),
      [
        'catalog.yaml:4:54 topics[0].monitoring.lagMessages (topic "jobs"): is not a known setting (allowed: throughputPercent, throughputMinutes)',
        'catalog.yaml:4:38 topics[0].monitoring.throughputPercent (topic "jobs"): 0 is less than 1 (allowed: 1 to 100)',
        'catalog.yaml:10:30 groups[0].lagMinutes (group "api"): 2000 is more than 1440 (allowed: 1 to 1440)',
        'catalog.yaml:11:13 groups[1].name (group "api"): group "api" is listed twice (first at groups[0])',
        'catalog.yaml:12:13 groups[2].name (group "ghost"): no service consumes with group "ghost": an override must name a group under services[].consumes (groups: api)',
        'catalog.yaml:13:5 groups[3].name: is required',
      ],
    );
  });
});

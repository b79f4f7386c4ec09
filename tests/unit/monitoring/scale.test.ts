/**
 * The monitoring scale figure (docs/monitoring/scale.md) is what the builders produce today, and
 * its verdicts agree with the checks before `up`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monitoringDefinition } from '../../../monitoring/definition';
import { scaleCatalog, scaleRows, SCALE } from '../../../monitoring/scaleFigure';
import { defaultMonitoringSettings } from '../../../monitoring/settings';
import { mskAlarmContext } from '../../../providers/msk/alertContext';
import { mskMonitoringProblems } from '../../../providers/msk/monitoringLimits';
import { MskSettings } from '../../../providers/msk/settings';
import { assertGeneratedUpToDate } from '../../harness/generated';

describe('monitoring scale figure', () => {
  it('docs/monitoring/scale.md is current (run npm run monitoring:scale)', () => {
    assertGeneratedUpToDate('scripts/monitoring-scale.ts');
  });

  it('covers every backend at 1,000 topics and 200 groups', () => {
    const catalog = scaleCatalog();
    assert.equal(catalog.topics.length, SCALE.topics);
    const def = monitoringDefinition('scale', catalog, defaultMonitoringSettings());
    assert.equal(def.groups.length, SCALE.groups);
    assert.deepEqual(
      scaleRows().map((r) => r.backend.split(' ')[0]),
      ['MSK', 'Event', 'Confluent', 'local'],
    );
  });

  it('says MSK is refused where the validation before up refuses it', () => {
    const msk = scaleRows()[0]!;
    assert.match(msk.verdict, /refused before up/);
    const settings = {
      clusterName: 'scale',
      brokerCount: 3,
      clusterType: 'provisioned',
      instanceType: 'kafka.m7g.large',
      monitoring: 'PER_BROKER',
      region: 'eu-west-1',
      authMode: 'iam',
      alarms: {
        enabled: true,
        cpuPercent: 60,
        diskUsedPercent: 85,
        underReplicatedPartitions: 0,
        offlinePartitions: 0,
      },
    } as unknown as MskSettings;
    assert.equal(mskAlarmContext(settings).kind, 'standard');
    const problems = mskMonitoringProblems(
      settings,
      scaleCatalog(),
      { stack: 'scale', monitoring: defaultMonitoringSettings() } as Parameters<
        typeof mskMonitoringProblems
      >[2],
      (p) => p.join('.'),
    ).map((p) => p.where);
    assert.deepEqual(problems, ['kafka:monitoring.maxAlarms', 'kafka:monitoring.maxInsightsAlarms']);
  });
});

import { AlarmContext } from './alertSpecs';
import { clusterCapacity } from './capacity';
import { isExpress } from './limits';
import { MskSettings } from './settings';

/** What the alarms and the dashboard need of the cluster's settings: used by `create` and the checks before it. */
export function mskAlarmContext(s: MskSettings): AlarmContext {
  return {
    clusterName: s.clusterName,
    brokerCount: s.brokerCount,
    kind: s.clusterType === 'serverless' ? 'serverless' : isExpress(s.instanceType) ? 'express' : 'standard',
    thresholds: s.alarms,
    level: s.monitoring,
    capacity: clusterCapacity({
      clusterType: s.clusterType,
      instanceType: s.instanceType,
      brokerCount: s.brokerCount,
      ...(s.alarms.brokerIngressMiBps ? { brokerIngressMiBps: s.alarms.brokerIngressMiBps } : {}),
    }),
  };
}

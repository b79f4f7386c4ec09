import { Problem } from '../../config/problems';
import { CoreSettings } from '../../config/stackSettings';
import { monitoringDefinition } from '../../monitoring/definition';
import { AZURE_METRIC_ALERT_RULES, MonitoringSettings } from '../../monitoring/settings';
import { Catalog } from '../../topics/catalog';
import { AlertSpec, alertSpecs } from './alertSpecs';
import { hubsCapacity } from './capacity';
import { EventHubsSettings } from './settings';

/**
 * Azure Monitor's documented limits for the metric alerts this backend registers (Azure Monitor
 * service limits, https://learn.microsoft.com/azure/azure-monitor/service-limits): 5,000 metric
 * alert rules per subscription (AZURE_METRIC_ALERT_RULES), 5,000 metric time series per rule,
 * descriptions of at most 2,048 characters for alerts other than log search alerts.
 */
export const AZURE_ALERT_DESCRIPTION_MAX = 2048;
export const AZURE_SERIES_PER_RULE = 5000;

/**
 * Conditions of one single-resource metric alert rule: the rule's `allOf` criteria. Azure's
 * metric alert documentation allows up to five conditions on a rule that watches one resource
 * ("Create or edit a metric alert rule", multiple conditions,
 * https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-create-metric-alert-rule).
 */
export const AZURE_CRITERIA_PER_RULE = 5;

/** The alerts a stack registers, as `create` builds them. */
export function eventHubsAlertSpecs(
  s: EventHubsSettings,
  catalog: Catalog,
  core: CoreSettings & { monitoring: MonitoringSettings },
): AlertSpec[] {
  if (!s.alerts.enabled) return [];
  const def = core.monitoring.enabled
    ? monitoringDefinition(core.stack, catalog, core.monitoring)
    : undefined;
  const capacity = hubsCapacity({
    tier: s.tier,
    capacity: s.capacity,
    ...(s.maxThroughputUnits !== undefined ? { maxThroughputUnits: s.maxThroughputUnits } : {}),
    ...(s.alerts.ingressMBps !== undefined ? { ingressMBps: s.alerts.ingressMBps } : {}),
  });
  return alertSpecs(s.alerts, def, capacity);
}

/** Every Azure Monitor limit the stack's alerts would break, before any resource exists. Pure. */
export function eventHubsAlertProblems(
  s: EventHubsSettings,
  catalog: Catalog,
  core: CoreSettings & { monitoring: MonitoringSettings },
): Problem[] {
  const specs = eventHubsAlertSpecs(s, catalog, core);
  const problems: Problem[] = [];
  const share = Math.min(core.monitoring.maxAlarms, AZURE_METRIC_ALERT_RULES);
  if (specs.length > share) {
    problems.push({
      where: 'kafka:monitoring.maxAlarms',
      message: `this stack would register ${specs.length} metric alert rules (2 per event hub, 1 per consumed event hub, plus the namespace's own), more than ${share === AZURE_METRIC_ALERT_RULES ? `Azure's ${AZURE_METRIC_ALERT_RULES} per subscription` : `its share ${share} of Azure's ${AZURE_METRIC_ALERT_RULES} per subscription`}: raise it if the subscription has room, or set kafka:monitoring.enabled false`,
    });
  }
  // Guards on what alertSpecs builds, naming the rule should the builder ever regress.
  for (const spec of specs) {
    const where = `alert rule ${s.namespaceName}-${spec.name}`;
    if (spec.conditions.length > AZURE_CRITERIA_PER_RULE) {
      problems.push({
        where,
        message: `has ${spec.conditions.length} conditions; a metric alert rule on one resource takes at most ${AZURE_CRITERIA_PER_RULE}`,
      });
    }
    // Each condition filters one EntityName value: one time series per condition.
    if (spec.conditions.length > AZURE_SERIES_PER_RULE) {
      problems.push({ where, message: `watches more than ${AZURE_SERIES_PER_RULE} time series` });
    }
    if (spec.description.length > AZURE_ALERT_DESCRIPTION_MAX) {
      problems.push({
        where,
        message: `description is ${spec.description.length} characters; Azure allows ${AZURE_ALERT_DESCRIPTION_MAX}`,
      });
    }
  }
  return problems;
}

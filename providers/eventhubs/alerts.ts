import * as monitor from '@pulumi/azure-native/monitor';
import * as pulumi from '@pulumi/pulumi';
import { AlertSpec, METRIC_NAMESPACE } from './alertSpecs';

export interface EventHubsAlertsArgs {
  /** The alerts to register (alertSpecs.ts). */
  specs: AlertSpec[];
  /** The namespace every alert watches. */
  namespaceId: pulumi.Input<string>;
  /** Prefix of the rule names, unique per stack (the namespace name). */
  prefix: string;
  /** Where the rules and the action group live: the stack's resource group. */
  resourceGroupName: pulumi.Input<string>;
  /** Email receivers of the stack's own action group; none means no group is created. */
  emails: string[];
  /** Existing action groups every alert notifies too. */
  actionGroupIds: string[];
  /** Tags on the alert rules and the action group (project, stack, owner). */
  tags: Record<string, string>;
}

/** Azure Monitor metric alerts on the namespace, to an action group with the configured receivers. */
export class EventHubsAlerts extends pulumi.ComponentResource {
  /** The stack's action group, when it has email receivers. */
  readonly actionGroupId?: pulumi.Output<string>;

  constructor(name: string, args: EventHubsAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:eventhubs:Alerts', name, {}, opts);
    const parent = { parent: this };
    const group =
      args.emails.length > 0
        ? new monitor.ActionGroup(
            name,
            {
              actionGroupName: `ag-${args.prefix}`,
              resourceGroupName: args.resourceGroupName,
              location: 'Global',
              groupShortName: 'kafka-alert', // at most 12 characters: shown in SMS and emails
              enabled: true,
              emailReceivers: args.emails.map((emailAddress, i) => ({
                name: `email-${i + 1}`,
                emailAddress,
                useCommonAlertSchema: true,
              })),
              tags: args.tags,
            },
            parent,
          )
        : undefined;
    this.actionGroupId = group?.id;
    const actions = [...(group ? [group.id] : []), ...args.actionGroupIds].map((actionGroupId) => ({
      actionGroupId,
    }));

    for (const spec of args.specs) {
      new monitor.MetricAlert(
        `${name}-${spec.name}`,
        {
          ruleName: `${args.prefix}-${spec.name}`,
          resourceGroupName: args.resourceGroupName,
          location: 'global',
          description: spec.description,
          severity: spec.severity,
          enabled: true,
          autoMitigate: true,
          scopes: [args.namespaceId],
          windowSize: isoMinutes(spec.windowMinutes),
          // Evaluated at least once per window, at most once a minute.
          evaluationFrequency: spec.windowMinutes <= 5 ? 'PT1M' : spec.windowMinutes <= 60 ? 'PT5M' : 'PT1H',
          criteria: {
            odataType: 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria',
            allOf: spec.conditions.map((c, i) => ({
              criterionType: 'StaticThresholdCriterion',
              name: `c${i + 1}-${c.metric}`,
              metricNamespace: METRIC_NAMESPACE,
              metricName: c.metric,
              operator: c.operator,
              threshold: c.threshold,
              timeAggregation: c.aggregation,
              ...(c.eventHub
                ? { dimensions: [{ name: 'EntityName', operator: 'Include', values: [c.eventHub] }] }
                : {}),
            })),
          },
          actions,
          tags: args.tags,
        },
        parent,
      );
    }
    this.registerOutputs({ actionGroupId: this.actionGroupId });
  }
}

/** An ISO 8601 duration as Azure Monitor lists its windows (`PT5M`, `PT1H`). */
export function isoMinutes(minutes: number): string {
  if (minutes === 1440) return 'P1D';
  return minutes % 60 === 0 ? `PT${minutes / 60}H` : `PT${minutes}M`;
}

import * as monitoring from '@pulumi/gcp/monitoring';
import * as pulumi from '@pulumi/pulumi';
import { AlertSpec } from './monitoring';

export interface GcpAlertsArgs {
  /** The alert policies of the monitoring definition (monitoring.ts). */
  specs: AlertSpec[];
  /** The dashboard, in Cloud Monitoring's JSON (monitoring.ts). */
  dashboardJson: string;
  project: string;
  /** Notification channels the policies notify (kafka:gcp.monitoring.notificationChannels). */
  notificationChannels: string[];
  /** Labels on every policy: project, stack, owner. */
  labels: Record<string, string>;
  /** The cluster, so policies never watch a cluster that does not exist yet. */
  after: pulumi.Resource[];
}

/** Cloud Monitoring alert policies and the dashboard of one stack. */
export class GcpAlerts extends pulumi.ComponentResource {
  readonly dashboard: monitoring.Dashboard;

  constructor(name: string, args: GcpAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kafka-platform:gcp:Alerts', name, {}, opts);
    const options = { parent: this, dependsOn: args.after };
    for (const spec of args.specs) {
      new monitoring.AlertPolicy(
        `${name}-${spec.name}`,
        {
          project: args.project,
          displayName: spec.displayName,
          combiner: 'OR',
          conditions: [
            {
              displayName: spec.displayName,
              conditionThreshold: {
                filter: spec.filter,
                comparison: 'COMPARISON_GT',
                thresholdValue: spec.threshold,
                duration: spec.duration,
                aggregations: [spec.aggregation],
              },
            },
          ],
          documentation: { content: spec.documentation, mimeType: 'text/markdown' },
          notificationChannels: args.notificationChannels,
          userLabels: args.labels,
        },
        options,
      );
    }
    this.dashboard = new monitoring.Dashboard(
      `${name}-dashboard`,
      { project: args.project, dashboardJson: args.dashboardJson },
      options,
    );
    this.registerOutputs({ alerts: args.specs.map((s) => s.displayName) });
  }
}

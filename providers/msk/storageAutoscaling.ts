import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { MskStorage } from './settings';

/**
 * Grows broker volumes by target tracking on disk use, up to the configured maximum. Never
 * shrinks them: MSK cannot.
 */
export function storageAutoscaling(
  name: string,
  autoscaling: NonNullable<MskStorage['autoscaling']>,
  clusterArn: pulumi.Input<string>,
  parent: pulumi.Resource,
): void {
  const target = new aws.appautoscaling.Target(
    `${name}-storage`,
    {
      serviceNamespace: 'kafka',
      scalableDimension: 'kafka:broker-storage:VolumeSize',
      resourceId: clusterArn,
      minCapacity: 1,
      maxCapacity: autoscaling.maxGiB,
    },
    { parent },
  );
  new aws.appautoscaling.Policy(
    `${name}-storage`,
    {
      policyType: 'TargetTrackingScaling',
      serviceNamespace: target.serviceNamespace,
      scalableDimension: target.scalableDimension,
      resourceId: target.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: autoscaling.targetPercent,
        disableScaleIn: true,
        predefinedMetricSpecification: { predefinedMetricType: 'KafkaBrokerStorageUtilization' },
      },
    },
    { parent },
  );
}

import { Unwatched } from '../../monitoring/coverage';

/** What Azure Monitor's Event Hubs metrics cannot watch, and what stands in. */
export function eventHubsUnwatched(hasCapacity: boolean, alertsEnabled: boolean): Unwatched[] {
  return [
    {
      row: 'health',
      what: 'broker health (partitions, replicas)',
      why: 'Azure operates the brokers; ServerErrors and Azure Service Health cover them.',
    },
    ...(alertsEnabled
      ? []
      : [
          {
            row: 'health' as const,
            what: 'every alert',
            why: 'kafka:eventhubs.alerts.enabled is false: the workbook is registered, no alert is.',
          },
        ]),
    ...(hasCapacity
      ? []
      : [
          {
            row: 'throughput' as const,
            what: 'throughput against capacity',
            why: 'Premium and Dedicated units publish no fixed throughput: set kafka:eventhubs.alerts.ingressMBps to a load-tested figure.',
          },
        ]),
    {
      row: 'throughput',
      what: 'size per event hub',
      why: 'not charted: the workbook shows bytes in and out; the namespace’s Size metric is in Azure Monitor’s metrics explorer.',
    },
    {
      row: 'lag',
      what: 'consumer lag in messages and in time',
      why: 'Event Hubs exposes no Kafka consumer-lag metric; per consumed event hub, the consumer-stalled alert (messages in, none out) stands in, and kafka-consumer-groups --describe shows positions.',
    },
    {
      row: 'lag',
      what: 'one stalled or slow group among several readers of an event hub',
      why: 'OutgoingMessages has no consumer-group dimension: a healthy group’s reads hide a stalled one, and a slow consumer still reads some; the consumer-stalled alert fires only when no group reads at all, and cannot evaluate if Azure emits no OutgoingMessages series for the hub. Watch each group’s position with kafka-consumer-groups --describe (or a lag exporter against the Kafka endpoint).',
    },
    {
      row: 'errors',
      what: 'authentication failures on their own',
      why: 'Event Hubs counts them within UserErrors, which the request-errors alert watches.',
    },
  ];
}

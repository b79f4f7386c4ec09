/**
 * The catalog the monitoring tests watch: two topics, two groups; the batch group `nightly` may
 * lag an hour (and a million messages), topic `reports` may use 95% of the capacity.
 */
export const MONITORED_CATALOG = `topics:
  - name: jobs
    partitions: 3
  - name: reports
    partitions: 3
    monitoring: { throughputPercent: 95 }
services:
  - name: api
    produces: [jobs]
    consumes:
      - { topic: reports, group: api }
  - name: batch
    produces: [reports]
    consumes:
      - { topic: jobs, group: nightly }
groups:
  - { name: nightly, lagMessages: 1000000, lagSeconds: 3600, lagMinutes: 60 }
`;

export const TOPICS = ['jobs', 'reports'];
export const GROUPS = ['api', 'nightly'];

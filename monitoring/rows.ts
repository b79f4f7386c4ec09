/**
 * The rows of every stack's dashboard, in this order on every backend, so a team finds the same
 * thing in the same place whichever cloud runs the stack.
 */
export const ROWS = ['health', 'throughput', 'lag', 'errors'] as const;
export type Row = (typeof ROWS)[number];

export const ROW_TITLES: Record<Row, string> = {
  health: 'Cluster health',
  throughput: 'Throughput per topic',
  lag: 'Consumer lag per group',
  errors: 'Client errors',
};

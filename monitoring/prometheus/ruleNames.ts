import { parse } from 'yaml';

/**
 * One line per rule of a rules file, `<alert> <distinguishing label>`, for the plan's summary of
 * what a stack alerts on (the rules themselves are the stack output).
 */
export function ruleNames(rules: string): string[] {
  const doc = parse(rules) as { groups: { rules: { alert: string; labels: Record<string, string> }[] }[] };
  return doc.groups.flatMap((g) =>
    g.rules.map((r) => {
      const subject = r.labels.topic ?? r.labels.consumer_group;
      return subject ? `${r.alert} ${subject}` : r.alert;
    }),
  );
}

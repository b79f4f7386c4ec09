/**
 * A cloud's documented rule for one kind of name (length, alphabet, first and last character,
 * reserved values), and the check every backend's validation uses. The rules themselves live with
 * each backend's limits (providers/<backend>/limits.ts, `NAME_RULES`), each with its doc URL.
 */
export interface NameRule {
  /** What the name names, as messages say it: `Confluent service account display name`. */
  what: string;
  min: number;
  max: number;
  /** Characters allowed anywhere, as the body of a regex character class; absent: any character. */
  chars?: string;
  /** `chars` as a person reads it: `letters, digits, "-" and "_"`. */
  charsText?: string;
  /** Characters allowed first, when narrower than `chars` (a character class body). */
  first?: string;
  /** Characters allowed last, when narrower than `chars` (a character class body). */
  last?: string;
  /** `first`/`last` as a person reads it. */
  edgesText?: string;
  /** Whole names that are refused. */
  reserved?: readonly string[];
  /** The official page (or upstream source) that states the rule. */
  doc: string;
}

/** Why `name` breaks `rule`, in words naming the rule and its source, or undefined when it fits. */
export function nameProblem(rule: NameRule, name: string): string | undefined {
  const a = /^[aeiou]/i.test(rule.what) ? 'an' : 'a';
  const length = [...name].length;
  if (rule.reserved?.includes(name)) return `${JSON.stringify(name)} is reserved (${rule.what}, ${rule.doc})`;
  if (length < rule.min || length > rule.max) {
    const range = rule.min === rule.max ? `${rule.min}` : `${rule.min}-${rule.max}`;
    return `${JSON.stringify(name)} is ${length} characters; ${a} ${rule.what} has ${range} (${rule.doc})`;
  }
  if (rule.chars && !new RegExp(`^[${rule.chars}]*$`, 'u').test(name)) {
    return `${JSON.stringify(name)}: ${a} ${rule.what} may only contain ${rule.charsText ?? rule.chars} (${rule.doc})`;
  }
  const firstOk = !rule.first || new RegExp(`^[${rule.first}]`, 'u').test(name);
  const lastOk = !rule.last || new RegExp(`[${rule.last}]$`, 'u').test(name);
  if (!firstOk || !lastOk) {
    return `${JSON.stringify(name)}: ${a} ${rule.what} ${rule.edgesText ?? 'has other first and last characters'} (${rule.doc})`;
  }
  return undefined;
}

/** `rule` as one regular expression (settings patterns use it); length counted in UTF-16 units. */
export function rulePattern(rule: NameRule): RegExp {
  const any = rule.chars ? `[${rule.chars}]` : '.';
  const reserved = rule.reserved?.length
    ? `(?!(?:${rule.reserved.map((r) => r.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$)`
    : '';
  const first = rule.first ? `(?=[${rule.first}])` : '';
  const last = rule.last ? `(?=.*[${rule.last}]$)` : '';
  return new RegExp(`^${reserved}${first}${last}${any}{${rule.min},${rule.max}}$`, 'su');
}

/**
 * Kafka's own rule for topic (and group) names, which MSK, Confluent Cloud and any broker apply:
 * `Topic.validate` refuses "." and "..", more than 249 characters, and characters outside
 * `[a-zA-Z0-9._-]`.
 */
export const KAFKA_TOPIC_RULE: NameRule = {
  what: 'Kafka topic name',
  min: 1,
  max: 249,
  chars: 'a-zA-Z0-9._\\-',
  charsText: 'letters, digits, ".", "_" and "-"',
  reserved: ['.', '..'],
  doc: 'https://github.com/apache/kafka/blob/3.9/clients/src/main/java/org/apache/kafka/common/internals/Topic.java',
};

/**
 * Pulumi stack names, which derived names start from: letters, digits, "-", "_" and ".", at most
 * 100 characters (`ParseStackName` in sdk/go/common/tokens/stack_name.go, pulumi v3.248.0).
 */
export const STACK_NAME_RULE: NameRule = {
  what: 'Pulumi stack name',
  min: 1,
  max: 100,
  chars: 'A-Za-z0-9_.\\-',
  charsText: 'letters, digits, "-", "_" and "."',
  doc: 'https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/go/common/tokens/stack_name.go',
};

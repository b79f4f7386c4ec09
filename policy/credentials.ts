import { ResourceValidationPolicy, StackValidationPolicy } from '@pulumi/policy';
import { credentialIn, isCredentialName, StackFacts } from './facts';
import { TYPES } from './resourceTypes';

type Props = Record<string, unknown>;

/** Every credential found in a ConfigMap's data, or in a container's literal env, by where it is. */
function plainKubernetesCredentials(type: string, p: Props, facts: StackFacts): string[] {
  const found: string[] = [];
  const check = (where: string, name: string, value: unknown) => {
    if (isCredentialName(name)) found.push(`${where} is named like a credential`);
    else {
      const why = credentialIn(value, facts);
      if (why) found.push(`${where} ${why}`);
    }
  };
  if (type === TYPES.configMap || type === TYPES.configMapPatch) {
    for (const field of ['data', 'binaryData']) {
      for (const [k, v] of Object.entries((p[field] as Props | undefined) ?? {}))
        check(`${field}.${k}`, k, v);
    }
  }
  if (type === TYPES.deployment || type === TYPES.deploymentPatch) {
    const containers =
      (p.spec as { template?: { spec?: { containers?: Props[] } } } | undefined)?.template?.spec
        ?.containers ?? [];
    for (const c of containers) {
      for (const e of (c.env as { name?: string; value?: unknown }[] | undefined) ?? []) {
        // Only literal values: valueFrom a Secret is how credentials should arrive.
        if (e.name && e.value !== undefined)
          check(`container ${String(c.name)} env ${e.name}`, e.name, e.value);
      }
    }
  }
  return found;
}

/**
 * No credential in a ConfigMap (readable by anyone who may read the namespace's config) or in a
 * container's literal env: credentials reach pods only through Secrets. Found by name, by shape
 * (private keys, JAAS passwords, connection strings) and by the values of the stack's own
 * credential settings. Messages name the key, never the value.
 */
export function noCredentialInConfigMap(facts: () => StackFacts): ResourceValidationPolicy {
  return {
    name: 'no-credential-in-configmap',
    description:
      'ConfigMaps and literal container env hold no credential: credentials reach pods through Secrets only.',
    remediationSteps: 'Move the value to the service Secret (the program writes credentials there).',
    validateResource: (args, report) => {
      for (const why of plainKubernetesCredentials(args.type, args.props, facts())) report(why);
    },
  };
}

/** Credentials anywhere in an output value, by path. */
function outputCredentials(value: unknown, at: string, facts: StackFacts): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => outputCredentials(v, `${at}[${i}]`, facts));
  if (value && typeof value === 'object') {
    return Object.entries(value as Props).flatMap(([k, v]) => {
      const p = at ? `${at}.${k}` : k;
      if (isCredentialName(k) && v !== undefined && v !== null && v !== '')
        return [`output ${p} is named like a credential`];
      return outputCredentials(v, p, facts);
    });
  }
  const why = credentialIn(value, facts);
  return why ? [`output ${at} ${why}`] : [];
}

/**
 * No credential in a stack output. The pack sees outputs with secrets already unwrapped, so it
 * cannot tell a secret output from a plain one; the program outputs none at all (services get
 * theirs from Kubernetes Secrets), so any credential there is a mistake, secret or not.
 */
export function noCredentialInOutputs(facts: () => StackFacts): StackValidationPolicy {
  return {
    name: 'no-credential-in-stack-outputs',
    description: 'Stack outputs hold no credential: they are readable by anyone who can read the stack.',
    remediationSteps: 'Remove the output; deliver credentials through the service Secret.',
    validateStack: (args, report) => {
      for (const r of args.resources) {
        if (r.type !== TYPES.stack) continue;
        for (const why of outputCredentials(r.props, '', facts())) report(why, r.urn);
      }
    },
  };
}

import { SettingsSection } from './config/declare';
import { Fields } from './config/fields';
import { oneOf, Problem, throwIfAny } from './config/problems';
import { configWhere, RawConfig } from './config/rawConfig';
import { coreSection, CoreSettings } from './config/stackSettings';
import { KUBERNETES_SETTINGS, KubernetesSettings } from './k8s/settings';
import { deliveryProblems } from './k8s/validateDelivery';
import { migrationProblems } from './migration/rules';
import { MIGRATION_SETTINGS, MigrationSettings, migrationSettingsProblems } from './migration/settings';
import { MONITORING_SETTINGS, MonitoringSettings } from './monitoring/settings';
import { BACKENDS } from './providers';
import { BoundBackend, keysOf, RegisteredBackend } from './providers/backend';
import { Catalog } from './topics/catalog';
import { loadCatalog } from './topics/loadCatalog';

/** Every section of the `kafka:` namespace, validated. */
export interface Settings extends CoreSettings {
  kubernetes: KubernetesSettings;
  /**
   * The chosen backend bound to its own settings (`kafka:local`, `kafka:msk`, ...): nothing after
   * parsing looks a backend up by name or hands it settings.
   */
  backend: BoundBackend;
  /** MirrorMaker 2 from an old cluster during a cutover (`kafka:migration`); absent when off. */
  migration?: MigrationSettings;
  /** Dashboard and alert defaults (`kafka:monitoring`). */
  monitoring: MonitoringSettings;
}

/** Every settings section with its declarations, core first: what docs/settings is generated from. */
export function settingsSections(
  backends: readonly RegisteredBackend[] = BACKENDS,
): SettingsSection<unknown>[] {
  return [
    coreSection(backends),
    KUBERNETES_SETTINGS,
    MIGRATION_SETTINGS,
    MONITORING_SETTINGS,
    ...backends.flatMap((b) => (b.available ? [b.settings] : [])),
  ];
}

/** Settings as parsed: the backend is absent when `kafka:provider` names none (a problem says so). */
export type ParsedSettings = Omit<Settings, 'backend'> & { backend?: BoundBackend };

/**
 * Parses and validates the whole `kafka:` namespace. Pure; reports every problem at once. Each
 * feature parses its own section; `backends` brings theirs, so a new backend needs no change here.
 */
export function parseSettings(
  raw: RawConfig,
  stack: string,
  backends: readonly RegisteredBackend[],
): { settings: ParsedSettings; problems: Problem[] } {
  const problems: Problem[] = [];
  const input = { f: new Fields(problems, configWhere), raw, stack };

  // Typos in top-level keys would otherwise fall back to defaults silently.
  const known = new Set(
    [coreSection(backends), KUBERNETES_SETTINGS, MIGRATION_SETTINGS, MONITORING_SETTINGS].flatMap((s) =>
      Object.keys(s.keys),
    ),
  );
  for (const b of backends) for (const key of keysOf(b)) known.add(key);
  for (const key of Object.keys(raw.values)) {
    if (known.has(key)) continue;
    const section = key.split('.')[0]!;
    // `pulumi config set kafka:local.bootstrapServers X` without --path stores a key with a dot in it.
    input.f.report(
      [key],
      key.includes('.') && known.has(section)
        ? `was set without --path, so it is one key named ${JSON.stringify(key)}, not ` +
            `${key.slice(section.length + 1)} inside kafka:${section}. Set it with ` +
            `\`pulumi config set --path kafka:${key} <value>\` and remove this one with \`pulumi config rm kafka:${key}\``
        : `is not a known setting (known: ${oneOf([...known].sort())})`,
    );
  }

  const core = coreSection(backends).parse(input);
  const kubernetes = KUBERNETES_SETTINGS.parse(input);
  const migration = MIGRATION_SETTINGS.parse(input);
  const monitoring = MONITORING_SETTINGS.parse(input);
  problems.push(...migrationSettingsProblems(migration, kubernetes.enabled));
  // The one lookup by name: the chosen backend parses its section and comes back bound to it.
  const chosen = backends.find((b) => b.name === core.provider);
  const backend = chosen?.available ? chosen.choose(input) : undefined;
  const settings: ParsedSettings = {
    ...core,
    kubernetes,
    monitoring,
    ...(backend ? { backend } : {}),
    ...(migration ? { migration } : {}),
  };
  return { settings, problems };
}

/** Validated input of one run: every problem is reported before any resource exists. */
export interface PlatformInput {
  settings: Settings;
  catalog: Catalog;
}

/** Parses settings and catalog together, so one run lists all problems of both. */
export function validateInput(raw: RawConfig, stack: string, baseDir = process.cwd()): PlatformInput {
  const { settings: parsed, problems } = parseSettings(raw, stack, BACKENDS);
  const { catalog, problems: catalogProblems, locate } = loadCatalog(parsed.catalogPath, baseDir);
  // Rules across settings and catalog only make sense once both parsed cleanly.
  const clean = problems.length + catalogProblems.length === 0;
  const { backend } = parsed;
  throwIfAny([
    ...problems,
    ...catalogProblems,
    ...(clean
      ? [
          ...migrationProblems(parsed.migration, parsed.kubernetes, catalog),
          ...deliveryProblems(parsed.kubernetes, catalog),
          ...(backend?.catalogProblems(catalog, parsed, locate) ?? []),
        ]
      : []),
  ]);
  // A missing backend is always reported above (kafka:provider), so this never throws for a user.
  if (!backend) throw new Error(`kafka:provider ${parsed.provider} was accepted without a backend`);
  return { settings: { ...parsed, backend }, catalog };
}

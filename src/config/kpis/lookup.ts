/**
 * Label → id lookups against the CRM's reference tables, collecting one issue per name that does not resolve.
 * A provider id always works (exact match first, so an id is never shadowed by another record's label); then
 * ids, labels, names and emails match case-insensitively, because users type what the CRM shows.
 */
import { formatKpiIssue, formatKpiPath } from './issues';

/** The labels a config can name, from the store or the simulator. */
export interface KpiCatalog {
  pipelines: readonly { id: string; label: string }[];
  /** Open stages, in pipeline order. */
  stages: readonly { pipelineId: string; id: string; label: string }[];
  owners: readonly { id: string; name: string | null; email: string | null }[];
  /** Provider teams (HubSpot); empty for Pipedrive, whose teams come from the `teams` map. */
  teams: readonly { id: string; name: string }[];
  /** The account's home currency: the default reporting currency. */
  currency: string;
  /** Deal properties `referrerProperty` may name by label; absent = the property name is used as written. */
  dealProperties?: readonly { id: string; label: string }[];
}

/** A team the resolution knows: a provider team, or one the `teams` map defines (its label is its id). */
export interface KnownTeam {
  id: string;
  name: string;
}

type Path = PropertyKey[];

/** Lists at most 20 labels so a large account's error stays readable. */
function knownList(labels: readonly string[]): string {
  const shown = labels.slice(0, 20).join(', ');
  return labels.length > 20 ? `${shown} and ${labels.length - 20} more` : shown;
}

function findAll<T>(items: readonly T[], value: string, id: (t: T) => string, names: (t: T) => (string | null)[]): T[] {
  const exact = items.filter((t) => id(t) === value);
  if (exact.length > 0) return exact;
  const lower = value.toLowerCase();
  return items.filter((t) => [id(t), ...names(t)].some((n) => n !== null && n.toLowerCase() === lower));
}

/** Resolves names to ids for one section, recording issues with full paths (`kpis.targets[2].owner`). */
export class Lookup {
  readonly issues: string[] = [];

  constructor(
    private readonly prefix: string,
    private readonly catalog: KpiCatalog,
    private readonly teams: readonly KnownTeam[],
  ) {}

  /** Records a problem at a path relative to the section. */
  issue(path: Path, message: string): void {
    this.issues.push(formatKpiIssue(this.prefix, { path, message }));
  }

  /** The full path of a key, for messages that point at another key (`kpis.pipelines`). */
  pathOf(path: Path): string {
    return formatKpiPath(this.prefix, path);
  }

  private one<T>(matches: T[], value: string, kinds: string, path: Path, id: (t: T) => string): T | null {
    if (matches.length > 1) {
      this.issue(path, `"${value}" matches several ${kinds} (ids ${matches.map(id).join(', ')}): use an id`);
      return null;
    }
    return matches[0] ?? null;
  }

  pipeline(value: string, path: Path): string | null {
    const { pipelines } = this.catalog;
    const matches = findAll(
      pipelines,
      value,
      (p) => p.id,
      (p) => [p.label],
    );
    if (matches.length === 0) {
      const known = pipelines.length > 0 ? knownList(pipelines.map((p) => p.label)) : 'none';
      this.issue(path, `unknown pipeline "${value}" (known: ${known})`);
      return null;
    }
    return this.one(matches, value, 'pipelines', path, (p) => p.id)?.id ?? null;
  }

  /** The label the CRM shows for a pipeline id (messages name pipelines the way users see them). */
  pipelineLabel(pipelineId: string): string {
    return this.catalog.pipelines.find((p) => p.id === pipelineId)?.label ?? pipelineId;
  }

  /** A stage label resolves only inside its pipeline (two pipelines often share stage names). */
  stage(pipelineId: string, value: string, path: Path): string | null {
    const stages = this.catalog.stages.filter((s) => s.pipelineId === pipelineId);
    const matches = findAll(
      stages,
      value,
      (s) => s.id,
      (s) => [s.label],
    );
    if (matches.length === 0) {
      const known = stages.length > 0 ? knownList(stages.map((s) => s.label)) : 'none';
      this.issue(path, `unknown stage "${value}" in pipeline "${this.pipelineLabel(pipelineId)}" (known: ${known})`);
      return null;
    }
    return this.one(matches, value, 'stages', path, (s) => s.id)?.id ?? null;
  }

  /**
   * A user by provider id, email or name; else by the part of the email before `@` (`alice` for
   * alice@example.com), which is how scenario files and teams maps usually name reps.
   */
  owner(value: string, path: Path): string | null {
    const { owners } = this.catalog;
    let matches = findAll(
      owners,
      value,
      (o) => o.id,
      (o) => [o.email, o.name],
    );
    if (matches.length === 0) {
      const lower = value.toLowerCase();
      matches = owners.filter((o) => o.email?.split('@')[0]?.toLowerCase() === lower);
    }
    if (matches.length === 0) {
      const known = owners.map((o) => (o.name && o.email ? `${o.name} <${o.email}>` : (o.email ?? o.name ?? o.id)));
      this.issue(path, `unknown user "${value}" (known: ${known.length > 0 ? knownList(known) : 'none'})`);
      return null;
    }
    return this.one(matches, value, 'users', path, (o) => o.id)?.id ?? null;
  }

  team(value: string, path: Path): string | null {
    const matches = findAll(
      this.teams,
      value,
      (t) => t.id,
      (t) => [t.name],
    );
    if (matches.length === 0) {
      const known = this.teams.length > 0 ? knownList(this.teams.map((t) => t.name)) : 'none';
      this.issue(path, `unknown team "${value}" (known: ${known}; define teams under ${this.pathOf(['teams'])})`);
      return null;
    }
    return this.one(matches, value, 'teams', path, (t) => t.id)?.id ?? null;
  }

  /** A deal property by id or label; as written when the catalog does not list properties. */
  dealProperty(value: string, path: Path): string | null {
    const properties = this.catalog.dealProperties;
    if (properties === undefined) return value;
    const matches = findAll(
      properties,
      value,
      (p) => p.id,
      (p) => [p.label],
    );
    if (matches.length === 0) {
      this.issue(path, `unknown deal property "${value}" (known: ${knownList(properties.map((p) => p.label))})`);
      return null;
    }
    return this.one(matches, value, 'deal properties', path, (p) => p.id)?.id ?? null;
  }
}

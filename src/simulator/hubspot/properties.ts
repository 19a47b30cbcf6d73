/**
 * `GET /crm/v3/properties/{type}` and `/{type}/{name}` (hubspot-api.md §11, §13): definitions of the properties
 * the simulator serves, with enumeration options where a connector maps values to labels (stages, pipelines,
 * owners, industry, sources, lifecycle stages), and custom properties typed from their model values.
 */
import { type JsonObject, notFound } from './errors.js';
import { type Handler, ok, type Route, type RouteContext } from './http.js';
import { kindParam } from './objects.js';
import { type ObjectKind, type PropertyDef, type PropertyType, STANDARD_PROPERTIES, singular } from './schema.js';
import { enumValue } from './serialize.js';

const EPOCH = new Date(0).toISOString();
const FIELD_TYPES: Record<PropertyType, string> = {
  string: 'text',
  number: 'number',
  datetime: 'date',
  date: 'date',
  enumeration: 'select',
  bool: 'booleancheckbox',
};
const SOURCES = [
  'ORGANIC_SEARCH',
  'PAID_SEARCH',
  'EMAIL_MARKETING',
  'SOCIAL_MEDIA',
  'REFERRALS',
  'OTHER_CAMPAIGNS',
  'DIRECT_TRAFFIC',
  'OFFLINE',
  'PAID_SOCIAL',
];
const LIFECYCLE = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
];

type Option = { label: string; value: string };

function options(ctx: RouteContext, name: string, def: PropertyDef): Option[] {
  const { model, ids } = ctx.store;
  const same = (values: string[]) => values.map((v) => ({ label: v, value: v }));
  if (def.type === 'bool')
    return [
      { label: 'True', value: 'true' },
      { label: 'False', value: 'false' },
    ];
  switch (name) {
    case 'pipeline':
      return model.pipelines.map((p) => ({ label: p.name, value: ids.pipelineId(p.id)! }));
    case 'dealstage':
      return model.pipelines.flatMap((p) => [
        ...p.stages.map((s) => ({ label: s.name, value: ids.stageId(p.id, s.id)! })),
        { label: 'Closed won', value: ids.wonStageId(p.id)! },
        { label: 'Closed lost', value: ids.lostStageId(p.id)! },
      ]);
    case 'hubspot_owner_id':
      return model.users.map((u) => ({ label: u.name, value: ids.ownerId(u.id)! }));
    case 'industry': {
      const labels = [...new Set(model.companies.map((c) => c.industry).filter((i): i is string => i !== null))];
      return labels.map((label) => ({ label, value: enumValue(label) }));
    }
    case 'hs_analytics_source':
      return same(SOURCES);
    case 'lifecyclestage':
      return same(LIFECYCLE);
    case 'deal_currency_code':
      return same([model.account.currency, ...Object.keys(model.account.exchangeRates)]);
    default:
      return [];
  }
}

function customType(ctx: RouteContext, kind: ObjectKind, name: string): PropertyType {
  if (kind !== 'deals' && kind !== 'contacts' && kind !== 'companies') return 'string';
  for (const r of ctx.store.model[kind]) {
    const v = r.properties[name];
    if (typeof v === 'number') return 'number';
    if (typeof v === 'boolean') return 'bool';
    if (typeof v === 'string') return 'string';
  }
  return 'string';
}

function definition(ctx: RouteContext, kind: ObjectKind, name: string, def: PropertyDef, order: number): JsonObject {
  const readOnly = def.calculated === true;
  return {
    name,
    label: def.label,
    type: def.type,
    fieldType: FIELD_TYPES[def.type],
    description: '',
    groupName: `${singular(kind)}information`,
    options: options(ctx, name, def).map((o, i) => ({ ...o, displayOrder: i, hidden: false })),
    displayOrder: order,
    calculated: readOnly,
    externalOptions: false,
    hasUniqueValue: false,
    hidden: false,
    formField: !readOnly,
    modificationMetadata: { archivable: !readOnly, readOnlyDefinition: true, readOnlyValue: readOnly },
    createdAt: EPOCH,
    updatedAt: EPOCH,
    archived: false,
  };
}

function allDefinitions(ctx: RouteContext, kind: ObjectKind): JsonObject[] {
  const standard = Object.entries(STANDARD_PROPERTIES[kind]);
  const custom = [...ctx.store.customProperties(kind)].map((name): [string, PropertyDef] => [
    name,
    { type: customType(ctx, kind, name), label: name },
  ]);
  return [...standard, ...custom].map(([name, def], i) => definition(ctx, kind, name, def, i));
}

const list: Handler = (req, ctx) => ok({ results: allDefinitions(ctx, kindParam(req)) });

const getOne: Handler = (req, ctx) => {
  const found = allDefinitions(ctx, kindParam(req)).find((d) => d.name === req.params.name);
  if (!found) throw notFound(`Unable to find property ${req.params.name ?? ''}`);
  return ok(found);
};

/** Route table of this family. */
export const propertyRoutes: Route[] = [
  { method: 'GET', pattern: '/crm/v3/properties/:type', handler: list },
  { method: 'GET', pattern: '/crm/v3/properties/:type/:name', handler: getOne },
];

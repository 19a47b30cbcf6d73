/**
 * Stores the quickstart records (quickstart-records.ts) through the repositories, as a HubSpot sync would leave the
 * store: account in Europe/Paris / EUR, owners with teams, the pipeline with closed-won/lost stages appended.
 */
import type { Db } from '../../src/storage/db';
import { upsertAccount, upsertOwners, upsertPipelines } from '../../src/storage/repositories/catalog';
import { upsertDeals } from '../../src/storage/repositories/deals';
import { upsertEngagements } from '../../src/storage/repositories/engagements';
import { upsertCompanies, upsertContacts } from '../../src/storage/repositories/parties';
import { iso, PARIS, QUICKSTART_DEALS, QUICKSTART_ENGAGEMENTS, QUICKSTART_NOW } from './quickstart-records';

export { PARIS, QUICKSTART_DEALS, QUICKSTART_NOW, quickstartDeal } from './quickstart-records';

const COMPANIES: [string, string, string][] = [
  ['acme', '2025-12-01T09:00:00Z', 'Software'],
  ['globex', '2025-12-02T09:00:00Z', 'Retail'],
  ['initech', '2025-12-03T09:00:00Z', 'Software'],
  ['umbrella', '2025-12-04T09:00:00Z', 'Health'],
];
const CONTACTS: [string, string, string][] = [
  ['jane', 'acme', '2025-12-01T09:05:00Z'],
  ['tom', 'globex', '2025-12-02T09:05:00Z'],
  ['ann', 'initech', '2025-12-03T09:05:00Z'],
  ['leo', 'umbrella', '2025-12-04T09:05:00Z'],
];

/** Stores the whole quickstart under `connection` (HubSpot, Europe/Paris, EUR). */
export function seedQuickstart(db: Db, connection: string): void {
  const at = QUICKSTART_NOW;
  upsertAccount(db, connection, 'hubspot', { timeZone: PARIS, currency: 'EUR', accountId: '42' }, at);
  upsertOwners(
    db,
    connection,
    [
      { externalId: 'alice', name: 'Alice Martin', email: 'alice@example.com', archived: false, teamId: 'east' },
      { externalId: 'bob', name: 'Bob Durand', email: 'bob@example.com', archived: false, teamId: 'west' },
    ],
    [
      { externalId: 'east', name: 'East' },
      { externalId: 'west', name: 'West' },
    ],
  );
  const stage = (id: string, order: number, probability: number, role: 'open' | 'won' | 'lost' = 'open') => ({
    externalId: id,
    label: id[0]?.toUpperCase() + id.slice(1),
    displayOrder: order,
    probability,
    role,
    archived: false,
  });
  upsertPipelines(
    db,
    connection,
    [
      {
        externalId: 'sales',
        label: 'New business',
        displayOrder: 0,
        archived: false,
        stages: [
          stage('qualify', 0, 0.2),
          stage('demo', 1, 0.5),
          stage('proposal', 2, 0.8),
          stage('closedwon', 3, 1, 'won'),
          stage('closedlost', 4, 0, 'lost'),
        ],
      },
    ],
    at,
  );
  upsertCompanies(
    db,
    connection,
    COMPANIES.map(([id, created, industry]) => ({
      externalId: id,
      name: id,
      industry,
      ownerId: null,
      createdAt: iso(created),
      customerSince: null,
      lifecycle: [],
      source: null,
      properties: {},
      modifiedAt: iso(created),
      mergedIds: [],
    })),
  );
  upsertContacts(
    db,
    connection,
    CONTACTS.map(([id, company, created]) => ({
      externalId: id,
      name: id,
      email: `${id}@example.com`,
      companyIds: [company],
      ownerId: null,
      createdAt: iso(created),
      lifecycle: [],
      source: null,
      properties: {},
      modifiedAt: iso(created),
      mergedIds: [],
    })),
  );
  upsertDeals(db, connection, QUICKSTART_DEALS);
  upsertEngagements(db, connection, QUICKSTART_ENGAGEMENTS);
}

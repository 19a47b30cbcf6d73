import { and, eq, type SQL } from 'drizzle-orm';
import { ENGAGEMENT_TYPE_OF, type ObjectType } from '../../domain/records';
import { companies, contacts, deals, engagements, leads } from '../schema';

/** The table behind each object type, and the condition that narrows it to that type and connection. */
export function tableOf(type: ObjectType, connection: string) {
  switch (type) {
    case 'deals':
      return { table: deals, where: eq(deals.connection, connection) as SQL };
    case 'contacts':
      return { table: contacts, where: eq(contacts.connection, connection) as SQL };
    case 'companies':
      return { table: companies, where: eq(companies.connection, connection) as SQL };
    case 'leads':
      return { table: leads, where: eq(leads.connection, connection) as SQL };
    default:
      return {
        table: engagements,
        where: and(eq(engagements.connection, connection), eq(engagements.type, ENGAGEMENT_TYPE_OF[type])) as SQL,
      };
  }
}

/**
 * Fixed vocabularies of the generator: names, industries, stage templates and the weights that shape a realistic
 * history. Kept apart so the simulation code reads as the story of a deal.
 */
import type { SimPipeline } from '../model';

export const FIRST_NAMES = [
  'Alice',
  'Bruno',
  'Chloe',
  'David',
  'Emma',
  'Farid',
  'Gina',
  'Hugo',
  'Ines',
  'Jonas',
  'Karim',
  'Lea',
  'Marc',
  'Nora',
  'Omar',
  'Paula',
  'Quentin',
  'Rosa',
  'Samir',
  'Tina',
  'Ugo',
  'Vera',
  'Wim',
  'Yann',
  'Zoe',
];
export const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefebvre',
  'Michel',
  'Garcia',
  'Fournier',
  'Girard',
  'Bonnet',
  'Dupont',
  'Lambert',
  'Fontaine',
];
export const COMPANY_ROOTS = [
  'Acme',
  'Globex',
  'Initech',
  'Umbra',
  'Hooli',
  'Vanda',
  'Stark',
  'Wayne',
  'Tyrell',
  'Cyber',
  'Nova',
  'Orbit',
  'Pixel',
  'Quanta',
  'Rivet',
  'Solis',
  'Terra',
  'Vertex',
  'Zenith',
  'Blue',
  'Nordic',
  'Alpine',
  'Delta',
  'Echo',
];
export const COMPANY_SUFFIXES = ['SA', 'SARL', 'Ltd', 'GmbH', 'Inc', 'Group', 'Labs', 'Systems', 'Partners'];
export const INDUSTRIES = ['Software', 'Retail', 'Health', 'Finance', 'Manufacturing', 'Education', 'Logistics'];
export const DEAL_WORDS = ['pilot', 'rollout', 'expansion', 'upgrade', 'licences', 'phase 2', 'onboarding', 'audit'];
export const TEAMS = ['east', 'west', 'central'];

export const INBOUND_SOURCES: readonly (readonly [string, number])[] = [
  ['organic_search', 30],
  ['paid_search', 18],
  ['paid_social', 10],
  ['social', 8],
  ['email', 10],
  ['referral', 12],
  ['direct', 12],
];
export const OUTBOUND_SOURCES: readonly (readonly [string, number])[] = [
  ['prospecting', 70],
  ['offline', 20],
  ['import', 10],
];
export const LOST_REASONS: readonly (readonly [string, number])[] = [
  ['price', 25],
  ['timing', 20],
  ['competitor', 20],
  ['no_budget', 15],
  ['no_decision', 14],
  ['duplicate', 6],
];
export const CURRENCIES: readonly (readonly [string, number])[] = [
  ['EUR', 70],
  ['USD', 20],
  ['GBP', 10],
];
export const EXCHANGE_RATES = { USD: 0.92, GBP: 1.17 };

const NEW_BUSINESS = ['Inbound lead', 'Qualified', 'Discovery', 'Demo', 'Proposal', 'Negotiation', 'Contract sent'];
const RENEWALS = ['Upcoming', 'Contacted', 'Usage review', 'Quote sent', 'Negotiation', 'Verbal yes', 'Paperwork'];

function pipeline(id: string, name: string, labels: readonly string[], count: number): SimPipeline {
  // Keep the first and last stages; drop from the middle so the funnel still reads in order.
  const kept = [...labels];
  while (kept.length > count) kept.splice(Math.floor(kept.length / 2), 1);
  return {
    id,
    name,
    stages: kept.map((label, i) => ({
      id: `${id}_${label.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`,
      name: label,
      probability: Math.round((0.1 + (0.8 * i) / (kept.length - 1)) * 100) / 100,
    })),
  };
}

/** The two pipelines, new business first, each with 5 to 7 open stages. */
export function pipelines(nbStages: number, renewalStages: number): SimPipeline[] {
  return [pipeline('nb', 'New business', NEW_BUSINESS, nbStages), pipeline('rn', 'Renewals', RENEWALS, renewalStages)];
}

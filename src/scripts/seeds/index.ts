import { aidProjectsSeeder } from '../../aid-projects/aid-projects.seed';
import { organizationsSeeder } from '../../organizations/organizations.seed';
import { participantsSeeder } from '../../participants/participants.seed';
import { partnershipsSeeder } from '../../partnerships/partnerships.seed';
import { programsSeeder } from '../../programs/programs.seed';
import { scholarshipsSeeder } from '../../scholarships/scholarships.seed';
import { foundationSeeder } from './foundation.seed';
import { remindersSeeder } from '../../reminders/reminders.seed';
import type { Seeder } from '../../database/seeds/seeder';
import { reportsSeeder } from '../../reports/reports.seed';

/**
 * Demo data seeders in the order they run: places and staff, then organisations and their
 * people, then what refers to them (programs register participants, aid projects link
 * organisations, scholarships take applications).
 */
export const SEEDERS: Seeder[] = [
  foundationSeeder,
  organizationsSeeder,
  participantsSeeder,
  partnershipsSeeder,
  programsSeeder,
  scholarshipsSeeder,
  aidProjectsSeeder,
  remindersSeeder,
  reportsSeeder,
];

import { foundationSeeder } from './foundation.seed';
import type { Seeder } from './seeder';
import { reportsSeeder } from '../../reports/reports.seed';

/**
 * Demo data seeders in the order they run; each domain adds its own seeder here
 * (organisations before participants before programs, and so on).
 */
export const SEEDERS: Seeder[] = [foundationSeeder, reportsSeeder];

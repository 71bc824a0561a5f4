import { foundationSeeder } from './foundation.seed';
import { remindersSeeder } from '../../reminders/reminders.seed';
import type { Seeder } from './seeder';

/**
 * Demo data seeders in the order they run; each domain adds its own seeder here
 * (organisations before participants before programs, and so on).
 */
export const SEEDERS: Seeder[] = [foundationSeeder, remindersSeeder];

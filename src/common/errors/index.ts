export * from './domain.error';
export * from './shared.errors';
export * from './all-exceptions.filter';

export * from './domain.error';
export * from './all-exceptions.filter';

export * from './pagination';
export * from './page.dto';

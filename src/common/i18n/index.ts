export * from './i18n';
export * from './locale-negotiation';
export * from './error-messages';

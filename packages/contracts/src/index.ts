export * from './domain-enums.js'

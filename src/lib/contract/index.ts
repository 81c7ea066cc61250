// The extract format as code; see docs/data-contract.md for the same in prose.
export * from './tables';
export * from './rules';
export * as codes from './codes';
export * from './anonymisation';
export * from './formats';
export * from './census';

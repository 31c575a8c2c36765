export * from './context';
export * from './credentials';
export * from './http';
export * from './test-server';
export * from './simulatorCredentials';

import * as path from 'node:path';

/** npm with no way to reach a registry: an unroutable one, offline, and a cache and home of its own. */
export function offlineEnv(home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_offline: 'true',
    npm_config_cache: path.join(home, 'npm-cache'),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    HOME: home,
  };
}

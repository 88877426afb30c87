// Types for scripts/pack-cli.mjs, for the TypeScript tests that use it.
export const CLI_PACKAGE_FILES: string[];
export function cliManifest(): Record<string, unknown>;
export function packCli(options?: { cli?: string; outDir?: string }): string;

// Types for scripts/package.mjs, for the TypeScript tests that use it.
export function defaultVsixPath(): string;
export function packageExtension(options?: { out?: string; quiet?: boolean }): string;
export function listPackageFiles(): string[];
export function vsixFiles(vsix: string): string[];
export function checkPackageFiles(files: string[]): string[];

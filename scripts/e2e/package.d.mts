export function vsixPath(): string;
export function packageExtension(opts?: { quiet?: boolean }): { path: string; bytes: number; ms: number };
export function vsixIsFresh(): boolean;

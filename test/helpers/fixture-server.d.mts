// Types for fixture-server.mjs (the plain-HTTP server that answers kubectl from fixture files).
export type FixtureEntry = string | { file?: string; body?: unknown; status?: number; contentType?: string };
export type FixtureRoute = FixtureEntry | { table?: FixtureEntry; json?: FixtureEntry };

export interface FixtureServer {
  url: string;
  port: number;
  requests: { method?: string; url?: string; accept?: string }[];
  close(): Promise<void>;
}

export function startFixtureServer(options: {
  routes: Record<string, FixtureRoute>;
  baseDir?: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<FixtureServer>;

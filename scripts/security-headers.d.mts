/** Types for `security-headers.mjs` (plain JavaScript so the servers run without a build). */
export function catalogueOrigins(json: unknown): string[];
export function contentSecurityPolicy(options: { connectOrigins: string[]; reportUri?: string }): string;
export const PERMISSIONS_POLICY: string;
export function securityHeaders(options: { catalogues: string[]; reportUri?: string }): () => Record<string, string>;

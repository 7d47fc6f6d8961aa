// Types of code-server.mjs (plain JavaScript so that code-shim.mjs runs with bare `node`).
import type { Browser } from 'playwright-core';

export const CODE_SERVER_VERSION: string;
export function codeServerEntry(): string;
export function chromiumPath(): string;
export const quietSettings: Record<string, unknown>;
export function freePort(): Promise<number>;
export function installVsix(vsix: string, extensionsDir: string, dataDir: string): void;

export interface StartOptions {
  dataDir?: string;
  extensionsDir?: string;
  settings?: Record<string, unknown>;
  vsix?: string;
  log?: (line: string) => void;
}

export interface CodeServer {
  url: string;
  port: number;
  dir: string;
  userData: string;
  extensionsDir: string;
  output: string[];
  remoteUri(path: string): string;
  workbenchUrl(opts?: { folder?: string; payload?: [string, string][] }): string;
  stop(): Promise<void>;
}

export function startCodeServer(opts?: StartOptions): Promise<CodeServer>;
export function launchChromium(): Promise<Browser>;

import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import type { LogLevel, Logger } from './logger.js';

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
/** The log file is rotated past this size; one previous file (`.1`) is kept. */
const MAX_LOG_BYTES = 10 * 1024 * 1024;

export interface StreamLoggerOptions {
  /** Lines at or above this level go to stderr. */
  stderrLevel: LogLevel;
  /** Log file (JSON lines); absent means stderr only. Lines at or above `fileLevel` go there. */
  file?: string;
  fileLevel: LogLevel;
  write?: (line: string) => void;
}

/**
 * Logs human lines to stderr and JSON lines to a rotated file. Nothing is masked here: callers log
 * their own facts and outside text already masked (docs/security.md#secrets).
 */
export class StreamLogger implements Logger {
  private fileBroken = false;

  constructor(private readonly options: StreamLoggerOptions) {
    if (options.file) {
      try {
        mkdirSync(path.dirname(options.file), { recursive: true });
      } catch {
        this.fileBroken = true;
      }
    }
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.log('debug', message, fields);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.log('info', message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.log('warn', message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.log('error', message, fields);
  }

  private log(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    const time = new Date().toISOString();
    const fieldText = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
    if (LEVEL_ORDER[level] >= LEVEL_ORDER[this.options.stderrLevel]) {
      const line = `${time} ${level.toUpperCase()} ${message}${fieldText}`;
      (this.options.write ?? ((text) => process.stderr.write(text)))(`${line}\n`);
    }
    if (this.options.file && !this.fileBroken && LEVEL_ORDER[level] >= LEVEL_ORDER[this.options.fileLevel]) {
      const line = JSON.stringify({ time, level, message, pid: process.pid, ...fileFields(fields) });
      this.appendToFile(`${line}\n`);
    }
  }

  private appendToFile(line: string): void {
    const file = this.options.file as string;
    try {
      if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_LOG_BYTES) renameSync(file, `${file}.1`);
      appendFileSync(file, line, { mode: 0o640 });
    } catch {
      this.fileBroken = true; // a broken log file must never break a sync
    }
  }
}

/** The line's own keys: a field of the same name is kept beside them as `field.<name>`, never over them. */
const LINE_KEYS = new Set(['time', 'level', 'message', 'pid']);

function fileFields(fields: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!fields) return {};
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [LINE_KEYS.has(key) ? `field.${key}` : key, value]));
}

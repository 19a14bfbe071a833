/** Where the core reports what an operator may want to read later. */
export interface KioskLog {
  info(message: string, details?: object): void;
  warn(message: string, details?: object): void;
  error(message: string, details?: object): void;
}

export const silentLog: KioskLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** One JSON object per line on stdout, like the server's logs, for journald or a file. */
export function jsonLineLog(write: (line: string) => void = (line) => process.stdout.write(line)): KioskLog {
  const at = (level: string) => (message: string, details?: object) =>
    write(`${JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...details })}\n`);
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

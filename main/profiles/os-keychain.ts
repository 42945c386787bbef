import { execFile } from 'node:child_process';

/** Runs a program and resolves with its stdout; rejects on a non-zero exit or a timeout. */
export type RunProgram = (file: string, args: string[], env: Record<string, string>) => Promise<string>;

const runProgram: RunProgram = (file, args, env) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { env: { ...process.env, ...env }, timeout: 10_000, windowsHide: true }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });

/** The keychain item IT creates for each sealed policy connection: service + the entry's id. */
export const keychainService = 'Skyhook Policy';

/*
 * IT stores the passphrase once per machine:
 *   macOS:   security add-generic-password -s "Skyhook Policy" -a <id> -w <passphrase> (System keychain)
 *   Linux:   secret-tool store --label "Skyhook" service "Skyhook Policy" account <id>
 *   Windows: PasswordVault: Add(PasswordCredential("Skyhook Policy", <id>, <passphrase>))
 */
const windowsScript = [
  '$ErrorActionPreference = "Stop"',
  '[void][Windows.Security.Credentials.PasswordVault, Windows.Security.Credentials, ContentType = WindowsRuntime]',
  '$c = (New-Object Windows.Security.Credentials.PasswordVault).Retrieve($env:SKYHOOK_KEYCHAIN_SERVICE, $env:SKYHOOK_KEYCHAIN_ACCOUNT)',
  '$c.RetrievePassword()',
  '[Console]::Out.Write($c.Password)',
].join('; ');

/**
 * Reads a policy passphrase from the OS credential store through the platform's own tool
 * (no native module). The id reaches the tool as an argument or variable, never through a shell.
 */
export function keychainPassphrase(
  platform: NodeJS.Platform,
  run: RunProgram = runProgram,
): (policyId: string) => Promise<string | undefined> {
  return async (policyId) => {
    try {
      let out: string;
      if (platform === 'darwin') out = await run('security', ['find-generic-password', '-s', keychainService, '-a', policyId, '-w'], {});
      else if (platform === 'win32') {
        out = await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', windowsScript], {
          SKYHOOK_KEYCHAIN_SERVICE: keychainService,
          SKYHOOK_KEYCHAIN_ACCOUNT: policyId,
        });
      } else out = await run('secret-tool', ['lookup', 'service', keychainService, 'account', policyId], {});
      const passphrase = out.replace(/\r?\n$/, '');
      return passphrase === '' ? undefined : passphrase;
    } catch {
      return undefined;
    }
  };
}

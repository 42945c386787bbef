import { describe, expect, it } from 'vitest';
import { CallTracker, dispatch } from '../../../../main/ipc/dispatch';
import { AppError } from '../../../../main/shared/app-error';
import { handlerTable, recordingLogger } from '../../../harness/unit';

const id = '3f2c7a4e-9b1d-4c8e-8f00-123456789abc';
const live = () => new AbortController().signal;

describe('dispatch', () => {
  it('runs the handler with the validated (and normalised) input', async () => {
    const seen: unknown[] = [];
    const table = handlerTable({
      'connections.rename': async (input) => {
        seen.push(input);
        return {
          id: input.id,
          kind: 'local',
          name: input.name,
          enabled: true,
          managed: false,
          config: { folder: '/tmp' },
          secrets: {},
          auth: 'not-needed',
          warnings: [],
        };
      },
    });
    const result = await dispatch(table, 'connections.rename', { id, name: '  Mood boards  ' }, live(), recordingLogger());
    expect(seen).toEqual([{ id, name: 'Mood boards' }]);
    expect(result).toMatchObject({ ok: true, value: { name: 'Mood boards' } });
  });

  it('refuses an unknown channel, including names inherited from Object', async () => {
    for (const channel of ['no.such.channel', 'toString', '__proto__', 'constructor', 42, undefined]) {
      expect(await dispatch(handlerTable({}), channel, {}, live(), recordingLogger())).toEqual({
        ok: false,
        error: { code: 'unknown_channel', message: 'Unknown request.' },
      });
    }
  });

  it('refuses invalid input with invalid_input naming the field, without calling the handler', async () => {
    let called = false;
    const table = handlerTable({
      'connections.rename': async () => {
        called = true;
        throw new Error('must not run');
      },
    });
    const bad = await dispatch(table, 'connections.rename', { id: 'not-a-uuid', name: 'x' }, live(), recordingLogger());
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!bad.ok && bad.error.message).toMatch(/\(id\)$/);

    const nested = await dispatch(
      table,
      'connections.save',
      { kind: 'box-ccg', name: 'Box', config: { clientId: 'c', subjectType: 'enterprise', subjectId: 'abc' }, secrets: {} },
      live(),
      recordingLogger(),
    );
    expect(nested.ok).toBe(false);
    expect(!nested.ok && nested.error).toEqual({
      code: 'invalid_input',
      message: 'Enterprise and user IDs are digits only. (config.subjectId)',
    });

    const extra = await dispatch(table, 'connections.rename', { id, name: 'x', sneaky: true }, live(), recordingLogger());
    expect(!extra.ok && extra.error.code).toBe('invalid_input');
    expect(called).toBe(false);
  });

  it('lets an AppError cross with its code, message, fix and step, and nothing else', async () => {
    const table = handlerTable({
      'connections.remove': async () => {
        throw new AppError({ code: 'bad_secret', message: 'Box refused the client secret.', fix: 'Paste it again.', step: 'credentials' });
      },
    });
    const result = await dispatch(table, 'connections.remove', { id }, live(), recordingLogger());
    expect(result).toEqual({
      ok: false,
      error: { code: 'bad_secret', message: 'Box refused the client secret.', fix: 'Paste it again.', step: 'credentials' },
    });
    expect(JSON.stringify(result)).not.toContain('at ');
  });

  it('turns any other error into internal, without its message in the result or the log', async () => {
    const log = recordingLogger();
    const table = handlerTable({
      'connections.remove': async () => {
        throw new Error('POST /oauth2/token client_secret=secret-abc failed');
      },
    });
    const result = await dispatch(table, 'connections.remove', { id }, live(), log);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('secret-abc');
    expect(JSON.stringify(log.lines)).not.toContain('secret-abc');
    expect(log.lines).toHaveLength(1);
  });

  it('reports a call cancelled through its signal as cancelled', async () => {
    const controller = new AbortController();
    const table = handlerTable({
      'connections.signIn': (_input, signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(new Error('the socket was torn down')), { once: true });
        }),
    });
    const pending = dispatch(table, 'connections.signIn', { id }, controller.signal, recordingLogger());
    controller.abort();
    expect(await pending).toEqual({ ok: false, error: { code: 'cancelled', message: 'Cancelled.' } });
  });

  it('reports an AbortError from below as cancelled even if the call signal is live', async () => {
    const table = handlerTable({
      'connections.signIn': async () => {
        throw new DOMException('The operation was aborted.', 'AbortError');
      },
    });
    const result = await dispatch(table, 'connections.signIn', { id }, live(), recordingLogger());
    expect(!result.ok && result.error.code).toBe('cancelled');
  });
});

describe('CallTracker', () => {
  it('cancel aborts the named call only', () => {
    const calls = new CallTracker();
    const a = calls.start('a');
    const b = calls.start('b');
    const anonymous = calls.start(undefined);
    calls.cancel('a');
    expect(a.aborted).toBe(true);
    expect((a.reason as Error).name).toBe('AbortError');
    expect(b.aborted).toBe(false);
    expect(anonymous.aborted).toBe(false);
  });

  it('a call that finished can no longer be cancelled, and an unknown ID is ignored', () => {
    const calls = new CallTracker();
    const done = calls.start('x');
    calls.finish('x');
    calls.cancel('x');
    calls.cancel('never-started');
    expect(done.aborted).toBe(false);
  });

  it('a new call with the same ID supersedes (aborts) the previous one', () => {
    const calls = new CallTracker();
    const first = calls.start('search');
    const second = calls.start('search');
    expect(first.aborted).toBe(true);
    expect(second.aborted).toBe(false);
    calls.cancel('search');
    expect(second.aborted).toBe(true);
  });

  it('cancelAll aborts every tracked call', () => {
    const calls = new CallTracker();
    const signals = [calls.start('a'), calls.start('b')];
    calls.cancelAll();
    expect(signals.map((s) => s.aborted)).toEqual([true, true]);
  });
});

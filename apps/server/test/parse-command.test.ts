import { describe, expect, it } from 'vitest';
import { helpText, parseCommand, UsageError } from '../src/cli/parse-command.ts';

describe('parseCommand', () => {
  it('serves by default, with every flag', () => {
    const command = parseCommand([
      '--data',
      'd',
      '--port',
      '0',
      '--cors-origin',
      'https://a',
      '--cors-origin',
      'https://b',
      '--tls-cert',
      'c',
      '--tls-key',
      'k',
    ]);
    expect(command).toEqual({
      kind: 'serve',
      flags: {
        data: 'd',
        port: '0',
        'cors-origin': ['https://a', 'https://b'],
        'tls-cert': 'c',
        'tls-key': 'k',
      },
    });
  });

  it('reads env add NAME', () => {
    expect(parseCommand(['env', 'add', 'prod', '--data', 'd', '--plain-search-keys'])).toEqual({
      kind: 'env-add',
      name: 'prod',
      flags: { data: 'd', 'plain-search-keys': true },
    });
  });

  it('reads env list, env rotate-secret NAME [--client ID] and env remove NAME', () => {
    expect(parseCommand(['env', 'list', '--data', 'd'])).toEqual({
      kind: 'env-list',
      flags: { data: 'd' },
    });
    expect(parseCommand(['env', 'rotate-secret', 'prod', '--client', 'c1'])).toEqual({
      kind: 'env-rotate-secret',
      name: 'prod',
      flags: { client: 'c1' },
    });
    expect(parseCommand(['env', 'remove', 'prod'])).toEqual({
      kind: 'env-remove',
      name: 'prod',
      flags: {},
    });
  });

  it.each([
    [['env', 'list', 'extra'], 'usage: residency-server env list'],
    [['env', 'rotate-secret'], 'usage: residency-server env rotate-secret NAME'],
    [['env', 'remove', 'a', 'b'], 'usage: residency-server env remove NAME'],
    [['env', 'rename', 'a'], 'unknown command "env rename a"'],
    [['env', 'add', 'a', '--client', 'c'], '--client belongs to "env rotate-secret"'],
    [['--client', 'c'], '--client belongs to "env rotate-secret"'],
    [['env', 'remove', 'a', '--plain-search-keys'], '--plain-search-keys belongs to "env add"'],
  ])('refuses the env command %j', (args, message) => {
    expect(() => parseCommand(args)).toThrow(UsageError);
    expect(() => parseCommand(args)).toThrow(message);
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['--port'], "Option '--port <value>' argument missing"],
    [['env', 'add'], 'usage: residency-server env add NAME'],
    [['start'], 'unknown command "start"'],
    [['--plain-search-keys'], '--plain-search-keys belongs to "env add"'],
  ])('refuses %j', (args, message) => {
    expect(() => parseCommand(args)).toThrow(UsageError);
    expect(() => parseCommand(args)).toThrow(message);
  });

  it('documents every flag in the help', () => {
    expect(parseCommand(['-h'])).toEqual({ kind: 'help' });
    for (const flag of [
      '--data',
      '--port',
      '--host',
      '--config',
      '--postgres-url',
      '--countries',
      '--tls-cert',
      '--tls-key',
      '--cors-origin',
      '--max-attachment-size',
    ]) {
      expect(helpText()).toContain(flag);
    }
  });
});

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

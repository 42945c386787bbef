import { describe, expect, it } from 'vitest';
import { channels } from '../../../preload/contract';
import { connectionKinds } from '../../../preload/connection-kinds';
import { kindFacts } from '../../../preload/kind-facts';

describe('what the page loads first', () => {
  it('names every channel with a dot, which is how the bridge shim tells a channel from anything else', () => {
    expect(channels.filter((name) => !/^[a-z]+\.[A-Za-z]+$/.test(name))).toEqual([]);
  });

  it('takes each kind’s label and service from the zod-free facts', () => {
    for (const [kind, descriptor] of Object.entries(connectionKinds)) {
      expect({ label: descriptor.label, service: descriptor.service }).toEqual(kindFacts[kind as keyof typeof kindFacts]);
    }
  });
});

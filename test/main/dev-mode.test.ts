import { describe, expect, it } from 'vitest';
import { developerToolsAllowed } from '../../src-main/dev-mode.js';

describe('developer tools', () => {
  it('are offered from the source tree, and in a packaged app only with KIRA_DEVTOOLS=1', () => {
    expect(developerToolsAllowed(false, {})).toBe(true);
    expect(developerToolsAllowed(true, {})).toBe(false);
    expect(developerToolsAllowed(true, { KIRA_DEVTOOLS: '1' })).toBe(true);
    for (const v of ['0', 'true', 'yes', '']) expect(developerToolsAllowed(true, { KIRA_DEVTOOLS: v }), v).toBe(false);
  });
});

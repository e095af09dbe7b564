import { describe, expect, it } from 'vitest';
import { scoreLevel } from '../../src-engine/core/live/score-level.js';

describe('score colour band', () => {
  it('follows the score without alerts', () => {
    expect([scoreLevel(95, []), scoreLevel(80, []), scoreLevel(79.9, []), scoreLevel(50, []), scoreLevel(49, [])]).toEqual([
      'good',
      'good',
      'fair',
      'fair',
      'poor',
    ]);
  });
  it('is critical whenever a critical alert is raised, and never good beside a warning', () => {
    expect(scoreLevel(81, [{ level: 'success' }, { level: 'critical' }])).toBe('critical');
    expect(scoreLevel(100, [{ level: 'warning' }])).toBe('fair');
    expect(scoreLevel(30, [{ level: 'warning' }])).toBe('poor');
    expect(scoreLevel(90, [{ level: 'success' }])).toBe('good');
  });
});

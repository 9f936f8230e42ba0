// @vitest-environment jsdom
import '../../test/setup';
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { MarginText } from './MarginText';

describe('MarginText', () => {
  it('shows basis points as a percentage, red below zero', () => {
    render(<MarginText bp={4089} unknownHint="x" testId="ok" />);
    render(<MarginText bp={-7000} unknownHint="x" testId="loss" />);
    expect(screen.getByTestId('ok').textContent).toBe('40.9%');
    expect(screen.getByTestId('ok').className).not.toContain('danger');
    expect(screen.getByTestId('loss').textContent).toBe('-70.0%');
    expect(screen.getByTestId('loss').className).toContain('danger');
  });

  it('shows a dash that explains itself when the margin is unknown', () => {
    render(<MarginText bp={null} unknownHint="Some products have no cost" testId="unknown" />);
    expect(screen.getByTestId('unknown').textContent).toBe('—');
    expect(screen.getByLabelText('Some products have no cost')).toBeTruthy();
  });
});

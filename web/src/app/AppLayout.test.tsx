// @vitest-environment jsdom
import '../test/setup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { PERMISSIONS, type Me, type Role } from '@tuoke/shared';
import { initI18n } from './i18n';
import { AuthProvider, useAuth } from './auth';
import { AppLayout } from './AppLayout';

initI18n('en');

// A desktop-sized screen, so the navigation is in the sider rather than a closed drawer.
window.matchMedia = ((query: string) => ({
  matches: query.includes('min-width'),
  media: query,
  onchange: null,
  addListener: () => undefined,
  removeListener: () => undefined,
  addEventListener: () => undefined,
  removeEventListener: () => undefined,
  dispatchEvent: () => false,
})) as typeof window.matchMedia;

/** The real app shows the layout only behind the login guard. */
function Gate() {
  const { me } = useAuth();
  return me ? <AppLayout /> : null;
}

function meFor(role: Role): Me {
  return {
    user: { id: 'u1', email: 'x@tuoke.demo', name: 'Xu', role, teamId: null, managerId: null, locale: null },
    organization: { id: 'o1', name: 'Demo', currency: 'CNY' },
    permissions: PERMISSIONS[role] as Me['permissions'],
    csrfToken: 'csrf',
  };
}

function renderAs(role: Role) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(meFor(role)), { status: 200 })),
  );
  const router = createMemoryRouter([
    { path: '/', element: <Gate />, children: [{ index: true, element: <p>home</p> }] },
  ]);
  render(
    <QueryClientProvider client={new QueryClient()}>
      <App>
        <AuthProvider>
          <RouterProvider router={router} />
        </AuthProvider>
      </App>
    </QueryClientProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('navigation', () => {
  it('shows every chapter to an admin', async () => {
    renderAs('admin');
    await waitFor(() => expect(screen.getByTestId('nav-leads')).toBeTruthy());
    for (const id of [
      'nav-accounts',
      'nav-opportunities',
      'nav-opportunities-board',
      'nav-settings-users',
      'nav-settings-contracts',
      'nav-reminders',
      'reminders-bell',
    ]) {
      expect(screen.getByTestId(id)).toBeTruthy();
    }
  });

  it('hides what a recruiter may not read', async () => {
    renderAs('recruiter');
    await waitFor(() => expect(screen.getByTestId('nav-activities')).toBeTruthy());
    expect(screen.queryByTestId('nav-leads')).toBeNull();
    expect(screen.queryByTestId('nav-opportunities')).toBeNull();
    expect(screen.queryByTestId('nav-settings-products')).toBeNull();
    expect(screen.queryByTestId('nav-settings-contracts')).toBeNull();
    expect(screen.getByTestId('reminders-bell')).toBeTruthy();
    expect(screen.getByTestId('nav-settings-teams')).toBeTruthy();
  });
});

// @vitest-environment jsdom
import '../test/setup';
import { useEffect } from 'react';
import { describe, expect, it } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import { App, Form, Input } from 'antd';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import { initI18n } from './i18n';
import { ApiError } from './api';
import { useErrorHandler } from './errors';

initI18n('en');

const captured: { handle: (err: unknown, form?: FormInstance) => void; form?: FormInstance } = {
  handle: () => undefined,
};

function Harness() {
  const [form] = Form.useForm();
  const handle = useErrorHandler();
  useEffect(() => {
    captured.handle = handle;
    captured.form = form;
  }, [handle, form]);
  return (
    <Form form={form}>
      <Form.Item name="name" label="Name">
        <Input />
      </Form.Item>
    </Form>
  );
}

function renderHarness() {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <App>
        <Harness />
      </App>
    </QueryClientProvider>,
  );
}

describe('useErrorHandler', () => {
  it('puts server field errors on the matching form field', async () => {
    renderHarness();
    act(() =>
      captured.handle(
        new ApiError(400, 'validation_failed', 'Invalid input', [
          { path: '/name', message: 'must not be empty' },
        ]),
        captured.form,
      ),
    );
    await waitFor(() => expect(screen.getByText('must not be empty')).toBeTruthy());
    expect(captured.form!.getFieldError('name')).toEqual(['must not be empty']);
  });

  it('shows errors for fields the form does not have as a message', async () => {
    renderHarness();
    act(() =>
      captured.handle(
        new ApiError(400, 'validation_failed', 'Invalid', [{ path: '/ownerId', message: 'unknown user' }]),
        captured.form,
      ),
    );
    await waitFor(() => expect(screen.getByText('unknown user')).toBeTruthy());
  });

  it('says "no permission" on 403', async () => {
    renderHarness();
    act(() => captured.handle(new ApiError(403, 'forbidden', 'Forbidden')));
    await waitFor(() => expect(screen.getByText("You don't have permission to do that")).toBeTruthy());
  });
});

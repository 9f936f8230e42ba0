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
import i18n from 'i18next';
import { localizeFieldMessage, useErrorHandler } from './errors';

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
    await waitFor(() => expect(screen.getByText('Must not be empty')).toBeTruthy());
    expect(captured.form!.getFieldError('name')).toEqual(['Must not be empty']);
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

describe('localizeFieldMessage', () => {
  it('says known server field messages in the user language and leaves others as they are', async () => {
    const zh = i18n.getFixedT('zh-CN');
    expect(localizeFieldMessage(zh, 'already used')).toBe('已被其他记录使用');
    expect(localizeFieldMessage(zh, 'must NOT have more than 200 characters')).toBe('不能超过 200 个字符');
    expect(localizeFieldMessage(zh, 'no such account in your data scope')).toBe(
      '不存在，或不在你的数据权限范围内',
    );
    expect(localizeFieldMessage(zh, 'something new')).toBe('something new');
  });
});

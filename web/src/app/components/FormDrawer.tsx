import { useState, type ReactNode } from 'react';
import { Button, Drawer, Flex, Form, Grid, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { useErrorHandler } from '../errors';

interface FormDrawerProps<V> {
  open: boolean;
  title: ReactNode;
  form: FormInstance<V>;
  initialValues?: Partial<V>;
  onClose: () => void;
  /** Throw the API error to have it shown on the fields. */
  onSubmit: (values: V) => Promise<void>;
  children: ReactNode;
  width?: number;
  testId?: string;
  /** The save button's test id (a journey may look for a form's own). */
  submitTestId?: string;
}

/** A form in a drawer, so the list stays in view; server field errors land on the fields. */
export function FormDrawer<V>({
  open,
  title,
  form,
  initialValues,
  onClose,
  onSubmit,
  children,
  width = 560,
  testId = 'form-drawer',
  submitTestId = 'form-submit',
}: FormDrawerProps<V>) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const handleError = useErrorHandler();
  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: V) => {
    setSubmitting(true);
    try {
      await onSubmit(values);
    } catch (err) {
      handleError(err, form as FormInstance);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Drawer
      open={open}
      title={title}
      onClose={onClose}
      size={screens.sm ? width : '100%'}
      destroyOnHidden
      data-testid={testId}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose} data-testid="form-cancel">
            {t('common.cancel')}
          </Button>
          <Button
            type="primary"
            loading={submitting}
            onClick={() => form.submit()}
            data-testid={submitTestId}
          >
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={submit}
        preserve={false}
        scrollToFirstError
      >
        {children}
        {/* Enter in a text field submits. */}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Drawer>
  );
}

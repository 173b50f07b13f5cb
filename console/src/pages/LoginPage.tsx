// Sign-in. Shown at whatever URL the visitor opened, so after login they land there.
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import type { User } from '../api-types';
import { login } from '../auth/session';
import { LangSwitch } from '../components/LangSwitch';

interface Credentials {
  login: string;
  password: string;
}

const DEMO_LOGINS = ['operator', 'merchant', 'creator'];
const DEMO_PASSWORD = 'tributary';

export default function LoginPage({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Credentials>();
  const signIn = useMutation({
    mutationFn: (c: Credentials) => login(c.login.trim(), c.password),
    onSuccess: onSignedIn,
    // Shown inline below; no second copy as a toast.
    meta: { silent: true },
  });

  const error = signIn.error;
  const errorText =
    error instanceof ApiError
      ? error.status === 0
        ? t('errors.network')
        : (error.detail ?? error.title)
      : undefined;

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{ minHeight: '100vh', padding: 24, background: '#f0f2f5' }}
    >
      <Flex justify="flex-end" style={{ width: '100%', maxWidth: 400, marginBottom: 8 }}>
        <LangSwitch />
      </Flex>
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('app.tagline')}</Typography.Paragraph>
        <Form<Credentials>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(c) => signIn.mutate(c)}
        >
          <Form.Item
            name="login"
            label={t('login.user')}
            rules={[{ required: true, whitespace: true, message: t('login.userRequired') }]}
          >
            <Input
              data-testid="login-user"
              prefix={<UserOutlined />}
              placeholder={t('login.userPlaceholder')}
              autoComplete="username"
              autoFocus
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password
              data-testid="login-password"
              prefix={<LockOutlined />}
              autoComplete="current-password"
            />
          </Form.Item>
          {errorText && (
            <Alert
              data-testid="login-error"
              type="error"
              showIcon
              title={t('login.failed')}
              description={errorText}
              style={{ marginBottom: 16 }}
            />
          )}
          <Button
            data-testid="login-submit"
            type="primary"
            htmlType="submit"
            block
            loading={signIn.isPending}
          >
            {t('login.submit')}
          </Button>
        </Form>
        <Alert
          data-testid="demo-hint"
          type="info"
          style={{ marginTop: 16 }}
          title={t('login.demoTitle')}
          description={
            <Flex vertical gap={4}>
              <span>
                {t('login.demoLogins')}:{' '}
                {DEMO_LOGINS.map((l) => (
                  <Typography.Text key={l} code>
                    {l}
                  </Typography.Text>
                ))}
              </span>
              <span>
                {t('login.demoPassword')}: <Typography.Text code>{DEMO_PASSWORD}</Typography.Text>
              </span>
            </Flex>
          }
        />
      </Card>
    </Flex>
  );
}

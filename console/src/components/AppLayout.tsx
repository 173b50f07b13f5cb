// The signed-in frame: role-aware side menu, header with user, language and logout.
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Flex, Grid, Layout, Menu, Spin, Tag, Typography, theme } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import type { Role } from '../api-types';
import { useAuth } from '../auth/auth-context';
import { routesFor } from '../routes';
import { LangSwitch } from './LangSwitch';
import { Logo } from './Logo';

const ROLE_COLORS: Record<Role, string> = {
  operator: 'geekblue',
  merchant: 'green',
  creator: 'magenta',
  agency: 'purple',
  promoter: 'orange',
  integration: 'default',
};

/** The menu entry for a URL: exact match, else the longest menu path it lies under. */
function selectedKey(pathname: string, paths: string[]): string | undefined {
  if (paths.includes(pathname)) return pathname;
  return paths
    .filter((p) => p !== '/' && pathname.startsWith(`${p}/`))
    .sort((a, b) => b.length - a.length)[0];
}

export function AppLayout() {
  const { t } = useTranslation();
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { token } = theme.useToken();
  const { message } = App.useApp();
  const [collapsed, setCollapsed] = useState(false);
  // Phones: the header keeps icons and the role, drops the name and button labels.
  const wide = Grid.useBreakpoint().md !== false;

  const menuRoutes = useMemo(() => routesFor(user.role).filter((r) => r.labelKey), [user.role]);
  const items = menuRoutes.map((r) => ({
    key: r.path,
    icon: r.icon,
    label: r.labelKey ? t(r.labelKey) : r.path,
    'data-testid': `menu-${r.path === '/' ? 'overview' : r.path.slice(1)}`,
  }));
  const selected = selectedKey(
    pathname,
    menuRoutes.map((r) => r.path),
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        breakpoint="lg"
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={208}
        collapsedWidth={wide ? 80 : 56}
      >
        <Logo compact={collapsed} />
        <Menu
          theme="dark"
          mode="inline"
          data-testid="nav-menu"
          selectedKeys={selected ? [selected] : []}
          items={items}
          onClick={({ key }) => navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            paddingInline: wide ? 24 : 8,
          }}
        >
          <Flex justify="flex-end" align="center" gap={wide ? 12 : 4} style={{ height: '100%' }}>
            <Flex align="center" gap={8} style={{ minWidth: 0 }} title={user.displayName}>
              <UserOutlined />
              {wide && (
                <Typography.Text data-testid="user-name" ellipsis style={{ maxWidth: 220 }}>
                  {user.displayName}
                </Typography.Text>
              )}
              <Tag data-testid="user-role" color={ROLE_COLORS[user.role]} style={{ marginInlineEnd: 0 }}>
                {t(`roles.${user.role}`)}
              </Tag>
            </Flex>
            <LangSwitch iconOnly={!wide} />
            <Button
              data-testid="logout"
              type="text"
              icon={<LogoutOutlined />}
              onClick={() => {
                // Toasts about this user's requests must not linger for the next one.
                message.destroy();
                void logout();
              }}
              title={t('header.logout')}
            >
              {wide && t('header.logout')}
            </Button>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: wide ? 24 : 12 }}>
          <Suspense fallback={<Spin style={{ display: 'block', margin: '96px auto' }} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

// Every console page, in menu order. A new capability adds its pages here: one entry
// per page with the roles that may open it; entries with a labelKey also get a menu item.
// Pages load lazily so each role downloads only what it opens.
import { DashboardOutlined, ShopOutlined } from '@ant-design/icons';
import type { ParseKeys } from 'i18next';
import { lazy, type ReactNode } from 'react';
import type { Role } from './api-types';

const OperatorOverviewPage = lazy(() => import('./pages/OperatorOverviewPage'));
const MerchantOverviewPage = lazy(() => import('./pages/MerchantOverviewPage'));
const MerchantsPage = lazy(() => import('./pages/MerchantsPage'));
const PartnerOverviewPage = lazy(() => import('./pages/PartnerOverviewPage'));
const IntegrationPage = lazy(() => import('./pages/IntegrationPage'));

export interface ConsoleRoute {
  /** react-router path; the same path may appear once per role with different pages. */
  path: string;
  /** Menu label; routes without one are reachable by link only. */
  labelKey?: ParseKeys;
  icon?: ReactNode;
  roles: readonly Role[];
  element: ReactNode;
}

export const routes: readonly ConsoleRoute[] = [
  {
    path: '/',
    labelKey: 'nav.overview',
    icon: <DashboardOutlined />,
    roles: ['operator'],
    element: <OperatorOverviewPage />,
  },
  {
    path: '/',
    labelKey: 'nav.overview',
    icon: <DashboardOutlined />,
    roles: ['merchant'],
    element: <MerchantOverviewPage />,
  },
  {
    path: '/',
    labelKey: 'nav.overview',
    icon: <DashboardOutlined />,
    roles: ['creator', 'agency', 'promoter'],
    element: <PartnerOverviewPage />,
  },
  {
    path: '/',
    labelKey: 'nav.overview',
    icon: <DashboardOutlined />,
    roles: ['integration'],
    element: <IntegrationPage />,
  },
  {
    path: '/merchants',
    labelKey: 'nav.merchants',
    icon: <ShopOutlined />,
    roles: ['operator'],
    element: <MerchantsPage />,
  },
  {
    // Merchants may open it too (their own id works); the API refuses other merchants.
    path: '/merchants/:id',
    roles: ['operator', 'merchant'],
    element: <MerchantOverviewPage />,
  },
];

export const routesFor = (role: Role): ConsoleRoute[] => routes.filter((r) => r.roles.includes(role));
